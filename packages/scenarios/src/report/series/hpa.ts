import {
  type HorizontalPodAutoscaler,
  type MetricSpec,
  type MetricTarget,
  type Millis,
  milliValue,
  parseQuantity,
} from '@kubesim/core';
import { SeriesBuilder } from './builder.js';
import type { HpaSeries } from './types.js';

type Source = {
  metric?: { name?: string };
  name?: string;
  container?: string;
  describedObject?: { kind?: string; name?: string };
};

/** The source block of an autoscaling/v2 MetricSpec or MetricStatus (resource, pods, object, ...). */
function sourceOf(
  m: { type?: string } & Record<string, unknown>,
): (Source & { target?: MetricTarget; current?: Record<string, unknown> }) | undefined {
  const field = m.type === undefined ? undefined : m.type.charAt(0).toLowerCase() + m.type.slice(1);
  return field === undefined ? undefined : (m[field] as never);
}

/** How `kubectl describe hpa` names a metric: the resource, or the metric and where it is read. */
export function metricName(m: MetricSpec): string {
  const s = sourceOf(m);
  switch (m.type) {
    case 'Resource':
      return `resource ${s?.name ?? '?'}`;
    case 'ContainerResource':
      return `resource ${s?.name ?? '?'} of container ${s?.container ?? '?'}`;
    case 'Pods':
      return `pods ${s?.metric?.name ?? '?'}`;
    case 'Object':
      return `${s?.metric?.name ?? '?'} on ${s?.describedObject?.kind ?? '?'}/${s?.describedObject?.name ?? '?'}`;
    default:
      return `external ${s?.metric?.name ?? '?'}`;
  }
}

/** A quantity as a plain number (`500m` is 0.5); a number stays itself. */
function quantityNumber(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return null;
  try {
    return milliValue(parseQuantity(v)) / 1000;
  } catch {
    return null;
  }
}

/** The target's value, in the unit the matching current value is read in. */
function targetValue(t: MetricTarget | undefined): { value: number | null; unit: string; field: string } {
  if (t?.type === 'Utilization') return { value: t.averageUtilization ?? null, unit: '%', field: 'averageUtilization' };
  if (t?.type === 'Value') return { value: quantityNumber(t.value), unit: '', field: 'value' };
  return { value: quantityNumber(t?.averageValue), unit: '', field: 'averageValue' };
}

/**
 * Per HPA: desired and current replicas with min/max, and each metric's current value against
 * its target. status.currentMetrics holds one status per spec metric, in the spec's order
 * (computeReplicasForMetrics fills metricStatuses[i] for metricSpecs[i]).
 */
export class HpaRecorder {
  private readonly byUid = new Map<
    string,
    { meta: Omit<HpaSeries, 'lines' | 'points' | 'metrics'>; metrics: HpaSeries['metrics'][number][]; b: SeriesBuilder }
  >();

  observe(time: Millis, hpa: HorizontalPodAutoscaler | undefined, old: HorizontalPodAutoscaler | undefined): void {
    const h = hpa ?? old;
    if (h === undefined) return;
    const uid = h.metadata.uid ?? `${h.metadata.namespace}/${h.metadata.name}`;
    let r = this.byUid.get(uid);
    if (r === undefined) {
      const ref = h.spec.scaleTargetRef;
      r = {
        meta: { namespace: h.metadata.namespace ?? 'default', name: h.metadata.name ?? '', target: `${ref.kind}/${ref.name}` },
        metrics: [],
        b: new SeriesBuilder(),
      };
      this.byUid.set(uid, r);
    }
    if (hpa === undefined) return;
    const values: Record<string, number | null> = {
      desired: hpa.status?.desiredReplicas ?? null,
      current: hpa.status?.currentReplicas ?? null,
      min: hpa.spec.minReplicas ?? 1,
      max: hpa.spec.maxReplicas,
    };
    const statuses = (hpa.status?.currentMetrics ?? []) as ({ type?: string } & Record<string, unknown>)[];
    (hpa.spec.metrics ?? []).forEach((m, i) => {
      const name = metricName(m);
      const target = targetValue(sourceOf(m)?.target);
      const status = statuses[i];
      const current = status?.type === m.type ? sourceOf(status)?.current?.[target.field] : undefined;
      const unit = target.unit;
      if (!r.metrics.some((x) => x.name === name)) {
        r.metrics.push({ name, current: `${name} current`, target: `${name} target`, unit });
      }
      values[`${name} current`] = current === undefined ? null : quantityNumber(current);
      values[`${name} target`] = target.value;
    });
    r.b.set(time, values);
  }

  series(): HpaSeries[] {
    return [...this.byUid.values()].map((r) => ({ ...r.meta, metrics: r.metrics, ...r.b.series() }));
  }
}
