import { formatRFC3339 } from '@kubesim/core';
import { stringify } from 'yaml';

/**
 * Objects as the API server would hand them to kubectl: kubesim keeps timestamps as
 * simulated milliseconds; on output they become RFC 3339 strings from the simulation epoch.
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

export function toApiForm(value: unknown, key?: string): unknown {
  if (typeof value === 'number' && key !== undefined && TIME_FIELDS.has(key)) return formatRFC3339(value);
  if (Array.isArray(value)) return value.map((v) => toApiForm(v));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toApiForm(v, k);
    return out;
  }
  return value;
}

/** `-o yaml`: sigs.k8s.io/yaml output — keys sorted, list items not indented under their key. */
export function toYaml(value: unknown): string {
  return stringify(toApiForm(value), { sortMapEntries: true, indentSeq: false, lineWidth: 0 });
}

/** `-o json`: four-space indented JSON. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(toApiForm(value), null, 4)}\n`;
}

/** The List kubectl wraps several objects in for -o yaml/json. */
export function asList(items: readonly unknown[]): unknown {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
