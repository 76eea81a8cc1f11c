import { getGeneric, type Kind, type KubeObject, kindInfo, listGeneric, resolveResource, type ServedKind } from '@kubesim/core';
import type { KubectlContext } from './context.js';
import { resolveGeneric } from './genericTargets.js';
import { ResourceError } from './resources.js';

/**
 * One resource type as kubectl's RESTMapper resolves it from the command line: a kind kubesim
 * types (Pod, Deployment, ...) or one it stores generically (Ingress, Role, custom resources).
 * Commands that take several types (`kubectl get cm,ingress`) handle both through this.
 */
export type ResourceType =
  | { readonly typed: Kind; readonly generic?: undefined }
  | { readonly typed?: undefined; readonly generic: ServedKind };

/** The type a command-line word names (`cm`, `ingresses.networking.k8s.io`, a CRD's plural), typed kinds first. */
export function resolveType(ctx: KubectlContext, text: string): ResourceType {
  const typed = resolveResource(text);
  if (typed !== undefined) return { typed };
  const generic = resolveGeneric(ctx, text);
  if (generic !== undefined) return { generic };
  throw new ResourceError(`the server doesn't have a resource type ${JSON.stringify(text)}`);
}

/** A key equal for the same type, however it was spelled. */
export function typeKey(t: ResourceType): string {
  return t.typed ?? t.generic.groupKind;
}

export function typeNamespaced(t: ResourceType): boolean {
  return t.typed !== undefined ? kindInfo(t.typed).namespaced : t.generic.namespaced;
}

function groupOf(t: ResourceType): { kind: string; group: string; resource: string } {
  return t.typed !== undefined ? kindInfo(t.typed) : t.generic;
}

/** The name printer's kind: `deployment.apps`, `pod`, `ingress.networking.k8s.io`. */
export function typeKindGroup(t: ResourceType): string {
  const { kind, group } = groupOf(t);
  return `${kind.toLowerCase()}${group === '' ? '' : `.${group}`}`;
}

/** schema.GroupResource's String(), as NotFound errors name it: `deployments.apps`. */
export function typeGroupResource(t: ResourceType): string {
  const { group, resource } = groupOf(t);
  return group === '' ? resource : `${resource}.${group}`;
}

/** The objects of the type in a namespace (every namespace when undefined; ignored for cluster-scoped types). */
export function listOfType(ctx: KubectlContext, t: ResourceType, namespace: string | undefined): KubeObject[] {
  const ns = typeNamespaced(t) ? namespace : undefined;
  if (t.typed !== undefined) return ctx.view.list(t.typed, ns) as KubeObject[];
  return listGeneric(ctx.view.state.store, t.generic.groupKind, ns) as unknown as KubeObject[];
}

/** One object of the type by name, or undefined. */
export function getOfType(ctx: KubectlContext, t: ResourceType, namespace: string, name: string): KubeObject | undefined {
  const ns = typeNamespaced(t) ? namespace : undefined;
  if (t.typed !== undefined) return ctx.view.get(t.typed, ns, name) as KubeObject | undefined;
  return getGeneric(ctx.view.state.store, t.generic.groupKind, ns, name) as unknown as KubeObject | undefined;
}
