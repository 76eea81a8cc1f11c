import type { ControllerRevision, Pod, StatefulSet } from '@kubesim/core';
import type { StatefulSetSync } from './context.js';
import { getPodRevision } from './identity.js';
import { deleteStatefulPod } from './podcontrol.js';
import { isTerminating, isUnavailable } from './podstate.js';
import { getStatefulSetMaxUnavailable, type StatefulSetStatus } from './status.js';

/**
 * The RollingUpdate part of updateStatefulSet. Replicas are indexed from the start ordinal,
 * so the partition is an index: replicas 10, partition 8 → only indexes 8 and 9 update.
 */

function partitionOf(set: StatefulSet): number {
  const ru = set.spec.updateStrategy?.rollingUpdate;
  return ru === undefined ? 0 : (ru.partition ?? 0);
}

/**
 * Without MaxUnavailableStatefulSet (off by default through v1.34): from the highest index
 * down to the partition, delete the first outdated pod and stop; stop too at a pod that is
 * not available. One pod at a time; a later sync recreates it at the update revision.
 */
export function rollingUpdate(
  s: StatefulSetSync,
  set: StatefulSet,
  replicas: readonly Pod[],
  updateRevision: ControllerRevision,
  status: StatefulSetStatus,
): StatefulSetStatus {
  const updateMin = partitionOf(set);
  for (let target = replicas.length - 1; target >= updateMin; target--) {
    const pod = replicas[target] as Pod;
    if (getPodRevision(pod) !== updateRevision.metadata.name && !isTerminating(pod)) {
      deleteStatefulPod(s, set, pod);
      // Counted only once the delete has succeeded (a NotFound counts as success).
      status.beforeDelete = { ...status };
      status.currentReplicas--;
      return status;
    }
    if (isUnavailable(pod, s.minReadySeconds, s.now)) return status;
  }
  return status;
}

/**
 * updateStatefulSetAfterInvariantEstablished (with MaxUnavailableStatefulSet): count the
 * unavailable replicas; if fewer than maxUnavailable, delete up to the difference of
 * outdated, non-terminating pods from the highest index down to the partition.
 */
export function updateStatefulSetAfterInvariantEstablished(
  s: StatefulSetSync,
  set: StatefulSet,
  replicas: readonly Pod[],
  updateRevision: ControllerRevision,
  status: StatefulSetStatus,
): StatefulSetStatus {
  const ru = set.spec.updateStrategy?.rollingUpdate;
  const updateMin = partitionOf(set);
  const maxUnavailable = ru === undefined ? 1 : getStatefulSetMaxUnavailable(ru.maxUnavailable, set.spec.replicas ?? 1);
  let unavailablePods = 0;
  for (const pod of replicas) if (isUnavailable(pod, s.minReadySeconds, s.now)) unavailablePods++;
  if (unavailablePods > maxUnavailable) return status;
  const podsToDelete = maxUnavailable - unavailablePods;
  let deletedPods = 0;
  for (let target = replicas.length - 1; target >= updateMin && deletedPods < podsToDelete; target--) {
    const pod = replicas[target] as Pod;
    if (getPodRevision(pod) !== updateRevision.metadata.name && !isTerminating(pod)) {
      deleteStatefulPod(s, set, pod);
      // Upstream counts each delete once it succeeded; a failure keeps the earlier ones. Here
      // a failure of any falls back to the count before the first (gated path, off by default).
      status.beforeDelete ??= { ...status };
      deletedPods++;
      status.currentReplicas--;
    }
  }
  return status;
}
