import { type Kind, type KubeObject, kindInfo, type OwnerReference } from '@kubesim/core';

/** metav1.GetControllerOf: the owner reference marked controller, if any. */
export function controllerOf(obj: KubeObject | undefined): OwnerReference | undefined {
  return obj?.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** metav1.NewControllerRef: what a controller puts on the objects it creates. */
export function newControllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: kindInfo(owner.kind as Kind).apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** `namespace/name` of the object, its key in the store. */
export function keyOfObject(obj: KubeObject): string {
  return obj.metadata.namespace === undefined ? (obj.metadata.name ?? '') : `${obj.metadata.namespace}/${obj.metadata.name}`;
}
