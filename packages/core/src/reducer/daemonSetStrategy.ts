import type { DaemonSet, KubeObject } from '../api/types.js';
import { deepEqual } from '../util.js';

/**
 * The API server's DaemonSet strategy (pkg/registry/apps/daemonset): spec.templateGeneration,
 * which apps/v1 shows as the `deprecated.daemonset.template.generation` annotation. It is 1 on
 * create, and goes up by one with every change of the pod template; a client cannot set it
 * (the value it sends is replaced by the server's).
 */
export const DEPRECATED_TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

function withGeneration(ds: DaemonSet, generation: string): DaemonSet {
  if (ds.metadata.annotations?.[DEPRECATED_TEMPLATE_GENERATION] === generation) return ds;
  return {
    ...ds,
    metadata: { ...ds.metadata, annotations: { ...ds.metadata.annotations, [DEPRECATED_TEMPLATE_GENERATION]: generation } },
  };
}

/** PrepareForCreate: template generation 1. */
export function daemonSetOnCreate(obj: KubeObject): KubeObject {
  return obj.kind === 'DaemonSet' ? withGeneration(obj, '1') : obj;
}

/** PrepareForUpdate: the stored generation, one more if the template changed. */
export function daemonSetOnUpdate(next: KubeObject, old: KubeObject): KubeObject {
  if (next.kind !== 'DaemonSet' || old.kind !== 'DaemonSet') return next;
  const current = Number(old.metadata.annotations?.[DEPRECATED_TEMPLATE_GENERATION] ?? '1');
  const changed = !deepEqual(next.spec.template, old.spec.template);
  return withGeneration(next, String(changed ? current + 1 : current));
}
