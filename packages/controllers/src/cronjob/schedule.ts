import { type CronJob, type Millis, parseStandardIn } from '@kubesim/core';
import { nextScheduleTime, nextScheduleTimeDuration } from './utils.js';

/**
 * The CronJob controller's schedule arithmetic from plain values, for callers without a
 * CronJob object: which unmet time a sync at `now` would run (nextScheduleTime, within the
 * starting deadline) and when the controller wakes next (nextScheduleTimeDuration). Times are
 * simulated milliseconds; `startTime` is the wall clock at 0 (Unix ms; 0 means they are Unix
 * times). Throws CronParseError for a schedule that does not parse.
 */
export interface ScheduleQuery {
  readonly schedule: string;
  readonly timeZone?: string;
  /** status.lastScheduleTime; without one the count starts at creationTimestamp. */
  readonly lastScheduleTime?: Millis;
  readonly creationTimestamp?: Millis;
  readonly startingDeadlineSeconds?: number;
  readonly now: Millis;
  readonly startTime?: number;
}

/** When a CronJob's next Job is due, as the controller would compute it. */
export interface ScheduleAnswer {
  /** The most recent unmet schedule time a sync at `now` would start, if any. */
  readonly scheduledTime: Millis | undefined;
  /** When the controller syncs again: the next schedule time + 100ms. */
  readonly wakeAt: Millis;
  /** More than 100 times were missed (TooManyMissedTimes). */
  readonly tooManyMissed: boolean;
  /** A schedule that parses but never fires (upstream's InvalidSchedule). */
  readonly error?: string;
}

/** The schedule arithmetic of one sync: the time whose Job starts now, if any, and when the controller wakes next. */
export function cronScheduleTimes(q: ScheduleQuery): ScheduleAnswer {
  const sched = parseStandardIn(q.schedule, q.timeZone);
  const cj: CronJob = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { creationTimestamp: q.creationTimestamp ?? q.lastScheduleTime ?? q.now },
    spec: {
      schedule: q.schedule,
      ...(q.startingDeadlineSeconds !== undefined ? { startingDeadlineSeconds: q.startingDeadlineSeconds } : {}),
      jobTemplate: { spec: { template: { spec: { containers: [] } } } },
    },
    ...(q.lastScheduleTime !== undefined ? { status: { lastScheduleTime: q.lastScheduleTime } } : {}),
  };
  const startTime = q.startTime ?? 0;
  const next = nextScheduleTime(cj, q.now, sched, startTime);
  return {
    scheduledTime: next.scheduledTime,
    wakeAt: q.now + nextScheduleTimeDuration(cj, q.now, sched, startTime),
    tooManyMissed: next.tooManyMissed,
    ...(next.error !== undefined ? { error: next.error } : {}),
  };
}
