import { type Effect, type Job, type Millis, SECOND } from '@kubesim/core';

/**
 * How upstream queues a Job (job_controller.go enqueueSyncJob*): a new Job, a spec change (a
 * new generation) or a deletion is synced at once; a pod event or a status update of the Job
 * only after syncJobBatchPeriod (1s), so the events of that second are synced together; the
 * sync's own requeues (the pod-failure back-off, at least 1s; the active deadline) likewise.
 * The work queue keeps one timer per key, the earliest (AddAfter). Here every change of a
 * Job or its pods calls reconcile at once, so the controller keeps that timer itself.
 */
export const SYNC_JOB_BATCH_PERIOD: Millis = 1 * SECOND;

/** What the Job controller remembers of a Job between syncs to batch them: its UID, generation and pending AddAfter. */
export interface SyncTiming {
  readonly uid: string;
  readonly generation: number;
  /** When the key's pending AddAfter fires, if one is pending. */
  readonly due?: Millis;
}

/** What the Job controller's enqueue decides for an event: whether to sync now, and the sync's timing. */
export interface Admission {
  /** Sync now. */
  readonly sync: boolean;
  readonly timing: SyncTiming;
  /** A requeue to send (the batch timer), when not syncing. */
  readonly requeueAfter?: Millis;
}

/** Whether this reconcile is a sync upstream would run now, or an event it would batch. */
export function admit(job: Job, timing: SyncTiming | undefined, now: Millis, retry = false): Admission {
  const uid = job.metadata.uid as string;
  const generation = job.metadata.generation ?? 0;
  // The key's last sync failed: this is the AddRateLimited retry (processNextWorkItem), which
  // upstream syncs like any dequeue; a batch timer pending stays pending.
  if (retry && timing !== undefined && timing.uid === uid && timing.generation === generation) {
    return { sync: true, timing: timing.due !== undefined && timing.due > now ? timing : { uid, generation } };
  }
  // addJob, or updateJob with a new generation: enqueueSyncJobImmediately. A timer already
  // pending stays (the delaying queue keeps it) and syncs once more when it fires.
  if (timing === undefined || timing.uid !== uid || timing.generation !== generation) {
    return {
      sync: true,
      timing: { uid, generation, ...(timing?.uid === uid && timing.due !== undefined ? { due: timing.due } : {}) },
    };
  }
  if (timing.due !== undefined && timing.due <= now) return { sync: true, timing: { uid, generation } };
  // A pod event or a status update: enqueueSyncJobBatched, the earliest timer kept.
  const due = now + SYNC_JOB_BATCH_PERIOD;
  // The earliest timer is kept; it is asked for again, since the queue may have let it go for
  // an earlier one of the same key (a rate-limited retry) that has fired since.
  if (timing.due !== undefined && timing.due <= due) return { sync: false, timing, requeueAfter: timing.due - now };
  return { sync: false, timing: { uid, generation, due }, requeueAfter: SYNC_JOB_BATCH_PERIOD };
}

/** The timer after a sync: its own requeues, the earliest kept. */
export function afterSync(timing: SyncTiming, now: Millis, effects: readonly Effect[]): SyncTiming {
  let due = timing.due;
  for (const e of effects) {
    if (e.type !== 'requeueAfter' || e.key !== undefined) continue;
    const at = now + e.after;
    if (due === undefined || at < due) due = at;
  }
  return due === undefined ? { uid: timing.uid, generation: timing.generation } : { ...timing, due };
}
