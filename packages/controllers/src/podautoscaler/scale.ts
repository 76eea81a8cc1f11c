import {
  type ClusterView,
  type Deployment,
  isKind,
  KINDS,
  type Kind,
  kindInfo,
  labelSelectorAsSelector,
  type ObjectRef,
  type ReplicaSet,
  type ReplicationController,
  type StatefulSet,
  selectorFromSet,
} from '@kubesim/core';
import type { CrossVersionObjectReference, Scale } from './types.js';

/**
 * The scale subresource as the HPA reads it (reconcileAutoscaler: ParseGroupVersion, the REST
 * mapper's RESTMappings, then scaleNamespacer.Get), with upstream's errors, and what each kind's
 * registry puts in autoscaling/v1 Scale: spec.replicas, status.replicas, and status.selector
 * (the workload's spec.selector as a selector string; for an RC its equality map).
 */

const SCALABLE: readonly Kind[] = ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'];

/** The answer of a GET on the target's /scale: the replicas and selector, or the error. */
export type ScaleAnswer =
  | { readonly scale: Scale; readonly ref: ObjectRef; readonly error?: undefined }
  /** `stage` says which step failed: the returned error's wording differs (reconcileAutoscaler). */
  | { readonly error: string; readonly stage: 'apiVersion' | 'mapping' | 'get' };

function parseGroup(apiVersion: string | undefined): string | { error: string } {
  // schema.ParseGroupVersion: "" is the empty GroupVersion, "v1" the core group, "g/v"; more slashes are an error.
  const gv = apiVersion ?? '';
  if (gv === '' || gv === 'v1') return '';
  const parts = gv.split('/');
  if (parts.length === 1) return '';
  if (parts.length === 2) return parts[0] as string;
  return { error: `unexpected GroupVersion string: ${gv}` };
}

/** scale.Status.Selector for a workload: its selector as labels.Selector.String() prints it. */
function selectorOf(obj: Deployment | ReplicaSet | StatefulSet | ReplicationController): string {
  if (obj.kind === 'ReplicationController') return selectorFromSet(obj.spec.selector).toString();
  try {
    return labelSelectorAsSelector(obj.spec.selector).toString();
  } catch {
    // The registry fails the GET on a selector it cannot convert; an empty one is the closest the HPA sees.
    return '';
  }
}

/** Reads the /scale of an HPA's target (Deployment, ReplicaSet, StatefulSet, ReplicationController). */
export function getScale(view: ClusterView, namespace: string, target: CrossVersionObjectReference): ScaleAnswer {
  const group = parseGroup(target.apiVersion);
  if (typeof group !== 'string') return { error: group.error, stage: 'apiVersion' };
  const known = KINDS.some((k) => k.kind === target.kind && k.group === group);
  if (!known) return { error: `no matches for kind "${target.kind}" in group "${group}"`, stage: 'mapping' };
  const kind = target.kind as Kind;
  if (!isKind(kind) || !SCALABLE.includes(kind)) {
    return { error: 'the server could not find the requested resource', stage: 'get' };
  }
  const obj = view.get(kind, namespace, target.name) as Deployment | ReplicaSet | StatefulSet | ReplicationController | undefined;
  if (obj === undefined) {
    const info = kindInfo(kind);
    const gr = info.group === '' ? info.resource : `${info.resource}.${info.group}`;
    return { error: `${gr} "${target.name}" not found`, stage: 'get' };
  }
  return {
    scale: {
      specReplicas: obj.spec.replicas ?? 1,
      statusReplicas: obj.status?.replicas ?? 0,
      selector: selectorOf(obj),
    },
    ref: { kind, namespace, name: target.name },
  };
}
