import {
  type ClusterView,
  type Effect,
  getObject,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type Pod,
  type ReconcileContext,
} from '@kubesim/core';
import { ANN_BIND_COMPLETED, podClaimNames } from '../persistentvolume/util.js';

/**
 * The VolumeBinding plugin's assume cache (volumebinding/assume_cache.go, AssumePodVolumes):
 * a volume the scheduler has chosen for a claim is held for that claim from the decision on.
 * As upstream's cache, the assumed version stands only until the informers deliver a newer
 * version of the volume (the bind landing, or anything else changing it): then the informer's
 * version counts, and a volume whose claimRef was set is taken by it anyway.
 */
export interface AssumedVolume {
  /** The claim's uid. */
  readonly claim: string;
  /** The pod whose scheduling chose it (its key). */
  readonly pod: string;
  /** The volume as it was read when it was chosen: uid and resourceVersion. */
  readonly uid: string;
  readonly resourceVersion: string;
}

type Volumes = ReadonlyMap<string, AssumedVolume>;

const KEY = 'assumedVolumes';
const NONE: Volumes = new Map();

/** The volume as the scheduler's informer has it (an in-memory cache read: no sync cost). */
function volumeNow(view: ClusterView, name: string): PersistentVolume | undefined {
  return getObject(view.state.store, 'PersistentVolume', name);
}

/** Whether the informers still show the version that was assumed. */
function stillAssumed(view: ClusterView, name: string, a: AssumedVolume): boolean {
  const pv = volumeNow(view, name);
  return pv !== undefined && pv.metadata.uid === a.uid && pv.metadata.resourceVersion === a.resourceVersion;
}

/** The volumes assumed now: the remembered ones whose assumed version the informers still show. */
export function assumedVolumes(view: ClusterView, ctx: ReconcileContext): Volumes {
  const all = ctx.memory<Volumes>(KEY) ?? NONE;
  let live: Map<string, AssumedVolume> | undefined;
  for (const [name, a] of all) {
    if (stillAssumed(view, name, a)) continue;
    live ??= new Map(all);
    live.delete(name);
  }
  return live ?? all;
}

/** What the assume cache says to a pod's claims: volumes held for other claims, and the ones held for these. */
export interface AssumedForClaims {
  /** Volumes held for other claims: not to be chosen. */
  readonly taken: ReadonlySet<string>;
  /**
   * Claim uid → the volume held for it (by this pod or another sharing the claim): the cache's
   * version carries the claimRef, so FindMatchingVolume takes it at once, as bound to the claim.
   */
  readonly held: ReadonlyMap<string, string>;
}

export function assumedForClaims(volumes: Volumes, claims: readonly PersistentVolumeClaim[]): AssumedForClaims {
  const mine = new Set(claims.map((c) => c.metadata.uid));
  const taken = new Set<string>();
  const held = new Map<string, string>();
  for (const [name, a] of volumes) {
    if (mine.has(a.claim)) held.set(a.claim, name);
    else taken.add(name);
  }
  return { taken, held };
}

/**
 * AssumePodVolumes: the chosen volumes are held for their claims (an earlier assumption of
 * the same pod is replaced, its bindings being chosen again).
 */
export function assumeVolumes(
  volumes: Volumes,
  bindings: readonly (readonly [PersistentVolumeClaim, PersistentVolume])[],
  pod: string,
): Effect {
  const next = new Map([...volumes].filter(([, a]) => a.pod !== pod));
  for (const [claim, pv] of bindings) {
    next.set(pv.metadata.name as string, {
      claim: claim.metadata.uid as string,
      pod,
      uid: pv.metadata.uid as string,
      resourceVersion: pv.metadata.resourceVersion as string,
    });
  }
  return { type: 'remember', key: KEY, value: next.size > 0 ? next : undefined };
}

/** RevertAssumedPodVolumes: a pod's assumption is dropped, its volumes with it. */
export function forgetVolumes(ctx: ReconcileContext, pod: string): Effect | undefined {
  const volumes = ctx.memory<Volumes>(KEY);
  if (volumes === undefined || ![...volumes.values()].some((a) => a.pod === pod)) return undefined;
  const next = new Map([...volumes].filter(([, a]) => a.pod !== pod));
  return { type: 'remember', key: KEY, value: next.size > 0 ? next : undefined };
}

/**
 * checkBindings, PreBind's poll: done when every claim of the pod is fully bound
 * (isPVCFullyBound); not yet while a chosen volume is still at the version it was chosen at
 * (the update has not come back); an error when a volume's claimRef was reset meanwhile.
 */
export function checkBindings(view: ClusterView, ctx: ReconcileContext, pod: Pod, key: string): boolean | string {
  for (const [name, a] of ctx.memory<Volumes>(KEY) ?? NONE) {
    if (a.pod !== key) continue;
    if (stillAssumed(view, name, a)) return false;
    const pv = volumeNow(view, name);
    if (pv?.spec.claimRef?.uid === undefined || pv.spec.claimRef.uid === '') return `ClaimRef got reset for pv "${name}"`;
  }
  return podClaimNames(pod).every((name) => {
    const claim = view.get('PersistentVolumeClaim', pod.metadata.namespace, name);
    return !!claim?.spec.volumeName && claim.metadata.annotations?.[ANN_BIND_COMPLETED] !== undefined;
  });
}
