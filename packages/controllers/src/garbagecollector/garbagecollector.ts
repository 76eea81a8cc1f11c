import {
  type Change,
  type ClusterView,
  type Controller,
  type DeletePropagation,
  deepEqual,
  type Effect,
  KINDS,
  type Kind,
  type KubeObject,
  type OwnerReference,
  type ReconcileContext,
} from '@kubesim/core';
import { refOf } from '../util/effects.js';
import { genericOwner } from './genericOwner.js';

/**
 * The garbage collector (pkg/controller/garbagecollector), keyed by object uid:
 * - attemptToDeleteItem: an object whose owners are all gone is deleted (background, or as its
 *   own finalizers say); one with a live owner loses its references to owners that are gone or
 *   waiting for their dependents (one patch); one whose owner waits for its dependents is
 *   deleted (in the foreground itself when it has dependents);
 * - processDeletingDependentsItem: an owner deleted in the foreground queues its blocking
 *   dependents (each deletes itself in its own sync) and loses the `foregroundDeletion`
 *   finalizer once none is left;
 * - attemptToOrphanWorker: an owner deleted with `orphan` has its references removed from
 *   every dependent (all at once), then loses the finalizer, in one sync.
 *
 * Upstream reads the item and each owner with uncached GETs (the metadata client), not from
 * its informers; a write carries `getFirst` for the item's GET (the owners' GETs, and GETs that
 * lead to no write, are not modelled). The `inFlight` gates stand in for those fresh reads: a
 * sync whose own earlier writes its informers do not show yet waits for them, as a live GET
 * would have seen them.
 */
export const GARBAGE_COLLECTOR = 'garbage-collector';

const ORPHAN = 'orphan';
const FOREGROUND = 'foregroundDeletion';

function refsChanged(a: KubeObject | undefined, b: KubeObject | undefined): boolean {
  return !deepEqual(a?.metadata.ownerReferences ?? [], b?.metadata.ownerReferences ?? []);
}

function deletingWith(obj: KubeObject | undefined, finalizer: string): boolean {
  return obj?.metadata.deletionTimestamp !== undefined && (obj.metadata.finalizers ?? []).includes(finalizer);
}

/** Which uids a change concerns: the object's owners and dependents as well as itself. */
function keys(change: Change, view: ClusterView): Iterable<string> {
  if (change.kind === 'NodeRuntime') return [];
  const before = change.old as KubeObject | undefined;
  const after = change.new as KubeObject | undefined;
  const out = new Set<string>();
  const obj = after ?? before;
  const uid = obj?.metadata.uid;
  if (obj === undefined || uid === undefined) return out;
  if (after === undefined) {
    // Gone: its dependents may now dangle.
    for (const d of view.dependentsOf(uid)) out.add(d.metadata.uid as string);
  } else {
    if (deletingWith(after, ORPHAN) || deletingWith(after, FOREGROUND)) out.add(uid);
    // The graph builder marks an owner deletingDependents and queues every dependent.
    if (deletingWith(after, FOREGROUND) && !deletingWith(before, FOREGROUND)) {
      for (const d of view.dependentsOf(uid)) out.add(d.metadata.uid as string);
    }
    if ((after.metadata.ownerReferences ?? []).length > 0 && (before === undefined || refsChanged(before, after))) out.add(uid);
  }
  // A dependent that went, started deleting or dropped references may unblock an owner.
  const gone =
    after === undefined || (after.metadata.deletionTimestamp !== undefined && before?.metadata.deletionTimestamp === undefined);
  if (gone || refsChanged(before, after)) {
    for (const r of before?.metadata.ownerReferences ?? []) {
      const owner = view.byUid(r.uid);
      if (deletingWith(owner, FOREGROUND) || deletingWith(owner, ORPHAN)) out.add(r.uid);
    }
  }
  return out;
}

/**
 * removeFinalizer: a GET of the owner, then a merge patch of its finalizers without the one
 * (retry.RetryOnConflict around both; the patch carries the version the GET returned, so only a
 * write in between conflicts, which the fresh GET of the retry resolves: no conflict here).
 */
function removeFinalizer(obj: KubeObject, finalizer: string): Extract<Effect, { type: 'patch' }> {
  const finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  return {
    type: 'patch',
    ref: refOf(obj),
    patchType: 'merge',
    patch: { metadata: { finalizers: finalizers.length > 0 ? finalizers : null } },
    getFirst: true,
  };
}

/** deleteObject: a DELETE with the item's uid as precondition, after the item's GET. */
function deleteObject(obj: KubeObject, propagationPolicy: DeletePropagation): Effect {
  return { type: 'delete', ref: refOf(obj), uid: obj.metadata.uid as string, propagationPolicy, getFirst: true };
}

/**
 * GenerateDeleteOwnerRefStrategicMergeBytes: one strategic merge patch deleting these owners'
 * references, guarded by the dependent's uid.
 */
function deleteOwnerRefs(dependent: KubeObject, ownerUids: readonly string[]): Extract<Effect, { type: 'patch' }> {
  return {
    type: 'patch',
    ref: refOf(dependent),
    patchType: 'strategic',
    patch: { metadata: { ownerReferences: ownerUids.map((uid) => ({ $patch: 'delete', uid })) } },
    uid: dependent.metadata.uid as string,
  };
}

/** The owner a reference names, if it exists with that uid. */
function ownerOf(view: ClusterView, ref: OwnerReference, namespace?: string): KubeObject | undefined {
  const owner = view.byUid(ref.uid);
  if (owner === undefined) return genericOwner(view, ref, namespace);
  return owner.kind === ref.kind && owner.metadata.name === ref.name ? owner : undefined;
}

/** processDeletingDependentsItem and attemptToOrphanWorker for an owner being deleted. */
function finishOwner(view: ClusterView, owner: KubeObject, ctx: ReconcileContext): Effect[] {
  if (ctx.inFlight() > 0) return []; // let the writes already sent land first
  const uid = owner.metadata.uid as string;
  const dependents = view.dependentsOf(uid);
  if (deletingWith(owner, ORPHAN)) {
    // orphanDependents: every dependent at once (a goroutine each), then the finalizer if all
    // of them succeeded (a failed patch fails the wave, and the sync is retried).
    if (dependents.length === 0) return [removeFinalizer(owner, ORPHAN)];
    return [
      // orphanDependents: a dependent already gone is no error (errors.IsNotFound is skipped).
      ...dependents.map((d) => ({ ...deleteOwnerRefs(d, [uid]), wave: 1, ignoreNotFound: true })),
      { ...removeFinalizer(owner, ORPHAN), wave: 2 },
    ];
  }
  if (deletingWith(owner, FOREGROUND)) {
    const blocking = dependents.filter((d) =>
      d.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion === true),
    );
    if (blocking.length === 0) return [removeFinalizer(owner, FOREGROUND)];
    // Each blocking dependent not itself deleting its dependents goes back to attemptToDelete.
    return blocking
      .filter((d) => !deletingWith(d, FOREGROUND))
      .map((d) => ({ type: 'enqueue', key: d.metadata.uid as string }) satisfies Effect);
  }
  return [];
}

/** attemptToDeleteItem: a dependent whose owners are gone, or waiting for their dependents. */
function checkDependent(view: ClusterView, obj: KubeObject): Effect[] {
  const refs = obj.metadata.ownerReferences ?? [];
  if (refs.length === 0 || obj.metadata.deletionTimestamp !== undefined) return [];
  const dangling: OwnerReference[] = [];
  const waiting: OwnerReference[] = [];
  let solid = 0;
  for (const r of refs) {
    const owner = ownerOf(view, r, obj.metadata.namespace);
    if (owner === undefined) dangling.push(r);
    else if (deletingWith(owner, FOREGROUND)) waiting.push(r);
    else solid++;
  }
  if (solid > 0) {
    if (dangling.length === 0 && waiting.length === 0) return [];
    // Keep the object; drop the references to owners that are gone or waiting (else they
    // would wait on it forever), in one patch.
    return [
      {
        ...deleteOwnerRefs(
          obj,
          [...dangling, ...waiting].map((r) => r.uid),
        ),
        getFirst: true,
      },
    ];
  }
  const uid = obj.metadata.uid as string;
  if (waiting.length > 0 && view.dependentsOf(uid).length > 0) {
    const out: Effect[] = [];
    // A dependent of its own deleting its dependents: the references are made non-blocking
    // first (unblockOwnerReferencesStrategicMergePatch), against a cycle.
    if (view.dependentsOf(uid).some((d) => deletingWith(d, FOREGROUND))) {
      const blocking = refs.filter((r) => r.blockOwnerDeletion === true);
      if (blocking.length > 0) {
        out.push({
          type: 'patch',
          ref: refOf(obj),
          patchType: 'strategic',
          patch: { metadata: { ownerReferences: blocking.map((r) => ({ uid: r.uid, blockOwnerDeletion: false })) } },
          uid,
          getFirst: true,
        });
      }
    }
    out.push(deleteObject(obj, 'Foreground'));
    return out;
  }
  const finalizers = obj.metadata.finalizers ?? [];
  const policy: DeletePropagation = finalizers.includes(ORPHAN)
    ? 'Orphan'
    : finalizers.includes(FOREGROUND)
      ? 'Foreground'
      : 'Background';
  return [deleteObject(obj, policy)];
}

function reconcile(view: ClusterView, uid: string, ctx: ReconcileContext): Effect[] {
  const obj = view.byUid(uid);
  if (obj === undefined) return [];
  if (obj.metadata.deletionTimestamp !== undefined) return finishOwner(view, obj, ctx);
  if (ctx.inFlight() > 0) return [];
  return checkDependent(view, obj);
}

const WATCHED: readonly Kind[] = KINDS.map((k) => k.kind).filter((k) => k !== 'Event');

/** The garbage collector (20 workers): background, foreground and orphan cascades over owner references. */
export function garbageCollector(): Controller {
  return {
    name: 'garbagecollector',
    component: GARBAGE_COLLECTOR,
    watches: WATCHED.map((kind) => ({ kind, keys })),
    reconcile,
    // --concurrent-gc-syncs
    runtime: { process: 'kube-controller-manager', workers: 20 },
  };
}
