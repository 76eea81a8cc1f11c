import type { Change, ClusterView, Controller, CronJob, Effect, Job, ReconcileContext } from '@kubesim/core';
import { controllerOf } from '../controllerutils/controllerRef.js';
import { getJobsToBeReconciled, syncCronJobOnce, updateCronJob } from './controllerv2.js';

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

// By UID: a CronJob deleted and created again under its name starts with no memory.
const scheduleKey = (cj: CronJob): string => `schedule/${cj.metadata.uid}`;
const writtenKey = (cj: CronJob): string => `written/${cj.metadata.uid}`;

/** The fields updateCronJob compares, remembered from the last sync. */
type Seen = Pick<CronJob['spec'], 'schedule' | 'timeZone'>;

/**
 * updateCronJob's rule for a changed schedule or time zone: no sync now, a wake-up at the new
 * schedule's next time instead. kubesim's watches enqueue at once, so the first sync that sees
 * the change (against the schedule it remembers) does only that.
 */
function scheduleChanged(cj: CronJob, view: ClusterView, ctx: ReconcileContext): Effect[] | undefined {
  const seen = ctx.memory<Seen>(scheduleKey(cj));
  if (seen === undefined) return undefined;
  const { timeZone: _now, ...rest } = cj.spec;
  const update = updateCronJob({ ...cj, spec: { ...rest, ...seen } }, cj, ctx.now, view.startTime);
  if (update.enqueue === 'now') return undefined;
  const remember: Effect = { type: 'remember', key: scheduleKey(cj), value: seenOf(cj) };
  return update.enqueue === 'after' ? [remember, { type: 'requeueAfter', after: update.after }] : [remember, update.event];
}

const seenOf = (cj: CronJob): Seen => ({
  schedule: cj.spec.schedule,
  ...(cj.spec.timeZone !== undefined ? { timeZone: cj.spec.timeZone } : {}),
});

function sync(view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  const cj = view.getByKey('CronJob', key);
  // Deleted: its Jobs go with it through the garbage collector.
  if (cj === undefined) return [];
  const changed = scheduleChanged(cj, view, ctx);
  if (changed !== undefined) return changed;
  const namespace = cj.metadata.namespace ?? 'default';
  const jobs = getJobsToBeReconciled(cj, view.list('Job', namespace));
  const written = ctx.memory<CronJob['status']>(writtenKey(cj));
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
  const effects: Effect[] = [{ type: 'remember', key: scheduleKey(cj), value: seenOf(cj) }];
  if (result.updateStatus) effects.push({ type: 'remember', key: writtenKey(cj), value: result.cronJob.status });
  effects.push(...result.effects);
  return effects;
}

/** The CronJob controller (v2): a Job per schedule time, woken at each time. */
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
