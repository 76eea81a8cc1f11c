/**
 * pkg/controller/cronjob/utils.go: the schedule arithmetic (missed schedules, the next schedule
 * time), the Job-to-CronJob bookkeeping and the scheduled-timestamp annotation.
 * @module
 */
import {
  type CronJob,
  civil,
  type Job,
  type JobCondition,
  loadLocation,
  type Millis,
  type Schedule,
  ZERO_TIME,
} from '@kubesim/core';
import { newControllerRef } from '../controllerutils/controllerRef.js';

/**
 * pkg/controller/cronjob/utils.go. Object timestamps are simulated milliseconds; a schedule
 * works on the wall clock, so every function here takes `startTime`, the wall-clock instant
 * (Unix ms) simulated time 0 stands for. With startTime 0 simulated time is Unix time, which is
 * how the ported upstream tests call them.
 */

/** nextScheduleDelta: the requeue lands 100ms after the schedule time, against clock skew. */
export const NEXT_SCHEDULE_DELTA: Millis = 100;

/** The annotation on a CronJob's Job with the schedule time it ran for. */
export const CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/** How many schedule times went by unmet: none, a few, or more than 100 (TooManyMissedTimes). */
export type MissedSchedules = 'none' | 'few' | 'many';

/** A reference to a running Job in a CronJob's status.active. */
export type ActiveRef = NonNullable<NonNullable<CronJob['status']>['active']>[number];

/**
 * Whether a status.active entry stands for a job. Upstream compares UIDs; kubesim's entries carry
 * none (the API server assigns the Job's UID after the sync that wrote the entry has computed
 * it), so an entry without a UID is matched by namespace and name, which the job name's
 * scheduled time makes unique.
 */
export function refMatches(ref: ActiveRef, job: Pick<Job, 'metadata'>): boolean {
  if (ref.uid !== undefined && ref.uid !== '') return ref.uid === job.metadata.uid;
  return ref.name === job.metadata.name && (ref.namespace ?? 'default') === (job.metadata.namespace ?? 'default');
}

/** inActiveList. */
export function inActiveList(cj: CronJob, job: Pick<Job, 'metadata'>): boolean {
  return (cj.status?.active ?? []).some((r) => refMatches(r, job));
}

/** inActiveListByName: status.active has a job of this namespace and name. */
export function inActiveListByName(cj: CronJob, job: Pick<Job, 'metadata'>): boolean {
  return (cj.status?.active ?? []).some(
    (r) => r.name === job.metadata.name && (r.namespace ?? 'default') === (job.metadata.namespace ?? 'default'),
  );
}

/** deleteFromActiveList: mutates the working copy, as upstream's does. */
export function deleteFromActiveList(cj: CronJob, job: Pick<Job, 'metadata'>): void {
  const status = cj.status ?? {};
  status.active = (status.active ?? []).filter((r) => !refMatches(r, job));
  cj.status = status;
}

/** jobutil.FinishedCondition: a Complete or Failed condition that is True. */
export function finishedCondition(job: Job): JobCondition['type'] | undefined {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type;
  }
  return undefined;
}

/** A Job with a Complete or Failed condition that is True. */
export const isJobFinished = (job: Job): boolean => finishedCondition(job) !== undefined;

/** A Job with a Complete condition that is True. */
export const isJobSucceeded = (job: Job): boolean =>
  (job.status?.conditions ?? []).some((c) => c.type === 'Complete' && c.status === 'True');

/** mostRecentScheduleTime's answer: the window it looked in, the most recent unmet time and how many were missed. */
export interface MostRecent {
  /** The last schedule time or the CronJob's creation time (the deadline's start when later). */
  readonly earliestTime: Millis;
  /** The most recent time a Job should have been created, if that is not after now. */
  readonly mostRecentTime: Millis | undefined;
  readonly missedSchedules: MissedSchedules;
  readonly error?: string;
}

/**
 * mostRecentScheduleTime. For a schedule whose runs are regular it finds the most recent one
 * by counting intervals from the first, then walking the last two; for an irregular one that
 * count can overshoot and give no time at all (upstream's "another complex schedule" case).
 */
export function mostRecentScheduleTime(
  cj: CronJob,
  now: Millis,
  schedule: Schedule,
  includeStartingDeadlineSeconds: boolean,
  startTime = 0,
): MostRecent {
  let earliestTime = cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp ?? 0;
  let missedSchedules: MissedSchedules = 'none';
  const sds = cj.spec.startingDeadlineSeconds;
  if (includeStartingDeadlineSeconds && sds !== undefined) {
    // The controller is not going to schedule anything below this point.
    const schedulingDeadline = now - sds * 1000;
    if (schedulingDeadline > earliestTime) earliestTime = schedulingDeadline;
  }
  const next = (t: Millis): Millis => schedule.next(t + startTime) - startTime;
  const t1 = next(earliestTime);
  const t2 = next(t1);
  if (now < t1) return { earliestTime, mostRecentTime: undefined, missedSchedules };
  if (now < t2) return { earliestTime, mostRecentTime: t1, missedSchedules };
  // "59 23 31 2 *" parses but never fires: both are the zero time, 0 seconds apart.
  const timeBetweenTwoSchedules = Math.round((t2 - t1) / 1000);
  if (timeBetweenTwoSchedules < 1) {
    return {
      earliestTime,
      mostRecentTime: undefined,
      missedSchedules,
      error: 'time difference between two schedules is less than 1 second',
    };
  }
  // A rough count: how many intervals fit between the first unmet time and now (int64 division).
  const timeElapsed = Math.trunc((now - t1) / 1000);
  const numberOfMissedSchedules = Math.trunc(timeElapsed / timeBetweenTwoSchedules) + 1;
  // Back one more interval, and let the schedule find the real times from there.
  const potentialEarliest = t1 + (numberOfMissedSchedules - 1 - 1) * timeBetweenTwoSchedules * 1000;
  let mostRecentTime: Millis | undefined;
  for (let t = next(potentialEarliest); t <= now; t = next(t)) {
    if (t + startTime === ZERO_TIME) break; // no later time within five years: Go would spin here
    mostRecentTime = t;
  }
  if (numberOfMissedSchedules > 100) missedSchedules = 'many';
  else if (numberOfMissedSchedules > 0) missedSchedules = 'few';
  return { earliestTime, mostRecentTime, missedSchedules };
}

/**
 * nextScheduleTimeDuration: how long until the next schedule time after the most recent one
 * (or after now, when that cannot be told), plus nextScheduleDelta.
 */
export function nextScheduleTimeDuration(cj: CronJob, now: Millis, schedule: Schedule, startTime = 0): Millis {
  const { earliestTime, mostRecentTime, missedSchedules, error } = mostRecentScheduleTime(cj, now, schedule, false, startTime);
  let from: Millis;
  if (error !== undefined) from = now;
  else if (mostRecentTime === undefined) from = missedSchedules === 'none' ? earliestTime : now;
  else from = mostRecentTime;
  return schedule.next(from + startTime) - startTime + NEXT_SCHEDULE_DELTA - now;
}

/** nextScheduleTime's answer: the schedule time to run now, if any, or the error that stops it. */
export interface NextSchedule {
  readonly scheduledTime: Millis | undefined;
  readonly error?: string;
  /** More than 100 schedules were missed: upstream records TooManyMissedTimes (and still starts the latest). */
  readonly tooManyMissed: boolean;
}

/** nextScheduleTime: the unmet schedule time to run now, if any, within startingDeadlineSeconds. */
export function nextScheduleTime(cj: CronJob, now: Millis, schedule: Schedule, startTime = 0): NextSchedule {
  const { mostRecentTime, missedSchedules, error } = mostRecentScheduleTime(cj, now, schedule, true, startTime);
  if (mostRecentTime === undefined || mostRecentTime > now) {
    return { scheduledTime: undefined, tooManyMissed: false, ...(error !== undefined ? { error } : {}) };
  }
  return { scheduledTime: mostRecentTime, tooManyMissed: missedSchedules === 'many', ...(error !== undefined ? { error } : {}) };
}

/** getTimeHashInMinutes: Unix time in minutes, the controller's one-minute granularity. */
export function getTimeHashInMinutes(scheduledTime: Millis, startTime = 0): number {
  return Math.floor((scheduledTime + startTime) / 60_000);
}

/** getJobName: `<cronjob>-<scheduled time in minutes since the epoch>`, so a time is run at most once. */
export function getJobName(cj: CronJob, scheduledTime: Millis, startTime = 0): string {
  return `${cj.metadata.name}-${getTimeHashInMinutes(scheduledTime, startTime)}`;
}

const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');

/** time.Time.Format(time.RFC3339) of a wall-clock instant in a zone: `2016-05-19T06:00:00-04:00`, or `Z` in UTC. */
export function formatRFC3339In(wall: number, timeZone: string | undefined): string {
  const loc = loadLocation(timeZone ?? '');
  const c = civil(loc, wall);
  const off = Math.round(loc.offsetAt(wall) / 60_000);
  const zone = off === 0 ? 'Z' : `${off < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}T${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}${zone}`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** t.UTC().Format(time.RFC1123Z), as the MissSchedule event prints the time: `Thu, 19 May 2016 10:00:00 +0000`. */
export function formatRFC1123ZUTC(wall: number): string {
  const c = civil(loadLocation('UTC'), wall);
  return `${DAYS[c.weekday]}, ${pad(c.day)} ${MONTHS[c.month - 1]} ${pad(c.year, 4)} ${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)} +0000`;
}

/**
 * getJobFromTemplate2: the template's labels and annotations (plus the scheduled-time
 * annotation, CronJobsScheduledAnnotation being on by default), the deterministic name, a
 * controller reference to the CronJob, and a copy of the template's spec.
 */
export function getJobFromTemplate2(cj: CronJob, scheduledTime: Millis, startTime = 0): Job {
  const template = cj.spec.jobTemplate;
  const annotations: Record<string, string> = { ...(template.metadata?.annotations ?? {}) };
  annotations[CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION] = formatRFC3339In(scheduledTime + startTime, cj.spec.timeZone);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: getJobName(cj, scheduledTime, startTime),
      ...(cj.metadata.namespace !== undefined ? { namespace: cj.metadata.namespace } : {}),
      labels: { ...(template.metadata?.labels ?? {}) },
      annotations,
      ownerReferences: [newControllerRef(cj)],
    },
    spec: structuredClone(template.spec),
  };
}

/** byJobStartTime: by status.startTime, jobs without one last, ties by name. */
export function byJobStartTime(a: Job, b: Job): number {
  const sa = a.status?.startTime;
  const sb = b.status?.startTime;
  if (sa === undefined && sb !== undefined) return 1;
  if (sa !== undefined && sb === undefined) return -1;
  if (sa === sb)
    return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : (a.metadata.name ?? '') > (b.metadata.name ?? '') ? 1 : 0;
  return (sa as number) - (sb as number);
}
