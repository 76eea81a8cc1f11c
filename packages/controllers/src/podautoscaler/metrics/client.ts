import type { ClusterView, Labels, Millis, PodMetrics, Selector } from '@kubesim/core';
import {
  type CrossVersionObjectReference,
  type MetricsClient,
  MetricsError,
  type PodMetric,
  type PodMetricsInfo,
} from './interfaces.js';

/**
 * pkg/controller/podautoscaler/metrics/client.go (the REST metrics client) over the
 * simulated metrics APIs of Contract 1: metrics.k8s.io PodMetrics from view.podMetrics,
 * custom.metrics.k8s.io and external.metrics.k8s.io series from view.customMetric. The
 * error texts are upstream's; a query when no metrics-server runs fails as the API server
 * answers for an unregistered API group.
 */

/** metricServerDefaultMetricWindow: the window of a custom metric that gives none. */
export const METRIC_SERVER_DEFAULT_METRIC_WINDOW: Millis = 60_000;

/**
 * The REST client sends `selector.String()`; the server parses it back, so a selector with no
 * requirements (labels.Everything() or labels.Nothing()) selects everything.
 */
function wireMatches(selector: Selector | undefined, labels: Labels): boolean {
  return selector === undefined || selector.requirements.length === 0 || selector.matches(labels);
}

/** One item of a PodMetricsList: a pod's sample. */
export interface NamedPodMetrics {
  readonly namespace: string;
  readonly name: string;
  readonly metrics: PodMetrics;
}

/** A container's usage of a resource in milli-units, or undefined: metrics-server reports cpu and memory only. */
function usageMilli(c: { readonly cpu: number; readonly memory: number }, resource: string): number | undefined {
  if (resource === 'cpu') return c.cpu;
  if (resource === 'memory') return c.memory * 1000;
  return undefined;
}

/**
 * getContainerMetrics: one container's usage per pod. Since v1.32 (kubernetes#127193) a pod
 * whose sample lacks the container is left out, as getPodMetrics leaves out a pod with a
 * missing resource, rather than failing the query ("container %s not present in metrics for
 * pod %s/%s" was the error before).
 */
export function getContainerMetrics(raw: readonly NamedPodMetrics[], resource: string, container: string): PodMetricsInfo {
  const res: PodMetricsInfo = new Map();
  for (const m of raw) {
    const c = m.metrics.containers.find((x) => x.name === container);
    if (c === undefined) continue;
    const value = usageMilli(c, resource);
    if (value !== undefined) res.set(m.name, { timestamp: m.metrics.timestamp, window: m.metrics.window, value });
  }
  return res;
}

/** getPodMetrics: the usage summed over a pod's containers; a pod with no containers or a missing resource is left out. */
export function getPodMetrics(raw: readonly NamedPodMetrics[], resource: string): PodMetricsInfo {
  const res: PodMetricsInfo = new Map();
  for (const m of raw) {
    let podSum = 0;
    let missing = m.metrics.containers.length === 0;
    for (const c of m.metrics.containers) {
      const value = usageMilli(c, resource);
      if (value === undefined) {
        missing = true;
        break;
      }
      podSum += value;
    }
    if (!missing) res.set(m.name, { timestamp: m.metrics.timestamp, window: m.metrics.window, value: podSum });
  }
  return res;
}

/**
 * The second half of GetResourceMetric: from the PodMetricsList the API returned to the
 * per-pod values and the first item's timestamp.
 */
export function resourceMetricsFromItems(
  items: readonly NamedPodMetrics[],
  resource: string,
  container: string,
): { metrics: PodMetricsInfo; timestamp: Millis } {
  const first = items[0];
  if (first === undefined) throw new MetricsError('no metrics returned from resource metrics API');
  const res = container !== '' ? getContainerMetrics(items, resource, container) : getPodMetrics(items, resource);
  return { metrics: res, timestamp: first.metrics.timestamp };
}

/** The MetricsClient over a snapshot of the cluster. */
export function viewMetricsClient(view: ClusterView): MetricsClient {
  /** The pods of a namespace the selector matches, in name order (what the APIs' listers give). */
  const podsMatching = (namespace: string, selector: Selector) =>
    view.list('Pod', namespace).filter((p) => wireMatches(selector, p.metadata.labels));

  return {
    getResourceMetric(resource, namespace, selector, container) {
      if (!view.metricsServerUp()) {
        throw new MetricsError(
          'unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)',
        );
      }
      const items: NamedPodMetrics[] = [];
      for (const pod of podsMatching(namespace, selector)) {
        const name = pod.metadata.name ?? '';
        const metrics = view.podMetrics(`${namespace}/${name}`);
        if (metrics !== undefined) items.push({ namespace, name, metrics });
      }
      return resourceMetricsFromItems(items, resource, container);
    },

    getRawMetric(metricName, namespace, selector, metricSelector) {
      if (!view.metricsServerUp()) throw noCustomMetricsAPI();
      const res: PodMetricsInfo = new Map();
      let timestamp: Millis | undefined;
      for (const pod of podsMatching(namespace, selector)) {
        const name = pod.metadata.name ?? '';
        const series = view
          .customMetric(`pods/${namespace}/${name}/${metricName}`)
          ?.find((s) => wireMatches(metricSelector, s.labels));
        if (series === undefined) continue;
        const m: PodMetric = {
          timestamp: series.timestamp,
          window: series.window > 0 ? series.window : METRIC_SERVER_DEFAULT_METRIC_WINDOW,
          value: series.value,
        };
        res.set(name, m);
        timestamp ??= series.timestamp;
      }
      if (timestamp === undefined) throw new MetricsError('no metrics returned from custom metrics API');
      return { metrics: res, timestamp };
    },

    getObjectMetric(metricName, namespace, objectRef, metricSelector) {
      if (!view.metricsServerUp()) throw noCustomMetricsAPI();
      const items = (view.customMetric(objectMetricKey(namespace, objectRef, metricName)) ?? []).filter((s) =>
        wireMatches(metricSelector, s.labels),
      );
      const only = items[0];
      // custom_metrics' GetForObject insists on exactly one value.
      if (only === undefined || items.length !== 1) {
        throw new MetricsError(
          `unable to fetch metrics from custom metrics API: the custom metrics API server returned ${items.length} results when we asked for exactly one`,
        );
      }
      return { value: only.value, timestamp: only.timestamp };
    },

    getExternalMetric(metricName, namespace, selector) {
      if (!view.metricsServerUp()) {
        throw new MetricsError(
          `unable to fetch metrics from external metrics API: the server could not find the requested resource (get ${metricName}.external.metrics.k8s.io)`,
        );
      }
      const items = (view.customMetric(`external/${namespace}/${metricName}`) ?? []).filter((s) =>
        wireMatches(selector, s.labels),
      );
      const first = items[0];
      if (first === undefined) throw new MetricsError('no metrics returned from external metrics API');
      return { values: items.map((s) => s.value), timestamp: first.timestamp };
    },
  };
}

function noCustomMetricsAPI(): MetricsError {
  return new MetricsError(
    'unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered',
  );
}

/**
 * The world key of an Object metric. A Namespace is asked for at the root scope with the
 * HPA's own namespace as its name (CrossVersionObjectReference may not escape it).
 */
export function objectMetricKey(namespace: string, ref: CrossVersionObjectReference, metricName: string): string {
  const group = ref.apiVersion?.includes('/') ? ref.apiVersion.split('/')[0] : '';
  if (ref.kind === 'Namespace' && group === '') return `object/Namespace/${namespace}/${namespace}/${metricName}`;
  return `object/${ref.kind}/${namespace}/${ref.name}/${metricName}`;
}
