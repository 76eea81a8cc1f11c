import type { SuccessPolicy } from '@kubesim/core';
import { type OrderedIntervals, parseIndexesFromString, total } from './indexedJobUtils.js';

/**
 * success_policy.go: an Indexed Job meets its successPolicy when any rule does — all of its
 * succeededIndexes succeeded, or succeededCount of them, or (a rule with only a count) that
 * many indexes in all. The message names the first rule met.
 */
export function matchSuccessPolicy(
  successPolicy: SuccessPolicy | undefined,
  completions: number,
  succeededIndexes: OrderedIntervals,
): { message: string; met: boolean } {
  if (successPolicy === undefined || succeededIndexes.length === 0) return { message: '', met: false };
  for (const [index, rule] of (successPolicy.rules ?? []).entries()) {
    if (rule.succeededIndexes !== undefined) {
      const required = parseIndexesFromString(rule.succeededIndexes, completions);
      // A rule whose indexes do not parse is skipped.
      if (required.length === 0) continue;
      if (matchSucceededIndexesRule(required, succeededIndexes, rule.succeededCount)) {
        return { message: `Matched rules at index ${index}`, met: true };
      }
    } else if (rule.succeededCount !== undefined && total(succeededIndexes) >= rule.succeededCount) {
      return { message: `Matched rules at index ${index}`, met: true };
    }
  }
  return { message: '', met: false };
}

/** How many of the rule's indexes succeeded, walking both ordered lists once. */
export function matchSucceededIndexesRule(
  ruleIndexes: OrderedIntervals,
  succeededIndexes: OrderedIntervals,
  succeededCount: number | undefined,
): boolean {
  let contains = 0;
  let s = 0;
  let r = 0;
  while (r < ruleIndexes.length && s < succeededIndexes.length) {
    const ri = ruleIndexes[r] as OrderedIntervals[number];
    const si = succeededIndexes[s] as OrderedIntervals[number];
    const overlap = Math.min(ri.last, si.last) - Math.max(ri.first, si.first) + 1;
    if (overlap > 0) contains += overlap;
    if (si.last < ri.last) s++;
    else if (si.last > ri.last) r++;
    else {
      s++;
      r++;
    }
  }
  return contains === total(ruleIndexes) || (succeededCount !== undefined && contains >= succeededCount);
}
