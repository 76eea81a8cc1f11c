import {
  type Change,
  type ClusterView,
  type Controller,
  type Effect,
  isPodActive,
  type Pod,
  type ReconcileContext,
  type ReplicaSet,
  type ReplicationController,
} from '@kubesim/core';
import { claimPods } from '../controllerutils/claim.js';
import { controllerOf } from '../controllerutils/controllerRef.js';
import { manageError, manageReplicas, nextAvailableCheck } from './manage.js';
import { calculateStatus, statusChanged } from './status.js';
import { type ReplicaKind, replicated } from './workload.js';

/**
 * The ReplicaSet controller (pkg/controller/replicaset), serving ReplicationControllers too:
 * syncReplicaSet claims the matching pods, creates or deletes pods to reach spec.replicas
 * when no earlier writes are still outstanding (its expectations), and writes status.
 */

/** The owner of a pod, or of its previous version, and for an orphan every set that would adopt it. */
function podKeys(kind: ReplicaKind): (change: Change, view: ClusterView) => Iterable<string> {
  return (change, view) => {
    const before = change.old as Pod | undefined;
    const after = change.new as Pod | undefined;
    const keys = new Set<string>();
    for (const pod of [before, after]) {
      const ref = controllerOf(pod);
      if (ref?.kind === kind && pod !== undefined) keys.add(`${pod.metadata.namespace}/${ref.name}`);
    }
    if (after !== undefined && controllerOf(after) === undefined && after.metadata.deletionTimestamp === undefined) {
      const relabelled =
        before === undefined || controllerOf(before) !== undefined || before.metadata.labels !== after.metadata.labels;
      if (relabelled) {
        view.forEach(kind, after.metadata.namespace, (owner) => {
          if (replicated(owner as ReplicaSet | ReplicationController).selector.matches(after.metadata.labels)) {
            keys.add(`${owner.metadata.namespace}/${owner.metadata.name}`);
          }
          return true;
        });
      }
    }
    return keys;
  };
}

/** The pods a set may count: those it controls (by the owner index) and the namespace's orphans. */
function candidatePods(view: ClusterView, obj: ReplicaSet | ReplicationController): Pod[] {
  const uid = obj.metadata.uid as string;
  const owned = view.dependentsOf(uid, 'Pod').filter((p) => controllerOf(p)?.uid === uid);
  return [...owned, ...view.uncontrolledPods(obj.metadata.namespace as string)];
}

function syncReplicaSet(kind: ReplicaKind, view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  const obj = view.getByKey(kind, key) as ReplicaSet | ReplicationController | undefined;
  if (obj === undefined) return [];
  const rs = replicated(obj);
  const effects: Effect[] = [];
  // FilterActivePods, then ClaimPods: terminating and finished pods are neither counted nor adopted.
  const { claimed, patches } = claimPods(obj, rs.selector, candidatePods(view, obj).filter(isPodActive));
  // Adoption and release are not in the expectations (only creates and deletes are).
  for (const p of patches) effects.push(p.type === 'patch' ? { ...p, expectation: false } : p);
  const diff = claimed.length - rs.replicas;
  const failed = manageError(ctx.failures(), diff);
  // Expectations: no new creates or deletes while earlier ones are still on their way.
  if (ctx.inFlight() === 0 && obj.metadata.deletionTimestamp === undefined) {
    effects.push(...manageReplicas(view, rs, claimed, ctx).effects);
  }
  const status = calculateStatus(rs, claimed, failed, ctx.now);
  if (statusChanged(rs, status))
    // updateReplicaSetStatus: on an error, one more try over a fresh GET (statusUpdateRetries = 1).
    effects.push({
      type: 'updateStatus',
      object: { ...obj, status } as ReplicaSet | ReplicationController,
      retry: { times: 1 },
      expectation: false,
    });
  const next = nextAvailableCheck(rs, claimed, ctx.now);
  if (next !== undefined) effects.push({ type: 'requeueAfter', after: next - ctx.now });
  return effects;
}

function replicaController(kind: ReplicaKind, name: string, component: string): Controller {
  return {
    name,
    component,
    watches: [{ kind }, { kind: 'Pod', keys: podKeys(kind) }],
    reconcile: (view, key, ctx) => syncReplicaSet(kind, view, key, ctx),
    // --concurrent-replicaset-syncs and --concurrent-rc-syncs
    runtime: { process: 'kube-controller-manager', workers: 5 },
  };
}

/** The ReplicaSet controller (5 workers): pods up to replicas, expectations, slow start. */
export function replicaSetController(): Controller {
  return replicaController('ReplicaSet', 'replicaset', 'replicaset-controller');
}

/** The ReplicationController controller (5 workers): the ReplicaSet controller's code for the older kind. */
export function replicationController(): Controller {
  return replicaController('ReplicationController', 'replicationcontroller', 'replication-controller');
}
