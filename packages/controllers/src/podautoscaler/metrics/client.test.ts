import {
  ClusterView,
  type ContainerMetrics,
  initialState,
  labelSelectorAsSelector,
  type MetricSeries,
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
import { METRIC_SERVER_DEFAULT_METRIC_WINDOW, viewMetricsClient } from './client.js';
import { type CrossVersionObjectReference, MetricsError, type PodMetric } from './interfaces.js';

// pkg/controller/podautoscaler/metrics/client_test.go (v1.34) over a ClusterView: the
// reported metrics are world state (Contract 1) rather than fake API reactors, and a
// reported API error is the metrics APIs being absent (no metrics-server), whose text
// replaces the reactor's after upstream's "unable to fetch metrics from ... API: " prefix.

const namespace = 'test-namespace';
const podNamePrefix = 'test-pod';
const podLabels = { name: podNamePrefix };
const fixedTimestamp: Millis = 10 * MINUTE;
const offsetTimestampBy = (t: number): Millis => fixedTimestamp + t * MINUTE;

interface World {
  pods?: { name: string; labels?: Record<string, string> }[];
  podMetrics?: Record<string, PodMetrics>;
  custom?: Record<string, MetricSeries[]>;
  metricsServer?: boolean;
}

function view(w: World): ClusterView {
  let state = initialState('client-test', 0);
  let store = state.store;
  for (const [i, p] of (w.pods ?? []).entries()) {
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: p.name, namespace, uid: `uid-${i}`, labels: p.labels ?? podLabels },
      spec: { containers: [{ name: 'test' }] },
    };
    store = putObject(store, pod, i + 1);
  }
  state = {
    ...state,
    store,
    world: {
      ...state.world,
      metrics: PMap.from(Object.entries(w.podMetrics ?? {})),
      customMetrics: PMap.from(Object.entries(w.custom ?? {})),
      metricsServer: w.metricsServer ?? true,
    },
  };
  return new ClusterView(state);
}

/** `n` pods test-pod-<i> with the container usages reported for each (reportedPodMetrics). */
function resourceWorld(reported: Record<string, number>[], targetTimestamp: number, window: Millis): World {
  const podMetrics: Record<string, PodMetrics> = {};
  reported.forEach((containers, i) => {
    const cs: ContainerMetrics[] = Object.entries(containers).map(([name, cpu]) => ({ name, cpu, memory: 1024 * 1024 }));
    podMetrics[`${namespace}/${podNamePrefix}-${i}`] = { timestamp: offsetTimestampBy(targetTimestamp), window, containers: cs };
  });
  return { pods: reported.map((_, i) => ({ name: `${podNamePrefix}-${i}` })), podMetrics };
}

function series(value: number, t: number, labels: Record<string, string> = {}): MetricSeries {
  return { value, timestamp: offsetTimestampBy(t), window: 0, labels };
}

/** `metricPoint`s of a per-pod custom metric, one per pod test-pod-<i>. */
function podsWorld(metricName: string, points: [number, number][]): World {
  const custom: Record<string, MetricSeries[]> = {};
  points.forEach(([level, t], i) => {
    custom[`pods/${namespace}/${podNamePrefix}-${i}/${metricName}`] = [series(level, t)];
  });
  return { pods: points.map((_, i) => ({ name: `${podNamePrefix}-${i}` })), custom };
}

function externalWorld(metricName: string, points: [number, number][], labels = { label: 'value' }): World {
  return { custom: { [`external/${namespace}/${metricName}`]: points.map(([level, t]) => series(level, t, labels)) } };
}

const selector = selectorFromSet(podLabels);
const metricSelector = labelSelectorAsSelector({ matchLabels: { label: 'value' } });
const someDep: CrossVersionObjectReference = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'some-dep' };

function expectInfo(got: Map<string, PodMetric>, want: Record<string, PodMetric>): void {
  expect(Object.fromEntries(got)).toEqual(want);
}

function expectError(call: () => unknown, desiredError: string): void {
  expect(call).toThrow(MetricsError);
  expect(call).toThrow(desiredError);
}

describe('TestRESTClientPodCPU', () => {
  it('runs', () => {
    const window = 30 * SECOND;
    const m = viewMetricsClient(view(resourceWorld([{ test: 5000 }, { test: 5000 }, { test: 5000 }], 1, window)));
    const got = m.getResourceMetric('cpu', namespace, selector, '');
    const want = { value: 5000, timestamp: offsetTimestampBy(1), window };
    expectInfo(got.metrics, { 'test-pod-0': want, 'test-pod-1': want, 'test-pod-2': want });
    expect(got.timestamp).toBe(offsetTimestampBy(1));
  });
});

describe('TestRESTClientContainerCPU', () => {
  it('runs', () => {
    const window = 30 * SECOND;
    const reported = [0, 1, 2].map(() => ({ 'test-1': 5000, 'test-2': 500 }));
    const got = viewMetricsClient(view(resourceWorld(reported, 1, window))).getResourceMetric(
      'cpu',
      namespace,
      selector,
      'test-1',
    );
    const want = { value: 5000, timestamp: offsetTimestampBy(1), window };
    expectInfo(got.metrics, { 'test-pod-0': want, 'test-pod-1': want, 'test-pod-2': want });
    expect(got.timestamp).toBe(offsetTimestampBy(1));
  });
});

describe('TestRESTClientExternal', () => {
  it('runs', () => {
    const m = viewMetricsClient(
      view(
        externalWorld('external', [
          [10000, 1],
          [20000, 1],
          [10000, 1],
        ]),
      ),
    );
    const got = m.getExternalMetric('external', namespace, metricSelector);
    expect(got.values).toEqual([10000, 20000, 10000]);
    expect(got.timestamp).toBe(offsetTimestampBy(1));
  });
});

describe('TestRESTClientQPS', () => {
  it('runs', () => {
    const m = viewMetricsClient(
      view(
        podsWorld('qps', [
          [10000, 1],
          [20000, 1],
          [10000, 1],
        ]),
      ),
    );
    const got = m.getRawMetric('qps', namespace, selector, undefined);
    const at = (value: number) => ({ value, timestamp: offsetTimestampBy(1), window: METRIC_SERVER_DEFAULT_METRIC_WINDOW });
    expectInfo(got.metrics, { 'test-pod-0': at(10000), 'test-pod-1': at(20000), 'test-pod-2': at(10000) });
    expect(got.timestamp).toBe(offsetTimestampBy(1));
  });
});

describe('TestRESTClientSingleObject', () => {
  it('runs', () => {
    const m = viewMetricsClient(view({ custom: { [`object/Deployment/${namespace}/some-dep/queue-length`]: [series(10, 1)] } }));
    expect(m.getObjectMetric('queue-length', namespace, someDep, undefined)).toEqual({
      value: 10,
      timestamp: offsetTimestampBy(1),
    });
  });
});

describe('TestRESTClientSingleObjectAPIError', () => {
  it('runs', () => {
    const m = viewMetricsClient(view({ metricsServer: false }));
    expectError(
      () => m.getObjectMetric('queue-length', namespace, someDep, undefined),
      'unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered',
    );
  });
});

describe('TestRESTClientQpsSumEqualZero', () => {
  it('runs', () => {
    const m = viewMetricsClient(
      view(
        podsWorld('qps', [
          [0, 0],
          [0, 0],
          [0, 0],
        ]),
      ),
    );
    const got = m.getRawMetric('qps', namespace, selector, undefined);
    const zero = { value: 0, timestamp: offsetTimestampBy(0), window: METRIC_SERVER_DEFAULT_METRIC_WINDOW };
    expectInfo(got.metrics, { 'test-pod-0': zero, 'test-pod-1': zero, 'test-pod-2': zero });
    expect(got.timestamp).toBe(offsetTimestampBy(0));
  });
});

describe('TestRESTClientExternalSumEqualZero', () => {
  it('runs', () => {
    const m = viewMetricsClient(
      view(
        externalWorld('external', [
          [0, 0],
          [0, 0],
          [0, 0],
        ]),
      ),
    );
    const got = m.getExternalMetric('external', namespace, metricSelector);
    expect(got.values).toEqual([0, 0, 0]);
    expect(got.timestamp).toBe(offsetTimestampBy(0));
  });
});

describe('TestRESTClientQpsAPIError', () => {
  it('runs', () => {
    const m = viewMetricsClient(view({ metricsServer: false }));
    expectError(
      () => m.getRawMetric('qps', namespace, selector, undefined),
      'unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered',
    );
  });
});

describe('TestRESTClientQpsEmptyMetrics', () => {
  it('runs', () => {
    const m = viewMetricsClient(view(podsWorld('qps', [])));
    expectError(() => m.getRawMetric('qps', namespace, selector, undefined), 'no metrics returned from custom metrics API');
  });
});

describe('TestRESTClientExternalAPIError', () => {
  it('runs', () => {
    const m = viewMetricsClient(view({ metricsServer: false }));
    expectError(
      () => m.getExternalMetric('external', namespace, metricSelector),
      'unable to fetch metrics from external metrics API: the server could not find the requested resource (get external.external.metrics.k8s.io)',
    );
  });
});

describe('TestRESTClientExternalEmptyMetrics', () => {
  it('runs', () => {
    const m = viewMetricsClient(view(externalWorld('external', [])));
    expectError(
      () => m.getExternalMetric('external', namespace, metricSelector),
      'no metrics returned from external metrics API',
    );
  });
});

describe('TestRESTClientPodCPUAPIError', () => {
  it('runs', () => {
    const m = viewMetricsClient(view({ metricsServer: false }));
    expectError(
      () => m.getResourceMetric('cpu', namespace, selector, ''),
      'unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)',
    );
  });
});

describe('TestRESTClientPodCPUEmptyMetrics', () => {
  it('runs', () => {
    const m = viewMetricsClient(view(resourceWorld([], 0, 0)));
    expectError(() => m.getResourceMetric('cpu', namespace, selector, ''), 'no metrics returned from resource metrics API');
  });
});

describe('TestRESTClientPodCPUEmptyMetricsForOnePod', () => {
  it('runs', () => {
    const window = 30 * SECOND;
    const m = viewMetricsClient(view(resourceWorld([{ 'test-1': 100 }, { 'test-1': 300, 'test-2': 400 }, {}], 1, window)));
    const got = m.getResourceMetric('cpu', namespace, selector, '');
    expectInfo(got.metrics, {
      'test-pod-0': { value: 100, timestamp: offsetTimestampBy(1), window },
      'test-pod-1': { value: 700, timestamp: offsetTimestampBy(1), window },
    });
  });
});

// Since v1.32 (kubernetes#127193) a pod whose sample lacks the container is left out instead
// of failing the query with "failed to get container metrics: container test-1 not present in
// metrics for pod ...", which the older table expected here.
describe('TestRESTClientContainerCPUEmptyMetricsForOnePod', () => {
  it('runs', () => {
    const window = 30 * SECOND;
    const m = viewMetricsClient(view(resourceWorld([{ 'test-1': 100 }, { 'test-1': 300, 'test-2': 400 }, {}], 1, window)));
    const got = m.getResourceMetric('cpu', namespace, selector, 'test-1');
    expectInfo(got.metrics, {
      'test-pod-0': { value: 100, timestamp: offsetTimestampBy(1), window },
      'test-pod-1': { value: 300, timestamp: offsetTimestampBy(1), window },
    });
  });
});

// Not upstream: what the view adds to the REST client.
describe('viewMetricsClient', () => {
  it('lists the samples of the pods the selector matches, and memory in milli-bytes', () => {
    const w = resourceWorld([{ a: 100 }, { a: 200 }], 0, MINUTE);
    w.pods?.push({ name: 'other', labels: { name: 'other' } });
    const podMetrics = w.podMetrics ?? {};
    podMetrics[`${namespace}/other`] = { timestamp: 0, window: MINUTE, containers: [{ name: 'a', cpu: 900, memory: 1 }] };
    // a sample left behind by a pod that is gone
    podMetrics[`${namespace}/gone`] = { timestamp: 0, window: MINUTE, containers: [{ name: 'a', cpu: 900, memory: 1 }] };
    const m = viewMetricsClient(view(w));
    expect([...m.getResourceMetric('cpu', namespace, selector, '').metrics.keys()]).toEqual(['test-pod-0', 'test-pod-1']);
    expect(m.getResourceMetric('memory', namespace, selector, '').metrics.get('test-pod-0')?.value).toBe(1024 * 1024 * 1000);
    expect(m.getResourceMetric('ephemeral-storage', namespace, selector, '').metrics.size).toBe(0);
  });
  it('filters series by the metric selector, and a selector without requirements selects all', () => {
    const m = viewMetricsClient(
      view({
        custom: {
          [`external/${namespace}/queue`]: [series(1, 0, { queue: 'a' }), series(2, 0, { queue: 'b' })],
        },
      }),
    );
    expect(m.getExternalMetric('queue', namespace, selectorFromSet({ queue: 'b' })).values).toEqual([2]);
    expect(m.getExternalMetric('queue', namespace, labelSelectorAsSelector(undefined)).values).toEqual([1, 2]);
  });
  it('wants exactly one value for an object, and asks for a Namespace at the root scope', () => {
    const ns: CrossVersionObjectReference = { apiVersion: 'v1', kind: 'Namespace', name: 'elsewhere' };
    const m = viewMetricsClient(
      view({
        custom: {
          [`object/Namespace/${namespace}/${namespace}/load`]: [series(5, 0)],
          [`object/Deployment/${namespace}/some-dep/two`]: [series(1, 0), series(2, 0)],
        },
      }),
    );
    expect(m.getObjectMetric('load', namespace, ns, undefined).value).toBe(5);
    expectError(
      () => m.getObjectMetric('two', namespace, someDep, undefined),
      'unable to fetch metrics from custom metrics API: the custom metrics API server returned 2 results when we asked for exactly one',
    );
  });
});
