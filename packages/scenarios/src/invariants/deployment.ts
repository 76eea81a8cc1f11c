import { deploymentutil } from '@kubesim/controllers';
import {
  type ClusterView,
  controllerOf,
  type Deployment,
  deepEqual,
  isPodActive,
  isPodReady,
  type Pod,
  type ReplicaSet,
} from '@kubesim/core';
import { deploymentOfPod } from './ownership.js';
import type { InvariantContext, InvariantResult, ScenarioInvariant } from './types.js';

/**
 * The two bounds a rolling update promises (deployment/rolling.go): never fewer than
 * replicas − maxUnavailable pods available, and never more than replicas + maxSurge replicas
 * asked of its ReplicaSets. The upper bound is on the sets' spec.replicas, as upstream keeps
 * it (NewRSNewReplicas sums GetReplicaCountForReplicaSets): the pods themselves may exceed it
 * for a moment, an old set's pod deletion lagging behind a new set's creation (two syncs of
 * the ReplicaSet controller racing), and upstream allows that.
 *
 * Counting is incremental: each pod's contribution (which deployment, active, ready) is
 * remembered, and an event adjusts the counts of the deployments whose pods it changed.
 * "Available" is counted as Ready: availability after minReadySeconds changes with time
 * alone, without an event to see it by, and Ready is the stricter count.
 *
 * A bound is checked only once it has held (a deployment that was never available cannot
 * drop below availability), and a replica count moving against it re-arms it: scaling up
 * leaves the availability bound until it is met again, scaling down the surge bound. A ready
 * pod lost to anything but the Deployment's own controllers (a node failure, a crash, a
 * user's delete, an eviction) leaves the availability bound too, until it is met again:
 * upstream promises not to take availability below it, not that nothing else will.
 */
interface PodShare {
  readonly deployment: string;
  readonly active: boolean;
  readonly ready: boolean;
}

interface Counts {
  active: number;
  ready: number;
  /** Σ spec.replicas of the deployment's ReplicaSets (not being deleted). */
  asked: number;
  /** Whether the bound has held since the replica count last moved against it. */
  armed: boolean;
  /** Between a template change and the rollout completing. */
  rolling: boolean;
  /** The generation whose lower surge limit no sync has observed yet (the bound waits). */
  loweredAt?: number | undefined;
  /** The seq of the sync that observed it: set writes caused before it were decided on the higher limit. */
  fence?: number | undefined;
  /** A ready pod was lost to something other than the Deployment's own controllers in this event. */
  lostExternally?: boolean;
}

/**
 * The actors whose pod changes are the Deployment's doing: its own controller and the
 * ReplicaSet controller deleting the pods it scales away. Everything else that takes a ready
 * pod away — a user's delete, a node failing (the node lifecycle controller marks its pods
 * not ready), a crash the kubelet reports, an eviction, a pod killed from outside — upstream
 * does not promise to prevent: reconcileOldReplicaSets only refrains from making it worse.
 */
const OWN_ACTORS: ReadonlySet<string> = new Set(['deployment', 'replicaset']);

const u = deploymentutil;

class DeploymentPods {
  private readonly pods = new Map<string, PodShare>();
  /** Each ReplicaSet's deployment and the replicas it asks for. */
  private readonly sets = new Map<string, { readonly deployment: string; readonly replicas: number }>();
  readonly counts = new Map<string, Counts>();

  countsOf(uid: string): Counts {
    let c = this.counts.get(uid);
    if (c === undefined) {
      c = { active: 0, ready: 0, asked: 0, armed: false, rolling: false };
      this.counts.set(uid, c);
    }
    return c;
  }

  /** Updates the asked replicas for one ReplicaSet change; returns the deployment it touched. */
  setChanged(key: string, rs: ReplicaSet | undefined): string | undefined {
    const before = this.sets.get(key);
    if (before !== undefined) {
      this.countsOf(before.deployment).asked -= before.replicas;
      this.sets.delete(key);
    }
    const ref = controllerOf(rs);
    if (rs === undefined || ref?.kind !== 'Deployment' || rs.metadata.deletionTimestamp !== undefined) return before?.deployment;
    const share = { deployment: ref.uid, replicas: rs.spec.replicas ?? 1 };
    this.sets.set(key, share);
    this.countsOf(share.deployment).asked += share.replicas;
    return share.deployment;
  }

  /**
   * Updates the counts for one pod change; returns the deployment it touched. `external`: the
   * change is not the Deployment's doing (see OWN_ACTORS), so a ready pod it takes away
   * disarms the availability bound.
   */
  podChanged(view: ClusterView, key: string, pod: Pod | undefined, external: boolean): string | undefined {
    const before = this.pods.get(key);
    if (before !== undefined) {
      const c = this.countsOf(before.deployment);
      if (before.active) c.active--;
      if (before.ready) c.ready--;
      this.pods.delete(key);
    }
    const d = pod === undefined ? undefined : deploymentOfPod(view, pod);
    const share: PodShare | undefined =
      pod === undefined || d?.metadata.uid === undefined
        ? undefined
        : { deployment: d.metadata.uid, active: isPodActive(pod), ready: isPodActive(pod) && isPodReady(pod) };
    if (external && before?.ready && !(share?.ready && share.deployment === before.deployment))
      this.countsOf(before.deployment).lostExternally = true;
    if (share === undefined) return before?.deployment;
    this.pods.set(key, share);
    const c = this.countsOf(share.deployment);
    if (share.active) c.active++;
    if (share.ready) c.ready++;
    return share.deployment;
  }
}

function complete(d: Deployment): boolean {
  const s = d.status ?? {};
  const replicas = u.replicasOf(d);
  return (
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) &&
    (s.updatedReplicas ?? 0) === replicas &&
    (s.replicas ?? 0) === replicas &&
    (s.availableReplicas ?? 0) === replicas
  );
}

type Bound = 'availability' | 'surge';

function boundInvariant(bound: Bound): ScenarioInvariant {
  const pods = new DeploymentPods();
  /**
   * Replicas a scaling event took from each set (by key), not yet seen go: the Deployment's
   * replicas changed, and sync.go's scale() shrank its sets in proportion — by replica count,
   * not by availability (upstream's rolling update alone keeps the bound). The ready pods the
   * ReplicaSet controller deletes for them leave the availability bound, as a user's delete does.
   */
  const scaledAway = new Map<string, number>();
  const scalingEventDelete = (by: string, old: Pod | undefined, pod: Pod | undefined): boolean => {
    if (by !== 'replicaset' || old === undefined || !isPodActive(old)) return false;
    if (pod !== undefined && isPodActive(pod)) return false;
    const ref = controllerOf(old);
    if (ref?.kind !== 'ReplicaSet') return false;
    const key = `${old.metadata.namespace}/${ref.name}`;
    const n = scaledAway.get(key) ?? 0;
    if (n <= 0) return false;
    if (n === 1) scaledAway.delete(key);
    else scaledAway.set(key, n - 1);
    return true;
  };
  /**
   * The ReplicaSet controller deleted a pod its informer showed not ready: getPodsToDelete ranks
   * those first, and the pod turned ready while the delete was on its way. The Deployment
   * controller counted it unavailable when it scaled the set down (reconcileOldReplicaSets reads
   * the sets' status), so upstream loses a ready pod here too.
   */
  const choseUnready = (ctx: InvariantContext, key: string, old: Pod | undefined, pod: Pod | undefined): boolean => {
    if (ctx.entry.by !== 'replicaset' || old === undefined || !isPodReady(old)) return false;
    if (pod !== undefined && isPodActive(pod)) return false;
    const seen = ctx.decidedOn?.getByKey('Pod', key);
    return seen !== undefined && seen.metadata.uid === old.metadata.uid && !isPodReady(seen);
  };
  const limit = (d: Deployment): number =>
    bound === 'availability' ? u.replicasOf(d) - u.maxUnavailable(d) : u.replicasOf(d) + u.maxSurge(d);
  const holds = (d: Deployment, c: Counts): boolean => (bound === 'availability' ? c.ready >= limit(d) : c.asked <= limit(d));
  const applies = (d: Deployment, c: Counts): boolean =>
    bound === 'surge' || (c.rolling && (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate');

  const check = (view: ClusterView, uid: string): InvariantResult => {
    const d = view.byUid(uid);
    if (d?.kind !== 'Deployment' || d.metadata.deletionTimestamp !== undefined) return undefined;
    const c = pods.countsOf(uid);
    if (c.loweredAt !== undefined) return undefined;
    if (c.lostExternally) {
      c.lostExternally = false;
      // Below the bound through no doing of the controller's: it waits until the bound holds again.
      if (bound === 'availability' && !holds(d, c)) c.armed = false;
    }
    if (holds(d, c)) {
      c.armed = true;
      return undefined;
    }
    if (!c.armed || !applies(d, c)) return undefined;
    c.armed = false; // one violation per excursion
    const name = `deployment/${d.metadata.name}`;
    const message =
      bound === 'availability'
        ? `${name} has ${c.ready} available pods during its rollout, below replicas − maxUnavailable = ${u.replicasOf(d)} − ${u.maxUnavailable(d)} = ${limit(d)}`
        : `${name}'s ReplicaSets ask for ${c.asked} replicas, above replicas + maxSurge = ${u.replicasOf(d)} + ${u.maxSurge(d)} = ${limit(d)}`;
    return { message, objects: [name] };
  };

  return {
    name: bound === 'availability' ? 'deployment-availability' : 'deployment-surge',
    upstream:
      bound === 'availability'
        ? 'pkg/controller/deployment/rolling.go reconcileOldReplicaSets: old sets scale down only while available pods stay above replicas − maxUnavailable'
        : 'pkg/controller/deployment/util NewRSNewReplicas: the new set grows only while Σ spec.replicas stays within replicas + maxSurge',
    description:
      bound === 'availability'
        ? 'During a rolling update, a Deployment that was available keeps at least replicas − maxUnavailable pods available.'
        : 'A Deployment never asks its ReplicaSets for more than replicas + maxSurge replicas in all.',
    check(ctx: InvariantContext): InvariantResult {
      const touched = new Set<string>();
      const cause = ctx.entry.cause ?? ctx.entry.seq;
      for (const change of ctx.changes) {
        if (change.kind === 'Pod') {
          const external =
            !OWN_ACTORS.has(ctx.entry.by) ||
            scalingEventDelete(ctx.entry.by, change.old as Pod | undefined, change.new as Pod | undefined) ||
            choseUnready(ctx, change.key, change.old as Pod | undefined, change.new as Pod | undefined);
          const uid = pods.podChanged(ctx.view, change.key, change.new as Pod | undefined, external);
          if (uid !== undefined) touched.add(uid);
        } else if (change.kind === 'ReplicaSet') {
          const rs = change.new as ReplicaSet | undefined;
          const was = change.old as ReplicaSet | undefined;
          const desired = (r: ReplicaSet | undefined) => r?.metadata.annotations?.[u.DESIRED_REPLICAS_ANNOTATION];
          if (rs !== undefined && was !== undefined && desired(rs) !== desired(was)) {
            const fewer = (was.spec.replicas ?? 1) - (rs.spec.replicas ?? 1);
            if (fewer > 0) scaledAway.set(change.key, (scaledAway.get(change.key) ?? 0) + fewer);
          }
          const uid = pods.setChanged(change.key, rs);
          if (uid === undefined) continue;
          const c = pods.countsOf(uid);
          const before = controllerOf(change.old as ReplicaSet | undefined)?.uid;
          // An adopted set (an orphan the Deployment claims) counts at once and is scaled
          // down after; a write decided before the sync that saw a lowered limit may land over it.
          if (change.old !== undefined && before !== uid) c.armed = false;
          if (c.fence !== undefined && cause < c.fence) c.armed = false;
          touched.add(uid);
        } else if (change.kind === 'Deployment') {
          const d = change.new as Deployment | undefined;
          const old = change.old as Deployment | undefined;
          if (d?.metadata.uid === undefined) continue;
          const c = pods.countsOf(d.metadata.uid);
          if (old !== undefined && !deepEqual(old.spec.template, d.spec.template)) c.rolling = true;
          else if (c.rolling && complete(d)) c.rolling = false;
          // A bound moving (replicas, maxSurge, maxUnavailable) past the counts re-arms it.
          if (old !== undefined && limit(old) !== limit(d) && !holds(d, c)) c.armed = false;
          // A lower surge limit waits for the sync that observes it: the controller's earlier
          // decisions, made on the higher one, may still land (no precondition ties a set's
          // write to the Deployment's version).
          if (bound === 'surge' && old !== undefined && limit(d) < limit(old)) {
            c.armed = false;
            c.loweredAt = d.metadata.generation ?? 0;
          }
          if (c.loweredAt !== undefined && (d.status?.observedGeneration ?? 0) >= c.loweredAt) {
            c.loweredAt = undefined;
            c.fence = cause;
          }
          touched.add(d.metadata.uid);
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

export function deploymentAvailability(): ScenarioInvariant {
  return boundInvariant('availability');
}

export function deploymentSurge(): ScenarioInvariant {
  return boundInvariant('surge');
}
