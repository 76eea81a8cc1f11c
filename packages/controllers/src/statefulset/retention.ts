import type { OwnerReference, PersistentVolumeClaim, Pod, StatefulSet } from '@kubesim/core';
import { podInOrdinalRange } from './identity.js';

/**
 * persistentVolumeClaimRetentionPolicy (stateful_set_utils.go): the controller keeps
 * controller references on each claim and lets the garbage collector delete it.
 *   Retain/Retain: none · whenDeleted Delete: the set · whenScaled Delete: the pod while it
 *   is condemned · both Delete: the set in range, the pod when condemned.
 */

export type RetentionType = 'Retain' | 'Delete';

/** persistentVolumeClaimRetentionPolicy with its defaults: what happens to claims when the set is deleted and when it scales down. */
export interface RetentionPolicy {
  readonly whenDeleted: RetentionType;
  readonly whenScaled: RetentionType;
}

/** What an owner is for the reference checks: a name, a uid and its kind. */
export interface Owner {
  readonly metadata: { readonly name?: string; readonly uid?: string };
}

export const SET_KIND = { apiVersion: 'apps/v1', kind: 'StatefulSet' } as const;
export const POD_KIND = { apiVersion: 'v1', kind: 'Pod' } as const;
/** An owner's apiVersion and kind, as an owner reference names them. */
export type Gvk = { readonly apiVersion: string; readonly kind: string };

/** getPersistentVolumeClaimRetentionPolicy: Retain for both when unset. */
export function getPersistentVolumeClaimRetentionPolicy(set: StatefulSet): RetentionPolicy {
  const p = set.spec.persistentVolumeClaimRetentionPolicy;
  return { whenDeleted: p?.whenDeleted ?? 'Retain', whenScaled: p?.whenScaled ?? 'Retain' };
}

function uidOf(o: Owner): string {
  return o.metadata.uid ?? '';
}

/** matchesRef: the reference names this object (name and kind; the uid is not compared). */
export function matchesRef(ref: OwnerReference, obj: Owner, gvk: Gvk): boolean {
  return gvk.apiVersion === ref.apiVersion && gvk.kind === ref.kind && ref.name === obj.metadata.name;
}

/**
 * hasUnexpectedController: with a non-Retain policy, another controller of the claim, or a
 * reference to this set or pod with another uid (they were orphaned): leave the claim alone.
 */
export function hasUnexpectedController(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  const policy = getPersistentVolumeClaimRetentionPolicy(set);
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Retain') return false;
  for (const ref of claim.metadata.ownerReferences ?? []) {
    if (matchesRef(ref, set, SET_KIND)) {
      if (ref.uid !== uidOf(set)) return true;
      continue;
    }
    if (matchesRef(ref, pod, POD_KIND)) {
      if (ref.uid !== uidOf(pod)) return true;
      continue;
    }
    if (ref.controller === true) return true;
  }
  return false;
}

/** hasNonControllerOwner: the set or pod owns the claim without being its controller. */
export function hasNonControllerOwner(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  return (claim.metadata.ownerReferences ?? []).some(
    (ref) => (ref.uid === uidOf(set) || ref.uid === uidOf(pod)) && ref.controller !== true,
  );
}

export function removeRefs(refs: readonly OwnerReference[], predicate: (ref: OwnerReference) => boolean): OwnerReference[] {
  return refs.filter((ref) => !predicate(ref));
}

/** hasOwnerRef: a reference to the owner's uid, controller or not. */
export function hasOwnerRef(target: { metadata: { ownerReferences?: OwnerReference[] } }, owner: Owner): boolean {
  return (target.metadata.ownerReferences ?? []).some((ref) => ref.uid === uidOf(owner));
}

/** hasStaleOwnerRef: the first reference naming the object has another uid. */
export function hasStaleOwnerRef(target: PersistentVolumeClaim, obj: Owner, gvk: Gvk): boolean {
  for (const ref of target.metadata.ownerReferences ?? []) {
    if (matchesRef(ref, obj, gvk)) return ref.uid !== uidOf(obj);
  }
  return false;
}

/** addControllerRef: the owner as a controller reference, unless one to its uid is there. */
export function addControllerRef(refs: readonly OwnerReference[], owner: Owner, gvk: Gvk): OwnerReference[] {
  if (refs.some((ref) => ref.uid === uidOf(owner))) return [...refs];
  return [
    ...refs,
    {
      apiVersion: gvk.apiVersion,
      kind: gvk.kind,
      name: owner.metadata.name ?? '',
      uid: uidOf(owner),
      controller: true,
      blockOwnerDeletion: true,
    },
  ];
}

/** isClaimOwnerUpToDate: the claim's references agree with the policy (or must not be touched). */
export function isClaimOwnerUpToDate(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  if (hasStaleOwnerRef(claim, set, SET_KIND) || hasStaleOwnerRef(claim, pod, POD_KIND)) return true;
  if (hasUnexpectedController(claim, set, pod)) {
    // Our own references beside another controller must be cleaned up; otherwise leave it.
    return !(hasOwnerRef(claim, set) || hasOwnerRef(claim, pod));
  }
  if (hasNonControllerOwner(claim, set, pod)) return false;
  const policy = getPersistentVolumeClaimRetentionPolicy(set);
  const setRef = hasOwnerRef(claim, set);
  const podRef = hasOwnerRef(claim, pod);
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Retain') return !setRef && !podRef;
  if (policy.whenScaled === 'Retain') return setRef && !podRef;
  const podScaledDown = !podInOrdinalRange(pod, set);
  if (policy.whenDeleted === 'Retain') return !setRef && podScaledDown === podRef;
  return podScaledDown !== setRef && podScaledDown === podRef;
}

/**
 * updateClaimOwnerRefForSetAndPod: the references the claim should have: ours scrubbed, then
 * the ones the policy asks for (none beside an unexpected controller).
 */
export function updateClaimOwnerRefForSetAndPod(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): OwnerReference[] {
  const unexpected = hasUnexpectedController(claim, set, pod);
  let refs = removeRefs(
    claim.metadata.ownerReferences ?? [],
    (r) => matchesRef(r, set, SET_KIND) || matchesRef(r, pod, POD_KIND),
  );
  if (unexpected) return refs;
  const policy = getPersistentVolumeClaimRetentionPolicy(set);
  const podScaledDown = !podInOrdinalRange(pod, set);
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Delete') refs = addControllerRef(refs, set, SET_KIND);
  else if (policy.whenScaled === 'Delete') {
    if (podScaledDown) refs = addControllerRef(refs, pod, POD_KIND);
    else if (policy.whenDeleted === 'Delete') refs = addControllerRef(refs, set, SET_KIND);
  }
  return refs;
}
