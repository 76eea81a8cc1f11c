import type { StatefulSet, StorageClass } from '@kubesim/core';
import { Bench } from 'tinybench';
import {
  benchSimulation,
  completed,
  type FloorFigures,
  heapUsed,
  measure,
  nodesFor,
  type Phase,
  phaseFigures,
} from './harness.js';
import type { Measurement } from './results.js';

/**
 * The StatefulSet controller end to end, through the harness: an N-replica set (the seeds'
 * `web`, a claim per pod provisioned through a WaitForFirstConsumer default class) created
 * OrderedReady from zero, then rolled to a new image one pod at a time, highest ordinal first.
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

export async function benchStatefulSet(replicas: number, floor: FloorFigures | undefined): Promise<Measurement[]> {
  let create: Phase | undefined;
  let roll: Phase | undefined;
  const bench = new Bench({ time: 0, iterations: 1, warmupIterations: 0 });
  bench.add(`statefulset ${replicas} replicas: create and roll`, () => {
    const base = heapUsed();
    const b = benchSimulation({ nodes: nodesFor(replicas), objects: [STANDARD, web(replicas, 'registry.local/app:1.0')] });
    create = measure(b, () => b.sim.run());
    if (b.sim.get('StatefulSet', 'web')?.status?.readyReplicas !== replicas) throw new Error('the set did not come up');
    create.heapPerPod = (heapUsed() - base) / replicas;
    roll = measure(b, () => {
      b.sim.patch(
        { kind: 'StatefulSet', name: 'web' },
        { spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.local/app:2.0' }] } } } },
      );
      return b.sim.run();
    });
    const s = b.sim.get('StatefulSet', 'web')?.status;
    if (s?.updatedReplicas !== replicas || s.currentRevision !== s.updateRevision) throw new Error('the rollout did not finish');
    roll.heapPerPod = (heapUsed() - base) / replicas;
  });
  await bench.run();
  completed(bench, 'statefulset');
  if (create === undefined || roll === undefined) throw new Error('statefulset: no run');
  return [
    ...phaseFigures(`statefulset ${replicas} replicas created OrderedReady`, create, floor),
    ...phaseFigures(`statefulset ${replicas} replicas rolled`, roll, floor),
  ];
}
