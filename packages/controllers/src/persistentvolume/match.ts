import {
  type ClusterView,
  labelSelectorAsSelector,
  type Node,
  type PersistentVolume,
  type PersistentVolumeClaim,
} from '@kubesim/core';
import {
  checkAccessModes,
  checkNodeAffinity,
  checkVolumeModeMismatches,
  getAccessModesAsString,
  getPersistentVolumeClaimClass,
  getPersistentVolumeClass,
  isVolumeBoundToClaim,
  storageOf,
} from './util.js';

/**
 * Matching a claim to a volume (component-helpers FindMatchingVolume and the PV controller's
 * access-mode index, findByClaim): a volume pre-bound to the claim wins; otherwise the
 * smallest Available volume of the claim's class that is big enough, searching the volumes
 * whose access modes are the fewest that still cover the claim's first.
 */

/**
 * FindMatchingVolume. `node` is the scheduler's path (WaitForFirstConsumer): node affinity
 * and access modes are checked; without it a delayed-binding claim matches only a volume
 * pre-bound to it.
 */
export function findMatchingVolume(
  claim: PersistentVolumeClaim,
  volumes: readonly PersistentVolume[],
  node: Node | undefined,
  excluded: ReadonlySet<string>,
  delayBinding: boolean,
): PersistentVolume | undefined {
  const requested = storageOf(claim.spec.resources?.requests);
  const requestedClass = getPersistentVolumeClaimClass(claim);
  const selector = claim.spec.selector === undefined ? undefined : labelSelectorAsSelector(claim.spec.selector);
  let smallest: PersistentVolume | undefined;
  let smallestQty = 0n;
  for (const volume of volumes) {
    if (excluded.has(volume.metadata.name as string)) continue;
    const ref = volume.spec.claimRef;
    const boundToClaim = isVolumeBoundToClaim(volume, claim);
    if (ref !== undefined && ref !== null && !boundToClaim) continue;
    const qty = storageOf(volume.spec.capacity);
    if (qty < requested) continue;
    if (checkVolumeModeMismatches(claim, volume)) continue;
    if (volume.metadata.deletionTimestamp !== undefined) continue;
    const affinityOk = node === undefined || checkNodeAffinity(volume, node);
    if (boundToClaim) return affinityOk ? volume : undefined;
    // The PV controller leaves delayed binding to the scheduler.
    if (node === undefined && delayBinding) continue;
    if (volume.status?.phase !== 'Available') continue;
    if (selector !== undefined && !selector.matches(volume.metadata.labels)) continue;
    if (getPersistentVolumeClass(volume) !== requestedClass) continue;
    if (!affinityOk) continue;
    if (node !== undefined && !checkAccessModes(claim, volume)) continue;
    if (smallest === undefined || smallestQty > qty) {
      smallest = volume;
      smallestQty = qty;
    }
  }
  return smallest;
}

function modeCount(key: string): number {
  return key === '' ? 0 : key.split(',').length;
}

/**
 * findByClaim: the volumes grouped by their access modes; the groups that cover the claim's
 * modes, fewest modes first (ties by key), each searched in turn.
 */
export function findByClaim(
  volumes: readonly PersistentVolume[],
  claim: PersistentVolumeClaim,
  delayBinding: boolean,
  node?: Node,
  excluded: ReadonlySet<string> = new Set(),
): PersistentVolume | undefined {
  const groups = new Map<string, PersistentVolume[]>();
  for (const pv of volumes) {
    const key = getAccessModesAsString(pv.spec.accessModes);
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [pv]);
    else list.push(pv);
  }
  const wanted = claim.spec.accessModes ?? [];
  const keys = [...groups.keys()]
    .filter((key) => {
      const modes = (groups.get(key) as PersistentVolume[])[0]?.spec.accessModes ?? [];
      return wanted.every((m) => modes.includes(m));
    })
    .sort((a, b) => modeCount(a) - modeCount(b) || (a < b ? -1 : a > b ? 1 : 0));
  for (const key of keys) {
    const found = findMatchingVolume(claim, groups.get(key) as PersistentVolume[], node, excluded, delayBinding);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** findBestMatchForClaim: findByClaim over the cluster's volumes. */
export function findBestMatchForClaim(
  view: ClusterView,
  claim: PersistentVolumeClaim,
  delayBinding: boolean,
  node?: Node,
  excluded?: ReadonlySet<string>,
): PersistentVolume | undefined {
  // Volumes bound to other claims can never match: leave them out before grouping.
  const candidates: PersistentVolume[] = [];
  view.forEach('PersistentVolume', undefined, (pv) => {
    const ref = pv.spec.claimRef;
    if (ref === undefined || ref === null || isVolumeBoundToClaim(pv, claim)) candidates.push(pv);
    return true;
  });
  return findByClaim(candidates, claim, delayBinding, node, excluded);
}

/**
 * The scheduler's matching (VolumeBinding's findMatchingVolumes): the pod's claims smallest
 * request first (byPVCSize), each given FindMatchingVolume's pick among the volumes of its
 * class on this node — the smallest that fits, whatever its other access modes (the PV
 * controller's access-mode grouping is its own, not the scheduler's) — never one chosen before.
 */
export function findMatchingVolumes(
  view: ClusterView,
  claims: readonly PersistentVolumeClaim[],
  node: Node,
  excluded: ReadonlySet<string>,
  held: ReadonlyMap<string, string> = new Map(),
): { readonly bindings: [PersistentVolumeClaim, PersistentVolume][]; readonly unbound: PersistentVolumeClaim[] } {
  const bySize = [...claims].sort((a, b) => {
    const d = storageOf(a.spec.resources?.requests) - storageOf(b.spec.resources?.requests);
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  });
  const chosen = new Set(excluded);
  const bindings: [PersistentVolumeClaim, PersistentVolume][] = [];
  const unbound: PersistentVolumeClaim[] = [];
  for (const claim of bySize) {
    // A volume the assume cache holds for this claim is the claim's (pre-bound in the cache).
    const heldName = held.get(claim.metadata.uid as string);
    const heldPv = heldName === undefined ? undefined : view.get('PersistentVolume', undefined, heldName);
    if (heldPv !== undefined) {
      const pv = findMatchingVolume(claim, [heldPv], node, new Set(), true);
      if (pv === undefined) unbound.push(claim);
      else {
        chosen.add(heldName as string);
        bindings.push([claim, pv]);
      }
      continue;
    }
    const className = getPersistentVolumeClaimClass(claim);
    const volumes: PersistentVolume[] = [];
    view.forEach('PersistentVolume', undefined, (pv) => {
      if (getPersistentVolumeClass(pv) === className) volumes.push(pv);
      return true;
    });
    const pv = findMatchingVolume(claim, volumes, node, chosen, true);
    if (pv === undefined) unbound.push(claim);
    else {
      chosen.add(pv.metadata.name as string);
      bindings.push([claim, pv]);
    }
  }
  return { bindings, unbound };
}
