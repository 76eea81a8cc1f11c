import type { JobCondition, Pod } from '@kubesim/core';
import { type JobEvent, type JobSyncCtx, nextWave, writeStatus } from './context.js';
import {
  getCompletionIndex,
  has,
  intervalsString,
  total,
  UNKNOWN_COMPLETION_INDEX,
  withOrderedIndexes,
} from './indexedJobUtils.js';
import { removeFinalizerPatch } from './manageJob.js';
import { matchPodFailurePolicy } from './podFailurePolicy.js';
import {
  ensureJobConditionStatus,
  hasBackoffLimitPerIndex,
  hasJobTrackingFinalizer,
  isIndexedJob,
  isPodFailed,
  type JobStatus,
  newCondition,
} from './utils.js';

/**
 * trackJobStatusAndRemoveFinalizers (job_controller.go): finished pods go into
 * status.uncountedTerminatedPods (a status write), their tracking finalizers are removed (a
 * patch each), and then they move from the uncounted lists into succeeded and failed (another
 * status write) — so a pod is counted exactly once whatever fails in between. The Job's
 * Complete or Failed condition is added only when nothing is left uncounted or terminating.
 */

/** MaxUncountedPods: the uncounted lists stay under ~20 KB. */
export const MAX_UNCOUNTED_PODS = 500;

export function isSuccessCriteriaMetCondition(c: JobCondition | undefined): boolean {
  return c?.type === 'SuccessCriteriaMet' && c.status === 'True';
}

/** cleanUncountedPodsWithoutFinalizers: uids whose pod lost its finalizer (or is gone) are counted. */
function cleanUncountedPodsWithoutFinalizers(status: JobStatus, withFinalizer: ReadonlySet<string>): [JobStatus, boolean] {
  const u = status.uncountedTerminatedPods ?? {};
  const succeeded = (u.succeeded ?? []).filter((uid) => withFinalizer.has(uid));
  const failed = (u.failed ?? []).filter((uid) => withFinalizer.has(uid));
  const gainedS = (u.succeeded ?? []).length - succeeded.length;
  const gainedF = (u.failed ?? []).length - failed.length;
  if (gainedS === 0 && gainedF === 0) return [status, false];
  return [
    {
      ...status,
      succeeded: (status.succeeded ?? 0) + gainedS,
      failed: (status.failed ?? 0) + gainedF,
      uncountedTerminatedPods: uncountedOf(succeeded, failed),
    },
    true,
  ];
}

function uncountedOf(succeeded: readonly string[], failed: readonly string[]): NonNullable<JobStatus['uncountedTerminatedPods']> {
  return {
    ...(succeeded.length > 0 ? { succeeded: [...succeeded] } : {}),
    ...(failed.length > 0 ? { failed: [...failed] } : {}),
  };
}

/**
 * canRemoveFinalizer: the Job is being deleted or is finishing, the pod succeeded, or it is
 * failed — unless its removal waits for the index's replacement (backoffLimitPerIndex).
 */
function canRemoveFinalizer(c: JobSyncCtx, pod: Pod, considerPodFailed: boolean): boolean {
  if (c.job.metadata.deletionTimestamp !== undefined || c.finishedCondition !== undefined || pod.status?.phase === 'Succeeded') {
    return true;
  }
  if (!considerPodFailed) return false;
  if (hasBackoffLimitPerIndex(c.job)) {
    const ix = getCompletionIndex(pod.metadata.annotations);
    if (ix !== UNKNOWN_COMPLETION_INDEX && c.podsWithDelayedDeletionPerIndex.get(ix)?.metadata.uid === pod.metadata.uid)
      return false;
  }
  return true;
}

export function trackJobStatusAndRemoveFinalizers(c: JobSyncCtx, needsFlushIn: boolean): void {
  let needsFlush = needsFlushIn;
  const job = c.job;
  const indexed = isIndexedJob(job);
  const completions = job.spec.completions ?? 0;
  const pods = indexed
    ? [...c.pods].sort((a, b) => getCompletionIndex(a.metadata.annotations) - getCompletionIndex(b.metadata.annotations))
    : c.pods;
  const withFinalizer = new Set<string>();
  for (const p of pods) {
    const uid = p.metadata.uid as string;
    if (hasJobTrackingFinalizer(p) && !c.expectedRmFinalizers.has(uid)) withFinalizer.add(uid);
  }
  let cleaned: boolean;
  [c.status, cleaned] = cleanUncountedPodsWithoutFinalizers(c.status, withFinalizer);
  if (cleaned) needsFlush = true;
  const uncountedSucceeded = [...(c.status.uncountedTerminatedPods?.succeeded ?? [])];
  const uncountedFailed = [...(c.status.uncountedTerminatedPods?.failed ?? [])];
  const newSucceededIndexes: number[] = [];
  const toRemoveFinalizer: Pod[] = [];
  let reachedMaxUncountedPods = false;
  for (const pod of pods) {
    const uid = pod.metadata.uid as string;
    if (!hasJobTrackingFinalizer(pod) || c.expectedRmFinalizers.has(uid)) continue; // counted by an earlier sync
    const considerPodFailed = isPodFailed(pod, job);
    if (!canRemoveFinalizer(c, pod, considerPodFailed)) continue;
    toRemoveFinalizer.push(pod);
    if (pod.status?.phase === 'Succeeded' && !c.uncounted.failed.has(uid)) {
      if (indexed) {
        // The index is enough not to count a success twice.
        const ix = getCompletionIndex(pod.metadata.annotations);
        if (ix !== UNKNOWN_COMPLETION_INDEX && ix < completions && !has(c.prevSucceededIndexes, ix)) {
          newSucceededIndexes.push(ix);
          needsFlush = true;
        }
      } else if (!c.uncounted.succeeded.has(uid)) {
        needsFlush = true;
        uncountedSucceeded.push(uid);
      }
    } else if (considerPodFailed || (c.finishedCondition !== undefined && !isSuccessCriteriaMetCondition(c.finishedCondition))) {
      // Once the Job is finishing, every pod not terminated counts as failed.
      const ix = getCompletionIndex(pod.metadata.annotations);
      if (!c.uncounted.failed.has(uid) && (!indexed || (ix !== UNKNOWN_COMPLETION_INDEX && ix < completions))) {
        if (job.spec.podFailurePolicy === undefined || matchPodFailurePolicy(job.spec.podFailurePolicy, pod).countFailed) {
          needsFlush = true;
          uncountedFailed.push(uid);
        }
      }
    }
    if (newSucceededIndexes.length + uncountedSucceeded.length + uncountedFailed.length >= MAX_UNCOUNTED_PODS) {
      // The rest waits for the next sync, which the status and pod updates bring about.
      reachedMaxUncountedPods = true;
      break;
    }
  }
  c.status = { ...c.status, uncountedTerminatedPods: uncountedOf(uncountedSucceeded, uncountedFailed) };
  if (indexed) {
    c.succeededIndexes = withOrderedIndexes(
      c.succeededIndexes,
      [...newSucceededIndexes].sort((a, b) => a - b),
    );
    const completed = intervalsString(c.succeededIndexes);
    if (completed !== (c.status.completedIndexes ?? '')) needsFlush = true;
    c.status = { ...c.status, succeeded: total(c.succeededIndexes), completedIndexes: completed };
    const failedStr = c.failedIndexes !== undefined ? intervalsString(c.failedIndexes) : undefined;
    if (failedStr !== c.status.failedIndexes) {
      const { failedIndexes: _f, ...rest } = c.status;
      c.status = failedStr === undefined ? rest : { ...rest, failedIndexes: failedStr };
      needsFlush = true;
    }
  }
  const fc = c.finishedCondition;
  if (fc !== undefined && fc.type === 'FailureTarget') {
    // The interim FailureTarget goes out before the finalizers are removed; Failed follows.
    c.status = { ...c.status, conditions: [...(c.status.conditions ?? []), fc] };
    needsFlush = true;
    c.finishedCondition = newCondition('Failed', 'True', fc.reason ?? '', fc.message ?? '', c.now);
  }
  if (isSuccessCriteriaMetCondition(c.finishedCondition)) {
    const scm = c.finishedCondition as JobCondition;
    if (!(c.status.conditions ?? []).some(isSuccessCriteriaMetCondition)) {
      c.status = { ...c.status, conditions: [...(c.status.conditions ?? []), scm] };
      needsFlush = true;
    }
    c.finishedCondition = newCondition('Complete', 'True', scm.reason ?? '', scm.message ?? '', c.now);
  }
  needsFlush = flushUncountedAndRemoveFinalizers(c, toRemoveFinalizer, withFinalizer, needsFlush);
  const jobFinished = !reachedMaxUncountedPods && enactJobFinished(c);
  if (jobFinished) needsFlush = true;
  if (needsFlush) writeStatus(c, jobFinished ? recordJobFinished(c, c.finishedCondition as JobCondition) : []);
}

/**
 * flushUncountedAndRemoveFinalizers: write the new uncounted pods (and interim condition), keep
 * the back-off record, remove the finalizers, and count the pods that lost theirs. Returns
 * whether the status still has changes to write.
 */
function flushUncountedAndRemoveFinalizers(
  c: JobSyncCtx,
  toRemove: readonly Pod[],
  withFinalizer: Set<string>,
  needsFlushIn: boolean,
): boolean {
  let needsFlush = needsFlushIn;
  if (needsFlush) {
    writeStatus(c);
    c.backoffToStore = c.newBackoffRecord;
    needsFlush = false;
  }
  if (toRemove.length > 0) {
    const wave = nextWave(c);
    for (const pod of toRemove) {
      c.calls.push(removeFinalizerPatch(pod, wave));
      c.rmFinalizers.push(pod.metadata.uid as string);
      withFinalizer.delete(pod.metadata.uid as string);
    }
  }
  let cleaned: boolean;
  [c.status, cleaned] = cleanUncountedPodsWithoutFinalizers(c.status, withFinalizer);
  return needsFlush || cleaned;
}

/** enactJobFinished: the Complete or Failed condition, once no pod is uncounted or terminating. */
function enactJobFinished(c: JobSyncCtx): boolean {
  const fc = c.finishedCondition;
  if (fc === undefined) return false;
  const u = c.status.uncountedTerminatedPods;
  if ((u?.succeeded?.length ?? 0) + (u?.failed?.length ?? 0) > 0) return false;
  if (c.terminating > 0) return false;
  const [conditions] = ensureJobConditionStatus(
    c.status.conditions ?? [],
    fc.type,
    fc.status as 'True',
    fc.reason ?? '',
    fc.message ?? '',
    c.now,
  );
  c.status = { ...c.status, conditions };
  if (fc.type === 'Complete') c.status = { ...c.status, completionTime: c.now };
  return true;
}

/**
 * recordJobFinished: `Completed` (after a TooManySucceededPods warning when more pods
 * succeeded than completions), or a Warning with the failure's reason and message. They are
 * recorded once the final status write returned, so they go with it.
 */
function recordJobFinished(c: JobSyncCtx, fc: JobCondition): JobEvent[] {
  if (fc.type !== 'Complete') return [{ eventType: 'Warning', reason: fc.reason ?? '', message: fc.message ?? '' }];
  const completions = c.job.spec.completions;
  const completed: JobEvent = { eventType: 'Normal', reason: 'Completed', message: 'Job completed' };
  if (completions !== undefined && (c.status.succeeded ?? 0) > completions) {
    return [
      {
        eventType: 'Warning',
        reason: 'TooManySucceededPods',
        message: 'Too many succeeded pods running after completion count reached',
      },
      completed,
    ];
  }
  return [completed];
}
