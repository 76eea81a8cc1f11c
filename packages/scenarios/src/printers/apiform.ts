import { formatRFC3339 } from '@kubesim/core';
import { stringify } from 'yaml';

/**
 * Objects as the API server would hand them to kubectl: kubesim keeps timestamps as
 * simulated milliseconds; on output they become RFC 3339 strings, counted from the run's start
 * time (the simulation epoch unless the run names one).
 */
const TIME_FIELDS: ReadonlySet<string> = new Set([
  'creationTimestamp',
  'deletionTimestamp',
  'lastTransitionTime',
  'lastUpdateTime',
  'lastHeartbeatTime',
  'lastProbeTime',
  'startedAt',
  'finishedAt',
  'startTime',
  'completionTime',
  'firstTimestamp',
  'lastTimestamp',
  'timeAdded',
  'lastScheduleTime',
  'lastSuccessfulTime',
  'lastScaleTime',
  'eventTime',
]);

/** An object as the API serves it (`-o yaml`, `-o json`): times as RFC 3339 strings, kubesim's internal fields left out. */
export function toApiForm(value: unknown, key?: string, startTime?: number): unknown {
  if (typeof value === 'number' && key !== undefined && TIME_FIELDS.has(key)) return formatRFC3339(value, startTime);
  if (Array.isArray(value)) return value.map((v) => toApiForm(v, undefined, startTime));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toApiForm(v, k, startTime);
    return out;
  }
  return value;
}

/**
 * `-o yaml`: sigs.k8s.io/yaml output — keys sorted, list items not indented under their key,
 * and a string YAML 1.1 would read as something else quoted, as go-yaml v2 writes it
 * (`creationTimestamp: "2026-01-01T00:00:00Z"`, a label value `"yes"`).
 */
export function toYaml(value: unknown, startTime?: number): string {
  return stringify(toApiForm(value, undefined, startTime), {
    sortMapEntries: true,
    indentSeq: false,
    lineWidth: 0,
    version: '1.1',
  });
}

/** `-o json`: four-space indented JSON. */
export function toJson(value: unknown, startTime?: number): string {
  return `${JSON.stringify(toApiForm(value, undefined, startTime), null, 4)}\n`;
}

/** The List kubectl wraps several objects in for -o yaml/json. */
export function asList(items: readonly unknown[]): unknown {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
