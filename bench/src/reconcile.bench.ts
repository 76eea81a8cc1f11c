import { deploymentController, replicaSetController } from '@kubesim/controllers';
import { type ReconcileContext, randomStream, type Simulation } from '@kubesim/core';
import { Bench } from 'tinybench';
import { deployment } from './deployment.bench.js';
import { benchSimulation, completed, nodesFor } from './harness.js';
import { replicaSet } from './replicaset.bench.js';
import type { Measurement } from './results.js';

/**
 * Micro-benchmarks of one pure reconcile call on a settled workload of N pods (as the engine
 * would call it): ReplicaSet and Deployment reconciles per second. The cluster is settled under
 * the `instant` profile (only the settled state matters here, not how it got there).
 */
function benchContext(sim: Simulation): ReconcileContext {
  return {
    now: sim.now,
    random: (name) => randomStream('bench', name),
    memory: () => undefined,
    inFlight: () => 0,
    failures: () => [],
    generateName: (base) => `${base}x`,
  };
}

export async function benchReconciles(sizes: readonly number[], time: number): Promise<Measurement[]> {
  const out: Measurement[] = [];
  const kinds = [
    { kind: 'replicaset', controller: replicaSetController(), key: 'default/web', object: replicaSet },
    { kind: 'deployment', controller: deploymentController(), key: 'default/web', object: deployment },
  ] as const;
  for (const { kind, controller, key, object } of kinds) {
    for (const pods of sizes) {
      const b = benchSimulation({ nodes: nodesFor(pods), objects: [object('web', pods)], instant: true });
      b.sim.run();
      const view = b.sim.view;
      const ctx = benchContext(b.sim);
      const bench = new Bench({ time });
      bench.add(`${kind} reconcile (${pods} pods)`, () => {
        const effects = controller.reconcile(view, key, ctx);
        if (effects.length > 1) throw new Error(`a settled ${kind} should have nothing to do`);
      });
      await bench.run();
      const r = completed(bench, `${kind} ${pods}`);
      out.push({
        name: `${kind} reconciles per second (${pods} pods)`,
        unit: 'ops/s',
        value: 1000 / r.latency.p50,
        medianMs: r.latency.p50,
      });
    }
  }
  return out;
}
