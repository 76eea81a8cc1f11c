import { type Deployment, deepEqual, type Millis, type ReplicaSet } from '@kubesim/core';
import type { DeploymentSync } from './context.js';
import { calculateStatus, type DeploymentStatus } from './status.js';
import {
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getDeploymentCondition,
  hasProgressDeadline,
  newDeploymentCondition,
  Reason,
  removeDeploymentCondition,
  setDeploymentCondition,
} from './util.js';

/** pkg/controller/deployment/progress.go: the Progressing condition and the progress deadline. */

/**
 * syncRolloutStatus: status, then Progressing — NewReplicaSetAvailable once complete,
 * ReplicaSetUpdated while it moves (always with a fresh lastUpdateTime, which restarts the
 * deadline), ProgressDeadlineExceeded when it has not moved for progressDeadlineSeconds —
 * and ReplicaFailure copied from the sets. A status that changed is written (the write
 * brings the deployment back through its own watch); only an unchanged one is requeued for
 * the deadline, as upstream's `if reflect.DeepEqual(d.Status, newStatus)` does.
 */
export function syncRolloutStatus(s: DeploymentSync, allRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined): void {
  const d = s.d;
  let newStatus: DeploymentStatus = calculateStatus(allRSs, newRS, d, s.now);
  if (!hasProgressDeadline(d)) newStatus = removeDeploymentCondition(newStatus, 'Progressing');
  const currentCond = getDeploymentCondition(d.status, 'Progressing');
  const isCompleteDeployment =
    (newStatus.replicas ?? 0) === (newStatus.updatedReplicas ?? 0) && currentCond?.reason === Reason.NewReplicaSetAvailable;
  if (hasProgressDeadline(d) && !isCompleteDeployment) {
    const rsName = newRS === undefined ? undefined : JSON.stringify(newRS.metadata.name);
    if (deploymentComplete(d, newStatus)) {
      const msg =
        rsName !== undefined
          ? `ReplicaSet ${rsName} has successfully progressed.`
          : `Deployment ${JSON.stringify(d.metadata.name)} has successfully progressed.`;
      newStatus = setDeploymentCondition(
        newStatus,
        newDeploymentCondition('Progressing', 'True', Reason.NewReplicaSetAvailable, msg, s.now),
      );
    } else if (deploymentProgressing(d, newStatus)) {
      const msg =
        rsName !== undefined
          ? `ReplicaSet ${rsName} is progressing.`
          : `Deployment ${JSON.stringify(d.metadata.name)} is progressing.`;
      const condition = newDeploymentCondition('Progressing', 'True', Reason.ReplicaSetUpdated, msg, s.now);
      // Keep the transition time of a Progressing=True condition; drop the old one so that
      // lastUpdateTime is always refreshed.
      const kept =
        currentCond?.status === 'True'
          ? { ...condition, lastTransitionTime: currentCond.lastTransitionTime ?? s.now }
          : condition;
      newStatus = setDeploymentCondition(removeDeploymentCondition(newStatus, 'Progressing'), kept);
    } else if (deploymentTimedOut(d, newStatus, s.now)) {
      const msg =
        rsName !== undefined
          ? `ReplicaSet ${rsName} has timed out progressing.`
          : `Deployment ${JSON.stringify(d.metadata.name)} has timed out progressing.`;
      newStatus = setDeploymentCondition(newStatus, newDeploymentCondition('Progressing', 'False', Reason.TimedOut, msg, s.now));
    }
  }
  // ReplicaFailure: the new set's, else the first set's that has one.
  const failed =
    newRS?.status?.conditions?.find((c) => c.type === 'ReplicaFailure') ??
    allRSs.flatMap((rs) => rs.status?.conditions ?? []).find((c) => c.type === 'ReplicaFailure');
  if (failed !== undefined) {
    const t = failed.lastTransitionTime ?? s.now;
    newStatus = setDeploymentCondition(newStatus, {
      type: 'ReplicaFailure',
      status: failed.status,
      lastUpdateTime: t,
      lastTransitionTime: t,
      ...(failed.reason !== undefined ? { reason: failed.reason } : {}),
      ...(failed.message !== undefined ? { message: failed.message } : {}),
    });
  } else newStatus = removeDeploymentCondition(newStatus, 'ReplicaFailure');
  if (deepEqual(d.status ?? {}, newStatus)) {
    const after = untilProgressDeadline(d, newStatus, s.now);
    if (after !== undefined) s.emit({ type: 'requeueAfter', after: requeueDelay(after) });
    return;
  }
  s.d = { ...s.d, status: newStatus };
}

/**
 * How long until the deployment's progress deadline passes, when a progress check is due:
 * undefined without a deadline or a Progressing condition in the current status, or when the
 * rollout is complete or already timed out (requeueStuckDeployment's early returns).
 */
function untilProgressDeadline(d: Deployment, newStatus: DeploymentStatus, now: Millis): Millis | undefined {
  // Upstream reads the condition from d.Status, the status before this sync.
  const currentCond = getDeploymentCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || currentCond === undefined) return undefined;
  if (deploymentComplete(d, newStatus) || currentCond.reason === Reason.TimedOut) return undefined;
  return (currentCond.lastUpdateTime ?? 0) + (d.spec.progressDeadlineSeconds as number) * 1000 - now;
}

/**
 * requeueStuckDeployment's answer: -1 when no progress check is needed, 0 when it is due
 * within a second (upstream then queues it rate-limited), else the time left.
 */
export function requeueStuckDeployment(d: Deployment, newStatus: DeploymentStatus, now: Millis): Millis {
  const after = untilProgressDeadline(d, newStatus, now);
  if (after === undefined) return -1;
  return after < 1000 ? 0 : after;
}

/**
 * The requeue delay: upstream adds a second to the time left (AddAfter's millisecond skew).
 * Within the last second it calls enqueueRateLimited, whose per-item delay is 5 ms after a
 * successful sync (Forget resets it), so upstream polls every 5 ms until the deadline passes;
 * here the check is made once, at the first millisecond the deadline is exceeded, and never
 * sooner than those 5 ms.
 */
function requeueDelay(after: Millis): Millis {
  if (after >= 1000) return after + 1000;
  return Math.max(5, after + 1);
}
