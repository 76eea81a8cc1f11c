import {
  type Change,
  type ClusterView,
  type Controller,
  type Effect,
  isPodReady,
  type LoadSpec,
  type Millis,
  type Pod,
  type ReconcileContext,
  SECOND,
} from '@kubesim/core';
import { nextLoadChange } from './changes.js';
import { isRunningPod, loadGroups, sharesAt } from './serving.js';
import { containerStartedAt, loadFractions, memoryAt, memoryLimit, usageOf } from './usage.js';

/**
 * The kernel's OOM killer: a container whose working set goes above its memory limit is killed
 * (ContainerCrash with exit code 137, which the runtime reports as OOMKilled; the kubelet then
 * restarts it with its crash-loop back-off). The kernel acts at once; here the check runs when a
 * pod changes (a start, a readiness change moving the load's shares) and, while some limited
 * container's memory follows a load, at the load's next change point (a step's or a noise
 * interval's edge, changes.ts), or every `checkEvery` (default 1s) while the load moves all the
 * time (a ramp, a cycle): an OOM lands at the crossing, or within `checkEvery` of it. Memory that
 * follows no load only changes with the pods, so then nothing wakes it.
 */

export const OOM_KILLER = 'oom-killer';

/** The loads the OOM killer's memory model follows. */
export interface OomKillerOptions {
  readonly loads?: readonly LoadSpec[];
  /** The seed of the loads' noise; default the run's seed. */
  readonly seed?: string | number;
  readonly checkEvery?: Millis;
}

const CHECK_KEY = 'check';
const KILLED_KEY = 'killed';

function hasMemoryLimit(pod: Pod | undefined): boolean {
  return pod?.spec.containers.some((c) => c.resources?.limits?.memory !== undefined) === true;
}

/** The kernel's OOM killer: a container above its memory limit exits 137 (OOMKilled). */
export function oomKiller(opts: OomKillerOptions = {}): Controller {
  const checkEvery = opts.checkEvery ?? SECOND;
  const withLoads = (opts.loads ?? []).length > 0;
  // A limited pod's change, or (with loads) a pod's readiness or phase changing the shares.
  const podKeys = (change: Change): string[] => {
    const before = change.old as Pod | undefined;
    const after = change.new as Pod | undefined;
    if (hasMemoryLimit(after)) return [CHECK_KEY];
    if (!withLoads) return [];
    const moved =
      before === undefined ||
      after === undefined ||
      isPodReady(before) !== isPodReady(after) ||
      before.status?.phase !== after.status?.phase ||
      (before.metadata.deletionTimestamp === undefined) !== (after.metadata.deletionTimestamp === undefined);
    return moved ? [CHECK_KEY] : [];
  };
  return {
    name: OOM_KILLER,
    component: 'kernel',
    watches: [
      { kind: 'Pod', keys: podKeys },
      { kind: 'NodeRuntime', keys: () => [CHECK_KEY] },
    ],
    reconcile(view: ClusterView, _key: string, ctx: ReconcileContext): Effect[] {
      const seed = opts.seed === undefined ? view.state.seed : String(opts.seed);
      const groups = loadGroups(view, opts.loads ?? []);
      const shares = sharesAt(groups, ctx.now, seed);
      const following = new Set<string>();
      const killed = ctx.memory<ReadonlySet<string>>(KILLED_KEY) ?? new Set<string>();
      const stillRunning = new Set<string>();
      const effects: Effect[] = [];
      view.forEach('Pod', undefined, (pod) => {
        if (!hasMemoryLimit(pod) || !isRunningPod(view, pod)) return true;
        const key = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
        const share = shares.get(key) ?? 0;
        const fractions = loadFractions(view, pod);
        pod.spec.containers.forEach((c, i) => {
          const limit = memoryLimit(c);
          const startedAt = containerStartedAt(pod, c.name);
          if (limit === undefined || startedAt === undefined) return;
          const u = usageOf(view, c.image);
          const f = fractions[i] ?? 0;
          if (u.memoryPerUnit > 0 && f > 0) following.add(key);
          const id = `${key}/${c.name}/${pod.metadata.uid}/${startedAt}`;
          if (killed.has(id)) {
            stillRunning.add(id);
            return;
          }
          if (memoryAt(u, share * f) <= limit) return;
          stillRunning.add(id);
          effects.push({
            type: 'world',
            event: {
              type: 'ContainerCrash',
              ref: { kind: 'Pod', namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name ?? '' },
              container: c.name,
              exitCode: 137,
            },
          });
        });
        return true;
      });
      // Remember the kills the informers may not show yet, so a container is killed once per run.
      const same = stillRunning.size === killed.size && [...stillRunning].every((id) => killed.has(id));
      if (!same) effects.push({ type: 'remember', key: KILLED_KEY, value: stillRunning.size > 0 ? stillRunning : undefined });
      let next = Number.POSITIVE_INFINITY;
      for (const g of groups) {
        if (g.serving.some((s) => following.has(s.key))) next = Math.min(next, nextLoadChange(g.spec, ctx.now, checkEvery));
      }
      if (Number.isFinite(next)) effects.push({ type: 'requeueAfter', after: next - ctx.now });
      return effects;
    },
    runtime: { process: 'kernel', workers: 1 },
  };
}
