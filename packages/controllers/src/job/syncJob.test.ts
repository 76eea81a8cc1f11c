import { applyDefaults, type Effect, type Job, type JobCondition, type Pod } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import type { BackoffRecord } from './backoffUtils.js';
import { COMPLETION_INDEX_ANNOTATION } from './indexedJobUtils.js';
import { syncJob } from './syncJob.js';
import { JOB_TRACKING_FINALIZER } from './utils.js';

/**
 * job_controller_test.go's tables, driven through syncJob: the fake pod control's creates,
 * deletes and patches are the sync's create, delete and patch calls, and the status is what
 * its last status write carries. v1.34's GA features are on (JobPodReplacementPolicy,
 * JobSuccessPolicy, JobManagedBy, PodIndexLabel): terminating pods are counted, and a Job
 * first gets SuccessCriteriaMet / FailureTarget, then Complete / Failed.
 */

const NOW = 1_000_000;

/** A condition as upstream's tables compare it (times ignored). */
interface Cond {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
const UID = 'job-uid';

interface IndexPhase {
  readonly index: string;
  readonly phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
}

interface Row {
  name: string;
  parallelism: number;
  completions: number; // -1: unset (a work queue)
  backoffLimit?: number;
  deleting?: boolean;
  completionMode?: 'Indexed';
  suspend?: boolean;
  wasSuspended?: boolean;
  podReplacementPolicy?: 'Failed' | 'TerminatingOrFailed';
  podFailurePolicy?: Job['spec']['podFailurePolicy'];
  initialStatus?: { active?: number; succeeded?: number; failed?: number; startTime?: number; conditions?: JobCondition[] };
  backoffRecord?: BackoffRecord;
  pendingPods?: number;
  activePods?: number;
  readyPods?: number;
  succeededPods?: number;
  failedPods?: number;
  terminatingPods?: number;
  podsWithIndexes?: IndexPhase[];
  unsatisfiedExpectations?: boolean;
  expectedCreations?: number;
  expectedDeletions?: number;
  expectedActive?: number;
  expectedReady?: number;
  expectedSucceeded?: number;
  expectedCompletedIdxs?: string;
  expectedFailed?: number;
  expectedTerminating?: number;
  expectedConditions?: Cond[];
  expectedCreatedIndexes?: number[];
  expectedPodPatches?: number;
}

function newJob(r: Row): Job {
  const job = applyDefaults<Job>({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'foobar', namespace: 'default', uid: UID, resourceVersion: '1' },
    spec: {
      parallelism: r.parallelism,
      ...(r.completions >= 0 ? { completions: r.completions } : {}),
      backoffLimit: r.backoffLimit ?? 0,
      ...(r.completionMode !== undefined ? { completionMode: r.completionMode } : {}),
      ...(r.suspend !== undefined ? { suspend: r.suspend } : {}),
      ...(r.podReplacementPolicy !== undefined ? { podReplacementPolicy: r.podReplacementPolicy } : {}),
      ...(r.podFailurePolicy !== undefined ? { podFailurePolicy: r.podFailurePolicy } : {}),
      selector: { matchLabels: { foo: 'bar' } },
      template: {
        metadata: { labels: { foo: 'bar' } },
        spec: { containers: [{ name: 'c', image: 'foo/bar' }], restartPolicy: 'Never' },
      },
    },
  });
  const conditions: JobCondition[] = [
    ...(r.wasSuspended ? [{ type: 'Suspended', status: 'True' as const, reason: 'JobSuspended', message: 'Job suspended' }] : []),
    ...(r.initialStatus?.conditions ?? []),
  ];
  const is = r.initialStatus;
  return {
    ...job,
    metadata: { ...job.metadata, ...(r.deleting ? { deletionTimestamp: NOW } : {}) },
    status: {
      ...(is?.active !== undefined ? { active: is.active } : {}),
      ...(is?.succeeded !== undefined ? { succeeded: is.succeeded } : {}),
      ...(is?.failed !== undefined ? { failed: is.failed } : {}),
      ...(is?.startTime !== undefined ? { startTime: is.startTime } : {}),
      ...(conditions.length > 0 ? { conditions } : {}),
    },
  };
}

let serial = 0;
function newPod(job: Job, phase: IndexPhase['phase'], o: { ready?: boolean; terminating?: boolean; index?: string } = {}): Pod {
  serial++;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `pod-${serial}`,
      namespace: 'default',
      uid: `pod-uid-${serial}`,
      // Upstream's test pods have no creation time: any back-off from them is long over.
      creationTimestamp: 0,
      labels: { foo: 'bar' },
      finalizers: [JOB_TRACKING_FINALIZER],
      ...(o.index !== undefined ? { annotations: { [COMPLETION_INDEX_ANNOTATION]: o.index } } : {}),
      ...(o.terminating ? { deletionTimestamp: NOW } : {}),
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name as string, uid: UID, controller: true }],
    },
    spec: job.spec.template.spec,
    status: {
      phase,
      ...(o.ready ? { conditions: [{ type: 'Ready', status: 'True' }] } : {}),
    },
  } as Pod;
}

function podsFor(job: Job, r: Row): Pod[] {
  const pods: Pod[] = [];
  const n = (k: number | undefined, f: (i: number) => Pod) => {
    for (let i = 0; i < (k ?? 0); i++) pods.push(f(i));
  };
  n(r.pendingPods, () => newPod(job, 'Pending'));
  n(r.activePods, (i) => newPod(job, 'Running', { ready: i < (r.readyPods ?? 0) }));
  n(r.succeededPods, () => newPod(job, 'Succeeded'));
  n(r.failedPods, () => newPod(job, 'Failed'));
  n(r.terminatingPods, () => newPod(job, 'Running', { terminating: true }));
  for (const ip of r.podsWithIndexes ?? []) pods.push(newPod(job, ip.phase, { index: ip.index }));
  return pods;
}

function run(r: Row) {
  const job = newJob(r);
  const result = syncJob({
    job,
    pods: podsFor(job, r),
    now: NOW,
    satisfiedExpectations: !r.unsatisfiedExpectations,
    backoff: r.backoffRecord,
    generateName: (p) => `${p}x${serial++}`,
  });
  const of = (t: Effect['type']) => result.effects.filter((e) => e.type === t);
  const writes = of('updateStatus') as Extract<Effect, { type: 'updateStatus' }>[];
  const last = writes.length > 0 ? (writes[writes.length - 1]?.object as Job) : job;
  return {
    result,
    creates: of('create') as Extract<Effect, { type: 'create' }>[],
    deletes: of('delete'),
    patches: of('patch'),
    status: last.status ?? {},
  };
}

const scm = {
  type: 'SuccessCriteriaMet',
  status: 'True',
  reason: 'CompletionsReached',
  message: 'Reached expected number of succeeded pods',
};
const complete = {
  type: 'Complete',
  status: 'True',
  reason: 'CompletionsReached',
  message: 'Reached expected number of succeeded pods',
};
const backoffExceeded = (type: string) => ({
  type,
  status: 'True',
  reason: 'BackoffLimitExceeded',
  message: 'Job has reached the specified backoff limit',
});

const rows: Row[] = [
  {
    name: 'job start',
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    expectedCreations: 2,
    expectedActive: 2,
    expectedReady: 0,
  },
  {
    name: 'WQ job start',
    parallelism: 2,
    completions: -1,
    backoffLimit: 6,
    expectedCreations: 2,
    expectedActive: 2,
    expectedReady: 0,
  },
  { name: 'pending pods', parallelism: 2, completions: 5, backoffLimit: 6, pendingPods: 2, expectedActive: 2, expectedReady: 0 },
  {
    name: 'correct # of pods',
    parallelism: 3,
    completions: 5,
    backoffLimit: 6,
    activePods: 3,
    readyPods: 2,
    expectedActive: 3,
    expectedReady: 2,
  },
  {
    name: 'WQ job: correct # of pods',
    parallelism: 2,
    completions: -1,
    backoffLimit: 6,
    activePods: 2,
    expectedActive: 2,
    expectedReady: 0,
  },
  {
    name: 'too few active pods',
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    activePods: 1,
    succeededPods: 1,
    expectedCreations: 1,
    expectedActive: 2,
    expectedSucceeded: 1,
    expectedPodPatches: 1,
    expectedReady: 0,
  },
  {
    name: 'WQ job: recreate pods when failed',
    parallelism: 1,
    completions: -1,
    backoffLimit: 6,
    activePods: 1,
    failedPods: 1,
    podReplacementPolicy: 'Failed',
    terminatingPods: 1,
    expectedTerminating: 1,
    expectedReady: 0,
    expectedPodPatches: 1,
    expectedFailed: 1,
    expectedActive: 1,
  },
  {
    name: 'WQ job: turn on PodReplacementPolicy but not set PodReplacementPolicy',
    parallelism: 1,
    completions: 1,
    backoffLimit: 6,
    activePods: 1,
    failedPods: 1,
    expectedTerminating: 1,
    expectedReady: 0,
    terminatingPods: 1,
    expectedActive: 1,
    expectedPodPatches: 2,
    expectedFailed: 2,
  },
  {
    name: 'WQ job: recreate pods when terminating or failed',
    parallelism: 1,
    completions: -1,
    backoffLimit: 6,
    activePods: 1,
    failedPods: 1,
    podReplacementPolicy: 'TerminatingOrFailed',
    terminatingPods: 1,
    expectedTerminating: 1,
    expectedReady: 0,
    expectedActive: 1,
    expectedPodPatches: 2,
    expectedFailed: 2,
  },
  {
    name: 'more terminating pods than parallelism',
    parallelism: 1,
    completions: 1,
    backoffLimit: 6,
    activePods: 2,
    terminatingPods: 4,
    podReplacementPolicy: 'Failed',
    expectedTerminating: 5,
    expectedReady: 0,
    expectedActive: 1,
    expectedDeletions: 1,
    expectedPodPatches: 1,
  },
  {
    name: 'more terminating pods than parallelism; PodFailurePolicy used',
    parallelism: 1,
    completions: 1,
    backoffLimit: 6,
    activePods: 2,
    terminatingPods: 4,
    podFailurePolicy: { rules: [] },
    // Upstream's row predates terminating pods being counted for every Job (nil there).
    expectedTerminating: 5,
    expectedReady: 0,
    expectedActive: 1,
    expectedDeletions: 1,
    expectedPodPatches: 1,
  },
  {
    name: 'too few active pods and active back-off',
    parallelism: 1,
    completions: 1,
    backoffLimit: 6,
    backoffRecord: { key: 'default/foobar', failuresAfterLastSuccess: 1, lastFailureTime: NOW },
    initialStatus: { startTime: NOW },
    expectedCreations: 0,
    expectedActive: 0,
    expectedSucceeded: 0,
    expectedPodPatches: 0,
    expectedReady: 0,
  },
  {
    name: 'too few active pods and no back-offs',
    parallelism: 1,
    completions: 1,
    backoffLimit: 6,
    backoffRecord: { key: 'default/foobar', failuresAfterLastSuccess: 0, lastFailureTime: NOW },
    expectedCreations: 1,
    expectedActive: 1,
    expectedSucceeded: 0,
    expectedPodPatches: 0,
    expectedReady: 0,
  },
  {
    name: 'too few active pods with a dynamic job',
    parallelism: 2,
    completions: -1,
    backoffLimit: 6,
    activePods: 1,
    expectedCreations: 1,
    expectedActive: 2,
    expectedReady: 0,
  },
  {
    name: 'too many active pods',
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    activePods: 3,
    expectedDeletions: 1,
    expectedActive: 2,
    expectedPodPatches: 1,
    expectedReady: 0,
    expectedTerminating: 1,
  },
  {
    name: 'count ready pods when too many active pods',
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    activePods: 3,
    readyPods: 3,
    expectedDeletions: 1,
    expectedActive: 2,
    expectedPodPatches: 1,
    expectedTerminating: 1,
    expectedReady: 2,
  },
  {
    name: 'failed + succeed pods: reset backoff delay',
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    activePods: 1,
    succeededPods: 1,
    failedPods: 1,
    expectedCreations: 1,
    expectedActive: 2,
    expectedSucceeded: 1,
    expectedFailed: 1,
    expectedPodPatches: 2,
    expectedReady: 0,
  },
  {
    name: 'no new pod; possible finalizer update of failed pod',
    parallelism: 1,
    completions: 1,
    backoffLimit: 6,
    initialStatus: { active: 1, succeeded: 0, failed: 1 },
    activePods: 1,
    expectedCreations: 0,
    expectedActive: 1,
    expectedFailed: 1,
    expectedPodPatches: 0,
    expectedReady: 0,
  },
  {
    name: 'job finish',
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    succeededPods: 5,
    expectedSucceeded: 5,
    expectedConditions: [scm, complete],
    expectedPodPatches: 5,
    expectedReady: 0,
  },
  {
    name: 'WQ job finishing',
    parallelism: 2,
    completions: -1,
    backoffLimit: 6,
    activePods: 1,
    succeededPods: 1,
    expectedActive: 1,
    expectedSucceeded: 1,
    expectedPodPatches: 1,
    expectedReady: 0,
  },
  {
    name: 'WQ job all finished',
    parallelism: 2,
    completions: -1,
    backoffLimit: 6,
    succeededPods: 2,
    expectedSucceeded: 2,
    expectedConditions: [scm, complete],
    expectedPodPatches: 2,
    expectedReady: 0,
  },
  {
    name: 'WQ job all finished despite one failure',
    parallelism: 2,
    completions: -1,
    backoffLimit: 6,
    succeededPods: 1,
    failedPods: 1,
    expectedSucceeded: 1,
    expectedFailed: 1,
    expectedConditions: [scm, complete],
    expectedPodPatches: 2,
    expectedReady: 0,
  },
  {
    name: 'more active pods than parallelism',
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    activePods: 10,
    expectedDeletions: 8,
    expectedActive: 2,
    expectedPodPatches: 8,
    expectedTerminating: 8,
    expectedReady: 0,
  },
  {
    name: 'more active pods than remaining completions',
    parallelism: 3,
    completions: 4,
    backoffLimit: 6,
    activePods: 3,
    succeededPods: 2,
    expectedDeletions: 1,
    expectedActive: 2,
    expectedSucceeded: 2,
    expectedPodPatches: 3,
    expectedTerminating: 1,
    expectedReady: 0,
  },
  {
    name: 'status change',
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    activePods: 2,
    succeededPods: 2,
    expectedActive: 2,
    expectedSucceeded: 2,
    expectedPodPatches: 2,
    expectedReady: 0,
  },
  {
    name: 'deleting job',
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    deleting: true,
    pendingPods: 1,
    activePods: 1,
    succeededPods: 1,
    expectedActive: 2,
    expectedSucceeded: 1,
    expectedPodPatches: 3,
    expectedReady: 0,
  },
  {
    name: 'too many job failures',
    parallelism: 2,
    completions: 5,
    deleting: true,
    failedPods: 1,
    expectedFailed: 1,
    expectedConditions: [backoffExceeded('FailureTarget'), backoffExceeded('Failed')],
    expectedPodPatches: 1,
    expectedReady: 0,
  },
  {
    name: 'job failures, unsatisfied expectations',
    parallelism: 2,
    completions: 5,
    deleting: true,
    failedPods: 1,
    unsatisfiedExpectations: true,
    expectedFailed: 1,
    expectedPodPatches: 1,
    expectedReady: 0,
  },
  {
    name: 'indexed job start',
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    completionMode: 'Indexed',
    expectedCreations: 2,
    expectedActive: 2,
    expectedCreatedIndexes: [0, 1],
    expectedReady: 0,
  },
  {
    name: 'indexed job with some pods deleted, podReplacementPolicy Failed',
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    completionMode: 'Indexed',
    expectedCreations: 1,
    expectedActive: 1,
    expectedCreatedIndexes: [0],
    podReplacementPolicy: 'Failed',
    terminatingPods: 1,
    expectedTerminating: 1,
    expectedReady: 0,
  },
  {
    name: 'indexed job with some pods deleted, podReplacementPolicy TerminatingOrFailed',
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    completionMode: 'Indexed',
    expectedCreations: 2,
    expectedActive: 2,
    expectedCreatedIndexes: [0, 1],
    podReplacementPolicy: 'TerminatingOrFailed',
    terminatingPods: 1,
    expectedTerminating: 1,
    expectedReady: 0,
    expectedPodPatches: 1,
  },
  {
    name: 'indexed job completed',
    parallelism: 2,
    completions: 3,
    backoffLimit: 6,
    completionMode: 'Indexed',
    podsWithIndexes: [
      { index: '0', phase: 'Succeeded' },
      { index: '1', phase: 'Failed' },
      { index: '1', phase: 'Succeeded' },
      { index: '2', phase: 'Succeeded' },
    ],
    expectedSucceeded: 3,
    expectedFailed: 1,
    expectedCompletedIdxs: '0-2',
    expectedConditions: [scm, complete],
    expectedPodPatches: 4,
    expectedReady: 0,
  },
  {
    name: 'count terminating pods when indexed job fails and PodReplacementPolicy enabled',
    parallelism: 2,
    completions: 3,
    backoffLimit: 0,
    completionMode: 'Indexed',
    podsWithIndexes: [
      { index: '0', phase: 'Succeeded' },
      { index: '1', phase: 'Failed' },
      { index: '2', phase: 'Running' },
    ],
    expectedSucceeded: 1,
    expectedFailed: 2,
    expectedCompletedIdxs: '0',
    expectedConditions: [backoffExceeded('FailureTarget')],
    expectedPodPatches: 3,
    expectedReady: 0,
    expectedDeletions: 1,
    expectedTerminating: 1,
  },
  {
    name: 'count ready pods when job fails',
    parallelism: 2,
    completions: 3,
    backoffLimit: 0,
    activePods: 2,
    readyPods: 2,
    failedPods: 1,
    expectedFailed: 3,
    // v1.34: Failed waits for the two deleted pods to terminate; FailureTarget first.
    expectedConditions: [backoffExceeded('FailureTarget')],
    expectedPodPatches: 3,
    expectedReady: 0,
    expectedDeletions: 2,
    expectedTerminating: 2,
  },
  {
    name: 'indexed job repeated completed index',
    parallelism: 2,
    completions: 3,
    backoffLimit: 6,
    completionMode: 'Indexed',
    podsWithIndexes: [
      { index: '0', phase: 'Succeeded' },
      { index: '1', phase: 'Succeeded' },
      { index: '1', phase: 'Succeeded' },
    ],
    expectedCreations: 1,
    expectedActive: 1,
    expectedSucceeded: 2,
    expectedCompletedIdxs: '0,1',
    expectedCreatedIndexes: [2],
    expectedPodPatches: 3,
    expectedReady: 0,
  },
  {
    name: 'indexed job some running and completed pods',
    parallelism: 8,
    completions: 20,
    backoffLimit: 6,
    completionMode: 'Indexed',
    podsWithIndexes: [
      { index: '0', phase: 'Running' },
      { index: '2', phase: 'Succeeded' },
      { index: '3', phase: 'Pending' },
      { index: '4', phase: 'Succeeded' },
      { index: '5', phase: 'Succeeded' },
      { index: '7', phase: 'Succeeded' },
      { index: '8', phase: 'Succeeded' },
      { index: '9', phase: 'Succeeded' },
    ],
    expectedCreations: 6,
    expectedActive: 8,
    expectedSucceeded: 6,
    expectedCompletedIdxs: '2,4,5,7-9',
    expectedCreatedIndexes: [1, 6, 10, 11, 12, 13],
    expectedPodPatches: 6,
    expectedReady: 0,
  },
  {
    name: 'indexed job some failed pods',
    parallelism: 3,
    completions: 4,
    backoffLimit: 6,
    completionMode: 'Indexed',
    podsWithIndexes: [
      { index: '0', phase: 'Failed' },
      { index: '1', phase: 'Pending' },
      { index: '2', phase: 'Failed' },
    ],
    expectedCreations: 2,
    expectedActive: 3,
    expectedFailed: 2,
    expectedCreatedIndexes: [0, 2],
    expectedPodPatches: 2,
    expectedReady: 0,
  },
  {
    name: 'indexed job some pods without index',
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    completionMode: 'Indexed',
    activePods: 1,
    succeededPods: 1,
    failedPods: 1,
    podsWithIndexes: [
      { index: 'invalid', phase: 'Running' },
      { index: 'invalid', phase: 'Succeeded' },
      { index: 'invalid', phase: 'Failed' },
      { index: 'invalid', phase: 'Pending' },
      { index: '0', phase: 'Succeeded' },
      { index: '1', phase: 'Running' },
      { index: '2', phase: 'Running' },
    ],
    expectedDeletions: 3,
    expectedActive: 2,
    expectedSucceeded: 1,
    expectedFailed: 0,
    expectedCompletedIdxs: '0',
    expectedPodPatches: 8,
    expectedReady: 0,
    expectedTerminating: 3,
  },
  {
    name: 'indexed job repeated indexes',
    parallelism: 5,
    completions: 5,
    backoffLimit: 6,
    completionMode: 'Indexed',
    succeededPods: 1,
    failedPods: 1,
    podsWithIndexes: [
      { index: 'invalid', phase: 'Running' },
      { index: '0', phase: 'Succeeded' },
      { index: '1', phase: 'Running' },
      { index: '2', phase: 'Running' },
      { index: '2', phase: 'Pending' },
    ],
    expectedCreations: 0,
    expectedDeletions: 2,
    expectedActive: 2,
    expectedSucceeded: 1,
    expectedCompletedIdxs: '0',
    expectedPodPatches: 5,
    expectedReady: 0,
    expectedTerminating: 2,
  },
  {
    name: 'indexed job with indexes outside of range',
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    completionMode: 'Indexed',
    podsWithIndexes: [
      { index: '0', phase: 'Succeeded' },
      { index: '5', phase: 'Running' },
      { index: '6', phase: 'Succeeded' },
      { index: '7', phase: 'Pending' },
      { index: '8', phase: 'Failed' },
    ],
    expectedCreations: 0, // only one of creations and deletions can happen in a sync
    expectedSucceeded: 1,
    expectedDeletions: 2,
    expectedCompletedIdxs: '0',
    expectedActive: 0,
    expectedFailed: 0,
    expectedPodPatches: 5,
    expectedReady: 0,
    expectedTerminating: 2,
  },
  {
    name: 'suspending a job with satisfied expectations; PodReplacementPolicy enabled',
    suspend: true,
    parallelism: 2,
    activePods: 2,
    completions: 4,
    backoffLimit: 6,
    expectedCreations: 0,
    expectedDeletions: 2,
    expectedActive: 0,
    expectedConditions: [{ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }],
    expectedPodPatches: 2,
    expectedReady: 0,
    expectedTerminating: 2,
  },
  {
    name: 'count ready pods when suspending a job with satisfied expectations',
    suspend: true,
    parallelism: 2,
    activePods: 2,
    readyPods: 2,
    completions: 4,
    backoffLimit: 6,
    expectedCreations: 0,
    expectedDeletions: 2,
    expectedActive: 0,
    expectedConditions: [{ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }],
    expectedPodPatches: 2,
    expectedReady: 0,
    expectedTerminating: 2,
  },
  {
    name: 'suspending a job with unsatisfied expectations; PodReplacementPolicy enabled',
    suspend: true,
    parallelism: 2,
    activePods: 3,
    unsatisfiedExpectations: true,
    completions: 4,
    backoffLimit: 6,
    expectedCreations: 0,
    expectedDeletions: 0,
    expectedActive: 3,
    expectedReady: 0,
    expectedTerminating: 0,
  },
  {
    name: 'count ready pods when suspending a job with unsatisfied expectations',
    suspend: true,
    parallelism: 2,
    activePods: 3,
    readyPods: 3,
    unsatisfiedExpectations: true,
    completions: 4,
    backoffLimit: 6,
    expectedActive: 3,
    expectedReady: 3,
  },
  {
    name: 'resuming a suspended job',
    wasSuspended: true,
    suspend: false,
    parallelism: 2,
    completions: 4,
    backoffLimit: 6,
    expectedCreations: 2,
    expectedActive: 2,
    expectedConditions: [{ type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed' }],
    expectedReady: 0,
  },
  {
    name: 'suspending a deleted job; PodReplacementPolicy enabled',
    suspend: true,
    deleting: true,
    parallelism: 2,
    activePods: 2,
    completions: 4,
    backoffLimit: 6,
    expectedActive: 2,
    expectedPodPatches: 2,
    expectedReady: 0,
    expectedTerminating: 0,
  },
  {
    name: 'FailureTarget=False condition added manually is ignored',
    parallelism: 1,
    completions: 1,
    activePods: 1,
    readyPods: 1,
    initialStatus: {
      active: 1,
      startTime: NOW,
      conditions: [{ type: 'FailureTarget', status: 'False', reason: 'ConditionAddedManually', message: 'Testing' }],
    },
    expectedActive: 1,
    expectedReady: 1,
    expectedConditions: [{ type: 'FailureTarget', status: 'False', reason: 'ConditionAddedManually', message: 'Testing' }],
  },
  {
    name: 'SuccessCriteriaMet=False condition added manually is ignored',
    parallelism: 1,
    completions: 1,
    activePods: 1,
    readyPods: 1,
    initialStatus: {
      active: 1,
      startTime: NOW,
      conditions: [{ type: 'SuccessCriteriaMet', status: 'False', reason: 'ConditionAddedManually', message: 'Testing' }],
    },
    expectedActive: 1,
    expectedReady: 1,
    expectedConditions: [{ type: 'SuccessCriteriaMet', status: 'False', reason: 'ConditionAddedManually', message: 'Testing' }],
  },
];

describe('TestControllerSyncJob', () => {
  it.each(rows)('$name', (r) => {
    const { creates, deletes, patches, status } = run(r);
    expect(creates.length).toBe(r.expectedCreations ?? 0);
    expect(deletes.length).toBe(r.expectedDeletions ?? 0);
    expect(patches.length).toBe(r.expectedPodPatches ?? 0);
    expect(status.active ?? 0).toBe(r.expectedActive ?? 0);
    expect(status.ready).toBe(r.expectedReady);
    expect(status.succeeded ?? 0).toBe(r.expectedSucceeded ?? 0);
    expect(status.completedIndexes ?? '').toBe(r.expectedCompletedIdxs ?? '');
    expect(status.failed ?? 0).toBe(r.expectedFailed ?? 0);
    expect(status.terminating ?? 0).toBe(r.expectedTerminating ?? 0);
    const conditions = (status.conditions ?? []).map(({ type, status, reason, message }) => ({ type, status, reason, message }));
    expect(conditions).toEqual(r.expectedConditions ?? []);
    if (r.expectedCreatedIndexes !== undefined) {
      const got = creates.map((c) => Number(c.object.metadata.annotations?.[COMPLETION_INDEX_ANNOTATION])).sort((a, b) => a - b);
      expect(got).toEqual(r.expectedCreatedIndexes);
    }
  });
  // kubesim's sync assumes its calls succeed (a failed call ends the sync, the next one starts over):
  // upstream's rows with a podControllerError or a podLimit on the fake pod control are not ported.
  it.skip('too few active pods, with controller error', () => {});
  it.skip('too many active pods, with controller error', () => {});
  it.skip('only new failed pod with controller error', () => {});
  it.skip('limited pods', () => {});
  // v1.34 has JobPodReplacementPolicy and JobManagedBy on: the gates-off twins of the rows above
  // ("indexed job failed", "suspending a job with satisfied expectations", "suspending a job with
  // unsatisfied expectations", "suspending a deleted job", "backoff limit exceeded; JobManagedBy
  // enabled") expect what the gates-on rows ported here expect, or Failed at once.
  it.skip('indexed job with podIndexLabel feature disabled (PodIndexLabel is GA and locked on)', () => {});
});

const deadline = (type: string) => ({
  type,
  status: 'True',
  reason: 'DeadlineExceeded',
  message: 'Job was active longer than specified deadline',
});

describe('TestSyncJobPastDeadline', () => {
  interface DeadlineRow {
    name: string;
    parallelism: number;
    completions: number;
    activeDeadlineSeconds: number;
    startTime: number;
    backoffLimit?: number;
    suspend?: boolean;
    activePods?: number;
    succeededPods?: number;
    failedPods?: number;
    expectedDeletions?: number;
    expectedSucceeded?: number;
    expectedFailed?: number;
    expectedConditions: Cond[];
  }
  // v1.34 runs with JobPodReplacementPolicy and JobManagedBy on: the rows for the gates off
  // ("activeDeadlineSeconds less than single pod execution" and the like, which expect Failed at
  // once) are the gates-on rows here — FailureTarget while a pod is still terminating.
  const deadlineRows: DeadlineRow[] = [
    {
      name: 'activeDeadlineSeconds less than single pod execution',
      parallelism: 1,
      completions: 1,
      activeDeadlineSeconds: 10,
      startTime: 15,
      backoffLimit: 6,
      activePods: 1,
      expectedDeletions: 1,
      expectedFailed: 1,
      expectedConditions: [deadline('FailureTarget')],
    },
    {
      name: 'activeDeadlineSeconds exceeded; JobPodReplacementPolicy enabled',
      parallelism: 1,
      completions: 2,
      activeDeadlineSeconds: 10,
      startTime: 15,
      backoffLimit: 6,
      activePods: 1,
      succeededPods: 1,
      expectedDeletions: 1,
      expectedSucceeded: 1,
      expectedFailed: 1,
      expectedConditions: [deadline('FailureTarget')],
    },
    {
      name: 'activeDeadlineSeconds times-out before any pod starts',
      parallelism: 1,
      completions: 1,
      activeDeadlineSeconds: 10,
      startTime: 10,
      backoffLimit: 6,
      expectedConditions: [deadline('FailureTarget'), deadline('Failed')],
    },
    {
      name: 'activeDeadlineSeconds exceeded and backofflimit reached; JobManagedBy enabled',
      parallelism: 1,
      completions: 1,
      activeDeadlineSeconds: 1,
      startTime: 10,
      failedPods: 1,
      expectedFailed: 1,
      expectedConditions: [backoffExceeded('FailureTarget'), backoffExceeded('Failed')],
    },
    {
      name: 'activeDeadlineSeconds is not triggered when Job is suspended',
      suspend: true,
      parallelism: 1,
      completions: 2,
      activeDeadlineSeconds: 10,
      startTime: 15,
      backoffLimit: 6,
      expectedConditions: [{ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }],
    },
  ];
  it.each(deadlineRows)('$name', (r) => {
    const base = newJob({
      name: r.name,
      parallelism: r.parallelism,
      completions: r.completions,
      backoffLimit: r.backoffLimit ?? 0,
    });
    const job: Job = {
      ...base,
      spec: { ...base.spec, activeDeadlineSeconds: r.activeDeadlineSeconds, suspend: r.suspend ?? false },
      status: { startTime: NOW - r.startTime * 1000 },
    };
    const pods = podsFor(job, {
      name: '',
      parallelism: 0,
      completions: 0,
      activePods: r.activePods ?? 0,
      succeededPods: r.succeededPods ?? 0,
      failedPods: r.failedPods ?? 0,
    });
    const result = syncJob({ job, pods, now: NOW, satisfiedExpectations: true, generateName: (p) => `${p}x` });
    const writes = result.effects.filter((e) => e.type === 'updateStatus') as Extract<Effect, { type: 'updateStatus' }>[];
    const actual = (writes[writes.length - 1]?.object as Job | undefined)?.status ?? {};
    expect(result.effects.filter((e) => e.type === 'create')).toHaveLength(0);
    expect(result.effects.filter((e) => e.type === 'delete')).toHaveLength(r.expectedDeletions ?? 0);
    expect(actual.active ?? 0).toBe(0);
    expect(actual.succeeded ?? 0).toBe(r.expectedSucceeded ?? 0);
    expect(actual.failed ?? 0).toBe(r.expectedFailed ?? 0);
    expect(actual.startTime).toBeDefined();
    expect((actual.conditions ?? []).map(({ type, status, reason, message }) => ({ type, status, reason, message }))).toEqual(
      r.expectedConditions,
    );
  });
  it.skip('activeDeadlineSeconds bigger than single pod execution (gates off: Failed at once; v1.34 has them on)', () => {});
  it.skip('activeDeadlineSeconds with backofflimit reach (gates off; see the JobManagedBy row)', () => {});
  it.skip('activeDeadlineSeconds exceeded; JobManagedBy enabled (the same outcome as the JobPodReplacementPolicy row)', () => {});

  it('requeues the Job at its deadline while it runs', () => {
    const base = newJob({ name: '', parallelism: 1, completions: 1, backoffLimit: 6 });
    const job: Job = { ...base, spec: { ...base.spec, activeDeadlineSeconds: 10 }, status: { startTime: NOW - 4000 } };
    const result = syncJob({
      job,
      pods: podsFor(job, { name: '', parallelism: 0, completions: 0, activePods: 1 }),
      now: NOW,
      satisfiedExpectations: true,
      generateName: (p) => p,
    });
    expect(result.effects.filter((e) => e.type === 'requeueAfter')).toEqual([{ type: 'requeueAfter', after: 6000 }]);
  });
});

describe('TestSingleJobFailedCondition', () => {
  it('a Failed=False condition is turned True, not added twice', () => {
    const base = newJob({ name: '', parallelism: 1, completions: 1, backoffLimit: 6 });
    const job: Job = {
      ...base,
      spec: { ...base.spec, activeDeadlineSeconds: 10 },
      status: {
        startTime: NOW - 15_000,
        conditions: [
          {
            type: 'Failed',
            status: 'False',
            reason: 'DeadlineExceeded',
            message: 'Job was active longer than specified deadline',
          },
        ],
      },
    };
    const result = syncJob({ job, pods: [], now: NOW, satisfiedExpectations: true, generateName: (p) => p });
    expect(result.effects.filter((e) => e.type === 'delete')).toHaveLength(0);
    const failed = (result.job.status?.conditions ?? []).filter((c) => c.type === 'Failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.status).toBe('True');
  });
});

describe('TestSyncJobComplete', () => {
  it('a complete Job is left as it is', () => {
    const base = newJob({ name: '', parallelism: 1, completions: 1, backoffLimit: 6 });
    const job: Job = { ...base, status: { conditions: [{ type: 'Complete', status: 'True', reason: '', message: '' }] } };
    const result = syncJob({ job, pods: [], now: NOW, satisfiedExpectations: true, generateName: (p) => p });
    expect(result.effects).toEqual([]);
    expect(result.job.status?.conditions).toHaveLength(1);
  });
});

describe('suspend and resume (TestControllerSyncJob suspend rows)', () => {
  const base = (r: Partial<Row>) => ({ name: '', parallelism: 2, completions: 4, backoffLimit: 6, ...r }) as Row;
  it('suspending job: active pods deleted, Suspended=True, a Suspended event', () => {
    const { result, deletes, patches, status } = run(base({ suspend: true, activePods: 2, succeededPods: 2 }));
    expect(deletes).toHaveLength(2);
    expect(patches).toHaveLength(4); // 2 for the deletions, 2 for the succeeded pods
    expect(status.active ?? 0).toBe(0);
    expect(status.succeeded).toBe(2);
    expect(status.terminating).toBe(2);
    expect(status.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Suspended', 'True', 'JobSuspended', 'Job suspended'],
    ]);
    expect(result.effects.some((e) => e.type === 'event' && e.reason === 'Suspended' && e.message === 'Job suspended')).toBe(
      true,
    );
  });
  it('suspending job; no pods: nothing to create, Suspended=True', () => {
    const { creates, status } = run(base({ suspend: true, wasSuspended: false }));
    expect(creates).toHaveLength(0);
    expect(status.startTime).toBeUndefined();
    expect(status.conditions?.[0]?.type).toBe('Suspended');
  });
  it('resuming job: pods created, Suspended=False JobResumed, startTime reset', () => {
    const { result, creates, status } = run(
      base({ suspend: false, wasSuspended: true, initialStatus: { startTime: NOW - 60_000 } }),
    );
    expect(creates).toHaveLength(2);
    expect(status.startTime).toBe(NOW);
    expect(status.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Suspended', 'False', 'JobResumed', 'Job resumed'],
    ]);
    expect(result.effects.some((e) => e.type === 'event' && e.reason === 'Resumed')).toBe(true);
  });
});

describe('the order of the calls (trackJobStatusAndRemoveFinalizers)', () => {
  it('a finished pod: uncounted status, finalizer patch, counted status', () => {
    const { result } = run({ name: '', parallelism: 1, completions: 2, backoffLimit: 6, succeededPods: 1 });
    const calls = result.effects.filter((e) => e.type !== 'event' && e.type !== 'requeueAfter').map((e) => e.type);
    expect(calls).toEqual(['create', 'updateStatus', 'patch', 'updateStatus']);
    const writes = result.effects.filter((e) => e.type === 'updateStatus') as Extract<Effect, { type: 'updateStatus' }>[];
    const first = (writes[0]?.object as Job | undefined)?.status;
    expect(first?.uncountedTerminatedPods?.succeeded).toHaveLength(1);
    expect(first?.succeeded ?? 0).toBe(0);
    const second = writes[1]?.object as Job;
    expect(second.status?.succeeded).toBe(1);
    expect(second.status?.uncountedTerminatedPods).toEqual({});
    // The second write goes over what the first returned: no resourceVersion precondition.
    expect(second.metadata.resourceVersion).toBeUndefined();
  });
  it('an Indexed Job names its pods <job>-<index>-, with the index annotation, label, hostname and env', () => {
    const { creates } = run({ name: '', parallelism: 1, completions: 3, backoffLimit: 6, completionMode: 'Indexed' });
    const pod = creates[0]?.object as Pod;
    expect(pod.metadata.name?.startsWith('foobar-0-')).toBe(true);
    expect(pod.metadata.annotations?.[COMPLETION_INDEX_ANNOTATION]).toBe('0');
    expect(pod.metadata.labels?.[COMPLETION_INDEX_ANNOTATION]).toBe('0');
    expect(pod.metadata.finalizers).toEqual([JOB_TRACKING_FINALIZER]);
    expect(pod.spec.hostname).toBe('foobar-0');
    expect(pod.spec.containers[0]?.env).toEqual([
      {
        name: 'JOB_COMPLETION_INDEX',
        valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } },
      },
    ]);
  });
});
