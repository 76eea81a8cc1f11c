import {
  type ControllerRevision,
  getScaledValueFromIntOrPercent,
  type IntOrString,
  type Millis,
  type Pod,
  type StatefulSet,
} from '@kubesim/core';
import { getPodRevision } from './identity.js';
import { isCreated, isRunningAndAvailable, isRunningAndReady, isTerminating } from './podstate.js';

/** StatefulSetStatus as the controller computes it (stateful_set_control.go, stateful_set_utils.go). */
export interface StatefulSetStatus {
  observedGeneration: number;
  replicas: number;
  readyReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  availableReplicas: number;
  currentRevision: string;
  updateRevision: string;
  collisionCount: number;
  /**
   * The status as it was before the rolling update counted a pod delete it had not seen
   * succeed: what upstream's sync returns when that delete fails (it returns before
   * decrementing currentReplicas).
   */
  beforeDelete?: StatefulSetStatus;
}

/** The replica counts of a StatefulSet's status, as its pods add up. */
export interface ReplicaStatus {
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
}

/**
 * computeReplicaStatus: created pods (terminating ones too); Running and Ready; of those the
 * available; and, among created pods not terminating, those at each revision.
 */
export function computeReplicaStatus(
  pods: readonly Pod[],
  minReadySeconds: number,
  currentRevision: ControllerRevision,
  updateRevision: ControllerRevision,
  now: Millis,
): ReplicaStatus {
  const s: ReplicaStatus = { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 };
  for (const pod of pods) {
    const created = isCreated(pod);
    if (created) s.replicas++;
    if (isRunningAndReady(pod)) {
      s.readyReplicas++;
      if (isRunningAndAvailable(pod, minReadySeconds, now)) s.availableReplicas++;
    }
    if (created && !isTerminating(pod)) {
      const revision = getPodRevision(pod);
      if (revision === currentRevision.metadata.name) s.currentReplicas++;
      if (revision === updateRevision.metadata.name) s.updatedReplicas++;
    }
  }
  return s;
}

/** updateStatus: recounts the replica fields over the given lists. */
export function updateStatus(
  status: StatefulSetStatus,
  minReadySeconds: number,
  currentRevision: ControllerRevision,
  updateRevision: ControllerRevision,
  now: Millis,
  ...podLists: readonly (readonly Pod[])[]
): void {
  status.replicas = 0;
  status.readyReplicas = 0;
  status.availableReplicas = 0;
  status.currentReplicas = 0;
  status.updatedReplicas = 0;
  for (const list of podLists) {
    const r = computeReplicaStatus(list, minReadySeconds, currentRevision, updateRevision, now);
    status.replicas += r.replicas;
    status.readyReplicas += r.readyReplicas;
    status.availableReplicas += r.availableReplicas;
    status.currentReplicas += r.currentReplicas;
    status.updatedReplicas += r.updatedReplicas;
  }
}

/** inconsistentStatus: a newer generation, or any counted field or revision differs. */
export function inconsistentStatus(set: StatefulSet, status: StatefulSetStatus): boolean {
  const s = set.status;
  return (
    status.observedGeneration > (s?.observedGeneration ?? 0) ||
    status.replicas !== (s?.replicas ?? 0) ||
    status.currentReplicas !== (s?.currentReplicas ?? 0) ||
    status.readyReplicas !== (s?.readyReplicas ?? 0) ||
    status.updatedReplicas !== (s?.updatedReplicas ?? 0) ||
    status.currentRevision !== (s?.currentRevision ?? '') ||
    status.availableReplicas !== (s?.availableReplicas ?? 0) ||
    status.updateRevision !== (s?.updateRevision ?? '')
  );
}

/**
 * completeRollingUpdate: once every wanted replica exists, is updated and ready, the update
 * revision becomes the current one. With a partition above 0 this never happens.
 */
export function completeRollingUpdate(set: StatefulSet, status: StatefulSetStatus): void {
  const replicas = set.spec.replicas ?? 1;
  if (
    (set.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' &&
    status.updatedReplicas === replicas &&
    status.readyReplicas === replicas &&
    status.replicas === replicas
  ) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
}

/**
 * getStatefulSetMaxUnavailable: an int, or a percent of the replicas rounded down; nil is 1,
 * and anything below 1 becomes 1 (20% of 10 → 2, 10% of 5 → 1).
 */
export function getStatefulSetMaxUnavailable(maxUnavailable: IntOrString | undefined, replicaCount: number): number {
  const n = getScaledValueFromIntOrPercent(maxUnavailable ?? 1, replicaCount, false);
  return Math.max(n, 1);
}
