import { addQuantity } from '../api/resourceHelper.js';
import type { ResourceQuota, ScopedResourceSelectorRequirement } from '../api/types.js';
import type { Millis } from '../time/duration.js';
import { count, intersection, type ResourceQuantities, ZERO } from './resources.js';

/** The object under evaluation: any stored object (typed or generic). */
export type QuotaObject = { readonly metadata?: { readonly namespace?: string } } & object;

/**
 * The quota system's evaluator (k8s.io/apiserver/pkg/quota/v1 Evaluator and its generic
 * object-count implementation): for one group-resource, which quota resource names it
 * measures, which admission operations it charges, what an object uses, and which scopes an
 * object matches. The admission plugin and the resource quota controller share them.
 */
export interface Evaluator {
  /** `pods`, `services`, `deployments.apps`: the resource and its group. */
  readonly groupResource: string;
  /** MatchingResources: the names of `input` this evaluator measures. */
  matchingResources(input: readonly string[]): string[];
  /** Handles: whether the write can change usage (a create; some updates: the objects say which). */
  handles(operation: 'create' | 'update', obj?: QuotaObject, old?: QuotaObject): boolean;
  /** Constraints: why the object may not be admitted under a quota of these resources, if it may not. */
  constraints(required: readonly string[], obj: QuotaObject): string | undefined;
  /** The scope function: whether the object matches a scope selector (an Error for a bad selector). */
  matchesScope(selector: ScopedResourceSelectorRequirement, obj: QuotaObject): boolean | Error;
  /** Usage: what the object uses, at `now` (a pod stuck terminating stops being charged). */
  usage(obj: QuotaObject, now: Millis): ResourceQuantities;
}

/** getScopeSelectorsFromQuota: spec.scopes as Exists selectors, then the scope selector's expressions. */
export function scopeSelectorsOf(quota: ResourceQuota): ScopedResourceSelectorRequirement[] {
  const out: ScopedResourceSelectorRequirement[] = (quota.spec?.scopes ?? []).map((s) => ({ scopeName: s, operator: 'Exists' }));
  out.push(...(quota.spec?.scopeSelector?.matchExpressions ?? []));
  return out;
}

/** The names of a quota's status.hard (what admission enforces). */
export function hardNames(quota: ResourceQuota): string[] {
  return Object.keys(quota.status?.hard ?? {});
}

/**
 * generic.Matches: the quota limits at least one resource the evaluator measures and the
 * object matches every scope of the quota.
 */
export function matches(e: Evaluator, quota: ResourceQuota, obj: QuotaObject): boolean | Error {
  const matchResource = e.matchingResources(hardNames(quota)).length > 0;
  let matchScope = true;
  for (const s of scopeSelectorsOf(quota)) {
    const m = e.matchesScope(s, obj);
    if (m instanceof Error) return m;
    matchScope = matchScope && m;
  }
  return matchResource && matchScope;
}

/** MatchingScopes: the selectors the object matches. */
export function matchingScopes(
  e: Evaluator,
  obj: QuotaObject,
  selectors: readonly ScopedResourceSelectorRequirement[],
): ScopedResourceSelectorRequirement[] | Error {
  const out: ScopedResourceSelectorRequirement[] = [];
  for (const s of selectors) {
    const m = e.matchesScope(s, obj);
    // Go's %v of the requirement: {PriorityClass In [a b]}.
    if (m instanceof Error)
      return new Error(`error on matching scope {${s.scopeName} ${s.operator} [${(s.values ?? []).join(' ')}]}: ${m.message}`);
    if (m) out.push(s);
  }
  return out;
}

/** What CalculateUsageStats needs to know of one quota. */
export interface UsageStatsOptions {
  readonly scopes: readonly string[];
  readonly scopeSelector: readonly ScopedResourceSelectorRequirement[] | undefined;
  readonly resources: readonly string[];
}

/**
 * generic.CalculateUsageStats: every tracked resource starts at zero, then each object that
 * matches the quota's scopes adds its usage. spec.scopes are tried as Exists selectors (k/k
 * PR #117677: without an operator a PriorityClass scope always failed); a scope function error
 * ends the sum early with what it has (upstream returns the partial result without an error).
 */
export function calculateUsageStats(
  e: Evaluator,
  options: UsageStatsOptions,
  objects: Iterable<QuotaObject>,
  now: Millis,
): ResourceQuantities {
  // A recalculation visits every object of the namespace, and pods of one template share one
  // usage list (pods.ts caches it per spec): lists are counted, then each added once, scaled, in
  // order of first appearance. That gives the sum and the formats adding them one by one gives
  // (a total takes the format of the first non-zero value added to it).
  const seen = new Map<ResourceQuantities, number>();
  const sum = (): ResourceQuantities => {
    const used = new Map(options.resources.map((r) => [r, ZERO]));
    for (const [usage, n] of seen) {
      for (const [k, q] of usage) {
        const scaled = n === 1 ? q : { nanos: q.nanos * BigInt(n), format: q.format };
        const mine = used.get(k);
        used.set(k, mine === undefined ? scaled : addQuantity(mine, scaled));
      }
    }
    return used;
  };
  for (const obj of objects) {
    let matchesScopes = true;
    for (const scope of options.scopes) {
      const m = e.matchesScope({ scopeName: scope, operator: 'Exists' }, obj);
      if (m instanceof Error) return sum();
      if (!m) matchesScopes = false;
    }
    for (const selector of options.scopeSelector ?? []) {
      const m = e.matchesScope(selector, obj);
      if (m instanceof Error) return sum();
      matchesScopes = matchesScopes && m;
    }
    if (!matchesScopes) continue;
    const usage = e.usage(obj, now);
    seen.set(usage, (seen.get(usage) ?? 0) + 1);
  }
  return sum();
}

/** generic.ObjectCountQuotaResourceNameFor: `count/<resource>` or `count/<resource>.<group>`. */
export function objectCountName(groupResource: string): string {
  return `count/${groupResource}`;
}

/**
 * generic.NewObjectCountEvaluator: one of each object, charged on create, under `count/<gr>`
 * and (for a few core kinds) the legacy alias (`configmaps`, `secrets`, ...). It matches no
 * scope, so a quota with scopes never counts objects.
 */
export function objectCountEvaluator(groupResource: string, alias?: string): Evaluator {
  const names = alias === undefined ? [objectCountName(groupResource)] : [objectCountName(groupResource), alias];
  const nameSet = new Set(names);
  const one: ResourceQuantities = new Map(names.map((n) => [n, count(1)]));
  return {
    groupResource,
    matchingResources: (input) => intersection(input, nameSet),
    handles: (op) => op === 'create',
    constraints: () => undefined,
    matchesScope: () => false,
    usage: () => one,
  };
}
