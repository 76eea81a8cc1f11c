import {
  type Change,
  type ClusterView,
  type Controller,
  type Effect,
  type Job,
  labelSelectorAsSelector,
  type Pod,
  type ReconcileContext,
} from '@kubesim/core';
import { controllerOf } from '../controllerutils/controllerRef.js';
import { podEventKeys } from '../controllerutils/podEvents.js';
import type { BackoffRecord } from './backoffUtils.js';
import { getPodsForJob } from './claimPods.js';
import { admit, afterSync, type SyncTiming } from './enqueue.js';
import { removeFinalizerPatch } from './manageJob.js';
import { syncJob } from './syncJob.js';
import { hasJobTrackingFinalizer, isJobFinished } from './utils.js';

/**
 * The Job controller (pkg/controller/job): syncJob per Job key, and the orphan-pod worker that
 * strips the tracking finalizer from pods whose Job is gone or finished (keys `orphan:ns/pod`,
 * served by the same workers here; upstream has a second queue with one worker).
 */
export const JOB_CONTROLLER = 'job-controller';
/** batch.JobControllerName: the value of spec.managedBy this controller serves. */
export const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';
const ORPHAN = 'orphan:';

function podKey(pod: Pod): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}

/** The Job a pod's controller reference names, if it is a Job still there with that UID. */
function jobOf(view: ClusterView, pod: Pod): Job | undefined {
  const ref = controllerOf(pod);
  if (ref === undefined || ref.kind !== 'Job') return undefined;
  const job = view.get('Job', pod.metadata.namespace, ref.name);
  return job?.metadata.uid === ref.uid ? job : undefined;
}

/** addPod / updatePod / deletePod: the owning Job, and an orphan key for a finalizer no sync will remove. */
function podKeys(change: Change, view: ClusterView): Iterable<string> {
  // The owning Job, or for an orphan every Job whose selector matches it (getPodJobs).
  const keys = podEventKeys(change, view, 'Job', (job, labels) =>
    labelSelectorAsSelector(job.spec.selector).matches(labels ?? {}),
  );
  const after = change.new as Pod | undefined;
  if (after !== undefined && hasJobTrackingFinalizer(after)) {
    const job = jobOf(view, after);
    if (job === undefined || isJobFinished(job)) keys.add(ORPHAN + podKey(after));
  }
  return keys;
}

/** addJob / updateJob / deleteJob: the Job; a deleted or finished one's pods with finalizers (cleanupPodFinalizers). */
function jobKeys(change: Change, view: ClusterView): Iterable<string> {
  const keys = [change.key];
  const job = (change.new ?? change.old) as Job | undefined;
  if (job !== undefined && (change.new === undefined || isJobFinished(job))) {
    for (const pod of view.dependentsOf(job.metadata.uid as string, 'Pod')) {
      if (controllerOf(pod)?.uid === job.metadata.uid && hasJobTrackingFinalizer(pod)) keys.push(ORPHAN + podKey(pod));
    }
  }
  return keys;
}

/** syncOrphanPod: the finalizer goes unless a live, unfinished Job (or another kind of owner) controls the pod. */
function syncOrphanPod(view: ClusterView, key: string): Effect[] {
  const pod = view.getByKey('Pod', key);
  if (pod === undefined || !hasJobTrackingFinalizer(pod)) return [];
  const ref = controllerOf(pod);
  if (ref !== undefined) {
    if (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return [];
    const job = jobOf(view, pod);
    if (job !== undefined && !isJobFinished(job)) return [];
  }
  return [removeFinalizerPatch(pod, 1)];
}

function backoffKey(key: string): string {
  return `backoff/${key}`;
}
function finalizersKey(key: string): string {
  return `finalizers/${key}`;
}
function timingKey(key: string): string {
  return `timing/${key}`;
}

function reconcile(view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  if (key.startsWith(ORPHAN)) return syncOrphanPod(view, key.slice(ORPHAN.length));
  const job = view.getByKey('Job', key);
  const stored = ctx.memory<BackoffRecord>(backoffKey(key));
  const expected = ctx.memory<readonly string[]>(finalizersKey(key));
  const forget: Effect[] = [];
  if (stored !== undefined) forget.push({ type: 'remember', key: backoffKey(key), value: undefined });
  if (expected !== undefined) forget.push({ type: 'remember', key: finalizersKey(key), value: undefined });
  const timing = ctx.memory<SyncTiming>(timingKey(key));
  if (job === undefined)
    return timing === undefined ? forget : [...forget, { type: 'remember', key: timingKey(key), value: undefined }];
  const admission = admit(job, timing, ctx.now, ctx.failures().length > 0);
  if (!admission.sync) {
    const wait: Effect[] = [];
    if (admission.timing !== timing) wait.push({ type: 'remember', key: timingKey(key), value: admission.timing });
    if (admission.requeueAfter !== undefined) wait.push({ type: 'requeueAfter', after: admission.requeueAfter });
    return wait;
  }
  // A Job another controller manages (spec.managedBy) is left alone.
  if (job.spec.managedBy !== undefined && job.spec.managedBy !== JOB_CONTROLLER_NAME) return [];
  if (isJobFinished(job)) return forget;
  const { pods, patches: claims } = getPodsForJob(view, job);
  // finalizerExpectations: a removal stays expected until the informer shows the pod without it.
  const withFinalizer = new Set(pods.filter(hasJobTrackingFinalizer).map((p) => p.metadata.uid as string));
  // A removal whose patch failed is expected no more: removeTrackingFinalizerFromPods calls
  // finalizerRemovalObserved on a PatchPod error, so the next sync tries it again.
  const failed = new Set(ctx.failures().flatMap((f) => (f.write === 'Patch' && f.name !== undefined ? [f.name] : [])));
  const stillExpected = (expected ?? []).filter(
    (u) => withFinalizer.has(u) && !pods.some((p) => p.metadata.uid === u && failed.has(p.metadata.name as string)),
  );
  const result = syncJob({
    job,
    pods,
    now: ctx.now,
    satisfiedExpectations: ctx.inFlight() === 0,
    backoff: stored,
    expectedRmFinalizers: new Set(stillExpected),
    generateName: (prefix) => ctx.generateName(prefix),
  });
  const effects: Effect[] = [...claims, ...result.effects];
  effects.push({ type: 'remember', key: timingKey(key), value: afterSync(admission.timing, ctx.now, result.effects) });
  if (result.backoff !== stored) effects.push({ type: 'remember', key: backoffKey(key), value: result.backoff });
  const nextExpected = [...stillExpected, ...result.rmFinalizers];
  if (nextExpected.length !== (expected ?? []).length || nextExpected.some((u, i) => u !== expected?.[i])) {
    effects.push({ type: 'remember', key: finalizersKey(key), value: nextExpected.length > 0 ? nextExpected : undefined });
  }
  return effects;
}

/** The Job controller (5 workers): pods until completions, failures by policy. */
export function jobController(): Controller {
  return {
    name: 'job',
    component: JOB_CONTROLLER,
    watches: [
      { kind: 'Job', keys: jobKeys },
      { kind: 'Pod', keys: podKeys },
    ],
    reconcile,
    // --concurrent-job-syncs
    runtime: { process: 'kube-controller-manager', workers: 5 },
  };
}
