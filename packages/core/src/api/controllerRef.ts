import { kindInfo } from './kinds.js';
import type { Kind, KubeObject, OwnerReference } from './types.js';

/** metav1.GetControllerOf (apimachinery's controller_ref.go): the owner reference marked controller, if any. */
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
