import type { ReplicaSet } from '@kubesim/core';
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
 * and ReplicaFailure copied from the sets. Unchanged status: requeue for the deadline.
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
  s.d = { ...s.d, status: newStatus };
  requeueStuckDeployment(s, newStatus);
}

/**
 * requeueStuckDeployment: while a rollout is under way, check again when its deadline would
 * pass (upstream adds a second; within the last second it retries at once — here at the first
 * millisecond the deadline is exceeded).
 */
function requeueStuckDeployment(s: DeploymentSync, newStatus: DeploymentStatus): void {
  const d = s.d;
  const cond = getDeploymentCondition(newStatus, 'Progressing');
  if (!hasProgressDeadline(d) || cond === undefined) return;
  if (deploymentComplete(d, newStatus) || cond.reason === Reason.TimedOut) return;
  const deadline = (cond.lastUpdateTime ?? s.now) + (d.spec.progressDeadlineSeconds as number) * 1000;
  const after = deadline - s.now;
  s.emit({ type: 'requeueAfter', after: after < 1000 ? Math.max(1, after + 1) : after + 1000 });
}
