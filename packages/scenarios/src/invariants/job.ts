import { type ClusterView, controllerOf, isPodActive, type Job, type Pod } from '@kubesim/core';
import type { InvariantContext, InvariantResult, ScenarioInvariant } from './types.js';

/**
 * Job parallelism: the Job controller never runs more than spec.parallelism active pods of a
 * Job (manageJob creates at most min(completions − succeeded, parallelism) − active, and its
 * expectations keep a sync from creating again before it has seen its earlier creates). What
 * upstream allows is allowed: pods being deleted (terminating, with podReplacementPolicy
 * TerminatingOrFailed their replacements start at once) do not count, and after parallelism is
 * lowered, the Job suspended, or pods adopted, the bound holds again only once the excess is
 * deleted.
 */
interface Counts {
  active: number;
  armed: boolean;
}

const parallelismOf = (job: Job): number => (job.spec.suspend === true ? 0 : (job.spec.parallelism ?? 1));

export function jobParallelism(): ScenarioInvariant {
  const podOwner = new Map<string, { owner: string; active: boolean }>();
  const counts = new Map<string, Counts>();
  const countsOf = (uid: string): Counts => {
    let c = counts.get(uid);
    if (c === undefined) {
      c = { active: 0, armed: true };
      counts.set(uid, c);
    }
    return c;
  };

  const podChanged = (key: string, pod: Pod | undefined): string | undefined => {
    const before = podOwner.get(key);
    if (before !== undefined) {
      if (before.active) countsOf(before.owner).active--;
      podOwner.delete(key);
    }
    const ref = controllerOf(pod);
    if (pod === undefined || ref?.kind !== 'Job') return before?.owner;
    const active = isPodActive(pod);
    podOwner.set(key, { owner: ref.uid, active });
    if (active) countsOf(ref.uid).active++;
    return ref.uid;
  };

  const check = (view: ClusterView, uid: string): InvariantResult => {
    const job = view.byUid(uid);
    if (job?.kind !== 'Job' || job.metadata.deletionTimestamp !== undefined) return undefined;
    const c = countsOf(uid);
    const bound = parallelismOf(job);
    if (c.active <= bound) {
      c.armed = true;
      return undefined;
    }
    if (!c.armed) return undefined;
    c.armed = false;
    const name = `job/${job.metadata.name}`;
    return { message: `${name} has ${c.active} active pods, more than its parallelism of ${bound}`, objects: [name] };
  };

  return {
    name: 'job-parallelism',
    upstream:
      'pkg/controller/job/job_controller.go manageJob: active pods never above min(parallelism, completions − succeeded), with expectations',
    description: 'A Job never has more active (not terminating, not finished) pods than spec.parallelism.',
    check(ctx: InvariantContext): InvariantResult {
      const touched = new Set<string>();
      for (const change of ctx.changes) {
        if (change.kind === 'Pod') {
          const uid = podChanged(change.key, change.new as Pod | undefined);
          if (uid === undefined) continue;
          // An adopted pod (it existed before this Job owned it) may put the Job over its bound
          // until the controller deletes the excess, as upstream's ClaimPods does.
          const old = change.old as Pod | undefined;
          if (old !== undefined && controllerOf(old)?.uid !== uid) countsOf(uid).armed = false;
          touched.add(uid);
        } else if (change.kind === 'Job') {
          const job = change.new as Job | undefined;
          const old = change.old as Job | undefined;
          if (job?.metadata.uid === undefined) continue;
          // Lowering the bound: the pods over it are about to be deleted.
          if (old !== undefined && parallelismOf(job) < parallelismOf(old)) countsOf(job.metadata.uid).armed = false;
          touched.add(job.metadata.uid);
        }
      }
      for (const uid of touched) {
        const r = check(ctx.view, uid);
        if (r !== undefined) return r;
      }
      return undefined;
    },
  };
}

/**
 * For eventual-convergence: a Job converges by finishing (a Complete or Failed condition: the
 * controller's verdict, IsJobFinished), or by being suspended once the controller has said so
 * (Suspended=True) and has no pods left running.
 */
export function jobGap(job: Job): string | undefined {
  const conditions = job.status?.conditions ?? [];
  const isTrue = (type: string): boolean => conditions.some((c) => c.type === type && c.status === 'True');
  if (isTrue('Complete') || isTrue('Failed')) return undefined;
  const s = job.status ?? {};
  if (job.spec.suspend === true) {
    if (isTrue('Suspended') && (s.active ?? 0) === 0) return undefined;
    return `suspended, but ${isTrue('Suspended') ? `${s.active ?? 0} pods are still active` : 'no controller has said so'}`;
  }
  // A work-queue Job (completions unset) finishes on its first success, not at a count.
  const done =
    job.spec.completions === undefined
      ? `${s.succeeded ?? 0} succeeded`
      : `${s.succeeded ?? 0} of ${job.spec.completions} completions`;
  return `not finished: ${done}, ${s.active ?? 0} active`;
}
