import type { Effect, Job, JobCondition, Millis, Pod, WriteReport } from '@kubesim/core';
import type { BackoffRecord } from './backoffUtils.js';
import type { Interval } from './indexedJobUtils.js';
import type { JobStatus } from './utils.js';

/**
 * syncJobCtx, and the calls one sync makes. Upstream's sync makes its API calls one after
 * another (goroutines per pod within one step) and goes on with what they return; here the
 * sync records them in upstream's order, each step's calls as one wave, and assumes they
 * succeed (a failed call ends the sync; the next one starts over from what the informers see).
 */
export interface SyncJobInput {
  /** The Job as the informer has it. */
  readonly job: Job;
  /** The pods the Job controls (getPodsForJob). */
  readonly pods: readonly Pod[];
  readonly now: Millis;
  /** controller expectations: no create or delete of an earlier sync still unobserved. */
  readonly satisfiedExpectations: boolean;
  /** The backoff store's record for this Job, if any. */
  readonly backoff?: BackoffRecord | undefined;
  /** finalizerExpectations: pods whose finalizer removal was sent but not yet seen. */
  readonly expectedRmFinalizers?: ReadonlySet<string> | undefined;
  /** The name the API server gives a pod created with this generateName. */
  readonly generateName: (prefix: string) => string;
}

/** What one syncJob decided: the API calls in order, and whether to requeue and when. */
export interface SyncJobResult {
  /** API calls (in order, with waves), events and requeues. */
  readonly effects: readonly Effect[];
  /** The Job with the status the sync computed (what its last status write carried). */
  readonly job: Job;
  /** The record to keep in the backoff store; undefined removes it. */
  readonly backoff: BackoffRecord | undefined;
  /** Pods whose finalizer this sync asked to remove (the finalizer expectations). */
  readonly rmFinalizers: readonly string[];
}

export interface Uncounted {
  readonly succeeded: ReadonlySet<string>;
  readonly failed: ReadonlySet<string>;
}

export interface JobSyncCtx {
  readonly key: string;
  readonly now: Millis;
  readonly input: SyncJobInput;
  /** The Job this sync works on: its status changes as the sync goes. */
  job: Job;
  status: JobStatus;
  readonly pods: readonly Pod[];
  readonly activePods: readonly Pod[];
  readonly uncounted: Uncounted;
  readonly expectedRmFinalizers: ReadonlySet<string>;
  finishedCondition: JobCondition | undefined;
  succeeded: number;
  failed: number;
  prevSucceededIndexes: Interval[];
  succeededIndexes: Interval[];
  failedIndexes: Interval[] | undefined;
  podsWithDelayedDeletionPerIndex: Map<number, Pod>;
  newBackoffRecord: BackoffRecord;
  terminating: number;
  ready: number;
  /** What the sync sends, in order. */
  readonly calls: Effect[];
  wave: number;
  /** Whether a status write already went out (the next one is over what it returned). */
  statusWritten: boolean;
  backoffToStore: BackoffRecord | undefined;
  readonly rmFinalizers: string[];
}

export function involvedOf(job: Job): WriteReport['involved'] {
  const m = job.metadata;
  return { kind: 'Job', namespace: m.namespace as string, name: m.name as string, uid: m.uid as string };
}

/** JobStatus as JSON carries it: active, succeeded, failed and completedIndexes are omitempty (ready and terminating are pointers). */
function omitEmpty(status: JobStatus): JobStatus {
  const { active, succeeded, failed, completedIndexes, ...rest } = status;
  return {
    ...rest,
    ...(active ? { active } : {}),
    ...(succeeded ? { succeeded } : {}),
    ...(failed ? { failed } : {}),
    ...(completedIndexes ? { completedIndexes } : {}),
  };
}

export interface JobEvent {
  readonly eventType: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

/** A Job event, from the controller's recorder. */
export function jobEvent(c: JobSyncCtx, eventType: 'Normal' | 'Warning', reason: string, message: string): void {
  c.calls.push({ type: 'event', involved: involvedOf(c.job), eventType, reason, message });
}

/** The next wave number: the calls of one step go out together. */
export function nextWave(c: JobSyncCtx): number {
  c.wave += 1;
  return c.wave;
}

/**
 * updateStatusHandler: UpdateStatus with the status as the sync has it. The first write of a
 * sync is over the version read; a later one over what the earlier call returned.
 */
export function writeStatus(c: JobSyncCtx, events: readonly JobEvent[] = []): void {
  c.status = omitEmpty(c.status);
  c.job = { ...c.job, status: c.status };
  const { resourceVersion: _rv, ...meta } = c.job.metadata;
  const object = c.statusWritten ? { ...c.job, metadata: meta } : c.job;
  // Events recorded only once the write returned (recordJobFinished after updateStatusHandler).
  const [first, ...rest] = events;
  c.calls.push({
    type: 'updateStatus',
    object,
    expectation: false,
    wave: nextWave(c),
    ...(first !== undefined ? { report: { involved: involvedOf(c.job), success: first } } : {}),
  });
  // A second one (Completed, after TooManySucceededPods) is recorded as the sync goes on.
  for (const e of rest) c.calls.push({ type: 'event', involved: involvedOf(c.job), ...e });
  c.statusWritten = true;
}
