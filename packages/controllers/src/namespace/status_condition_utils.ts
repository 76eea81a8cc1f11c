import type { Millis, NamespaceCondition } from '@kubesim/core';

/**
 * The namespace deleter's status conditions (pkg/controller/namespace/deletion/
 * status_condition_utils.go): each failure becomes a True condition, every type it did not
 * report gets its "ok" variant, False.
 */

/** conditionTypes, in the order new conditions are appended. */
export const CONDITION_TYPES: readonly string[] = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
];

const OK: Readonly<Record<string, { reason: string; message: string }>> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: {
    reason: 'ParsedGroupVersions',
    message: 'All legacy kube types successfully parsed',
  },
  NamespaceDeletionContentFailure: {
    reason: 'ContentDeleted',
    message: 'All content successfully deleted, may be waiting on finalization',
  },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
};

/** newSuccessfulCondition: a condition of this type at False, with the reason and message of its success. */
export function newSuccessfulCondition(type: string, now: Millis): NamespaceCondition {
  const ok = OK[type] ?? { reason: '', message: '' };
  return { type, status: 'False', lastTransitionTime: now, reason: ok.reason, message: ok.message };
}

/** What deleteAllContent found left: instances per group resource, and per finalizer. */
export interface ContentTotals {
  /** `resource.group` (upstream formats gvr.Resource + "." + gvr.Group) → how many remain. */
  readonly gvrToNumRemaining: ReadonlyMap<string, number>;
  readonly finalizersToNumRemaining: ReadonlyMap<string, number>;
}

/** ProcessContentTotals: the ContentRemaining and FinalizersRemaining failures, sorted for stable updates. */
export function processContentTotals(totals: ContentTotals, now: Millis): NamespaceCondition[] {
  const out: NamespaceCondition[] = [];
  if (totals.gvrToNumRemaining.size !== 0) {
    const remaining = [...totals.gvrToNumRemaining]
      .filter(([, n]) => n !== 0)
      .map(([gr, n]) => `${gr} has ${n} resource instances`)
      .sort();
    out.push({
      type: 'NamespaceContentRemaining',
      status: 'True',
      lastTransitionTime: now,
      reason: 'SomeResourcesRemain',
      message: `Some resources are remaining: ${remaining.join(', ')}`,
    });
  }
  if (totals.finalizersToNumRemaining.size !== 0) {
    const remaining = [...totals.finalizersToNumRemaining]
      .filter(([, n]) => n !== 0)
      .map(([f, n]) => `${f} in ${n} resource instances`)
      .sort();
    out.push({
      type: 'NamespaceFinalizersRemaining',
      status: 'True',
      lastTransitionTime: now,
      reason: 'SomeFinalizerRemain',
      message: `Some finalizers are remaining: ${remaining.join(', ')}`,
    });
  }
  return out;
}

/** makeDeleteContentCondition: one condition for all the content errors, sorted. */
export function makeDeleteContentCondition(errors: readonly string[], now: Millis): NamespaceCondition | undefined {
  if (errors.length === 0) return undefined;
  const msgs = [...errors].sort();
  return {
    type: 'NamespaceDeletionContentFailure',
    status: 'True',
    lastTransitionTime: now,
    reason: 'ContentDeletionFailed',
    message: `Failed to delete all resource types, ${errors.length} remaining: ${msgs.join(', ')}`,
  };
}

/**
 * updateConditions: the conditions `current` becomes, and whether anything changed. A
 * condition keeps its lastTransitionTime unless its status flips.
 */
export function updateConditions(
  current: readonly NamespaceCondition[],
  newConditions: readonly NamespaceCondition[],
  now: Millis,
): { conditions: NamespaceCondition[]; changed: boolean } {
  const conditions = current.map((c) => ({ ...c }));
  let changed = false;
  for (const type of CONDITION_TYPES) {
    const next = newConditions.find((c) => c.type === type) ?? newSuccessfulCondition(type, now);
    const old = conditions.find((c) => c.type === type);
    if (old === undefined) {
      conditions.push(next);
      changed = true;
    } else if (old.status !== next.status || old.message !== next.message || old.reason !== next.reason) {
      if (old.status !== next.status) old.lastTransitionTime = now;
      old.status = next.status;
      if (next.reason !== undefined) old.reason = next.reason;
      if (next.message !== undefined) old.message = next.message;
      changed = true;
    }
  }
  return { conditions, changed };
}
