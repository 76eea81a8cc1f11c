import { defaultControllers, replicaSetController } from '@kubesim/controllers';
import { type ReplicaSet, Simulation } from '@kubesim/core';
import { Bench } from 'tinybench';
import type { Measurement } from './results.js';
import { benchContext, completed, FAST_IMAGES, nodesFor, phaseMeasurements } from './suite.js';

/**
 * The ReplicaSet controller: reconciles per second of one settled set of N pods (the pure
 * reconcile function called directly, as the engine would), the pods it scans per second,
 * and a scale-up from zero to `scaleUp` replicas end to end.
 */
function replicaSet(name: string, replicas: number): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'app', image: 'registry.local/app:1.0', resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
        },
      },
    },
  };
}

function settled(pods: number): Simulation {
  const sim = new Simulation({
    seed: 'bench',
    controllers: defaultControllers(),
    recordEvents: false,
    nodes: nodesFor(pods),
    imageProfiles: FAST_IMAGES,
    objects: [replicaSet('web', pods)],
  });
  sim.run();
  return sim;
}

export async function benchReplicaSetReconcile(sizes: readonly number[], time: number): Promise<Measurement[]> {
  const out: Measurement[] = [];
  const controller = replicaSetController();
  for (const pods of sizes) {
    const sim = settled(pods);
    const view = sim.view;
    const ctx = benchContext(sim);
    const bench = new Bench({ time });
    bench.add(`replicaset reconcile (${pods} pods)`, () => {
      const effects = controller.reconcile(view, 'default/web', ctx);
      if (effects.length > 1) throw new Error('a settled set should have nothing to do');
    });
    await bench.run();
    const r = completed(bench, `replicaset ${pods}`);
    const perSec = 1000 / r.latency.p50;
    out.push({ name: `replicaset reconciles per second (${pods} pods)`, unit: 'ops/s', value: perSec, medianMs: r.latency.p50 });
    out.push({ name: `replicaset pods scanned per second (${pods} pods)`, unit: 'ops/s', value: perSec * pods });
  }
  return out;
}

export async function benchReplicaSetScaleUp(replicas: number, iterations: number): Promise<Measurement[]> {
  let events = 0;
  let simulated = 0;
  const bench = new Bench({ time: 0, iterations, warmupIterations: 1 });
  bench.add(`replicaset scale-up to ${replicas}`, () => {
    const sim = new Simulation({
      seed: 'bench',
      controllers: defaultControllers(),
      nodes: nodesFor(replicas),
      imageProfiles: FAST_IMAGES,
      objects: [replicaSet('web', replicas)],
    });
    const r = sim.run();
    if (sim.get('ReplicaSet', 'web')?.status?.availableReplicas !== replicas) throw new Error('the scale-up did not finish');
    events = r.events;
    simulated = r.time;
  });
  await bench.run();
  const r = completed(bench, 'scale-up');
  return phaseMeasurements(`replicaset scale-up 0→${replicas}`, { events, simulatedMs: simulated, wallMs: r.latency.p50 });
}
