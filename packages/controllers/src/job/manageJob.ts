import { type Effect, isPodReady, type Job, type Pod, type PodTemplateSpec } from '@kubesim/core';
import { activePodsLess } from '../controllerutils/activePods.js';
import { newControllerRef } from '../controllerutils/controllerRef.js';
import { podFromTemplate } from '../controllerutils/podTemplate.js';
import { slowStartBatches } from '../controllerutils/slowStart.js';
import { refOf } from '../util/effects.js';
import {
  DEFAULT_JOB_POD_FAILURE_BACKOFF,
  getFinishedTime,
  getRemainingTime,
  getRemainingTimeForFailuresCount,
  MAX_JOB_POD_FAILURE_BACKOFF,
} from './backoffUtils.js';
import { involvedOf, type JobSyncCtx, nextWave } from './context.js';
import { SYNC_JOB_BATCH_PERIOD } from './enqueue.js';
import {
  addCompletionIndexEnvVariables,
  appendDuplicatedIndexPodsForRemoval,
  COMPLETION_INDEX_ANNOTATION,
  firstPendingIndexes,
  getIndexAbsoluteFailureCount,
  getNewIndexFailureCounts,
  INDEX_FAILURE_COUNT_ANNOTATION,
  INDEX_IGNORED_FAILURE_COUNT_ANNOTATION,
} from './indexedJobUtils.js';
import {
  hasBackoffLimitPerIndex,
  hasJobTrackingFinalizer,
  isIndexedJob,
  JOB_TRACKING_FINALIZER,
  jobSuspended,
  onlyReplaceFailedPods,
} from './utils.js';

/**
 * manageJob (job_controller.go): how many pods should run, and the creates or deletes that get
 * there — never both in one sync, deletes first. Creates respect the pod-failure back-off and
 * go out in slow-start batches; an Indexed Job's pods take the lowest pending indexes.
 */

/** MaxPodCreateDeletePerSync. */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

function byActivePods(a: Pod, b: Pod): number {
  return activePodsLess(a, b) ? -1 : activePodsLess(b, a) ? 1 : 0;
}

/**
 * activePodsForRemoval: for an Indexed Job the duplicates and pods with no or an out-of-range
 * index first; then the least valuable (not-ready before ready, unscheduled before scheduled,
 * pending before running) up to rmAtLeast.
 */
export function activePodsForRemoval(job: Job, pods: readonly Pod[], rmAtLeast: number): Pod[] {
  let rm: Pod[] = [];
  let left: Pod[];
  if (isIndexedJob(job)) ({ rm, left } = appendDuplicatedIndexPodsForRemoval(pods, job.spec.completions ?? 0));
  else left = [...pods];
  if (rm.length < rmAtLeast) {
    left.sort(byActivePods);
    rm = [...rm, ...left.slice(0, rmAtLeast - rm.length)];
  }
  return rm;
}

/**
 * deleteJobPods: each pod's tracking finalizer removed (a patch), then the pod deleted; pods in
 * parallel. Returns how many were deleted and how many of those were ready.
 */
function deleteJobPods(c: JobSyncCtx, pods: readonly Pod[]): { removed: number; removedReady: number } {
  const involved = involvedOf(c.job);
  const withFinalizer = pods.filter(hasJobTrackingFinalizer);
  if (withFinalizer.length > 0) {
    const wave = nextWave(c);
    for (const pod of withFinalizer) c.calls.push(removeFinalizerPatch(pod, wave));
  }
  if (pods.length > 0) {
    const wave = nextWave(c);
    for (const pod of pods) c.calls.push(deletePod(pod, involved, wave));
  }
  return { removed: pods.length, removedReady: pods.filter(isPodReady).length };
}

/** RealPodControl.DeletePod, with its events. */
export function deletePod(pod: Pod, involved: ReturnType<typeof involvedOf>, wave: number): Effect {
  return {
    type: 'delete',
    ref: refOf(pod),
    uid: pod.metadata.uid as string,
    wave,
    report: {
      involved,
      success: { eventType: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}` },
      failure: { eventType: 'Warning', reason: 'FailedDelete', message: 'Error deleting: ' },
    },
  };
}

/** removeTrackingFinalizerPatch: a strategic merge patch that drops the finalizer. */
export function removeFinalizerPatch(pod: Pod, wave: number): Effect {
  return {
    type: 'patch',
    ref: refOf(pod),
    patchType: 'strategic',
    patch: { metadata: { '$deleteFromPrimitiveList/finalizers': [JOB_TRACKING_FINALIZER] } },
    wave,
    expectation: false,
  };
}

/** podGenerateNameWithIndex: `<job>-<index>-`, the Job's name cut so that it fits 58 characters. */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const append = `-${index}-`;
  const prefix = jobName + append;
  return prefix.length > 58 ? jobName.slice(0, 58 - append.length) + append : prefix;
}

/**
 * getPodCreationInfoForIndependentIndexes: the indexes whose own back-off has passed; when none
 * has, the least time left.
 */
function indexesReadyToCreate(c: JobSyncCtx, indexes: readonly number[]): { now: number[]; remaining: number } {
  const ready: number[] = [];
  let min: number | undefined;
  for (const ix of indexes) {
    const last = c.podsWithDelayedDeletionPerIndex.get(ix);
    const remaining =
      last === undefined
        ? 0
        : getRemainingTimeForFailuresCount(
            c.now,
            DEFAULT_JOB_POD_FAILURE_BACKOFF,
            MAX_JOB_POD_FAILURE_BACKOFF,
            getIndexAbsoluteFailureCount(last) + 1,
            getFinishedTime(last),
          );
    if (remaining === 0) ready.push(ix);
    else if (min === undefined || remaining < min) min = remaining;
  }
  return ready.length > 0 ? { now: ready, remaining: 0 } : { now: ready, remaining: min ?? 0 };
}

/** The pod for one creation: the template with the index's annotation, label, hostname and failure counts. */
function podFor(c: JobSyncCtx, template: PodTemplateSpec, index: number | undefined): Pod {
  const job = c.job;
  const ref = newControllerRef(job);
  const name = job.metadata.name as string;
  if (index === undefined) return podFromTemplate(template, job, ref, { name: c.input.generateName(`${name}-`) });
  const annotations: Record<string, string> = {
    ...(template.metadata?.annotations ?? {}),
    [COMPLETION_INDEX_ANNOTATION]: String(index),
  };
  if (hasBackoffLimitPerIndex(job)) {
    const [failures, ignored] = getNewIndexFailureCounts(job, c.podsWithDelayedDeletionPerIndex.get(index));
    annotations[INDEX_FAILURE_COUNT_ANNOTATION] = String(failures);
    if (ignored > 0) annotations[INDEX_IGNORED_FAILURE_COUNT_ANNOTATION] = String(ignored);
  }
  const indexed: PodTemplateSpec = {
    metadata: {
      ...(template.metadata ?? {}),
      labels: { ...(template.metadata?.labels ?? {}), [COMPLETION_INDEX_ANNOTATION]: String(index) },
      annotations,
    },
    spec: { ...template.spec, hostname: `${name}-${index}` },
  };
  return podFromTemplate(indexed, job, ref, { name: c.input.generateName(podGenerateNameWithIndex(name, index)) });
}

function createPods(c: JobSyncCtx, count: number, indexes: readonly number[] | undefined): void {
  let template: PodTemplateSpec = c.job.spec.template;
  if (isIndexedJob(c.job)) template = addCompletionIndexEnvVariables(template);
  const finalizers = template.metadata?.finalizers ?? [];
  if (!finalizers.includes(JOB_TRACKING_FINALIZER)) {
    template = { ...template, metadata: { ...(template.metadata ?? {}), finalizers: [...finalizers, JOB_TRACKING_FINALIZER] } };
  }
  const involved = involvedOf(c.job);
  let next = 0;
  for (const batch of slowStartBatches(count)) {
    const wave = nextWave(c);
    for (let i = 0; i < batch; i++) {
      const pod = podFor(c, template, indexes?.[next++]);
      c.calls.push({
        type: 'create',
        object: pod,
        wave,
        report: {
          involved,
          success: { eventType: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod.metadata.name}` },
          failure: { eventType: 'Warning', reason: 'FailedCreate', message: 'Error creating: ' },
        },
      });
    }
  }
}

/** manageJob: the number of active pods after its calls. */
export function manageJob(c: JobSyncCtx): number {
  const job = c.job;
  const active = c.activePods.length;
  const parallelism = job.spec.parallelism ?? 1;
  if (jobSuspended(job)) {
    const { removed, removedReady } = deleteJobPods(c, activePodsForRemoval(job, c.activePods, active));
    c.terminating += removed;
    c.ready -= removedReady;
    return active - removed;
  }
  let wantActive: number;
  const completions = job.spec.completions;
  if (completions === undefined) {
    // A work queue: once any pod succeeded, let the rest finish, start no more.
    wantActive = c.succeeded > 0 ? active : parallelism;
  } else {
    wantActive = Math.max(0, Math.min(completions - c.succeeded, parallelism));
  }
  const rmAtLeast = Math.max(0, active - wantActive);
  const toDelete = activePodsForRemoval(job, c.activePods, rmAtLeast).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (toDelete.length > 0) {
    // Indexed Jobs may need both (repeated indexes); deleting takes precedence.
    const { removed, removedReady } = deleteJobPods(c, toDelete);
    c.terminating += removed;
    c.ready -= removedReady;
    return active - removed;
  }
  const terminating = onlyReplaceFailedPods(job) ? c.terminating : 0;
  let diff = wantActive - terminating - active;
  if (diff <= 0) return active;
  if (!hasBackoffLimitPerIndex(job)) {
    const remaining = getRemainingTime(c.newBackoffRecord, c.now);
    if (remaining > 0) {
      // enqueueSyncJobWithDelay; upstream reports 0 active pods from this sync.
      c.calls.push({ type: 'requeueAfter', after: Math.max(remaining, SYNC_JOB_BATCH_PERIOD) });
      return 0;
    }
  }
  diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
  let indexes: number[] | undefined;
  if (isIndexedJob(job)) {
    indexes = firstPendingIndexes(
      c.activePods,
      c.pods,
      c.succeededIndexes,
      c.failedIndexes,
      onlyReplaceFailedPods(job),
      diff,
      completions ?? 0,
    );
    if (hasBackoffLimitPerIndex(job)) {
      const ready = indexesReadyToCreate(c, indexes);
      if (ready.remaining > 0) {
        c.calls.push({ type: 'requeueAfter', after: Math.max(ready.remaining, SYNC_JOB_BATCH_PERIOD) });
        return 0;
      }
      indexes = ready.now;
    }
    diff = indexes.length;
  }
  createPods(c, diff, indexes);
  return active + diff;
}
