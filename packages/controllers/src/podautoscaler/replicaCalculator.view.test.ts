import {
  ClusterView,
  initialState,
  type LabelSelector,
  MINUTE,
  type Millis,
  PMap,
  type Pod,
  type PodMetrics,
  putObject,
  SECOND,
  selectorFromSet,
} from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { viewMetricsClient } from './metrics/client.js';
import { MetricsError } from './metrics/interfaces.js';
import { ReplicaCalculator, viewPodLister } from './replicaCalculator.js';

// Not upstream: the calculator over Contract 1 end to end (viewMetricsClient and
// viewPodLister on one ClusterView), with the default flags (5m CPU initialization, 30s
// readiness delay) and the cases a metrics-server in the world produces.

const ns = 'default';
const NOW: Millis = 20 * MINUTE;
const tolerances = { scaleDown: 0.1, scaleUp: 0.1 };
const selector = selectorFromSet({ app: 'web' });

interface PodSpec {
  name: string;
  phase?: 'Pending' | 'Running';
  ready?: boolean;
  started?: Millis;
  cpu?: number;
}

function view(pods: PodSpec[], metricsServer = true): ClusterView {
  let state = initialState('view-test', 0);
  let store = state.store;
  const metrics: [string, PodMetrics][] = [];
  pods.forEach((p, i) => {
    const started = p.started ?? 0;
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: p.name, namespace: ns, uid: `u${i}`, labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', resources: { requests: { cpu: '200m' } } }] },
      status: {
        phase: p.phase ?? 'Running',
        startTime: started,
        conditions: [{ type: 'Ready', status: p.ready === false ? 'False' : 'True', lastTransitionTime: started + 5 * SECOND }],
      },
    };
    store = putObject(store, pod, i + 1);
    if (p.cpu !== undefined) {
      metrics.push([
        `${ns}/${p.name}`,
        { timestamp: NOW - 10 * SECOND, window: 15 * SECOND, containers: [{ name: 'nginx', cpu: p.cpu, memory: 1 }] },
      ]);
    }
  });
  state = { ...state, store, world: { ...state.world, metrics: PMap.from(metrics), metricsServer } };
  return new ClusterView(state);
}

function calc(v: ClusterView): ReplicaCalculator {
  return new ReplicaCalculator(viewMetricsClient(v), viewPodLister(v), 5 * MINUTE, 30 * SECOND);
}

describe('ReplicaCalculator over a ClusterView', () => {
  it('scales on the pods of the selector with samples (cpu: 150% of a 50% target on 2 pods → 6)', () => {
    const v = view([
      { name: 'web-a', cpu: 300 },
      { name: 'web-b', cpu: 300 },
    ]);
    const out = calc(v).getResourceReplicas(2, 50, 'cpu', tolerances, ns, selector, '', NOW);
    expect(out).toEqual({ replicaCount: 6, utilization: 150, rawUtilization: 300, timestamp: NOW - 10 * SECOND });
  });

  it('counts a just-started pod as 0% and a pod without a sample as 0% on a scale-up', () => {
    const v = view([
      { name: 'web-a', cpu: 300 },
      { name: 'web-b', cpu: 300 },
      // Ready 20s ago (started 25s ago): its sample (10s old, 15s window) may still show start-up load
      { name: 'web-c', cpu: 200, started: NOW - 25 * SECOND },
      // not yet scraped
      { name: 'web-d', started: NOW - 20 * SECOND },
      { name: 'web-e', phase: 'Pending', ready: false, started: NOW },
    ]);
    const out = calc(v).getResourceReplicas(5, 50, 'cpu', tolerances, ns, selector, '', NOW);
    // ready: a, b (150%); with c, d, e at 0: 600m / 1000m = 60% → ratio 1.2 → ceil(1.2 × 5) = 6
    expect(out.replicaCount).toBe(6);
    expect(out.utilization).toBe(150);
  });

  it('counts a young pod whose sample was taken a full window after it became Ready', () => {
    const v = view([
      { name: 'web-a', cpu: 300 },
      { name: 'web-b', cpu: 300 },
      // Ready 50s ago: the sample's window (NOW-25s..NOW-10s) starts after the transition
      { name: 'web-c', cpu: 200, started: NOW - 55 * SECOND },
      { name: 'web-d', started: NOW - 20 * SECOND },
      { name: 'web-e', phase: 'Pending', ready: false, started: NOW },
    ]);
    const out = calc(v).getResourceReplicas(5, 50, 'cpu', tolerances, ns, selector, '', NOW);
    // ready: a, b, c (133%); with d and e at 0: 800m / 1000m = 80% → ratio 1.6 → ceil(1.6 × 5) = 8
    expect(out.replicaCount).toBe(8);
    expect(out.utilization).toBe(133);
  });

  it('fails as upstream when no metrics-server runs', () => {
    const v = view([{ name: 'web-a', cpu: 300 }], false);
    const call = () => calc(v).getResourceReplicas(1, 50, 'cpu', tolerances, ns, selector, '', NOW);
    expect(call).toThrow(MetricsError);
    expect(call).toThrow(
      'unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)',
    );
  });

  it('fails when every sampled pod is unready', () => {
    const v = view([{ name: 'web-a', cpu: 300, ready: false, started: NOW - MINUTE }]);
    expect(() => calc(v).getResourceReplicas(1, 50, 'cpu', tolerances, ns, selector, '', NOW)).toThrow(
      'did not receive metrics for targeted pods (pods might be unready)',
    );
  });

  it("names an External metric's selector as Go's %+v prints it when the API is absent", () => {
    const v = view([{ name: 'web-a', cpu: 300 }], false);
    const call = (sel?: LabelSelector) => () =>
      calc(v).getExternalMetricReplicas(1, 1000, 'queue', tolerances, ns, sel, selector);
    expect(
      call({ matchLabels: { queue: 'jobs' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] }),
    ).toThrow(
      'unable to get external metric default/queue/&LabelSelector{MatchLabels:map[string]string{queue: jobs,},' +
        'MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:In,Values:[a b],},},}: ' +
        'unable to fetch metrics from external metrics API: the server could not find the requested resource (get queue.external.metrics.k8s.io)',
    );
    expect(call(undefined)).toThrow('unable to get external metric default/queue/nil: ');
  });

  it("words an Object metric's error with upstream's misplaced arguments", () => {
    const v = view([{ name: 'web-a', cpu: 300 }], false);
    const ref = { apiVersion: 'v1', kind: 'Service', name: 'front' };
    expect(() => calc(v).getObjectMetricReplicas(1, 1000, 'rps', tolerances, ns, ref, selector, undefined)).toThrow(
      'unable to get metric rps: Service on default front/unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered',
    );
  });
});
