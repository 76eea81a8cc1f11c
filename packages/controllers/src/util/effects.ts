import type { Effect, Kind, KubeObject, ObjectRef } from '@kubesim/core';

/** A core/v1 Event about an object, as a controller's recorder would write it. */
export function recordEvent(
  obj: KubeObject,
  eventType: 'Normal' | 'Warning',
  reason: string,
  message: string,
  opts: { fieldPath?: string; host?: string } = {},
): Effect {
  const m = obj.metadata;
  return {
    type: 'event',
    involved: {
      kind: obj.kind as Kind,
      ...(m.namespace !== undefined ? { namespace: m.namespace } : {}),
      name: m.name ?? '',
      uid: m.uid ?? '',
      ...(opts.fieldPath !== undefined ? { fieldPath: opts.fieldPath } : {}),
    },
    eventType,
    reason,
    message,
    ...(opts.host !== undefined ? { host: opts.host } : {}),
  };
}

export function refOf(obj: KubeObject): ObjectRef {
  const m = obj.metadata;
  return { kind: obj.kind as Kind, ...(m.namespace !== undefined ? { namespace: m.namespace } : {}), name: m.name ?? '' };
}

/** `namespace/name`, as upstream's klog.KObj and most event messages print a pod. */
export function namespacedName(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? 'default'}/${obj.metadata.name ?? ''}`;
}
