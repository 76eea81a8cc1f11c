import type { Millis } from '../time/duration.js';
import { labelSelectorAsSelector } from './labels.js';
import type { MetaCondition, Pod, PodDisruptionBudget, PodDisruptionBudgetStatus } from './types.js';

/**
 * policy/v1's condition names and pkg/apis/policy's pdbhelper, shared by the disruption controller and the eviction
 * subresource, plus apimachinery's meta.SetStatusCondition.
 */
export const DISRUPTION_ALLOWED_CONDITION = 'DisruptionAllowed';
/** The DisruptionAllowed reason when the controller could not compute the status (no disruption allowed). */
export const SYNC_FAILED_REASON = 'SyncFailed';
/** The DisruptionAllowed reason when at least one disruption is allowed. */
export const SUFFICIENT_PODS_REASON = 'SufficientPods';
/** The DisruptionAllowed reason when none is. */
export const INSUFFICIENT_PODS_REASON = 'InsufficientPods';

/**
 * meta.SetStatusCondition: a new condition is appended with `now` as its transition time; an
 * existing one of the type takes the new status (a change moves lastTransitionTime to now),
 * reason, message and observedGeneration. Returns a new list; the given one is not changed.
 */
export function setStatusCondition(
  conditions: readonly MetaCondition[] | undefined,
  c: Omit<MetaCondition, 'lastTransitionTime'>,
  now: Millis,
): MetaCondition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((x) => x.type === c.type);
  if (i < 0) {
    list.push({ ...c, lastTransitionTime: now });
    return list;
  }
  const old = list[i] as MetaCondition;
  list[i] = { ...old, ...c, lastTransitionTime: old.status !== c.status ? now : old.lastTransitionTime };
  return list;
}

/** pdbhelper.UpdateDisruptionAllowedCondition: SufficientPods while a disruption is allowed, else InsufficientPods. */
export function withDisruptionAllowedCondition(status: PodDisruptionBudgetStatus, now: Millis): PodDisruptionBudgetStatus {
  const allowed = status.disruptionsAllowed > 0;
  const conditions = setStatusCondition(
    status.conditions,
    {
      type: DISRUPTION_ALLOWED_CONDITION,
      status: allowed ? 'True' : 'False',
      reason: allowed ? SUFFICIENT_PODS_REASON : INSUFFICIENT_PODS_REASON,
      message: '',
      ...(status.observedGeneration !== undefined ? { observedGeneration: status.observedGeneration } : {}),
    },
    now,
  );
  return { ...status, conditions };
}

/** pdbhelper.ConditionsAreUpToDate. */
export function conditionsAreUpToDate(pdb: PodDisruptionBudget): boolean {
  const s = pdb.status;
  const cond = s?.conditions?.find((c) => c.type === DISRUPTION_ALLOWED_CONDITION);
  if (s === undefined || cond === undefined) return false;
  if ((s.observedGeneration ?? 0) !== (pdb.metadata.generation ?? 0)) return false;
  if (s.disruptionsAllowed > 0) return cond.status === 'True' && cond.reason === SUFFICIENT_PODS_REASON;
  return cond.status === 'False' && cond.reason === INSUFFICIENT_PODS_REASON;
}

/**
 * The PDBs whose selector matches a pod, in name order. A nil selector or one that does not
 * convert matches nothing. An empty selector matches every pod for the disruption
 * controller's lister (GetPodPodDisruptionBudgets: "here we let an empty selector match
 * everything") but nothing for the eviction subresource (getPodDisruptionBudgets: "it should
 * match nothing, not everything"): `emptyMatchesAll` says which.
 */
export function pdbsForPod(pdbs: readonly PodDisruptionBudget[], pod: Pod, emptyMatchesAll: boolean): PodDisruptionBudget[] {
  const out: PodDisruptionBudget[] = [];
  for (const pdb of pdbs) {
    if (pdb.metadata.namespace !== pod.metadata.namespace) continue;
    let matches = false;
    try {
      const sel = labelSelectorAsSelector(pdb.spec.selector);
      matches = (emptyMatchesAll || !sel.isEmpty) && sel.matches(pod.metadata.labels ?? {});
    } catch {
      matches = false;
    }
    if (matches) out.push(pdb);
  }
  return out;
}
