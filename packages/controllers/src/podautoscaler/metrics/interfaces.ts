import type { Millis, Selector } from '@kubesim/core';

/**
 * The HPA's view of the metrics APIs (pkg/controller/podautoscaler/metrics/interfaces.go).
 * Values are milli-units (Quantity.MilliValue()): millicores for cpu, thousandths of a byte
 * for memory, thousandths of a unit for custom and external metrics.
 */

/** One pod's sample: its value over [timestamp - window, timestamp]. */
export interface PodMetric {
  readonly timestamp: Millis;
  readonly window: Millis;
  readonly value: number;
}

/** Samples by pod name (PodMetricsInfo). The calculator adds and deletes entries, as upstream's map. */
export type PodMetricsInfo = Map<string, PodMetric>;

/** autoscaling/v2 CrossVersionObjectReference: the object an Object metric describes. */
export interface CrossVersionObjectReference {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly name: string;
}

/**
 * MetricsClient. Every selector is core's parsed `Selector` (labels.Selector); like the REST
 * client, which sends `selector.String()`, a selector without requirements (labels.Nothing()
 * included, which is what a nil metric selector parses to) selects everything.
 * A failing call throws MetricsError with upstream's message.
 */
export interface MetricsClient {
  /** Resource metric (cpu, memory) per pod: summed over containers, or of one container when `container` is not ''. */
  getResourceMetric(
    resource: string,
    namespace: string,
    selector: Selector,
    container: string,
  ): { metrics: PodMetricsInfo; timestamp: Millis };
  /** A per-pod custom metric (custom.metrics.k8s.io, GetForObjects on Pods). */
  getRawMetric(
    metricName: string,
    namespace: string,
    selector: Selector,
    metricSelector: Selector | undefined,
  ): { metrics: PodMetricsInfo; timestamp: Millis };
  /** A custom metric describing one object (custom.metrics.k8s.io, GetForObject). */
  getObjectMetric(
    metricName: string,
    namespace: string,
    objectRef: CrossVersionObjectReference,
    metricSelector: Selector | undefined,
  ): { value: number; timestamp: Millis };
  /** The values of every series of an external metric the selector matches (external.metrics.k8s.io). */
  getExternalMetric(
    metricName: string,
    namespace: string,
    selector: Selector | undefined,
  ): { values: number[]; timestamp: Millis };
}

/** A failed metrics query or replica calculation; `message` is upstream's error text. */
export class MetricsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricsError';
  }
}
