import { isPodActive, isPodReady, type Job, type JobCondition, SECOND } from '@kubesim/core';
import { type BackoffRecord, newBackoffRecord } from './backoffUtils.js';
import { involvedOf, type JobSyncCtx, jobEvent, nextWave, type SyncJobInput, type SyncJobResult } from './context.js';
import { calculateFailedIndexes, calculateSucceededIndexes, total } from './indexedJobUtils.js';
import {
  getFailJobMessage,
  getPodsWithDelayedDeletionPerIndex,
  pastActiveDeadline,
  pastBackoffLimitOnFailure,
  validPods,
} from './jobPods.js';
import { deletePod, manageJob } from './manageJob.js';
import { matchPodFailurePolicy } from './podFailurePolicy.js';
import { matchSuccessPolicy } from './successPolicy.js';
import { trackJobStatusAndRemoveFinalizers } from './trackJobStatus.js';
import {
  ensureJobConditionStatus,
  findConditionByType,
  hasBackoffLimitPerIndex,
  isIndexedJob,
  isJobFinished,
  isPodFailed,
  isPodTerminating,
  type JobStatus,
  jobSuspended,
  newCondition,
} from './utils.js';

/**
 * syncJob (job_controller.go) as a pure step: from the Job, its pods, the time and the
 * controller's memory (expectations, the back-off store) to the calls the sync makes, the
 * status it writes and the memory it leaves. v1.34 with its GA features on: the terminal
 * condition is delayed (FailureTarget / SuccessCriteriaMet first, Failed / Complete once no
 * pod is terminating), terminating pods are counted, PodIndexLabel, backoffLimitPerIndex,
 * podFailurePolicy and successPolicy.
 */

/** newFailureCondition: FailureTarget (the terminal condition is delayed in v1.34). */
function newFailureCondition(reason: string, message: string, now: number): JobCondition {
  return newCondition('FailureTarget', 'True', reason, message, now);
}

function emptyResult(job: Job): SyncJobResult {
  return { effects: [], job, backoff: undefined, rmFinalizers: [] };
}

/** One sync of a Job against its pods (job_controller.go's syncJob), pure: the writes it makes in upstream's order. */
export function syncJob(input: SyncJobInput): SyncJobResult {
  const job = input.job;
  const now = input.now;
  const key = `${job.metadata.namespace}/${job.metadata.name}`;
  // A finished Job is not touched again (its back-off record goes).
  if (isJobFinished(job)) return emptyResult(job);
  const status: JobStatus = { ...(job.status ?? {}), uncountedTerminatedPods: job.status?.uncountedTerminatedPods ?? {} };
  const pods = input.pods;
  const activePods = pods.filter(isPodActive);
  const u = status.uncountedTerminatedPods ?? {};
  const c: JobSyncCtx = {
    key,
    now,
    input,
    job: { ...job, status },
    status,
    pods,
    activePods,
    uncounted: { succeeded: new Set(u.succeeded ?? []), failed: new Set(u.failed ?? []) },
    expectedRmFinalizers: input.expectedRmFinalizers ?? new Set(),
    finishedCondition: undefined,
    succeeded: 0,
    failed: 0,
    prevSucceededIndexes: [],
    succeededIndexes: [],
    failedIndexes: undefined,
    podsWithDelayedDeletionPerIndex: new Map(),
    newBackoffRecord: input.backoff ?? { key, failuresAfterLastSuccess: 0 },
    terminating: pods.filter(isPodTerminating).length,
    ready: activePods.filter(isPodReady).length,
    calls: [],
    wave: 0,
    statusWritten: false,
    backoffToStore: input.backoff,
    rmFinalizers: [],
  };
  let active = activePods.length;
  const newSucceeded = validPods(c, c.uncounted.succeeded, (p) => p.status?.phase === 'Succeeded');
  const newFailed = validPods(c, c.uncounted.failed, (p) => isPodFailed(p, job));
  const counted =
    job.spec.podFailurePolicy === undefined
      ? newFailed
      : newFailed.filter((p) => matchPodFailurePolicy(job.spec.podFailurePolicy, p).countFailed);
  c.succeeded = (status.succeeded ?? 0) + newSucceeded.length + c.uncounted.succeeded.size;
  c.failed = (status.failed ?? 0) + counted.length + c.uncounted.failed.size;
  // First start: startTime, unless the Job starts suspended.
  if (status.startTime === undefined && !jobSuspended(job)) c.status = { ...c.status, startTime: now };
  c.job = { ...c.job, status: c.status };
  c.newBackoffRecord = newBackoffRecord(key, input.backoff, newSucceeded, newFailed);

  const exceedsBackoffLimit = c.failed > (job.spec.backoffLimit ?? 6);
  c.finishedCondition = (status.conditions ?? []).find((x) => x.type === 'SuccessCriteriaMet' && x.status === 'True');
  // With SuccessCriteriaMet already set, the outcome is decided: no failure policy applies.
  if (c.finishedCondition === undefined) {
    const target = findConditionByType(status.conditions, 'FailureTarget');
    if (target !== undefined && target.status === 'True') {
      c.finishedCondition = newCondition('Failed', 'True', target.reason ?? '', target.message ?? '', now);
    } else {
      const message = getFailJobMessage(job, pods);
      if (message !== undefined) c.finishedCondition = newCondition('FailureTarget', 'True', 'PodFailurePolicy', message, now);
    }
  }
  if (c.finishedCondition === undefined) {
    if (exceedsBackoffLimit || pastBackoffLimitOnFailure(job, pods)) {
      c.finishedCondition = newFailureCondition('BackoffLimitExceeded', 'Job has reached the specified backoff limit', now);
    } else if (pastActiveDeadline(c.job, now)) {
      c.finishedCondition = newFailureCondition('DeadlineExceeded', 'Job was active longer than specified deadline', now);
    } else if (job.spec.activeDeadlineSeconds !== undefined && !jobSuspended(job)) {
      const left = job.spec.activeDeadlineSeconds * SECOND - (now - (c.status.startTime ?? now));
      c.calls.push({ type: 'requeueAfter', after: Math.max(0, left) });
    }
  }
  if (isIndexedJob(job)) {
    [c.prevSucceededIndexes, c.succeededIndexes] = calculateSucceededIndexes(c.job, pods);
    c.succeeded = total(c.succeededIndexes);
    const completions = job.spec.completions ?? 0;
    if (hasBackoffLimitPerIndex(job)) {
      c.failedIndexes = calculateFailedIndexes(c.job, pods);
      if (c.finishedCondition === undefined) {
        const failedCount = total(c.failedIndexes);
        if (job.spec.maxFailedIndexes !== undefined && failedCount > job.spec.maxFailedIndexes) {
          c.finishedCondition = newFailureCondition(
            'MaxFailedIndexesExceeded',
            'Job has exceeded the specified maximal number of failed indexes',
            now,
          );
        } else if (failedCount > 0 && failedCount + total(c.succeededIndexes) >= completions) {
          c.finishedCondition = newFailureCondition('FailedIndexes', 'Job has failed indexes', now);
        }
      }
      c.podsWithDelayedDeletionPerIndex = getPodsWithDelayedDeletionPerIndex(c);
    }
    if (c.finishedCondition === undefined) {
      const { message, met } = matchSuccessPolicy(job.spec.successPolicy, completions, c.succeededIndexes);
      if (met) c.finishedCondition = newCondition('SuccessCriteriaMet', 'True', 'SuccessPolicy', message, now);
    }
  }
  let suspendCondChanged = false;
  if (c.finishedCondition !== undefined) {
    // deleteActivePods: DELETE only; the finalizers go in the tracking step below.
    if (activePods.length > 0) {
      const wave = nextWave(c);
      for (const pod of activePods) c.calls.push(deletePod(pod, involvedOf(job), wave));
    }
    const deleted = activePods.length;
    // Not finished yet while pods of an earlier sync may still be unseen.
    if (!input.satisfiedExpectations) c.finishedCondition = undefined;
    active -= deleted;
    c.terminating += deleted;
    c.ready -= activePods.filter(isPodReady).length;
  } else {
    let manageJobCalled = false;
    if (input.satisfiedExpectations && job.metadata.deletionTimestamp === undefined) {
      active = manageJob(c);
      manageJobCalled = true;
    }
    const completions = job.spec.completions;
    // A work queue is done when any pod succeeded and none is left running.
    const complete = completions === undefined ? c.succeeded > 0 && active === 0 : c.succeeded >= completions && active === 0;
    if (complete) {
      c.finishedCondition = newCondition(
        'SuccessCriteriaMet',
        'True',
        'CompletionsReached',
        'Reached expected number of succeeded pods',
        now,
      );
    } else if (manageJobCalled) {
      const conds = c.status.conditions ?? [];
      if (jobSuspended(job)) {
        const [next, updated] = ensureJobConditionStatus(conds, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now);
        if (updated) {
          suspendCondChanged = true;
          c.status = { ...c.status, conditions: next };
          jobEvent(c, 'Normal', 'Suspended', 'Job suspended');
        }
      } else {
        const [next, updated] = ensureJobConditionStatus(conds, 'Suspended', 'False', 'JobResumed', 'Job resumed', now);
        if (updated) {
          suspendCondChanged = true;
          // A resumed Job's activeDeadlineSeconds counts from now.
          c.status = { ...c.status, conditions: next, startTime: now };
          jobEvent(c, 'Normal', 'Resumed', 'Job resumed');
        }
      }
    }
  }
  const needsStatusUpdate =
    suspendCondChanged ||
    active !== (job.status?.active ?? 0) ||
    c.ready !== job.status?.ready ||
    c.terminating !== job.status?.terminating;
  c.status = { ...c.status, active, ready: c.ready, terminating: c.terminating };
  trackJobStatusAndRemoveFinalizers(c, needsStatusUpdate);
  return {
    effects: c.calls,
    job: { ...c.job, status: c.status },
    backoff: c.backoffToStore as BackoffRecord | undefined,
    rmFinalizers: c.rmFinalizers,
  };
}
