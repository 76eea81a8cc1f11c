import { defaultControllers, replicaSetController } from '@kubesim/controllers';
import { type ReconcileContext, type ReplicaSet, randomStream, Simulation } from '@kubesim/core';
import { Bench } from 'tinybench';
import type { Measurement } from './results.js';

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

const FAST = [
  {
    match: '*',
    profile: {
      pull: { kind: 'uniform' as const, min: 500, max: 1500 },
      start: { kind: 'uniform' as const, min: 50, max: 150 },
    },
  },
];

function settled(pods: number): Simulation {
  const sim = new Simulation({
    seed: 'bench',
    controllers: defaultControllers(),
    recordEvents: false,
    nodes: Array.from({ length: Math.ceil(pods / 100) }, (_, i) => ({ name: `node-${i}`, cpu: '16', memory: '64Gi' })),
    imageProfiles: FAST,
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
    const ctx: ReconcileContext = {
      now: sim.now,
      random: (name) => randomStream('bench', name),
      memory: () => undefined,
      inFlight: () => 0,
      failures: () => [],
      generateName: (base) => `${base}x`,
    };
    const bench = new Bench({ time });
    bench.add(`replicaset reconcile (${pods} pods)`, () => {
      const effects = controller.reconcile(view, 'default/web', ctx);
      if (effects.length > 1) throw new Error('a settled set should have nothing to do');
    });
    await bench.run();
    const r = bench.tasks[0]?.result;
    if (r === undefined || r.state !== 'completed') throw new Error(`replicaset ${pods}: ${r?.state}`);
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
      nodes: Array.from({ length: Math.ceil(replicas / 100) }, (_, i) => ({ name: `node-${i}`, cpu: '16', memory: '64Gi' })),
      imageProfiles: FAST,
      objects: [replicaSet('web', replicas)],
    });
    const r = sim.run();
    if (sim.get('ReplicaSet', 'web')?.status?.availableReplicas !== replicas) throw new Error('the scale-up did not finish');
    events = r.events;
    simulated = r.time;
  });
  await bench.run();
  const r = bench.tasks[0]?.result;
  if (r === undefined || r.state !== 'completed') throw new Error(`scale-up: ${r?.state}`);
  return [
    {
      name: `replicaset scale-up 0→${replicas}: events per second`,
      unit: 'events/s',
      value: (events * 1000) / r.latency.p50,
      medianMs: r.latency.p50,
    },
    {
      name: `replicaset scale-up 0→${replicas}: simulated seconds per wall second`,
      unit: 'sim s/wall s',
      value: simulated / r.latency.p50,
    },
  ];
}
