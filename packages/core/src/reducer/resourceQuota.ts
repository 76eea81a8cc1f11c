import type { ResourceQuota } from '../api/types.js';
import type { WriteError } from '../events.js';
import { frozenInTests } from '../frozen.js';
import { hardNames, matches, matchingScopes, type QuotaObject, scopeSelectorsOf } from '../quota/evaluator.js';
import { evaluatorFor } from '../quota/registry.js';
import {
  add,
  equals,
  exceeded,
  formatList,
  mask,
  negativeNames,
  parseList,
  prettyPrint,
  type ResourceQuantities,
  removeZeros,
  subtractNonNegative,
} from '../quota/resources.js';
import type { ClusterState } from '../state.js';
import { objectKey } from '../store/keys.js';
import { putObject, type Store } from '../store/store.js';
import type { Millis } from '../time/duration.js';
import type { Change } from './result.js';

/**
 * The ResourceQuota admission plugin (k8s.io/apiserver/pkg/admission/plugin/resourcequota,
 * v1.34): the last validating plugin. A write whose resource a quota of its namespace limits
 * is checked against every matching quota's status (hard and used); if it fits, the quotas'
 * status.used is raised by what it uses, written before the object is stored. Usage goes down
 * only when the resource quota controller recalculates it.
 *
 * Differences, on purpose: one request at a time, read from the store (upstream batches a
 * namespace's requests and reads its own cache, retrying conflicts); quotas are visited in name
 * order (upstream: the lister's); the LimitedResources configuration is empty, as kube-apiserver
 * ships it; a create that then fails as AlreadyExists is not charged (upstream charges it until
 * the controller's next full recalculation).
 */

/** What the write is: its operation, resource, namespace and name, the object and (on update) the stored one. */
export interface QuotaAttributes {
  readonly operation: 'create' | 'update';
  readonly groupResource: string;
  readonly namespace: string;
  readonly name: string;
  readonly object: QuotaObject;
  readonly old?: QuotaObject;
}

/** The quotas to write back (with their new usage), or why the write is refused. */
export type QuotaCheck = { readonly error: WriteError } | { readonly quotas: readonly ResourceQuota[] };

const ADMIT: QuotaCheck = { quotas: [] };

/** The namespace's quotas, in name order. */
export function quotasIn(store: Store, namespace: string): ResourceQuota[] {
  return store.objects.ResourceQuota.valuesWithPrefix(`${namespace}/`);
}

function forbidden(a: QuotaAttributes, message: string): QuotaCheck {
  return { error: { reason: 'Forbidden', message: `${a.groupResource} ${JSON.stringify(a.name)} is forbidden: ${message}` } };
}

function internal(message: string): QuotaCheck {
  return { error: { reason: 'InternalError', message: `Internal error occurred: ${message}` } };
}

function resourceVersionOf(obj: QuotaObject): string | undefined {
  return (obj.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
}

/** hasUsageStats: every limited resource the write touches has a usage figure. */
export function hasUsageStats(quota: ResourceQuota, interesting: readonly string[]): boolean {
  const used = quota.status?.used ?? {};
  return hardNames(quota).every((r) => !interesting.includes(r) || used[r] !== undefined);
}

/** checkRequest (CheckRequest): whether the write fits every quota that applies, and their new usage. */
export function checkQuotaRequest(store: Store, a: QuotaAttributes, now: Millis): QuotaCheck {
  const e = evaluatorFor(a.groupResource);
  if (e === undefined || !e.handles(a.operation, a.object, a.old)) return ADMIT;
  const quotas = quotasIn(store, a.namespace);
  if (quotas.length === 0) return ADMIT;
  const interesting: number[] = [];
  for (let i = 0; i < quotas.length; i++) {
    const quota = quotas[i] as ResourceQuota;
    const scoped = matchingScopes(e, a.object, scopeSelectorsOf(quota));
    if (scoped instanceof Error) return internal(`error matching scopes of quota ${quota.metadata.name}, err: ${scoped.message}`);
    const match = matches(e, quota, a.object);
    if (match instanceof Error) return internal(match.message);
    if (!match) continue;
    const restricted = e.matchingResources(hardNames(quota));
    const unmet = e.constraints(restricted, a.object);
    if (unmet !== undefined) return forbidden(a, `failed quota: ${quota.metadata.name}: ${unmet}`);
    if (!hasUsageStats(quota, restricted)) {
      return forbidden(a, `status unknown for quota: ${quota.metadata.name}, resources: ${[...restricted].sort().join(',')}`);
    }
    interesting.push(i);
  }
  const inputUsage = e.usage(a.object, now);
  const negative = negativeNames(inputUsage);
  if (negative.length > 0) return forbidden(a, `quota usage is negative for resource(s): ${negative.sort().join(',')}`);
  // Each quota is charged its own delta: the whole usage, or on an update the growth, for the
  // quotas the old object matched too (one it did not match takes the whole usage: the object
  // moved into its scope).
  const delta = new Map<number, ResourceQuantities>(interesting.map((i) => [i, inputUsage]));
  if (a.operation === 'update') {
    if (a.old === undefined) return forbidden(a, 'unable to get previous usage since prior version of object was not found');
    // Only an old object with a resourceVersion is known to exist: otherwise the update
    // creates the object and is charged in full ("create on update").
    if (resourceVersionOf(a.old)) {
      const growth = subtractNonNegative(inputUsage, e.usage(a.old, now));
      for (const i of interesting) {
        const wasMatched = matches(e, quotas[i] as ResourceQuota, a.old);
        if (wasMatched instanceof Error) return internal(wasMatched.message);
        if (wasMatched) delta.set(i, growth);
      }
    }
  }
  // RemoveZeros: what a write does not change needs no room (a ClusterIP Service under a
  // quota whose node ports are over the limit is admitted).
  for (const [i, d] of delta) {
    const nonZero = removeZeros(d);
    if (nonZero.size === 0) delta.delete(i);
    else delta.set(i, nonZero);
  }
  if (delta.size === 0) return ADMIT;
  const changed: ResourceQuota[] = [];
  for (const i of interesting) {
    const d = delta.get(i);
    if (d === undefined) continue;
    const quota = quotas[i] as ResourceQuota;
    const hard = parseList(quota.status?.hard);
    const used = parseList(quota.status?.used);
    const requested = mask(d, hard.keys());
    const newUsage = add(used, requested);
    const over = exceeded(mask(newUsage, requested.keys()), hard);
    if (over.length > 0) {
      return forbidden(
        a,
        `exceeded quota: ${quota.metadata.name}, requested: ${prettyPrint(mask(requested, over))}, used: ${prettyPrint(mask(used, over))}, limited: ${prettyPrint(mask(hard, over))}`,
      );
    }
    if (!equals(newUsage, used)) changed.push({ ...quota, status: { ...quota.status, used: formatList(newUsage) } });
  }
  return { quotas: changed };
}

/**
 * The plugin's UpdateQuotaStatus calls, applied before the object is stored: each quota gets
 * the next resource versions, so the write that was charged comes after its quotas.
 */
export function writeQuotaStatus(
  state: ClusterState,
  quotas: readonly ResourceQuota[],
): { readonly state: ClusterState; readonly changes: Change[] } {
  let store = state.store;
  const changes: Change[] = [];
  for (const q of quotas) {
    const rv = store.resourceVersion + 1;
    const key = objectKey(q.metadata.namespace ?? 'default', q.metadata.name ?? '');
    const old = store.objects.ResourceQuota.get(key);
    const stored = frozenInTests({ ...q, metadata: { ...q.metadata, resourceVersion: String(rv) } });
    store = putObject(store, stored, rv);
    changes.push({ kind: 'ResourceQuota', key, ...(old !== undefined ? { old } : {}), new: stored });
  }
  return { state: quotas.length === 0 ? state : { ...state, store }, changes };
}
