import { defaultControllers } from '@kubesim/controllers';
import { Simulation, type StatefulSet, type StorageClass } from '@kubesim/core';
import { Bench } from 'tinybench';
import type { Measurement } from './results.js';
import { completed, FAST_IMAGES, nodesFor, type Phase, phaseMeasurements } from './suite.js';

/**
 * The StatefulSet controller end to end: an N-replica set (the seeds' `web`, a claim per pod
 * provisioned through a WaitForFirstConsumer default class) created OrderedReady from zero,
 * then rolled to a new image one pod at a time. Reported per phase in events per second and
 * simulated seconds per wall second.
 */

const STANDARD: StorageClass = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
  provisioner: 'rancher.io/local-path',
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'WaitForFirstConsumer',
};

function web(replicas: number, image: string): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web' },
    spec: {
      serviceName: 'web',
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'app',
              image,
              resources: { requests: { cpu: '10m', memory: '16Mi' } },
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
            },
          ],
        },
      },
      volumeClaimTemplates: [
        { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      ],
    },
  };
}

export async function benchStatefulSet(replicas: number, iterations: number): Promise<Measurement[]> {
  const create: Phase = { events: 0, simulatedMs: 0, wallMs: 0 };
  const roll: Phase = { events: 0, simulatedMs: 0, wallMs: 0 };
  const bench = new Bench({ time: 0, iterations, warmupIterations: 0 });
  bench.add(`statefulset ${replicas} replicas: create and roll`, () => {
    const t0 = performance.now();
    const sim = new Simulation({
      seed: 'bench',
      controllers: defaultControllers(),
      recordEvents: false,
      nodes: nodesFor(replicas),
      imageProfiles: FAST_IMAGES,
      objects: [STANDARD, web(replicas, 'registry.local/app:1.0')],
    });
    const created = sim.run();
    const t1 = performance.now();
    if (sim.get('StatefulSet', 'web')?.status?.readyReplicas !== replicas) throw new Error('the set did not come up');
    sim.patch(
      { kind: 'StatefulSet', name: 'web' },
      { spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.local/app:2.0' }] } } } },
    );
    const rolled = sim.run();
    const t2 = performance.now();
    const s = sim.get('StatefulSet', 'web')?.status;
    if (s?.updatedReplicas !== replicas || s.currentRevision !== s.updateRevision) throw new Error('the rollout did not finish');
    Object.assign(create, { events: created.events, simulatedMs: created.time, wallMs: t1 - t0 });
    Object.assign(roll, { events: rolled.events, simulatedMs: rolled.time - created.time, wallMs: t2 - t1 });
  });
  await bench.run();
  completed(bench, 'statefulset');
  return [
    ...phaseMeasurements(`statefulset ${replicas} replicas created OrderedReady`, create),
    ...phaseMeasurements(`statefulset ${replicas} replicas rolled to a new image`, roll),
  ];
}
