import {
  type ClusterView,
  type Controller,
  type Effect,
  type Job,
  type Millis,
  type ReconcileContext,
  SECOND,
} from '@kubesim/core';
import { finishedCondition } from '../job/utils.js';
import { refOf } from '../util/effects.js';

/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished): a finished Job with
 * spec.ttlSecondsAfterFinished is deleted once that many seconds have passed since its
 * Complete or Failed condition turned True — with Foreground propagation, so its pods go
 * first (the garbage collector deletes them, then the Job). Before that it requeues the Job
 * for the moment it expires.
 */
export const TTL_AFTER_FINISHED_CONTROLLER = 'ttl-after-finished-controller';

/** needsCleanup: a finished Job, not being deleted, with a TTL. */
export function needsCleanup(job: Job): boolean {
  return (
    job.spec.ttlSecondsAfterFinished !== undefined &&
    job.metadata.deletionTimestamp === undefined &&
    finishedCondition(job) !== undefined
  );
}

/** getFinishAndExpireTime: the finish condition's lastTransitionTime and that plus the TTL. */
export function getFinishAndExpireTime(job: Job): { finishAt: Millis; expireAt: Millis } | undefined {
  if (!needsCleanup(job)) return undefined;
  const finishAt = finishedCondition(job)?.lastTransitionTime;
  if (finishAt == null) return undefined; // upstream: "unable to find the time when the Job … finished"
  return { finishAt, expireAt: finishAt + (job.spec.ttlSecondsAfterFinished ?? 0) * SECOND };
}

/** timeLeft: how long until the Job expires (negative once past), undefined when it never does. */
export function timeLeft(job: Job, since: Millis): Millis | undefined {
  const t = getFinishAndExpireTime(job);
  return t === undefined ? undefined : t.expireAt - since;
}

/**
 * processJob: an expired Job is deleted (Foreground, with a UID precondition, as upstream does
 * after re-reading it); one not yet expired comes back when it does.
 */
function processJob(view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  const job = view.getByKey('Job', key);
  if (job === undefined) return [];
  const left = timeLeft(job, ctx.now);
  if (left === undefined) return [];
  if (left > 0) return [{ type: 'requeueAfter', after: left }];
  return [{ type: 'delete', ref: refOf(job), uid: job.metadata.uid as string, propagationPolicy: 'Foreground' }];
}

/** The TTL-after-finished controller: deletes a finished Job once its ttlSecondsAfterFinished has passed. */
export function ttlAfterFinishedController(): Controller {
  return {
    name: 'ttlafterfinished',
    component: TTL_AFTER_FINISHED_CONTROLLER,
    watches: [{ kind: 'Job' }],
    reconcile: processJob,
    // --concurrent-ttl-after-finished-syncs
    runtime: { process: 'kube-controller-manager', workers: 5 },
  };
}
