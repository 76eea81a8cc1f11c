import { servedGenericKinds } from '../api/generic/registry.js';
import { KINDS, kindInfo } from '../api/kinds.js';
import type { Kind } from '../api/types.js';
import type { Store } from '../store/store.js';
import { type Evaluator, objectCountEvaluator } from './evaluator.js';
import { pvcEvaluator } from './persistentVolumeClaims.js';
import { podEvaluator } from './pods.js';
import { serviceEvaluator } from './services.js';

/**
 * The evaluator registry (pkg/quota/v1/evaluator/core/registry.go and the object-count
 * evaluators quota admission and the controller's discovery add): pods, services and claims
 * have their own; every other namespaced resource is counted, four core ones also under their
 * legacy names. Events are ignored by both (quotainstall's DefaultIgnoredResources).
 */

const LEGACY_ALIASES: Readonly<Record<string, string>> = {
  configmaps: 'configmaps',
  resourcequotas: 'resourcequotas',
  replicationcontrollers: 'replicationcontrollers',
  secrets: 'secrets',
};

const SPECIFIC: ReadonlyMap<string, Evaluator> = new Map(
  [podEvaluator, serviceEvaluator, pvcEvaluator].map((e) => [e.groupResource, e]),
);

/** DefaultIgnoredResources: resources quota never charges. */
export const IGNORED_RESOURCES: ReadonlySet<string> = new Set(['events']);

const countEvaluators = new Map<string, Evaluator>();

/** The evaluator of a group-resource (`deployments.apps`); undefined for an ignored one. */
export function evaluatorFor(groupResource: string): Evaluator | undefined {
  if (IGNORED_RESOURCES.has(groupResource)) return undefined;
  const specific = SPECIFIC.get(groupResource);
  if (specific !== undefined) return specific;
  let e = countEvaluators.get(groupResource);
  if (e === undefined) {
    e = objectCountEvaluator(groupResource, LEGACY_ALIASES[groupResource]);
    countEvaluators.set(groupResource, e);
  }
  return e;
}

const groupResources = new Map<Kind, string>();

/** The group-resource of a typed kind (`pods`, `deployments.apps`); asked once per write, so kept. */
export function groupResourceOf(kind: Kind): string {
  let gr = groupResources.get(kind);
  if (gr === undefined) {
    const i = kindInfo(kind);
    gr = i.group === '' ? i.resource : `${i.resource}.${i.group}`;
    groupResources.set(kind, gr);
  }
  return gr;
}

/** One namespaced resource the controller can list: its evaluator and how to find it in the store. */
export interface QuotableResource {
  readonly evaluator: Evaluator;
  readonly kind: Kind | undefined;
  /** The generic store's group-kind, for kinds kubesim stores without typing. */
  readonly groupKind: string | undefined;
}

/**
 * GetQuotableResources: every namespaced resource served (typed kinds, built-in generic kinds,
 * custom resources), in a fixed order, events aside.
 */
export function quotableResources(store: Store): QuotableResource[] {
  const out: QuotableResource[] = [];
  for (const k of KINDS) {
    if (!k.namespaced) continue;
    const e = evaluatorFor(groupResourceOf(k.kind));
    if (e !== undefined) out.push({ evaluator: e, kind: k.kind, groupKind: undefined });
  }
  for (const s of servedGenericKinds(store)) {
    if (!s.namespaced) continue;
    const e = evaluatorFor(s.group === '' ? s.resource : `${s.resource}.${s.group}`);
    if (e !== undefined) out.push({ evaluator: e, kind: undefined, groupKind: s.groupKind });
  }
  return out;
}
