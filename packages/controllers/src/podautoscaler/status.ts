import type { Effect, HorizontalPodAutoscaler, Millis } from '@kubesim/core';
import { recordEvent } from '../util/effects.js';
import type { HPAStatus, MetricStatus } from './types.js';

/** setStatus: the status rebuilt from the counts, the metrics, the conditions and lastScaleTime. */
export function setStatus(
  status: HPAStatus,
  currentReplicas: number,
  desiredReplicas: number,
  metricStatuses: MetricStatus[] | undefined,
  rescale: boolean,
  now: Millis,
): void {
  const { lastScaleTime, conditions } = status;
  // Upstream assigns a new HorizontalPodAutoscalerStatus: observedGeneration is not carried over.
  for (const k of Object.keys(status)) delete (status as unknown as Record<string, unknown>)[k];
  status.currentReplicas = currentReplicas;
  status.desiredReplicas = desiredReplicas;
  if (lastScaleTime !== undefined) status.lastScaleTime = lastScaleTime;
  if (metricStatuses !== undefined) status.currentMetrics = metricStatuses;
  if (conditions !== undefined) status.conditions = conditions;
  if (rescale) status.lastScaleTime = now;
}

/** setCurrentReplicasAndMetricsInStatus: the current count and metrics, the desired count as it was. */
export function setCurrentReplicasAndMetricsInStatus(
  status: HPAStatus,
  currentReplicas: number,
  metricStatuses: MetricStatus[] | undefined,
): void {
  setStatus(status, currentReplicas, status.desiredReplicas, metricStatuses, false, 0);
}

/** apiequality.Semantic.DeepEqual's view of a status: unset fields and empty lists are equal to absent ones. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map(canonical);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const c = canonical((v as Record<string, unknown>)[k]);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }
  return v;
}

export function statusEqual(a: HPAStatus, b: HPAStatus): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * updateStatusIfNeeded: the status write, skipped when nothing changed. A failed write records
 * FailedUpdateStatus with the API server's error. `ifScaleFailed` is the status written instead
 * when the scale update before it failed.
 */
export function updateStatusIfNeeded(
  hpa: HorizontalPodAutoscaler,
  original: HPAStatus,
  status: HPAStatus,
  ifScaleFailed?: HPAStatus,
): Effect | undefined {
  if (statusEqual(original, status) && ifScaleFailed === undefined) return undefined;
  const ev = recordEvent(hpa, 'Warning', 'FailedUpdateStatus', '') as Extract<Effect, { type: 'event' }>;
  const object = (s: HPAStatus): HorizontalPodAutoscaler => ({
    ...hpa,
    status: s as NonNullable<HorizontalPodAutoscaler['status']>,
  });
  return {
    type: 'updateStatus',
    object: object(status),
    ...(ifScaleFailed !== undefined ? { ifWaveFailed: object(ifScaleFailed) } : {}),
    expectation: false,
    report: { involved: ev.involved, failure: { eventType: 'Warning', reason: 'FailedUpdateStatus', message: '' } },
  };
}
