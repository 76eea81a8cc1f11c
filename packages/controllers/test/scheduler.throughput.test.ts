import { type Pod, Simulation, UPSTREAM } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { scheduler } from '../src/index.js';

/**
 * The scheduler's throughput in simulated time, in the upstream profile, against
 * scheduler_perf's SchedulingBasic: nodes and a burst of pending pods created directly, no
 * kubelets and no controller-manager, the scheduler's client QPS/burst raised to 5000 as the
 * harness sets them (test/integration/scheduler_perf/util.go), so only the scheduling cycle
 * bounds it. The CI thresholds for SchedulingBasic at 5000 nodes are 680 pods/s (10k pods) and
 * 810 pods/s (50k pods) (test/integration/scheduler_perf/misc/performance-config.yaml).
 */

const HARNESS_CLIENT = { qps: 5000, burst: 5000 };

function burst(nodes: number, pods: number, client?: { qps: number; burst: number }): { bound: number; drained: number } {
  const sim = new Simulation({
    seed: 1,
    controllers: [scheduler()],
    nodes: Array.from({ length: nodes }, (_, i) => ({
      name: `node-${String(i).padStart(5, '0')}`,
      cpu: '32',
      memory: '128Gi',
    })),
    controlPlane: {
      profile: 'upstream',
      ...(client !== undefined ? { processes: { 'kube-scheduler': { client } } } : {}),
    },
    recordEvents: false,
  });
  // scheduler_perf's pod-default.yaml: a pause container requesting 100m and 500Mi.
  for (let i = 0; i < pods; i++) {
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `pod-${i}`, namespace: 'default' },
      spec: { containers: [{ name: 'pause', image: 'pause:3.10', resources: { requests: { cpu: '100m', memory: '500Mi' } } }] },
    };
    sim.create(pod, 0);
  }
  sim.run();
  let bound = 0;
  let drained = 0;
  for (const e of sim.log.entries()) {
    if (e.event.type !== 'Bind' || e.error !== undefined) continue;
    bound++;
    drained = Math.max(drained, e.time);
  }
  return { bound, drained };
}

describe('scheduling throughput (simulated time)', () => {
  it('the calibrated cycle is the profile default: 1 ms plus 0.66 µs per node evaluated', () => {
    expect(UPSTREAM.controllers.scheduler?.sync).toEqual({ base: 1, perObject: 0.00066 });
  });

  it('SchedulingBasic at 5000 nodes: within scheduler_perf thresholds (680–810 pods/s)', () => {
    const { bound, drained } = burst(5000, 3000, HARNESS_CLIENT);
    expect(bound).toBe(3000);
    const rate = bound / (drained / 1000);
    expect(rate).toBeGreaterThanOrEqual(680);
    expect(rate).toBeLessThanOrEqual(810);
  });

  it('a burst of 10,000 pending pods on 500 nodes drains in 10.5–12.5 s (230 nodes evaluated a cycle, ~870 pods/s)', () => {
    const { bound, drained } = burst(500, 10_000, HARNESS_CLIENT);
    expect(bound).toBe(10_000);
    expect(drained).toBeGreaterThanOrEqual(10_500);
    expect(drained).toBeLessThanOrEqual(12_500);
  });

  it("with kube-scheduler's default client (QPS 50, burst 100) the binds, not the cycles, set the pace", () => {
    // 1000 pods: the first 100 binds spend the burst, the other 900 go at 50/s: ~18 s.
    const { bound, drained } = burst(100, 1000);
    expect(bound).toBe(1000);
    expect(drained).toBeGreaterThanOrEqual(17_500);
    expect(drained).toBeLessThanOrEqual(19_000);
  });
});
