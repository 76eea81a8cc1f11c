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
import { releasePatch } from '../controllerutils/claim.js';
import { refOf } from '../util/effects.js';

/**
 * The garbage collector (pkg/controller/garbagecollector), keyed by object uid:
 * - an object whose owners are all gone is deleted (background, or as its own finalizers say);
 *   dangling references beside a live owner are removed instead;
 * - an owner deleted with `orphan` has its references removed from every dependent, then
 *   loses the finalizer;
 * - an owner deleted in the foreground has its dependents deleted (in the foreground
 *   themselves when they have dependents) and loses the `foregroundDeletion` finalizer once
 *   no dependent that blocks owner deletion is left.
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

function removeFinalizer(obj: KubeObject, finalizer: string): Effect {
  const finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  return { type: 'update', object: { ...obj, metadata: { ...obj.metadata, finalizers } } as KubeObject };
}

function deleteObject(obj: KubeObject, propagationPolicy: DeletePropagation): Effect {
  return { type: 'delete', ref: refOf(obj), uid: obj.metadata.uid as string, propagationPolicy };
}

/** The owner a reference names, if it exists with that uid. */
function ownerOf(view: ClusterView, ref: OwnerReference): KubeObject | undefined {
  const owner = view.byUid(ref.uid);
  return owner !== undefined && owner.kind === ref.kind && owner.metadata.name === ref.name ? owner : undefined;
}

/** processDeletingDependentsItem and orphanDependents for an owner being deleted. */
function finishOwner(view: ClusterView, owner: KubeObject, ctx: ReconcileContext): Effect[] {
  if (ctx.inFlight() > 0) return []; // let the writes already sent land first
  const uid = owner.metadata.uid as string;
  const dependents = view.dependentsOf(uid);
  if (deletingWith(owner, ORPHAN)) {
    if (dependents.length > 0) return dependents.map((d) => releaseRef(d, uid));
    return [removeFinalizer(owner, ORPHAN)];
  }
  if (deletingWith(owner, FOREGROUND)) {
    const blocking = dependents.filter((d) =>
      d.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion === true),
    );
    if (blocking.length === 0) return [removeFinalizer(owner, FOREGROUND)];
    return dependents
      .filter((d) => d.metadata.deletionTimestamp === undefined)
      .map((d) => deleteObject(d, view.dependentsOf(d.metadata.uid as string).length > 0 ? 'Foreground' : 'Background'));
  }
  return [];
}

/** Removes one owner's reference from a dependent (what orphaning does). */
function releaseRef(dependent: KubeObject, ownerUid: string): Effect {
  return releasePatch(dependent, ownerUid);
}

/** attemptToDeleteItem: a dependent whose owners are gone, or going in the foreground. */
function checkDependent(view: ClusterView, obj: KubeObject): Effect[] {
  const refs = obj.metadata.ownerReferences ?? [];
  if (refs.length === 0 || obj.metadata.deletionTimestamp !== undefined) return [];
  const dangling: OwnerReference[] = [];
  const waiting: OwnerReference[] = [];
  let solid = 0;
  for (const r of refs) {
    const owner = ownerOf(view, r);
    if (owner === undefined) dangling.push(r);
    else if (deletingWith(owner, FOREGROUND)) waiting.push(r);
    else solid++;
  }
  if (dangling.length === 0 && waiting.length === 0) return [];
  if (solid > 0) {
    // Keep the object; drop the references to owners that are gone.
    return dangling.map((r) => releaseRef(obj, r.uid));
  }
  if (waiting.length > 0 && view.dependentsOf(obj.metadata.uid as string).length > 0) return [deleteObject(obj, 'Foreground')];
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
