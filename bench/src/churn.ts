import type { Pod } from '@kubesim/core';
import { type Bench, benchSimulation } from './harness.js';

/**
 * The churn, as kubesim runs it: a cluster of N running pods, then every simulated millisecond
 * one pod deleted (gracefully) and a new one created on the same node, each going through its
 * whole lifecycle: created already bound (spec.nodeName, as the old bench did, so the
 * scheduler's client — 50 QPS — does not cap a churn of 1,000 pods a second), the kubelet's
 * sandbox and start, ready, the graceful stop, the terminal status, removal.
 *
 * Pods are spread round-robin over max(200, N/100) nodes: at 1,000 lifecycles a second each
 * kubelet then sees at most 5 a second, about 30 of its 50 QPS (status writes and deletes)
 * and 20 of its 50 Event QPS, so the churn measures the cost of lifecycles, not a backlog
 * growing behind a kubelet's rate limit (at 10 nodes for 1k pods it would: 13× over).
 */
export function churnNodes(pods: number): number {
  return Math.max(200, Math.ceil(pods / 100));
}

export function churnPod(i: number, nodes: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p-${i}`, labels: { app: 'bench' } },
    spec: {
      nodeName: `node-${i % nodes}`,
      containers: [{ name: 'app', image: 'registry.local/app:1.0', resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
    },
  };
}

export interface ChurnCluster extends Bench {
  readonly size: number;
  readonly nodes: number;
  /** The next churn step to schedule (pod `step` goes, pod `size + step` comes). */
  step: number;
  /** The simulated time of churn step 0. */
  readonly t0: number;
}

/** N running pods, settled; the churn starts a second later, scheduled a window at a time. */
export function churnCluster(size: number): ChurnCluster {
  const nodes = churnNodes(size);
  const b = benchSimulation({
    nodes: Array.from({ length: nodes }, (_, i) => ({ name: `node-${i}`, cpu: '16', memory: '64Gi' })),
  });
  // Spread creations over time so that a million pods do not all start at one instant.
  for (let i = 0; i < size; i++) b.sim.create(churnPod(i, nodes), Math.floor(i / 100));
  b.sim.run();
  return { ...b, size, nodes, step: 0, t0: b.sim.now + 1000 };
}

/**
 * Schedules the churn up to simulated time `until` (exclusive) and runs to it. Steps are put
 * on the timeline only for the window being run, so the timeline never holds the whole churn
 * (a million pending inputs would weigh more than the pods).
 */
export function runChurn(c: ChurnCluster, until: number): { syncs: number } {
  for (; c.t0 + c.step < until; c.step++) {
    const at = c.t0 + c.step;
    c.sim.delete({ kind: 'Pod', name: `p-${c.step}` }, {}, at);
    c.sim.create(churnPod(c.size + c.step, c.nodes), at);
  }
  return c.sim.run(until - 1);
}
