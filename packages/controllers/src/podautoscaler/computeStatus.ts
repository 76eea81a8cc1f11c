import {
  canonicalQuantity,
  type Effect,
  type HorizontalPodAutoscaler,
  type LabelSelector,
  labelSelectorAsSelector,
  type Millis,
  milliValue,
  parseQuantity,
  type Selector,
} from '@kubesim/core';
import { recordEvent } from '../util/effects.js';
import type { ReplicaCalculator } from './replicaCalculator.js';
import { formatLabelSelector, type Tolerances } from './tolerances.js';
import type { HPACondition, MetricSpec, MetricStatus, MetricTarget, MetricValueStatus } from './types.js';

/**
 * The computeStatusFor*Metric functions of horizontal.go: one metric's replica proposal from the
 * replica calculator, and its status.currentMetrics entry filled exactly as upstream fills it.
 */

/** What one sync carries through the metric computations: the HPA, the calculator, the Events recorded. */
export interface MetricSync {
  readonly hpa: HorizontalPodAutoscaler;
  readonly calc: ReplicaCalculator;
  readonly tolerances: Tolerances;
  readonly effects: Effect[];
  readonly now: Millis;
}

export type Proposal =
  | {
      readonly ok: true;
      readonly replicas: number;
      readonly timestamp: Millis | undefined;
      readonly metricName: string;
      readonly status: MetricStatus;
    }
  | { readonly ok: false; readonly err: string; readonly condition: HPACondition };

/** resource.NewMilliQuantity(v, DecimalSI) as a string (1500 → `1500m`, 2000 → `2`). */
export function milliQuantity(v: number): string {
  return canonicalQuantity(`${v}m`);
}

/** Quantity.MilliValue() of a target; an absent quantity counts as 0 (the API requires it). */
export function milli(q: string | undefined): number {
  return q === undefined ? 0 : milliValue(parseQuantity(q));
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** getUnableComputeReplicaCountCondition: a Warning Event with the error, and ScalingActive=False. */
export function unableToCompute(sync: MetricSync, reason: string, err: string): HPACondition {
  sync.effects.push(recordEvent(sync.hpa, 'Warning', reason, err));
  return {
    type: 'ScalingActive',
    status: 'False',
    reason,
    message: `the HPA was unable to compute the replica count: ${err}`,
  };
}

function failed(sync: MetricSync, reason: string, err: string, wrapped = err): Proposal {
  return { ok: false, err: wrapped, condition: unableToCompute(sync, reason, err) };
}

/** computeStatusForObjectMetric */
export function computeStatusForObjectMetric(
  sync: MetricSync,
  specReplicas: number,
  statusReplicas: number,
  spec: NonNullable<MetricSpec['object']>,
  selector: Selector,
  metricSelector: Selector,
): Proposal {
  const ns = sync.hpa.metadata.namespace ?? 'default';
  const metric = { name: spec.metric.name, ...(spec.metric.selector !== undefined ? { selector: spec.metric.selector } : {}) };
  if (spec.target.type === 'Value' && spec.target.value !== undefined) {
    try {
      const r = sync.calc.getObjectMetricReplicas(
        specReplicas,
        milli(spec.target.value),
        spec.metric.name,
        sync.tolerances,
        ns,
        spec.describedObject,
        selector,
        metricSelector,
      );
      return {
        ok: true,
        replicas: r.replicaCount,
        timestamp: r.timestamp,
        metricName: `${spec.describedObject.kind} metric ${spec.metric.name}`,
        status: {
          type: 'Object',
          object: { describedObject: spec.describedObject, metric, current: { value: milliQuantity(r.usage) } },
        },
      };
    } catch (e) {
      return failed(sync, 'FailedGetObjectMetric', message(e));
    }
  }
  if (spec.target.type === 'AverageValue' && spec.target.averageValue !== undefined) {
    try {
      const r = sync.calc.getObjectPerPodMetricReplicas(
        statusReplicas,
        milli(spec.target.averageValue),
        spec.metric.name,
        sync.tolerances,
        ns,
        spec.describedObject,
        metricSelector,
      );
      return {
        ok: true,
        replicas: r.replicaCount,
        timestamp: r.timestamp,
        // Upstream names it "external metric" here too.
        metricName: `external metric ${spec.metric.name}(${formatLabelSelector(spec.metric.selector)})`,
        status: { type: 'Object', object: { metric, current: { averageValue: milliQuantity(r.usage) } } },
      };
    } catch (e) {
      const err = message(e);
      return failed(sync, 'FailedGetObjectMetric', err, `failed to get ${spec.metric.name} object metric: ${err}`);
    }
  }
  return failed(
    sync,
    'FailedGetObjectMetric',
    'invalid object metric source: neither a value target nor an average value target was set',
  );
}

/** computeStatusForPodsMetric */
export function computeStatusForPodsMetric(
  sync: MetricSync,
  currentReplicas: number,
  spec: NonNullable<MetricSpec['pods']>,
  selector: Selector,
  metricSelector: Selector,
): Proposal {
  try {
    const r = sync.calc.getMetricReplicas(
      currentReplicas,
      milli(spec.target.averageValue),
      spec.metric.name,
      sync.tolerances,
      sync.hpa.metadata.namespace ?? 'default',
      selector,
      metricSelector,
      sync.now,
    );
    const metric = { name: spec.metric.name, ...(spec.metric.selector !== undefined ? { selector: spec.metric.selector } : {}) };
    return {
      ok: true,
      replicas: r.replicaCount,
      timestamp: r.timestamp,
      metricName: `pods metric ${spec.metric.name}`,
      status: { type: 'Pods', pods: { metric, current: { averageValue: milliQuantity(r.usage) } } },
    };
  } catch (e) {
    return failed(sync, 'FailedGetPodsMetric', message(e));
  }
}

type Generic =
  | { ok: true; replicas: number; timestamp: Millis | undefined; metricName: string; current: MetricValueStatus }
  | { ok: false; err: string };

/** computeStatusForResourceMetricGeneric: AverageValue (raw usage) or Utilization (percentage of request). */
function computeStatusForResourceMetricGeneric(
  sync: MetricSync,
  currentReplicas: number,
  target: MetricTarget,
  resourceName: string,
  container: string,
  selector: Selector,
  sourceType: 'Resource' | 'ContainerResource',
): Generic {
  const ns = sync.hpa.metadata.namespace ?? 'default';
  if (target.averageValue !== undefined) {
    try {
      const r = sync.calc.getRawResourceReplicas(
        currentReplicas,
        milli(target.averageValue),
        resourceName,
        sync.tolerances,
        ns,
        selector,
        container,
        sync.now,
      );
      return {
        ok: true,
        replicas: r.replicaCount,
        timestamp: r.timestamp,
        metricName: `${resourceName} resource`,
        current: { averageValue: milliQuantity(r.usage) },
      };
    } catch (e) {
      return { ok: false, err: `failed to get ${resourceName} usage: ${message(e)}` };
    }
  }
  if (target.averageUtilization === undefined) {
    return {
      ok: false,
      err: 'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set',
    };
  }
  try {
    const r = sync.calc.getResourceReplicas(
      currentReplicas,
      target.averageUtilization,
      resourceName,
      sync.tolerances,
      ns,
      selector,
      container,
      sync.now,
    );
    return {
      ok: true,
      replicas: r.replicaCount,
      timestamp: r.timestamp,
      metricName:
        sourceType === 'ContainerResource'
          ? `${resourceName} container resource utilization (percentage of request)`
          : `${resourceName} resource utilization (percentage of request)`,
      current: { averageUtilization: r.utilization, averageValue: milliQuantity(r.rawUtilization) },
    };
  } catch (e) {
    return { ok: false, err: `failed to get ${resourceName} utilization: ${message(e)}` };
  }
}

/** computeStatusForResourceMetric */
export function computeStatusForResourceMetric(
  sync: MetricSync,
  currentReplicas: number,
  spec: NonNullable<MetricSpec['resource']>,
  selector: Selector,
): Proposal {
  const g = computeStatusForResourceMetricGeneric(sync, currentReplicas, spec.target, spec.name, '', selector, 'Resource');
  if (!g.ok) return failed(sync, 'FailedGetResourceMetric', g.err);
  return {
    ok: true,
    replicas: g.replicas,
    timestamp: g.timestamp,
    metricName: g.metricName,
    status: { type: 'Resource', resource: { name: spec.name, current: g.current } },
  };
}

/** computeStatusForContainerResourceMetric */
export function computeStatusForContainerResourceMetric(
  sync: MetricSync,
  currentReplicas: number,
  spec: NonNullable<MetricSpec['containerResource']>,
  selector: Selector,
): Proposal {
  const g = computeStatusForResourceMetricGeneric(
    sync,
    currentReplicas,
    spec.target,
    spec.name,
    spec.container,
    selector,
    'ContainerResource',
  );
  if (!g.ok) return failed(sync, 'FailedGetContainerResourceMetric', g.err);
  return {
    ok: true,
    replicas: g.replicas,
    timestamp: g.timestamp,
    metricName: g.metricName,
    status: { type: 'ContainerResource', containerResource: { name: spec.name, container: spec.container, current: g.current } },
  };
}

/** computeStatusForExternalMetric */
export function computeStatusForExternalMetric(
  sync: MetricSync,
  specReplicas: number,
  statusReplicas: number,
  spec: NonNullable<MetricSpec['external']>,
  selector: Selector,
): Proposal {
  const ns = sync.hpa.metadata.namespace ?? 'default';
  const name = spec.metric.name;
  const metric = { name, ...(spec.metric.selector !== undefined ? { selector: spec.metric.selector } : {}) };
  const metricName = `external metric ${name}(${formatLabelSelector(spec.metric.selector)})`;
  if (spec.target.averageValue !== undefined) {
    try {
      const r = sync.calc.getExternalPerPodMetricReplicas(
        statusReplicas,
        milli(spec.target.averageValue),
        name,
        sync.tolerances,
        ns,
        spec.metric.selector,
      );
      return {
        ok: true,
        replicas: r.replicaCount,
        timestamp: r.timestamp,
        metricName,
        status: { type: 'External', external: { metric, current: { averageValue: milliQuantity(r.usage) } } },
      };
    } catch (e) {
      const err = message(e);
      return failed(sync, 'FailedGetExternalMetric', err, `failed to get ${name} external metric: ${err}`);
    }
  }
  if (spec.target.value !== undefined) {
    try {
      const r = sync.calc.getExternalMetricReplicas(
        specReplicas,
        milli(spec.target.value),
        name,
        sync.tolerances,
        ns,
        spec.metric.selector,
        selector,
      );
      return {
        ok: true,
        replicas: r.replicaCount,
        timestamp: r.timestamp,
        metricName,
        status: { type: 'External', external: { metric, current: { value: milliQuantity(r.usage) } } },
      };
    } catch (e) {
      const err = message(e);
      return failed(sync, 'FailedGetExternalMetric', err, `failed to get external metric ${name}: ${err}`);
    }
  }
  return failed(
    sync,
    'FailedGetExternalMetric',
    'invalid external metric source: neither a value target nor an average value target was set',
  );
}

/** metav1.LabelSelectorAsSelector of a metric's selector; an error message when it does not convert. */
export function metricSelectorOf(selector: LabelSelector | undefined): Selector | string {
  try {
    return labelSelectorAsSelector(selector);
  } catch (e) {
    return message(e);
  }
}
