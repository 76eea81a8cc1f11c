import {
  type ClusterView,
  controllerOf,
  isPodActive,
  type Pod,
  type ReplicaSet,
  type ReplicationController,
} from '@kubesim/core';
import { RestartWatch } from './restartWatch.js';
import type { InvariantContext, InvariantResult, ScenarioInvariant } from './types.js';

/**
 * ReplicaSet (and ReplicationController) convergence: the controller never keeps more active
 * pods than spec.replicas once it has got there (no double creation: its expectations at
 * work) — a scale-down or an adoption moves the count over the bound only until the excess
 * is deleted — and by the end of the run every set has exactly spec.replicas pods, all ready, with
 * a status that says so for the current generation.
 *
 * After a scale-down the bound waits for the controller to have seen it: pods it decided to
 * create before (in flight, or from a sync that read the larger spec) may still land and put
 * the set over its new count, as they can upstream (manageReplicas acts on its informer's
 * view; expectations only stop it from deciding twice). The fence is the sync that wrote
 * status for the new generation: creates caused by an earlier sync of the set are allowed to
 * overshoot, later ones are not (one key's syncs run one after another, each on a newer view).
 * A create of the controller's previous process that lands after it restarted, and a create
 * of the new process decided on a view that did not show such a pod, may overshoot too
 * (RestartWatch): two processes each decided once.
 */
type Replicated = ReplicaSet | ReplicationController;

interface Counts {
  active: number;
  armed: boolean;
  /** The generation of the last scale-down, until a sync of the set has observed it. */
  scaledDownAt?: number | undefined;
  /** The seq of the sync that observed the last scale-down: creates caused before it were decided on the larger count. */
  fence?: number;
}

const replicasOf = (rs: Replicated): number => rs.spec.replicas ?? 1;

export function replicaSetConvergence(): ScenarioInvariant {
  const podOwner = new Map<string, { owner: string; active: boolean }>();
  const restarts = new RestartWatch(['replicaset', 'replicationcontroller']);
  const counts = new Map<string, Counts>();
  const countsOf = (uid: string): Counts => {
    let c = counts.get(uid);
    if (c === undefined) {
      c = { active: 0, armed: false };
      counts.set(uid, c);
    }
    return c;
  };

  const podChanged = (key: string, pod: Pod | undefined, old: Pod | undefined): string | undefined => {
    const before = podOwner.get(key);
    if (before !== undefined) {
      if (before.active) countsOf(before.owner).active--;
      podOwner.delete(key);
    }
    const ref = controllerOf(pod);
    if (pod === undefined || (ref?.kind !== 'ReplicaSet' && ref?.kind !== 'ReplicationController')) return before?.owner;
    const active = isPodActive(pod);
    podOwner.set(key, { owner: ref.uid, active });
    const c = countsOf(ref.uid);
    if (active) c.active++;
    // An adopted pod (one that existed before it had this owner) can put the set over its
    // count; the controller then deletes the excess, so the bound waits until it is met again.
    if (old !== undefined && controllerOf(old)?.uid !== ref.uid) c.armed = false;
    return ref.uid;
  };

  const check = (view: ClusterView, uid: string): InvariantResult => {
    const rs = view.byUid(uid);
    if ((rs?.kind !== 'ReplicaSet' && rs?.kind !== 'ReplicationController') || rs.metadata.deletionTimestamp !== undefined)
      return undefined;
    const c = countsOf(uid);
    if (c.scaledDownAt !== undefined) return undefined;
    if (c.active <= replicasOf(rs)) {
      c.armed = true;
      return undefined;
    }
    if (!c.armed) return undefined;
    c.armed = false;
    const name = `${rs.kind.toLowerCase()}/${rs.metadata.name}`;
    return { message: `${name} has ${c.active} active pods, more than its ${replicasOf(rs)} replicas`, objects: [name] };
  };

  return {
    name: 'replicaset-convergence',
    upstream:
      'pkg/controller/replicaset/replica_set.go manageReplicas with ControllerExpectations: no double creation; syncReplicaSet status',
    description:
      'A ReplicaSet or ReplicationController never keeps more pods than spec.replicas, and ends the run with exactly spec.replicas ready pods.',
    check(ctx: InvariantContext): InvariantResult {
      const touched = new Set<string>();
      const cause = ctx.entry.cause ?? ctx.entry.seq;
      restarts.note(ctx.entry);
      for (const change of ctx.changes) {
        if (change.kind === 'Pod') {
          const uid = podChanged(change.key, change.new as Pod | undefined, change.old as Pod | undefined);
          if (uid === undefined) continue;
          // A pod decided on before the controller saw the last scale-down: allowed over the bound.
          const c = countsOf(uid);
          // A create the controller sent before it restarted, landing now, and a create of the
          // new process decided on a view without such a pod: both may overshoot (RestartWatch).
          if (change.old === undefined && restarts.oldLife(ctx.entry)) {
            restarts.noteLate(uid, change.key);
            c.armed = false;
          } else if (change.old === undefined && restarts.missedLate(uid, ctx.decidedOn)) c.armed = false;
          if (change.new === undefined) restarts.forget(uid, change.key);
          if (change.old === undefined && c.fence !== undefined && cause < c.fence) c.armed = false;
          touched.add(uid);
        } else if (change.kind === 'ReplicaSet' || change.kind === 'ReplicationController') {
          const rs = change.new as Replicated | undefined;
          const old = change.old as Replicated | undefined;
          if (rs?.metadata.uid === undefined) continue;
          const c = countsOf(rs.metadata.uid);
          // Scaling down moves the bound below the pods that are about to go, and below
          // those the controller may still create on the larger count.
          if (old !== undefined && replicasOf(rs) < replicasOf(old)) {
            c.armed = false;
            c.scaledDownAt = rs.metadata.generation ?? 0;
          }
          if (c.scaledDownAt !== undefined && (rs.status?.observedGeneration ?? 0) >= c.scaledDownAt) {
            c.scaledDownAt = undefined;
            c.fence = cause;
          }
          touched.add(rs.metadata.uid);
        }
      }
      for (const uid of touched) {
        const r = check(ctx.view, uid);
        if (r !== undefined) return r;
      }
      return undefined;
    },
    finish(view) {
      const out: { message: string; objects: string[] }[] = [];
      for (const rs of [...view.list('ReplicaSet'), ...view.list('ReplicationController')] as Replicated[]) {
        if (rs.metadata.deletionTimestamp !== undefined) continue;
        const replicas = replicasOf(rs);
        const s = rs.status;
        const active = countsOf(rs.metadata.uid ?? '').active;
        const name = `${rs.kind.toLowerCase()}/${rs.metadata.name}`;
        if (
          active !== replicas ||
          (s?.readyReplicas ?? 0) !== replicas ||
          (s?.replicas ?? 0) !== replicas ||
          (s?.observedGeneration ?? 0) < (rs.metadata.generation ?? 0)
        ) {
          out.push({
            message: `${name} has not converged: ${active} active pods, ${s?.readyReplicas ?? 0} ready, for ${replicas} replicas`,
            objects: [name],
          });
        }
      }
      return out;
    },
  };
}
