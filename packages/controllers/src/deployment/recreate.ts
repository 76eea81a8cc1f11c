import type { Pod, ReplicaSet } from '@kubesim/core';
import type { DeploymentSync } from './context.js';
import { syncRolloutStatus } from './progress.js';
import {
  cleanupDeployment,
  deploymentComplete,
  getAllReplicaSetsAndSyncRevision,
  scaleReplicaSetAndRecordEvent,
} from './sync.js';
import { filterActiveReplicaSets, replicasOf } from './util.js';

/**
 * pkg/controller/deployment/recreate.go: scale every old set to 0, wait until no old pod is
 * left running (terminating ones included), then create the new set at full size.
 */

/** oldPodsRunning: an old set still counts pods, or one of its pods has not finished. */
export function oldPodsRunning(
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
  podMap: ReadonlyMap<string, readonly Pod[]>,
): boolean {
  if (oldRSs.some((rs) => (rs.status?.replicas ?? 0) > 0)) return true;
  for (const [uid, pods] of podMap) {
    if (newRS !== undefined && newRS.metadata.uid === uid) continue;
    for (const pod of pods) {
      const phase = pod.status?.phase;
      if (phase !== 'Failed' && phase !== 'Succeeded') return true;
    }
  }
  return false;
}

export function rolloutRecreate(
  s: DeploymentSync,
  rsList: readonly ReplicaSet[],
  podMap: ReadonlyMap<string, readonly Pod[]>,
): void {
  const first = getAllReplicaSetsAndSyncRevision(s, rsList, false);
  const olds = (): ReplicaSet[] => first.oldRSs.map((rs) => s.latest(rs));
  const all = (newRS: ReplicaSet | undefined): ReplicaSet[] => (newRS === undefined ? olds() : [...olds(), s.latest(newRS)]);
  let scaledDown = false;
  for (const rs of filterActiveReplicaSets(olds())) {
    if (scaleReplicaSetAndRecordEvent(s, rs, 0)[0]) scaledDown = true;
  }
  if (scaledDown) {
    syncRolloutStatus(s, all(first.newRS), first.newRS === undefined ? undefined : s.latest(first.newRS));
    return;
  }
  if (oldPodsRunning(first.newRS, olds(), podMap)) {
    syncRolloutStatus(s, all(first.newRS), first.newRS === undefined ? undefined : s.latest(first.newRS));
    return;
  }
  let newRS = first.newRS;
  if (newRS === undefined) newRS = getAllReplicaSetsAndSyncRevision(s, rsList, true).newRS;
  if (newRS !== undefined) scaleReplicaSetAndRecordEvent(s, s.latest(newRS), replicasOf(s.d));
  if (s.d.status !== undefined && deploymentComplete(s.d, s.d.status)) cleanupDeployment(s, olds());
  syncRolloutStatus(s, all(newRS), newRS === undefined ? undefined : s.latest(newRS));
}
