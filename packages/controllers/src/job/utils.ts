import type { Job, JobCondition, Millis, Pod } from '@kubesim/core';

/**
 * Condition helpers of the Job controller (job_controller.go: newCondition,
 * ensureJobConditionStatus, findConditionByType; util/utils.go: FinishedCondition,
 * IsJobFinished) and the pod predicates it counts with.
 */

export type JobStatus = NonNullable<Job['status']>;

/** batch.JobTrackingFinalizer: a pod keeps it until the controller has counted it. */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';

export function newCondition(type: string, status: 'True' | 'False', reason: string, message: string, now: Millis): JobCondition {
  return { type, status, lastProbeTime: now, lastTransitionTime: now, reason, message };
}

export function findConditionByType(list: readonly JobCondition[] | undefined, type: string): JobCondition | undefined {
  return list?.find((c) => c.type === type);
}

/**
 * Appends a condition of this type, or updates the one there when its status, reason or
 * message differ; never appends a False one (going from nothing to False means nothing).
 */
export function ensureJobConditionStatus(
  list: readonly JobCondition[],
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
  now: Millis,
): [JobCondition[], boolean] {
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = list[i] as JobCondition;
    if (c.status !== status || c.reason !== reason || c.message !== message) {
      const out = [...list];
      out[i] = newCondition(type, status, reason, message, now);
      return [out, true];
    }
    return [[...list], false];
  }
  if (status !== 'False') return [[...list, newCondition(type, status, reason, message, now)], true];
  return [[...list], false];
}

/** util.FinishedCondition: the Complete or Failed condition that is True, if any. */
export function finishedCondition(job: Job): JobCondition | undefined {
  return job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/** A Job with a Complete or Failed condition that is True. */
export function isJobFinished(job: Job): boolean {
  return finishedCondition(job) !== undefined;
}

export function jobSuspended(job: Job): boolean {
  return job.spec.suspend === true;
}

export function hasJobTrackingFinalizer(pod: Pod): boolean {
  return pod.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER) ?? false;
}

/**
 * onlyReplaceFailedPods: podReplacementPolicy Failed (always so with a podFailurePolicy) —
 * a terminating pod is not replaced until it has failed.
 */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec.podReplacementPolicy === 'Failed' || job.spec.podFailurePolicy !== undefined;
}

/**
 * isPodFailed: Failed, or (unless only failed pods are replaced) deleted before it succeeded —
 * an orphan that never reaches Failed counts as one.
 */
export function isPodFailed(p: Pod, job: Job): boolean {
  if (p.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return p.metadata.deletionTimestamp !== undefined && p.status?.phase !== 'Succeeded';
}

/** controller.IsPodTerminating / CountTerminatingPods: being deleted, not yet finished. */
export function isPodTerminating(p: Pod): boolean {
  const phase = p.status?.phase;
  return p.metadata.deletionTimestamp !== undefined && phase !== 'Succeeded' && phase !== 'Failed';
}

export function isIndexedJob(job: Job): boolean {
  return job.spec.completionMode === 'Indexed';
}

export function hasBackoffLimitPerIndex(job: Job): boolean {
  return job.spec.backoffLimitPerIndex !== undefined;
}
