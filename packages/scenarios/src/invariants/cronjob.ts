import { CRONJOB_CONTROLLER } from '@kubesim/controllers';
import type { CronJob, Job } from '@kubesim/core';
import { controllerOf } from '@kubesim/core';
import type { ScenarioInvariant } from './types.js';

/**
 * concurrencyPolicy: Forbid (cronjob_controllerv2.go, syncCronJob): "if it is time for a new
 * job run and the previous job run hasn't finished yet, the cron job skips the new job run".
 * The controller decides from status.active, the Jobs it started itself; upstream's own
 * comment grants that a Job it cannot see yet may overlap, and a Job someone else started for
 * the CronJob (`kubectl create job --from=cronjob/X`, annotated instantiate=manual) is not in
 * status.active at all. So the check is: when the controller creates a Job for a Forbid
 * CronJob, no other Job it created for that CronJob is still unfinished (no Complete or Failed
 * condition) and not being deleted.
 */

const finished = (job: Job): boolean =>
  (job.status?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

export function cronJobForbidConcurrency(): ScenarioInvariant {
  /** UIDs of the Jobs the CronJob controller created, by CronJob UID. */
  const started = new Map<string, Set<string>>();
  return {
    name: 'cronjob-forbid-concurrency',
    upstream:
      'pkg/controller/cronjob/cronjob_controllerv2.go syncCronJob: with Forbid and a Job in status.active, no new Job (JobAlreadyActive)',
    description:
      'A CronJob with concurrencyPolicy Forbid never has two of the Jobs its controller started unfinished at once (Jobs started by hand are not counted).',
    check(ctx) {
      if (ctx.entry.by !== CRONJOB_CONTROLLER) return undefined;
      for (const c of ctx.changes) {
        if (c.kind !== 'Job' || c.old !== undefined || c.new === undefined) continue;
        const job = c.new as Job;
        const ref = controllerOf(job);
        if (ref?.kind !== 'CronJob') continue;
        const mine = started.get(ref.uid) ?? new Set<string>();
        started.set(ref.uid, mine);
        const cj = ctx.view.byUid(ref.uid) as CronJob | undefined;
        if (cj?.spec.concurrencyPolicy === 'Forbid') {
          for (const other of ctx.view.dependentsOf(ref.uid, 'Job')) {
            if (other.metadata.uid === job.metadata.uid || !mine.has(other.metadata.uid ?? '')) continue;
            if (finished(other) || other.metadata.deletionTimestamp !== undefined) continue;
            return {
              message: `job/${job.metadata.name} was started for cronjob/${cj.metadata.name} (concurrencyPolicy Forbid) while job/${other.metadata.name} is still running`,
              objects: [`cronjob/${cj.metadata.name}`, `job/${job.metadata.name}`, `job/${other.metadata.name}`],
            };
          }
        }
        mine.add(job.metadata.uid ?? '');
      }
      return undefined;
    },
  };
}
