import type { ReplicaSet } from '@kubesim/core';
import type { DeploymentSync } from './context.js';
import { syncRolloutStatus } from './progress.js';
import {
  cleanupDeployment,
  deploymentComplete,
  getAllReplicaSetsAndSyncRevision,
  scaleReplicaSetAndRecordEvent,
} from './sync.js';
import {
  byCreationTimestamp,
  filterActiveReplicaSets,
  getAvailableReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  maxUnavailable,
  newRSNewReplicas,
  replicasOf,
} from './util.js';

/** pkg/controller/deployment/rolling.go. Each sync does one kind of scaling, then writes status. */

/** reconcileNewReplicaSet: grow the new set by what maxSurge allows (or shrink it to replicas). */
export function reconcileNewReplicaSet(s: DeploymentSync, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): boolean {
  const d = s.d;
  const current = newRS.spec.replicas ?? 0;
  if (current === replicasOf(d)) return false;
  if (current > replicasOf(d)) return scaleReplicaSetAndRecordEvent(s, newRS, replicasOf(d))[0];
  const newReplicasCount = newRSNewReplicas(d, allRSs, newRS);
  return scaleReplicaSetAndRecordEvent(s, newRS, newReplicasCount)[0];
}

/**
 * cleanupUnhealthyReplicas: scale old sets down by their unavailable replicas, oldest first,
 * up to maxCleanupCount (the ReplicaSet controller then deletes the unready pods first).
 * undefined is upstream's error: a set with more available replicas than it asks for (its
 * status behind a scale-down) would be "scaled down" to a larger size, so the cleanup stops
 * there ("got invalid request to scale down"); the sets already scaled stay scaled.
 */
export function cleanupUnhealthyReplicas(
  s: DeploymentSync,
  oldRSs: readonly ReplicaSet[],
  maxCleanupCount: number,
): [ReplicaSet[], number] | undefined {
  const out = [...oldRSs].sort(byCreationTimestamp);
  let totalScaledDown = 0;
  for (const [i, rs] of out.entries()) {
    if (totalScaledDown >= maxCleanupCount) break;
    const spec = rs.spec.replicas ?? 0;
    const available = rs.status?.availableReplicas ?? 0;
    if (spec === 0 || spec === available) continue;
    const scaledDownCount = Math.min(maxCleanupCount - totalScaledDown, spec - available);
    const newReplicasCount = spec - scaledDownCount;
    if (newReplicasCount > spec) return undefined;
    const [, updated] = scaleReplicaSetAndRecordEvent(s, rs, newReplicasCount);
    totalScaledDown += scaledDownCount;
    out[i] = updated;
  }
  return [out, totalScaledDown];
}

/**
 * scaleDownOldReplicaSetsForRollingUpdate: what is available beyond minAvailable may go,
 * oldest old set first.
 */
export function scaleDownOldReplicaSetsForRollingUpdate(
  s: DeploymentSync,
  allRSs: readonly ReplicaSet[],
  oldRSs: readonly ReplicaSet[],
): number {
  const d = s.d;
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const availablePodCount = getAvailableReplicaCountForReplicaSets(allRSs);
  if (availablePodCount <= minAvailable) return 0;
  const totalScaleDownCount = availablePodCount - minAvailable;
  let totalScaledDown = 0;
  for (const rs of [...oldRSs].sort(byCreationTimestamp)) {
    if (totalScaledDown >= totalScaleDownCount) break;
    const spec = rs.spec.replicas ?? 0;
    if (spec === 0) continue;
    const scaleDownCount = Math.min(spec, totalScaleDownCount - totalScaledDown);
    scaleReplicaSetAndRecordEvent(s, rs, spec - scaleDownCount);
    totalScaledDown += scaleDownCount;
  }
  return totalScaledDown;
}

/**
 * reconcileOldReplicaSets: maxScaledDown = allPods − minAvailable − newRSUnavailable (10
 * replicas, maxUnavailable 2, maxSurge 3, a new set of 5 crash-looping: 13 − 8 − 5 = 0, so no
 * old set shrinks); first the unhealthy old replicas, then what availability allows.
 */
export function reconcileOldReplicaSets(
  s: DeploymentSync,
  allRSs: readonly ReplicaSet[],
  oldRSs: readonly ReplicaSet[],
  newRS: ReplicaSet,
): boolean {
  const d = s.d;
  const oldPodsCount = getReplicaCountForReplicaSets(oldRSs);
  if (oldPodsCount === 0) return false;
  const allPodsCount = getReplicaCountForReplicaSets(allRSs);
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newRSUnavailablePodCount = (newRS.spec.replicas ?? 0) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPodsCount - minAvailable - newRSUnavailablePodCount;
  if (maxScaledDown <= 0) return false;
  const cleanup = cleanupUnhealthyReplicas(s, oldRSs, maxScaledDown);
  // Upstream returns (false, nil) on the cleanup's error: nothing more this sync.
  if (cleanup === undefined) return false;
  const [cleaned, cleanupCount] = cleanup;
  const all = [...cleaned, newRS];
  const scaledDownCount = scaleDownOldReplicaSetsForRollingUpdate(s, all, cleaned);
  return cleanupCount + scaledDownCount > 0;
}

/** rolloutRolling. */
export function rolloutRolling(s: DeploymentSync, rsList: readonly ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, true);
  const latest = (): [ReplicaSet[], ReplicaSet | undefined] => {
    const olds = oldRSs.map((rs) => s.latest(rs));
    const current = newRS === undefined ? undefined : s.latest(newRS);
    return [olds, current];
  };
  if (newRS === undefined) {
    // A hash collision: the next sync tries again with the new collision count.
    const [olds] = latest();
    syncRolloutStatus(s, olds, undefined);
    return;
  }
  let [olds, current] = latest();
  if (reconcileNewReplicaSet(s, [...olds, current as ReplicaSet], current as ReplicaSet)) {
    [olds, current] = latest();
    syncRolloutStatus(s, [...olds, current as ReplicaSet], current);
    return;
  }
  if (reconcileOldReplicaSets(s, [...olds, current as ReplicaSet], filterActiveReplicaSets(olds), current as ReplicaSet)) {
    [olds, current] = latest();
    syncRolloutStatus(s, [...olds, current as ReplicaSet], current);
    return;
  }
  if (storedStatusComplete(s)) cleanupDeployment(s, olds);
  syncRolloutStatus(s, [...olds, current as ReplicaSet], current);
}

/** DeploymentComplete over the status stored before this sync. */
function storedStatusComplete(s: DeploymentSync): boolean {
  return s.d.status !== undefined && deploymentComplete(s.d, s.d.status);
}
