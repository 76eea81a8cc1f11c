import type { ReplicaSet } from '@kubesim/core';
import { Bench } from 'tinybench';
import {
  benchSimulation,
  completed,
  type FloorFigures,
  heapUsed,
  measure,
  medianRun,
  nodesFor,
  type Phase,
  phaseFigures,
} from './harness.js';
import type { Measurement } from './results.js';

/**
 * A ReplicaSet scaled from 0 to N replicas end to end (created with N), through the harness:
 * the controller creating pods at its client's 20 QPS (its Events share that client), the
 * scheduler binding them, the kubelets starting them; until every pod is available. Wall time
 * that of the median of `iterations` runs (tinybench runs them, after a warm-up run when there
 * is more than one), each on a fresh cluster, timed around the run alone.
 */
export function replicaSet(name: string, replicas: number, namespace = 'default'): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace },
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

export interface ScaleUpResult {
  readonly measurements: Measurement[];
  readonly wallMs: number;
}

export async function benchReplicaSetScaleUp(
  replicas: number,
  iterations: number,
  floor: FloorFigures | undefined,
): Promise<ScaleUpResult> {
  const runs: Phase[] = [];
  const bench = new Bench({ time: 0, iterations, warmupIterations: iterations > 1 ? 1 : 0 });
  bench.add(`replicaset scale-up 0→${replicas}`, () => {
    const base = heapUsed();
    const b = benchSimulation({ nodes: nodesFor(replicas), objects: [replicaSet('web', replicas)] });
    const p = measure(b, () => b.sim.run());
    if (b.sim.get('ReplicaSet', 'web')?.status?.availableReplicas !== replicas) throw new Error('the scale-up did not finish');
    p.heapPerPod = (heapUsed() - base) / replicas;
    runs.push(p);
  });
  await bench.run();
  completed(bench, `scale-up 0→${replicas}`);
  const p = medianRun(runs.slice(iterations > 1 ? 1 : 0));
  return { measurements: phaseFigures(`replicaset scale-up 0→${replicas}`, p, floor), wallMs: p.wallMs };
}
