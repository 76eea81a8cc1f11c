import { type CronJob, CronParseError, type Effect, type Job, type Millis, parseStandard } from '@kubesim/core';
import { controllerOf } from '../controllerutils/controllerRef.js';
import { recordEvent } from '../util/effects.js';
import { nextScheduleTimeDuration } from './utils.js';

/** cronjob_controllerv2.go's informer side: the Jobs a CronJob reconciles, and when a changed CronJob is synced. */

/** getJobsToBeReconciled: Jobs whose controller reference names the CronJob (by name, as upstream matches). */
export function getJobsToBeReconciled(cj: CronJob, jobsInNamespace: readonly Job[]): Job[] {
  return jobsInNamespace.filter((j) => {
    const ref = controllerOf(j);
    return ref !== undefined && ref.name === cj.metadata.name;
  });
}

/** What updateCronJob does with a changed CronJob's key. */
export type CronJobUpdate =
  | { readonly enqueue: 'now' }
  | { readonly enqueue: 'after'; readonly after: Millis }
  /** The new schedule does not parse: a Warning, and no sync until the CronJob changes again. */
  | { readonly enqueue: 'never'; readonly event: Effect };

/**
 * updateCronJob: a new schedule or time zone wakes the CronJob at the new schedule's next time
 * (+100ms) instead of now, so that an unmet time of the new schedule is not run at once; any
 * other change syncs it now.
 */
export function updateCronJob(oldCJ: CronJob, newCJ: CronJob, now: Millis, startTime = 0): CronJobUpdate {
  if (oldCJ.spec.schedule === newCJ.spec.schedule && oldCJ.spec.timeZone === newCJ.spec.timeZone) return { enqueue: 'now' };
  const { schedule, timeZone } = newCJ.spec;
  // formatSchedule with no recorder: a TZ in the schedule is used as is, silently.
  const spec = schedule.includes('TZ') || timeZone === undefined ? schedule : `TZ=${timeZone} ${schedule}`;
  try {
    const sched = parseStandard(spec);
    return { enqueue: 'after', after: nextScheduleTimeDuration(newCJ, now, sched, startTime) };
  } catch (e) {
    if (!(e instanceof CronParseError)) throw e;
    return {
      enqueue: 'never',
      event: recordEvent(newCJ, 'Warning', 'UnParseableCronJobSchedule', `unparseable schedule for cronjob: ${schedule}`),
    };
  }
}
