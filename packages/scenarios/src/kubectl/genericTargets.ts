import {
  type GenericObject,
  getGeneric,
  isKind,
  type KubeObject,
  resolveGenericResource,
  type ServedKind,
  servedGenericKind,
} from '@kubesim/core';
import type { KubectlContext } from './context.js';

/**
 * kubectl's RESTMapper for the kinds kubesim stores generically (api/generic/ in core): what
 * the cluster's discovery serves at the command's time, CRDs included.
 */

/** The served kind of a manifest object kubesim does not type, or undefined when discovery has none. */
export function mappingOf(ctx: KubectlContext, obj: KubeObject): ServedKind | undefined {
  return servedGenericKind(ctx.view.state.store, String(obj.apiVersion), String(obj.kind));
}

/** Whether kubectl handles this object through the generic path. */
export function isGenericObject(obj: KubeObject): boolean {
  return !isKind(String(obj.kind));
}

/** kubectl's error for an object whose kind discovery does not serve (apply/create -f). */
export function mappingNotFound(obj: KubeObject, namespace: string, file: string): string {
  const name = obj.metadata?.name ?? '';
  return (
    `resource mapping not found for name: ${JSON.stringify(name)} namespace: ${JSON.stringify(namespace)} from ${JSON.stringify(file)}: ` +
    `no matches for kind ${JSON.stringify(String(obj.kind))} in version ${JSON.stringify(String(obj.apiVersion))}\nensure CRDs are installed first`
  );
}

/** The object as kubectl sends it: in the context's namespace when namespaced and it names none. */
export function placedGeneric(obj: KubeObject, s: ServedKind, namespace: string): KubeObject {
  if (!s.namespaced || obj.metadata?.namespace) return obj;
  return { ...obj, metadata: { ...obj.metadata, namespace } } as KubeObject;
}

export function liveGeneric(ctx: KubectlContext, s: ServedKind, obj: KubeObject): GenericObject | undefined {
  return getGeneric(
    ctx.view.state.store,
    s.groupKind,
    s.namespaced ? obj.metadata.namespace : undefined,
    obj.metadata.name ?? '',
  );
}

/** `ingress.networking.k8s.io/web`: the name printer's form. */
export function genericResourceName(s: ServedKind, name: string): string {
  return `${s.kind.toLowerCase()}${s.group === '' ? '' : `.${s.group}`}/${name}`;
}

/** A resource as typed on the command line, resolved against the cluster's generic kinds. */
export function resolveGeneric(ctx: KubectlContext, text: string): ServedKind | undefined {
  return resolveGenericResource(ctx.view.state.store, text);
}
