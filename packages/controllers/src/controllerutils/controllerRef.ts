import type { KubeObject } from '@kubesim/core';

// metav1's helpers live in core, as upstream's live in apimachinery.
export { controllerOf, newControllerRef } from '@kubesim/core';

/** `namespace/name` of the object, its key in the store. */
export function keyOfObject(obj: KubeObject): string {
  return obj.metadata.namespace === undefined ? (obj.metadata.name ?? '') : `${obj.metadata.namespace}/${obj.metadata.name}`;
}
