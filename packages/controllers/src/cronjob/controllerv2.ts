import { CronParseError, type Job, LocationError, loadLocation, type Millis, parseStandard, type Schedule } from '@kubesim/core';
import { controllerOf } from '../controllerutils/controllerRef.js';
import { cleanupFinishedJobs } from './cleanup.js';
import { type CronJobSyncInput, type CronJobSyncResult, defaultGetJob, event, type Sync } from './context.js';
import { createJob, deleteJob, jobRef, updateCronJobStatus } from './injection.js';
import {
  deleteFromActiveList,
  finishedCondition,
  formatRFC1123ZUTC,
  getJobFromTemplate2,
  getJobName,
  inActiveList,
  inActiveListByName,
  isJobSucceeded,
  nextScheduleTime,
  nextScheduleTimeDuration,
  refMatches,
} from './utils.js';

/**
 * pkg/controller/cronjob/cronjob_controllerv2.go: one sync of one CronJob, as a pure function
 * from the CronJob, its Jobs and the time to the API calls and events upstream's sync makes, in
 * its order, and when to sync again. Upstream's reads from the API server (the CronJob before
 * calling a Job unexpected, a Job missing from the lister, the Jobs Replace deletes) are hooks,
 * which the controller answers from what it wrote and from its informers.
 */

export type { CronJobSyncInput, CronJobSyncResult } from './context.js';
export { type CronJobUpdate, getJobsToBeReconciled, updateCronJob } from './update.js';

/** formatSchedule: the schedule with its zone; a TZ in the schedule itself is used as is, with a warning. */
function formatSchedule(s: Sync): { spec: string; zone: string | undefined } {
  const { schedule, timeZone } = s.cj.spec;
  if (schedule.includes('TZ')) {
    event(
      s,
      'Warning',
      'UnsupportedSchedule',
      `CRON_TZ or TZ used in schedule ${JSON.stringify(schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`,
    );
    return { spec: schedule, zone: undefined };
  }
  return { spec: schedule, zone: timeZone };
}

interface Outcome {
  readonly requeueAfter: Millis | undefined;
  readonly updateStatus: boolean;
  readonly error?: string;
}

/** syncCronJob: reconcile the CronJob with its Jobs; mutates s.cj, the working copy. */
function syncCronJob(s: Sync, jobs: readonly Job[]): Outcome {
  const { now } = s.in;
  const getJob = s.in.getJob ?? defaultGetJob(jobs);
  let updateStatus = false;
  for (const j of jobs) {
    const found = inActiveList(s.cj, j);
    const finished = finishedCondition(j);
    if (!found && finished === undefined) {
      const fresh = s.in.getCronJob?.();
      if (fresh !== undefined && inActiveList(fresh, j)) {
        s.cj = structuredClone(fresh);
        continue;
      }
      // Ours but not in status.active: created by someone else, or our status write was lost.
      event(s, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata.name}`);
    } else if (finished !== undefined) {
      if (found) {
        deleteFromActiveList(s.cj, j);
        event(s, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${finished}`);
        updateStatus = true;
      }
      if (isJobSucceeded(j)) {
        const status = s.cj.status ?? {};
        s.cj.status = status;
        const completion = j.status?.completionTime;
        if (status.lastSuccessfulTime === undefined) {
          if (completion !== undefined) status.lastSuccessfulTime = completion;
          updateStatus = true;
        }
        if (completion !== undefined && completion > (status.lastSuccessfulTime as Millis)) {
          status.lastSuccessfulTime = completion;
          updateStatus = true;
        }
      }
    }
  }
  // An active entry whose Job is gone (asked of the API server, not the lister) is dropped.
  for (const ref of [...(s.cj.status?.active ?? [])]) {
    if (jobs.some((j) => refMatches(ref, j))) continue;
    const got = getJob(ref.namespace ?? s.cj.metadata.namespace ?? 'default', ref.name);
    if (got === undefined) {
      event(s, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
      deleteFromActiveList(s.cj, { metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) } });
      updateStatus = true;
    } else if ('error' in got) return { requeueAfter: undefined, updateStatus, error: got.error };
  }
  if (s.cj.metadata.deletionTimestamp !== undefined) return { requeueAfter: undefined, updateStatus };

  const timeZone = s.cj.spec.timeZone;
  if (timeZone !== undefined) {
    try {
      loadLocation(timeZone);
    } catch (e) {
      if (!(e instanceof LocationError)) throw e;
      event(s, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(timeZone)}: ${e.message}`);
      return { requeueAfter: undefined, updateStatus };
    }
  }
  if (s.cj.spec.suspend === true) return { requeueAfter: undefined, updateStatus };

  const { spec, zone } = formatSchedule(s);
  let sched: Schedule;
  try {
    sched = parseStandard(zone === undefined ? spec : `TZ=${zone} ${spec}`);
  } catch (e) {
    if (!(e instanceof CronParseError)) throw e;
    // A user error: not synced again until the CronJob changes.
    event(s, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(s.cj.spec.schedule)} : ${e.message}`);
    return { requeueAfter: undefined, updateStatus };
  }
  const st = s.startTime;
  const requeue = (): Outcome => ({ requeueAfter: nextScheduleTimeDuration(s.cj, now, sched, st), updateStatus });
  const next = nextScheduleTime(s.cj, now, sched, st);
  if (next.tooManyMissed) {
    event(
      s,
      'Warning',
      'TooManyMissedTimes',
      'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
    );
  }
  if (next.error !== undefined) {
    event(s, 'Warning', 'InvalidSchedule', `invalid schedule: ${s.cj.spec.schedule} : ${next.error}`);
    return { requeueAfter: undefined, updateStatus };
  }
  const scheduledTime = next.scheduledTime;
  if (scheduledTime === undefined) return requeue();

  const sds = s.cj.spec.startingDeadlineSeconds;
  if (sds !== undefined && scheduledTime + sds * 1000 < now) {
    // No LastMissedTime in the status: every later sync notices the same miss again.
    event(s, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${formatRFC1123ZUTC(scheduledTime + st)}`);
    return requeue();
  }
  const name = getJobName(s.cj, scheduledTime, st);
  const namespace = s.cj.metadata.namespace ?? 'default';
  if (inActiveListByName(s.cj, { metadata: { name, namespace } }) || s.cj.status?.lastScheduleTime === scheduledTime) {
    return requeue();
  }
  if (s.cj.spec.concurrencyPolicy === 'Forbid' && (s.cj.status?.active ?? []).length > 0) {
    // The active list may lag (our status write not seen yet): upstream accepts that Forbid can overlap.
    event(
      s,
      'Normal',
      'JobAlreadyActive',
      'Not starting job because prior execution is running and concurrency policy is Forbid',
    );
    return requeue();
  }
  if (s.cj.spec.concurrencyPolicy === 'Replace') {
    for (const ref of [...(s.cj.status?.active ?? [])]) {
      const got = getJob(ref.namespace ?? namespace, ref.name);
      if (got === undefined || 'error' in got) {
        const error = got === undefined ? `jobs.batch ${JSON.stringify(ref.name)} not found` : got.error;
        event(s, 'Warning', 'FailedGet', `Get job: ${error}`);
        return { requeueAfter: undefined, updateStatus, error };
      }
      s.effects.push(deleteJob(s.cj, got));
      deleteFromActiveList(s.cj, got);
      updateStatus = true;
    }
  }

  const jobReq = getJobFromTemplate2(s.cj, scheduledTime, st);
  // The name may be taken: upstream's create meets AlreadyExists and GETs the Job. kubesim reads
  // it first and sends neither (a create the informers have not shown yet still fails, and the
  // sync is retried).
  const existing = getJob(namespace, name);
  if (existing !== undefined && !('error' in existing)) {
    // Another actor's Job: assume it keeps the status itself.
    if (controllerOf(existing)?.uid !== s.cj.metadata.uid) return { requeueAfter: undefined, updateStatus };
    if (inActiveList(s.cj, existing)) return { requeueAfter: undefined, updateStatus };
    addActive(s, jobRef(existing), scheduledTime);
    return { requeueAfter: nextScheduleTimeDuration(s.cj, now, sched, st), updateStatus: true };
  }
  s.effects.push(createJob(s.cj, jobReq));
  addActive(s, jobRef(jobReq), scheduledTime);
  return { requeueAfter: nextScheduleTimeDuration(s.cj, now, sched, st), updateStatus: true };
}

function addActive(s: Sync, ref: ReturnType<typeof jobRef>, scheduledTime: Millis): void {
  const status = s.cj.status ?? {};
  status.active = [...(status.active ?? []), ref];
  status.lastScheduleTime = scheduledTime;
  s.cj.status = status;
}

/**
 * sync: cleanupFinishedJobs, then syncCronJob, then one status update if either changed it.
 * The requeue is AddAfter; with none, an error is AddRateLimited (a requeue wins over an error,
 * as upstream's sync returns requeueAfter with a nil error).
 */
export function syncCronJobOnce(input: CronJobSyncInput): CronJobSyncResult {
  const s: Sync = { in: input, startTime: input.startTime ?? 0, effects: [], cj: structuredClone(input.cronJob) };
  const cleaned = cleanupFinishedJobs(s, input.jobs);
  const out = syncCronJob(s, input.jobs);
  const updateStatus = cleaned || out.updateStatus;
  if (updateStatus) s.effects.push(updateCronJobStatus(s.cj));
  if (out.requeueAfter !== undefined) {
    s.effects.push({ type: 'requeueAfter', after: out.requeueAfter });
  } else if (out.error !== undefined) s.effects.push({ type: 'error', message: out.error });
  return {
    effects: s.effects,
    requeueAfter: out.requeueAfter,
    updateStatus,
    cronJob: s.cj,
    ...(out.requeueAfter === undefined && out.error !== undefined ? { error: out.error } : {}),
  };
}

/** syncCronJob alone (no cleanup), as TestControllerV2SyncCronJob calls it. */
export function syncCronJobOnly(input: CronJobSyncInput): CronJobSyncResult {
  const s: Sync = { in: input, startTime: input.startTime ?? 0, effects: [], cj: structuredClone(input.cronJob) };
  const out = syncCronJob(s, input.jobs);
  return {
    effects: s.effects,
    requeueAfter: out.requeueAfter,
    updateStatus: out.updateStatus,
    cronJob: s.cj,
    ...(out.error !== undefined ? { error: out.error } : {}),
  };
}
