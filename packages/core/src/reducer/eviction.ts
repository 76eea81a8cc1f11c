import { pdbsForPod, withDisruptionAllowedCondition } from '../api/pdbHelper.js';
import { isPodReady } from '../api/podStatus.js';
import type { Pod, PodDisruptionBudget } from '../api/types.js';
import type { WriteError } from '../events.js';
import { frozenInTests } from '../frozen.js';
import type { Change } from '../reducer/result.js';
import type { ClusterState } from '../state.js';
import { objectKey } from '../store/keys.js';
import { putObject } from '../store/store.js';
import type { Millis } from '../time/duration.js';

/**
 * The eviction subresource's budget check (pkg/registry/core/pod/storage/eviction.go, v1.34):
 * whether a pod may be evicted now, and the PDB status write that records it. What follows
 * (the DisruptionTarget condition and the graceful delete) is evictPod's.
 */

/** MaxDisruptedPodSize: evictions the disruption controller has not confirmed yet, at most. */
export const MAX_DISRUPTED_POD_SIZE = 2000;

const VIOLATES = "Cannot evict pod as it would violate the pod's disruption budget.";

/** createTooManyRequestsError: the PDB's status is not yet of its current generation. */
function stillProcessing(name: string): WriteError {
  return {
    reason: 'TooManyRequests',
    message: VIOLATES,
    causes: [`The disruption budget ${name} is still being processed by the server.`],
  };
}

/** errors.NewForbidden(policy.Resource("poddisruptionbudget"), name, err): the resource as upstream spells it, singular. */
function forbidden(name: string, why: string): WriteError {
  return { reason: 'Forbidden', message: `poddisruptionbudget.policy ${JSON.stringify(name)} is forbidden: ${why}` };
}

/** canIgnorePDB: a terminal or Pending pod, or one already being deleted, is deleted without a budget check. */
function canIgnorePDB(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.metadata.deletionTimestamp !== undefined;
}

/** checkAndDecrement: the PDB with one fewer disruption allowed and the pod recorded, or the error. */
function checkAndDecrement(pdb: PodDisruptionBudget, podName: string, now: Millis): PodDisruptionBudget | WriteError {
  const name = pdb.metadata.name ?? '';
  const s = pdb.status ?? { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  if ((s.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) return stillProcessing(name);
  if (s.disruptionsAllowed < 0) return forbidden(name, 'pdb disruptions allowed is negative');
  if (Object.keys(s.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
    return forbidden(name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  }
  if (s.disruptionsAllowed === 0) {
    return {
      reason: 'TooManyRequests',
      message: VIOLATES,
      causes: [`The disruption budget ${name} needs ${s.desiredHealthy} healthy pods and has ${s.currentHealthy} currently`],
    };
  }
  let status = { ...s, disruptionsAllowed: s.disruptionsAllowed - 1 };
  if (status.disruptionsAllowed === 0) status = withDisruptionAllowedCondition(status, now);
  // The eviction tells the disruption controller the pod is about to go, so it is not counted healthy.
  status = { ...status, disruptedPods: { ...(s.disruptedPods ?? {}), [podName]: now } };
  return { ...pdb, status };
}

/** What the budget check decided: refuse, or go on to delete (after the PDB write, if any). */
export type EvictionCheck = { readonly error: WriteError } | { readonly state: ClusterState; readonly changes: Change[] };

export function checkDisruptionBudget(state: ClusterState, pod: Pod, now: Millis): EvictionCheck {
  if (canIgnorePDB(pod)) return { state, changes: [] };
  const ns = pod.metadata.namespace ?? 'default';
  const all = [...state.store.objects.PodDisruptionBudget.valuesWithPrefix(`${ns}/`)];
  const pdbs = pdbsForPod(all, pod, false);
  if (pdbs.length > 1) {
    // Returned as a Failure Status with code 500.
    return {
      error: {
        reason: 'InternalError',
        message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      },
    };
  }
  const pdb = pdbs[0];
  if (pdb === undefined) return { state, changes: [] };
  if (!isPodReady(pod)) {
    // An unhealthy pod does not count towards currentHealthy: deleted without a decrement when
    // the policy is AlwaysAllow, or (IfHealthyBudget, the default) while the budget is met.
    if (pdb.spec.unhealthyPodEvictionPolicy === 'AlwaysAllow') return { state, changes: [] };
    const s = pdb.status;
    if (s !== undefined && s.currentHealthy >= s.desiredHealthy && s.desiredHealthy > 0) return { state, changes: [] };
  }
  const next = checkAndDecrement(pdb, pod.metadata.name ?? '', now);
  if ('reason' in next) return { error: next };
  const rv = state.store.resourceVersion + 1;
  const stored = frozenInTests({ ...next, metadata: { ...next.metadata, resourceVersion: String(rv) } });
  const key = objectKey(ns, pdb.metadata.name ?? '');
  return {
    state: { ...state, store: putObject(state.store, stored, rv) },
    changes: [{ kind: 'PodDisruptionBudget', key, old: pdb, new: stored }],
  };
}
