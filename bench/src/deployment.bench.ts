import type { Deployment } from '@kubesim/core';
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
 * A rolling update of one Deployment of N replicas (25% surge, 25% unavailable), through the
 * harness, timed from the image change until the rollout is complete; the simulated time runs
 * to the last write. Each run builds and settles its own cluster first (not timed), with nodes
 * that have room for the surge and the pods still terminating (twice the replicas), so that the
 * rollout measures the controllers, not the scheduler's retries.
 */
export function deployment(name: string, replicas: number, image = 'registry.local/app:1.0'): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image, resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
      },
    },
  };
}

export interface RolloutResult {
  readonly measurements: Measurement[];
  readonly wallMs: number;
}

export async function benchDeploymentRollout(
  replicas: number,
  iterations: number,
  floor: FloorFigures | undefined,
): Promise<RolloutResult> {
  const image = 'registry.local/app:2.0';
  const runs: Phase[] = [];
  const bench = new Bench({ time: 0, iterations, warmupIterations: 0 });
  bench.add(`deployment rolling update of ${replicas}`, () => {
    const base = heapUsed();
    const b = benchSimulation({ nodes: nodesFor(replicas * 2, '32', '128Gi'), objects: [deployment('web', replicas)] });
    b.sim.run();
    const p = measure(b, () => {
      b.sim.patch(
        { kind: 'Deployment', name: 'web' },
        { spec: { template: { spec: { containers: [{ name: 'app', image }] } } } },
      );
      return b.sim.run();
    });
    const d = b.sim.get('Deployment', 'web');
    const s = d?.status;
    if (s?.updatedReplicas !== replicas || s.availableReplicas !== replicas || s.replicas !== replicas) {
      throw new Error(`the rollout of ${replicas} did not finish: ${JSON.stringify(s)}`);
    }
    p.heapPerPod = (heapUsed() - base) / replicas;
    runs.push(p);
  });
  await bench.run();
  completed(bench, `rollout of ${replicas}`);
  const p = medianRun(runs);
  return { measurements: phaseFigures(`deployment rolling update of ${replicas}`, p, floor), wallMs: p.wallMs };
}
