import {
  type ClusterView,
  type Controller,
  type Effect,
  type Millis,
  type Namespace,
  type ReconcileContext,
  SECOND,
} from '@kubesim/core';
import { refOf } from '../util/effects.js';
import { deleteAllContent } from './namespaced_resources_deleter.js';
import { updateConditions } from './status_condition_utils.js';

/**
 * The namespace controller (pkg/controller/namespace): when a namespace is deleted it
 * deletes everything in it, reports progress in the namespace's status conditions, and once
 * the namespace is empty removes its `kubernetes` finalizer (the finalize subresource), which
 * lets the API server remove the namespace.
 */

export const NAMESPACE_CONTROLLER = 'namespace-controller';

/** v1.FinalizerKubernetes. */
const FINALIZER_TOKEN = 'kubernetes';

/**
 * namespaceDeletionGracePeriod: a deleted namespace is queued this long after the change, so
 * HA API servers observe the deletion and last-minute creations land first.
 */
export const NAMESPACE_DELETION_GRACE_PERIOD: Millis = 5 * SECOND;

function finalized(ns: Namespace): boolean {
  return (ns.spec?.finalizers ?? []).length === 0;
}

/** deleteNamespace: the final delete, with a UID precondition. */
function deleteNamespace(ns: Namespace): Effect {
  return { type: 'delete', ref: refOf(ns), uid: ns.metadata.uid as string };
}

/**
 * namespacedResourcesDeleter.Delete, as one sync: status up to date, content deleted, and the
 * namespace finalized and deleted once nothing remains. ResourcesRemainingError requeues
 * after estimate/2+1 seconds (syncNamespaceFromKey's worker); other errors rate-limited.
 */
export function syncNamespace(view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  const ns = view.getByKey('Namespace', key);
  if (ns === undefined || ns.metadata.deletionTimestamp === undefined) return [];
  // enqueueNamespace's AddAfter(namespaceDeletionGracePeriod).
  const due = ns.metadata.deletionTimestamp + NAMESPACE_DELETION_GRACE_PERIOD;
  if (ctx.now < due) return [{ type: 'requeueAfter', after: due - ctx.now }];
  const effects: Effect[] = [];
  let current = ns;
  // updateNamespaceStatusFunc: the phase is Terminating (the registry's delete set it already).
  if (ns.status?.phase !== 'Terminating') {
    current = { ...ns, status: { ...ns.status, phase: 'Terminating' } };
    effects.push({ type: 'updateStatus', object: current });
  }
  if (finalized(current)) return [...effects, deleteNamespace(current)];
  const content = deleteAllContent(view, current, ctx.now);
  effects.push(...content.deletes);
  const { conditions, changed } = updateConditions(current.status?.conditions ?? [], content.newConditions, ctx.now);
  if (changed) {
    const { resourceVersion: _rv, ...metadata } = current.metadata;
    // The second status write of a sync carries no resourceVersion of the first's.
    const meta = effects.length > content.deletes.length ? metadata : current.metadata;
    current = { ...current, metadata: meta, status: { ...current.status, conditions } };
    effects.push({ type: 'updateStatus', object: current });
  }
  if (content.errors.length > 0) {
    return [...effects, { type: 'error', message: `deletion of namespace ${key} failed: ${content.errors.join(', ')}` }];
  }
  if (content.estimate > 0) {
    return [...effects, { type: 'requeueAfter', after: (Math.floor(content.estimate / 2) + 1) * SECOND }];
  }
  // finalizeNamespace: spec.finalizers without the token, as a sorted set.
  const finalizers = [...new Set((current.spec?.finalizers ?? []).filter((f) => f !== FINALIZER_TOKEN))].sort();
  effects.push({
    type: 'patch',
    ref: refOf(current),
    patchType: 'merge',
    patch: { spec: { finalizers } },
    subresource: 'finalize',
  });
  // An empty list finalizes it, and the finalize write itself removes the namespace
  // (ShouldDeleteNamespaceDuringUpdate); upstream's delete that follows then meets NotFound.
  if (finalizers.length === 0) effects.push(deleteNamespace(current));
  return effects;
}

/** The namespace controller: syncs each namespace being deleted, 10 workers (--concurrent-namespace-syncs). */
export function namespaceController(): Controller {
  return {
    name: 'namespace',
    component: NAMESPACE_CONTROLLER,
    // enqueueNamespace: only namespaces being deleted are queued.
    watches: [
      {
        kind: 'Namespace',
        keys: (change) => {
          const ns = change.new as Namespace | undefined;
          return ns?.metadata.deletionTimestamp !== undefined ? [change.key] : [];
        },
      },
    ],
    reconcile: syncNamespace,
    // --concurrent-namespace-syncs: 10.
    runtime: { process: 'kube-controller-manager', workers: 10 },
  };
}
