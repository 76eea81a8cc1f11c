/**
 * pkg/controller/job: the Job controller, its pure `syncJob`, and upstream's helpers for
 * back-off, indexed completions, pod failure and success policies.
 * @module
 */
export {
  type BackoffRecord,
  DEFAULT_JOB_POD_FAILURE_BACKOFF,
  getFinishedTime,
  getRemainingTime,
  getRemainingTimeForFailuresCount,
  MAX_JOB_POD_FAILURE_BACKOFF,
  newBackoffRecord,
} from './backoffUtils.js';
export type { SyncJobInput, SyncJobResult } from './context.js';
export type { Admission } from './enqueue.js';
export { admit, SYNC_JOB_BATCH_PERIOD, type SyncTiming } from './enqueue.js';
export type { OrderedIntervals } from './indexedJobUtils.js';
export {
  calculateSucceededIndexes,
  firstPendingIndexes,
  getCompletionIndex,
  type Interval,
  intervalsString,
  parseIndexesFromString,
} from './indexedJobUtils.js';
export { JOB_CONTROLLER, JOB_CONTROLLER_NAME, jobController } from './jobController.js';
export type { DelayedDeletionCtx } from './jobPods.js';
export { getPodsWithDelayedDeletionPerIndex, pastActiveDeadline, pastBackoffLimitOnFailure } from './jobPods.js';
export { activePodsForRemoval, MAX_POD_CREATE_DELETE_PER_SYNC, podGenerateNameWithIndex } from './manageJob.js';
export { matchPodFailurePolicy, type PodFailurePolicyAction, type PodFailurePolicyMatch } from './podFailurePolicy.js';
export { matchSuccessPolicy } from './successPolicy.js';
export { syncJob } from './syncJob.js';
export { MAX_UNCOUNTED_PODS } from './trackJobStatus.js';
export { finishedCondition, isJobFinished, JOB_TRACKING_FINALIZER } from './utils.js';
