import type { HorizontalPodAutoscaler, KubeObject } from './types.js';

/**
 * The API server's conversion of an autoscaling/v1 HorizontalPodAutoscaler to the stored
 * autoscaling/v2 object (pkg/apis/autoscaling/v1/conversion.go,
 * Convert_v1_HorizontalPodAutoscaler_To_autoscaling_HorizontalPodAutoscaler). v1 holds one
 * CPU utilization target; what it cannot hold travels in annotations, which the conversion
 * reads, turns into v2 fields and drops. No metric at all means the 80% CPU default.
 */

/** pkg/apis/autoscaling/annotations.go. */
export const METRIC_SPECS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
export const METRIC_STATUSES_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';
export const HPA_CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';
export const BEHAVIOR_SPECS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';
/** autoscaling.DefaultCPUUtilization. */
export const DEFAULT_CPU_UTILIZATION = 80;

const ROUND_TRIP: readonly string[] = [
  METRIC_SPECS_ANNOTATION,
  METRIC_STATUSES_ANNOTATION,
  HPA_CONDITIONS_ANNOTATION,
  BEHAVIOR_SPECS_ANNOTATION,
];

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const defined = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** v1's (v2beta1-shaped) target fields to a v2 MetricTarget, as each Convert_v1_*MetricSource does. */
function resourceTarget(s: Json): Json {
  const averageUtilization = s.targetAverageUtilization;
  return defined({
    type: averageUtilization === undefined ? 'AverageValue' : 'Utilization',
    averageValue: s.targetAverageValue,
    averageUtilization,
  });
}

/** Convert_v1_MetricSpec_To_autoscaling_MetricSpec, one source type at a time. */
function convertMetricSpec(m: Json): Json {
  const out: Json = { type: m.type };
  const resource = obj(m.resource);
  if (resource) out.resource = { name: resource.name, target: resourceTarget(resource) };
  const container = obj(m.containerResource);
  if (container) {
    out.containerResource = { name: container.name, target: resourceTarget(container), container: container.container };
  }
  const pods = obj(m.pods);
  if (pods) {
    out.pods = {
      metric: defined({ name: pods.metricName, selector: pods.selector }),
      target: { type: 'AverageValue', averageValue: pods.targetAverageValue },
    };
  }
  const object = obj(m.object);
  if (object) {
    const target = obj(object.target) ?? {};
    out.object = {
      describedObject: defined({ kind: target.kind, name: target.name, apiVersion: target.apiVersion }),
      target: defined({
        type: object.averageValue === undefined ? 'Value' : 'AverageValue',
        value: object.targetValue,
        averageValue: object.averageValue,
      }),
      metric: defined({ name: object.metricName, selector: object.selector }),
    };
  }
  const external = obj(m.external);
  if (external) {
    out.external = {
      metric: defined({ name: external.metricName, selector: external.metricSelector }),
      target: defined({
        type: external.targetValue === undefined ? 'AverageValue' : 'Value',
        value: external.targetValue,
        averageValue: external.targetAverageValue,
      }),
    };
  }
  return out;
}

/** Convert_v1_MetricStatus_To_autoscaling_MetricStatus. */
function convertMetricStatus(m: Json): Json {
  const out: Json = { type: m.type };
  const resource = obj(m.resource);
  if (resource) {
    out.resource = {
      name: resource.name,
      current: defined({ averageValue: resource.currentAverageValue, averageUtilization: resource.currentAverageUtilization }),
    };
  }
  const container = obj(m.containerResource);
  if (container) {
    out.containerResource = {
      name: container.name,
      container: container.container,
      current: defined({ averageValue: container.currentAverageValue, averageUtilization: container.currentAverageUtilization }),
    };
  }
  const pods = obj(m.pods);
  if (pods) {
    out.pods = {
      metric: defined({ name: pods.metricName, selector: pods.selector }),
      current: { averageValue: pods.currentAverageValue },
    };
  }
  const object = obj(m.object);
  if (object) {
    const target = obj(object.target) ?? {};
    out.object = {
      metric: defined({ name: object.metricName, selector: object.selector }),
      current: defined({ value: object.currentValue, averageValue: object.averageValue }),
      describedObject: defined({ kind: target.kind, name: target.name, apiVersion: target.apiVersion }),
    };
  }
  const external = obj(m.external);
  if (external) {
    out.external = {
      metric: defined({ name: external.metricName, selector: external.metricSelector }),
      current: defined({ value: external.currentValue, averageValue: external.currentAverageValue }),
    };
  }
  return out;
}

/** An annotation's JSON list, or undefined when it is absent or does not parse (upstream skips it then). */
function annotationList(annotations: Record<string, string>, key: string): Json[] | undefined {
  const text = annotations[key];
  if (text === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is Json => obj(x) !== undefined) : undefined;
  } catch {
    return undefined;
  }
}

export function isAutoscalingV1(o: { apiVersion?: unknown; kind?: unknown }): boolean {
  return o.kind === 'HorizontalPodAutoscaler' && o.apiVersion === 'autoscaling/v1';
}

/** The stored autoscaling/v2 object of an autoscaling/v1 HorizontalPodAutoscaler. */
export function convertAutoscalingV1(v1: KubeObject | Record<string, unknown>): HorizontalPodAutoscaler {
  const src = v1 as Json;
  const metadata = { ...(obj(src.metadata) ?? {}) };
  const spec = obj(src.spec) ?? {};
  const status = obj(src.status);
  const given = { ...((obj(metadata.annotations) ?? {}) as Record<string, string>) };

  // Spec: the one CPU utilization target v1 has.
  let metrics: Json[] = [];
  if (spec.targetCPUUtilizationPercentage !== undefined && spec.targetCPUUtilizationPercentage !== null) {
    metrics = [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } },
      },
    ];
  }
  // The other metrics come first, the CPU one after them.
  const others = annotationList(given, METRIC_SPECS_ANNOTATION);
  if (others !== undefined) metrics = [...others.map(convertMetricSpec), ...metrics];
  let behavior: Json | undefined;
  const behaviorText = given[BEHAVIOR_SPECS_ANNOTATION];
  if (behaviorText !== undefined) {
    try {
      const b = obj(JSON.parse(behaviorText));
      // Only a non-empty behavior is kept.
      if (b !== undefined && (b.scaleUp !== undefined || b.scaleDown !== undefined)) behavior = b;
    } catch {
      // upstream ignores an annotation that does not parse
    }
  }
  if (metrics.length === 0) {
    metrics = [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } },
      },
    ];
  }

  // Status: the CPU utilization, unless the annotation has the full list; conditions from theirs.
  let outStatus: Json | undefined;
  if (status !== undefined) {
    const current = status.currentCPUUtilizationPercentage;
    outStatus = defined({
      observedGeneration: status.observedGeneration,
      lastScaleTime: status.lastScaleTime,
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      currentMetrics:
        current === undefined || current === null
          ? undefined
          : [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }],
    });
  }
  const currentMetrics = annotationList(given, METRIC_STATUSES_ANNOTATION);
  const conditions = annotationList(given, HPA_CONDITIONS_ANNOTATION);
  if (currentMetrics !== undefined || conditions !== undefined) {
    outStatus = {
      ...(outStatus ?? { currentReplicas: 0, desiredReplicas: 0 }),
      ...(currentMetrics !== undefined ? { currentMetrics: currentMetrics.map(convertMetricStatus) } : {}),
      ...(conditions !== undefined ? { conditions } : {}),
    };
  }

  // DropRoundTripHorizontalPodAutoscalerAnnotations: the stored object keeps none of them.
  for (const key of ROUND_TRIP) delete given[key];
  if (Object.keys(given).length > 0) metadata.annotations = given;
  else delete metadata.annotations;

  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: {
      scaleTargetRef: spec.scaleTargetRef,
      ...(spec.minReplicas !== undefined ? { minReplicas: spec.minReplicas } : {}),
      maxReplicas: spec.maxReplicas,
      metrics,
      ...(behavior !== undefined ? { behavior } : {}),
    },
    ...(outStatus !== undefined ? { status: outStatus } : {}),
  } as unknown as HorizontalPodAutoscaler;
}
