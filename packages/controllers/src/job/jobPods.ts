import { type Job, type Pod, SECOND } from '@kubesim/core';
import { getFinishedTime } from './backoffUtils.js';
import type { JobSyncCtx } from './context.js';
import {
  getCompletionIndex,
  getIndexAbsoluteFailureCount,
  getIndexes,
  has,
  type Interval,
  UNKNOWN_COMPLETION_INDEX,
} from './indexedJobUtils.js';
import { matchPodFailurePolicy } from './podFailurePolicy.js';
import { hasJobTrackingFinalizer, isIndexedJob, isPodFailed, jobSuspended } from './utils.js';

/**
 * The checks syncJob makes of a Job's pods (job_controller.go): the finished pods not counted
 * yet, a FailJob match, the restarts of OnFailure pods against backoffLimit, the active
 * deadline, and (indexed_job_utils.go) the failed pods whose deletion waits for their index's
 * replacement.
 */

/** getNewFinishedPods: succeeded and failed pods with a finalizer that are in no uncounted list yet. */
export function validPods(
  c: Pick<JobSyncCtx, 'job' | 'pods' | 'expectedRmFinalizers'>,
  uncounted: ReadonlySet<string> | undefined,
  filter: (p: Pod) => boolean,
): Pod[] {
  const out: Pod[] = [];
  for (const p of c.pods) {
    const uid = p.metadata.uid as string;
    if (!hasJobTrackingFinalizer(p) || uncounted?.has(uid) || c.expectedRmFinalizers.has(uid)) continue;
    if (isIndexedJob(c.job)) {
      const ix = getCompletionIndex(p.metadata.annotations);
      if (ix === UNKNOWN_COMPLETION_INDEX || ix >= (c.job.spec.completions ?? 0)) continue;
    }
    if (filter(p)) out.push(p);
  }
  return out;
}

/** getFailJobMessage: the message of the first failed pod a FailJob rule matches. */
export function getFailJobMessage(job: Job, pods: readonly Pod[]): string | undefined {
  if (job.spec.podFailurePolicy === undefined) return undefined;
  for (const p of pods) {
    if (!isPodFailed(p, job)) continue;
    const m = matchPodFailurePolicy(job.spec.podFailurePolicy, p).jobFailureMessage;
    if (m !== undefined) return m;
  }
  return undefined;
}

/**
 * pastBackoffLimitOnFailure (restartPolicy OnFailure): the container restarts of running and
 * pending pods reach backoffLimit (any restart, for a limit of 0).
 */
export function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if (job.spec.template.spec.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    const phase = p.status?.phase;
    if (phase !== 'Running' && phase !== 'Pending') continue;
    for (const s of p.status?.initContainerStatuses ?? []) restarts += s.restartCount;
    for (const s of p.status?.containerStatuses ?? []) restarts += s.restartCount;
  }
  const limit = job.spec.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** pastActiveDeadline: running (not suspended) for activeDeadlineSeconds since startTime. */
export function pastActiveDeadline(job: Job, now: number): boolean {
  const ads = job.spec.activeDeadlineSeconds;
  const start = job.status?.startTime;
  if (ads === undefined || start === undefined || jobSuspended(job)) return false;
  return now - start >= ads * SECOND;
}

/** What getPodsWithDelayedDeletionPerIndex reads of a sync. */
export interface DelayedDeletionCtx {
  readonly job: Job;
  readonly pods: readonly Pod[];
  readonly activePods: readonly Pod[];
  readonly expectedRmFinalizers: ReadonlySet<string>;
  readonly succeededIndexes: Interval[];
  readonly failedIndexes: Interval[] | undefined;
}

/** getPodsWithDelayedDeletionPerIndex: per index, the last failed pod whose replacement is not there yet. */
export function getPodsWithDelayedDeletionPerIndex(c: DelayedDeletionCtx): Map<number, Pod> {
  const active = new Set(getIndexes(c.activePods));
  const out = new Map<number, Pod>();
  for (const p of validPods(c, undefined, (p) => isPodFailed(p, c.job))) {
    const ix = getCompletionIndex(p.metadata.annotations);
    if (has(c.succeededIndexes, ix) || has(c.failedIndexes, ix) || active.has(ix)) continue;
    const last = out.get(ix);
    if (
      last === undefined ||
      (getIndexAbsoluteFailureCount(last) <= getIndexAbsoluteFailureCount(p) && getFinishedTime(p) >= getFinishedTime(last))
    ) {
      out.set(ix, p);
    }
  }
  return out;
}
