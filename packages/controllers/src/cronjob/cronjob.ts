import {
  type Change,
  type ClusterView,
  type Controller,
  type CronJob,
  CronParseError,
  type Effect,
  type Job,
  LocationError,
  parseStandard,
  type ReconcileContext,
} from '@kubesim/core';
import { controllerOf } from '../controllerutils/controllerRef.js';
import { recordEvent } from '../util/effects.js';
import { getJobsToBeReconciled, syncCronJobOnce } from './controllerv2.js';
import { nextScheduleTimeDuration } from './utils.js';

/**
 * The CronJob controller (kube-controller-manager's cronjob-controller, v2): wakes at each
 * schedule time (+100ms), creates the Job for the most recent unmet time, applies the
 * concurrency policy, and keeps status.active, lastScheduleTime, lastSuccessfulTime and the
 * finished-Job history within its limits.
 */

export const CRONJOB_CONTROLLER = 'cronjob';

/** addJob, updateJob, deleteJob: the CronJob named by the Job's controller reference, before and after. */
function jobKeys(change: Change): Iterable<string> {
  const keys = new Set<string>();
  for (const job of [change.old as Job | undefined, change.new as Job | undefined]) {
    const ref = controllerOf(job);
    if (job !== undefined && ref?.kind === 'CronJob') keys.add(`${job.metadata.namespace ?? 'default'}/${ref.name}`);
  }
  return keys;
}

const scheduleKey = (key: string): string => `schedule/${key}`;
const writtenKey = (key: string): string => `written/${key}`;
const scheduleOf = (cj: CronJob): string => `${cj.spec.timeZone ?? ''}\u0000${cj.spec.schedule}`;

/**
 * updateCronJob's rule for a changed schedule or time zone: no sync now, a wake-up at the new
 * schedule's next time instead (kubesim's watches enqueue at once, so the first sync that sees
 * the change does only this). An unparseable new schedule is reported and not requeued.
 */
function scheduleChanged(cj: CronJob, view: ClusterView, ctx: ReconcileContext): Effect[] | undefined {
  const key = `${cj.metadata.namespace ?? 'default'}/${cj.metadata.name}`;
  const seen = ctx.memory<string>(scheduleKey(key));
  const now = scheduleOf(cj);
  if (seen === undefined || seen === now) return undefined;
  const remember: Effect = { type: 'remember', key: scheduleKey(key), value: now };
  const spec =
    cj.spec.schedule.includes('TZ') || cj.spec.timeZone === undefined
      ? cj.spec.schedule
      : `TZ=${cj.spec.timeZone} ${cj.spec.schedule}`;
  try {
    const sched = parseStandard(spec);
    return [remember, { type: 'requeueAfter', after: nextScheduleTimeDuration(cj, ctx.now, sched, view.startTime) }];
  } catch (e) {
    if (!(e instanceof CronParseError) && !(e instanceof LocationError)) throw e;
    return [
      remember,
      recordEvent(cj, 'Warning', 'UnParseableCronJobSchedule', `unparseable schedule for cronjob: ${cj.spec.schedule}`),
    ];
  }
}

function sync(view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  const cj = view.getByKey('CronJob', key);
  // Deleted: its Jobs go with it through the garbage collector.
  if (cj === undefined) return [];
  const changed = scheduleChanged(cj, view, ctx);
  if (changed !== undefined) return changed;
  const namespace = cj.metadata.namespace ?? 'default';
  const jobs = getJobsToBeReconciled(cj, view.list('Job', namespace));
  const written = ctx.memory<CronJob['status']>(writtenKey(key));
  const result = syncCronJobOnce({
    cronJob: cj,
    jobs,
    now: ctx.now,
    startTime: view.startTime,
    getJob: (ns, name) => view.get('Job', ns, name),
    // Upstream GETs the CronJob before calling a Job unexpected: its own last status write is
    // what the API server holds, even while the informer has not shown it yet.
    getCronJob: () => (written === undefined ? undefined : { ...cj, status: written }),
  });
  const effects: Effect[] = [{ type: 'remember', key: scheduleKey(key), value: scheduleOf(cj) }];
  if (result.updateStatus) effects.push({ type: 'remember', key: writtenKey(key), value: result.cronJob.status });
  effects.push(...result.effects);
  return effects;
}

export function cronJobController(): Controller {
  return {
    name: CRONJOB_CONTROLLER,
    component: 'cronjob-controller',
    watches: [{ kind: 'CronJob' }, { kind: 'Job', keys: jobKeys }],
    reconcile: sync,
    // --concurrent-cron-job-syncs
    runtime: { process: 'kube-controller-manager', workers: 5 },
  };
}
