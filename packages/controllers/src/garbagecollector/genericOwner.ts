import { type ClusterView, getGeneric, type KubeObject, type OwnerReference, servedGenericKind } from '@kubesim/core';

/**
 * An owner kubesim stores generically (a custom resource, a built-in kind it does not model):
 * not in the uid index, so it is found by its reference's kind, name and the dependent's
 * namespace, and is the owner only if its uid matches (the GC's GET by the reference).
 */
export function genericOwner(view: ClusterView, ref: OwnerReference, namespace: string | undefined): KubeObject | undefined {
  const store = view.state.store;
  const s = servedGenericKind(store, ref.apiVersion, ref.kind);
  if (s === undefined) return undefined;
  const owner = getGeneric(store, s.groupKind, s.namespaced ? namespace : undefined, ref.name);
  return owner !== undefined && owner.metadata.uid === ref.uid ? (owner as unknown as KubeObject) : undefined;
}
