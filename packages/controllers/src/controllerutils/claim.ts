import type { Effect, Kind, KubeObject, Pod, Selector } from '@kubesim/core';
import { refOf } from '../util/effects.js';
import { controllerOf, newControllerRef } from './controllerRef.js';

/**
 * BaseControllerRefManager.ClaimObject (controller_ref_manager.go), as ClaimPods and
 * ClaimReplicaSets use it: a controller keeps the objects it owns that its selector still
 * matches, releases the ones it no longer matches (unless it is being deleted), and adopts
 * matching orphans (unless it, or the object, is being deleted). Objects another controller
 * owns are left alone.
 */
export interface Claim<T extends KubeObject = Pod> {
  /** The objects this controller counts: owned and matching, plus the ones it adopts now. */
  readonly claimed: T[];
  /** The ownerReference patches (adoptions and releases) to send. */
  readonly patches: Effect[];
}

/** ClaimPods. */
export function claimPods(owner: KubeObject, selector: Selector, candidates: readonly Pod[]): Claim {
  return claimObjects(owner, selector, candidates);
}

/** The claim rule for any kind (ClaimReplicaSets for a Deployment's sets). */
export function claimObjects<T extends KubeObject>(owner: KubeObject, selector: Selector, candidates: readonly T[]): Claim<T> {
  const uid = owner.metadata.uid;
  const ownerDeleting = owner.metadata.deletionTimestamp !== undefined;
  const claimed: T[] = [];
  const patches: Effect[] = [];
  for (const pod of candidates) {
    const ref = controllerOf(pod);
    if (ref !== undefined) {
      if (ref.uid !== uid) continue;
      if (selector.matches(pod.metadata.labels)) claimed.push(pod);
      else if (!ownerDeleting) patches.push(releasePatch(pod, uid as string));
      continue;
    }
    if (ownerDeleting || !selector.matches(pod.metadata.labels) || pod.metadata.deletionTimestamp !== undefined) continue;
    // Only a namespaced controller is confined to its namespace (ClaimObject: a cluster-scoped one may adopt anywhere).
    const ns = owner.metadata.namespace ?? '';
    if (ns !== '' && pod.metadata.namespace !== ns) continue;
    patches.push(adoptPatch(pod, owner));
    claimed.push(pod);
  }
  return { claimed, patches };
}

/** AdoptPod: a strategic-merge patch adding the controller reference, guarded by the pod's uid. */
export function adoptPatch(obj: KubeObject, owner: KubeObject): Effect {
  return {
    type: 'patch',
    ref: refOf(obj),
    patchType: 'strategic',
    patch: { metadata: { ownerReferences: [newControllerRef(owner)] } },
    uid: obj.metadata.uid as string,
  };
}

/** ReleasePod: a strategic-merge patch deleting this owner's reference. */
export function releasePatch(obj: KubeObject, ownerUid: string): Effect {
  return {
    type: 'patch',
    ref: refOf(obj),
    patchType: 'strategic',
    patch: { metadata: { ownerReferences: [{ $patch: 'delete', uid: ownerUid }] } },
    uid: obj.metadata.uid as string,
  };
}

/** The kind of a controller reference, as a Kind when kubesim stores it. */
export function ownerKind(obj: KubeObject): Kind | undefined {
  return controllerOf(obj)?.kind as Kind | undefined;
}
