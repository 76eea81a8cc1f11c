import { type Deployment, type Distribution, type Pod, Simulation } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { defaultControllers } from '../src/index.js';

/**
 * The timing model against published measurements of upstream Kubernetes.
 *
 * ClusterLoader2's pod-startup-latency measurement (perf-tests clusterloader2/testing/load,
 * modules/pod-startup-latency.yaml): latency pods, each the one replica of its own Deployment,
 * created at 5 a second (the Uniform5qps tuning set), image registry.k8s.io/pause:3.9 (present
 * on the nodes), requests 50m CPU / 200M memory; a pod's startup latency runs from its
 * creationTimestamp to when a watch sees it Running with every container started.
 *
 * The measurement: kops PR #17942 (https://github.com/kubernetes/kops/pull/17942, 2026-02), the
 * AWS 5,000-node scale test with the load test creating pods at 50/s and kube-controller-manager
 * and kube-scheduler at --kube-api-qps 500 / burst 500 (tests/e2e/scenarios/scalability/
 * run-test.sh): pod_startup p50 1,861 ms, p90 4,518 ms, p99 5,718 ms.
 *
 * What the model contributes: the Deployment and ReplicaSet controllers' syncs and calls, the
 * scheduler's cycle and asynchronous bind, informer lag, the kubelet's status manager (a GET and
 * a patch per status) and its PLEG, which sees a started container only at its next relist
 * (0–1 s). What is fitted: the container runtime's time to create the pause sandbox and start the
 * container, one lognormal (median 1.25 s, sigma 0.6), chosen to match p50 and p99. The latency
 * is dominated by each kubelet's own work (schedule_to_run; perf-tests PR #2126), not by the
 * cluster's size, so 500 latency pods on 100 nodes stand for the 5,000-node run; the load test's
 * background pods add nothing per node that the model would slow down for.
 *
 * Tolerances: p50 and p99 within 10%. p90 is not reproduced: a lognormal start plus the PLEG's
 * uniform wait gives 3.4 s where the measurement has 4.5 s (its p90-to-p99 gap is narrower than
 * any single lognormal's); the test states the gap (within 30%) rather than hide it.
 */
const PUBLISHED = { p50: 1861, p90: 4518, p99: 5718 };
const PAUSE_START: Distribution = { kind: 'lognormal', median: 1250, sigma: 0.6 };
const LATENCY_PODS = 500;
/** How late the measuring watch sees a write: the informer lag of the profile's processes. */
const WATCH_LAG = 5;

function latencyDeployment(i: number): Deployment {
  const labels = { name: `latency-deployment-${i}`, group: 'latency' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `latency-deployment-${i}`, namespace: 'default' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { name: labels.name } },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            { name: 'latency', image: 'registry.k8s.io/pause:3.9', resources: { requests: { cpu: '50m', memory: '200M' } } },
          ],
        },
      },
    },
  };
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

/** Each latency pod's startup latency, as ClusterLoader2 measures it. */
function podStartupLatencies(): number[] {
  const sim = new Simulation({
    seed: 'clusterloader2',
    controllers: defaultControllers(),
    controlPlane: {
      processes: {
        'kube-controller-manager': { client: { qps: 500, burst: 500 } },
        'kube-scheduler': { client: { qps: 500, burst: 500 } },
      },
    },
    nodes: Array.from({ length: 100 }, (_, i) => ({ name: `node-${i}`, cpu: '4', memory: '16Gi', pods: 96 })),
    // The image is on every node: no pull.
    imageProfiles: [{ match: '*', profile: { pull: { kind: 'fixed', value: 0 }, start: PAUSE_START } }],
  });
  for (let i = 0; i < LATENCY_PODS; i++) sim.create(latencyDeployment(i), i * 200);
  const created = new Map<string, number>();
  const running = new Map<string, number>();
  sim.engine.onEntry((entry, changes) => {
    for (const c of changes) {
      if (c.kind !== 'Pod' || c.new === undefined || running.has(c.key)) continue;
      const pod = c.new as Pod;
      created.set(c.key, pod.metadata.creationTimestamp as number);
      const started = (pod.status?.containerStatuses ?? []).every((s) => s.state.running !== undefined);
      if (pod.status?.phase === 'Running' && started) running.set(c.key, entry.time + WATCH_LAG);
    }
  });
  sim.run(LATENCY_PODS * 200 + 60_000);
  return [...running].map(([key, t]) => t - (created.get(key) as number)).sort((a, b) => a - b);
}

describe('calibration against published upstream measurements', () => {
  it('ClusterLoader2 pod startup latency of the kops 5,000-node scale test (kops#17942)', () => {
    const latencies = podStartupLatencies();
    expect(latencies).toHaveLength(LATENCY_PODS);
    const p50 = percentile(latencies, 0.5);
    const p90 = percentile(latencies, 0.9);
    const p99 = percentile(latencies, 0.99);
    expect(Math.abs(p50 - PUBLISHED.p50) / PUBLISHED.p50).toBeLessThan(0.1);
    expect(Math.abs(p99 - PUBLISHED.p99) / PUBLISHED.p99).toBeLessThan(0.1);
    expect(Math.abs(p90 - PUBLISHED.p90) / PUBLISHED.p90).toBeLessThan(0.3);
    // The SLO the measurement fails (p99 ≤ 5s), it fails here too: by as little.
    expect(p99).toBeGreaterThan(5000);
  });

  it("kube-controller-manager's default client (20 QPS, burst 30) paces a ReplicaSet's pod creations at 20 a second", () => {
    // ExpectationsTimeout's comment in controller_utils.go: "Just creation is limited to 20qps".
    const sim = new Simulation({
      seed: 1,
      controllers: defaultControllers(),
      recordEvents: false,
      nodes: Array.from({ length: 10 }, (_, i) => ({ name: `node-${i}`, cpu: '16', memory: '64Gi' })),
      objects: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: { name: 'web' },
          spec: {
            replicas: 630,
            selector: { matchLabels: { app: 'web' } },
            template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } },
          },
        },
      ],
    });
    sim.run();
    const creates = sim.log
      .entries()
      .filter((e) => e.event.type === 'Create' && e.by === 'replicaset')
      .map((e) => e.time);
    expect(creates).toHaveLength(630);
    // The burst of 30 at once, then 600 at 20/s: the last about 30s after the first.
    const span = (creates.at(-1) as number) - (creates[0] as number);
    expect(span).toBeGreaterThan(29_000);
    expect(span).toBeLessThan(33_000);
  });
});
