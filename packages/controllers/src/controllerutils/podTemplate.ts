import type { KubeObject, OwnerReference, Pod, PodTemplateSpec } from '@kubesim/core';

/**
 * GetPodFromTemplate (controller_utils.go): a pod with the template's labels, annotations,
 * finalizers and spec, the given name (or generateName prefix), and the controller reference.
 * The spec is the template's own (immutable) object, shared, not copied.
 */
export function podFromTemplate(
  template: PodTemplateSpec,
  parent: KubeObject,
  controllerRef: OwnerReference,
  name: { readonly name?: string; readonly generateName?: string },
): Pod {
  const tm = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...name,
      namespace: parent.metadata.namespace as string,
      ...(tm.labels !== undefined ? { labels: { ...tm.labels } } : {}),
      ...(tm.annotations !== undefined ? { annotations: { ...tm.annotations } } : {}),
      ...(tm.finalizers !== undefined ? { finalizers: [...tm.finalizers] } : {}),
      ownerReferences: [controllerRef],
    },
    spec: template.spec,
  };
}
