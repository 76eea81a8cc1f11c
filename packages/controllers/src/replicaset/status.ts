import {
  deepEqual,
  isPodAvailable,
  isPodReady,
  labelsContain,
  type Millis,
  type Pod,
  type ReplicaSetCondition,
  type ReplicaSetStatus,
} from '@kubesim/core';
import type { Replicated } from './workload.js';

/** What manageReplicas ran into this sync, for the ReplicaFailure condition. */
export interface ManageError {
  readonly reason: 'FailedCreate' | 'FailedDelete';
  readonly message: string;
}

/**
 * calculateStatus (replica_set_utils.go): replicas are the claimed active pods; fully
 * labeled, ready and available (Ready for minReadySeconds) are counted among them. A failed
 * create or delete adds ReplicaFailure (kept as it is while failures go on); a clean sync
 * removes it.
 */
export function calculateStatus(
  rs: Replicated,
  pods: readonly Pod[],
  manageError: ManageError | undefined,
  now: Millis,
): ReplicaSetStatus {
  const templateLabels = rs.template?.metadata?.labels;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (labelsContain(pod.metadata.labels, templateLabels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, rs.minReadySeconds, now)) available++;
    }
  }
  const previous = rs.status?.conditions ?? [];
  const failure = previous.find((c) => c.type === 'ReplicaFailure');
  // SetCondition appends a new failure; RemoveCondition drops it after a clean sync; a failure
  // that goes on leaves the list as it was, in place (moving it would look like a status change).
  let conditions: readonly ReplicaSetCondition[] = previous;
  if (manageError !== undefined && failure === undefined) {
    const { reason, message } = manageError;
    conditions = [...previous, { type: 'ReplicaFailure', status: 'True', lastTransitionTime: now, reason, message }];
  } else if (manageError === undefined && failure !== undefined) {
    conditions = previous.filter((c) => c.type !== 'ReplicaFailure');
  }
  const status: ReplicaSetStatus = {
    replicas: pods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    ...(rs.object.metadata.generation !== undefined ? { observedGeneration: rs.object.metadata.generation } : {}),
  };
  if (conditions.length > 0) status.conditions = [...conditions];
  return status;
}

/** updateReplicaSetStatus skips the write when the counts and conditions are unchanged and the generation observed. */
export function statusChanged(rs: Replicated, next: ReplicaSetStatus): boolean {
  const s = rs.status;
  if (s === undefined) return true;
  return (
    s.replicas !== next.replicas ||
    (s.fullyLabeledReplicas ?? 0) !== next.fullyLabeledReplicas ||
    (s.readyReplicas ?? 0) !== next.readyReplicas ||
    (s.availableReplicas ?? 0) !== next.availableReplicas ||
    rs.object.metadata.generation !== s.observedGeneration ||
    !deepEqual(s.conditions ?? [], next.conditions ?? [])
  );
}
