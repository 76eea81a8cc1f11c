import type { ResourceQuota } from '../api/types.js';
import type { Millis } from '../time/duration.js';
import { calculateUsageStats, type QuotaObject } from './evaluator.js';
import type { QuotableResource } from './registry.js';
import { add, intersection, mask, type ResourceQuantities } from './resources.js';

/**
 * quota.CalculateUsage (k8s.io/apiserver/pkg/quota/v1): the namespace's usage of each resource
 * a quota limits that some evaluator measures, summed over the objects that match the quota's
 * scopes. A resource no evaluator measures is left out, so its usage is never reported.
 */
export function calculateUsage(
  quota: ResourceQuota,
  hardNames: readonly string[],
  resources: readonly QuotableResource[],
  list: (r: QuotableResource) => Iterable<QuotaObject>,
  now: Millis,
): ResourceQuantities {
  // What each evaluator measures of the hard names is all of what it measures of `matched`
  // (those names are in it), so it is asked once.
  const measured = resources.map((r) => r.evaluator.matchingResources(hardNames));
  const potential = new Set<string>(measured.flat());
  const matched = intersection(hardNames, potential);
  let used: ResourceQuantities = new Map();
  resources.forEach((r, i) => {
    const tracked = measured[i] as string[];
    if (tracked.length === 0) return;
    const stats = calculateUsageStats(
      r.evaluator,
      { scopes: quota.spec?.scopes ?? [], scopeSelector: quota.spec?.scopeSelector?.matchExpressions, resources: tracked },
      list(r),
      now,
    );
    used = add(used, stats);
  });
  return mask(used, matched);
}
