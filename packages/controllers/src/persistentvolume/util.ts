import {
  type ClusterView,
  type Node,
  type PersistentVolume,
  type PersistentVolumeClaim,
  parseQuantity,
  type Quantity,
  type StorageClass,
} from '@kubesim/core';
import { type NodeSelectorTerm, nodeSelectorTermsMatch } from '../controllerutils/nodeSelector.js';

/**
 * Storage helpers (component-helpers/storage/volume, pkg/controller/volume/persistentvolume
 * util): the annotations the binder and provisioners speak through, classes, access modes.
 */

/** AnnBindCompleted: the claim's binding is done. */
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
/** AnnBoundByController: the controller (not a user) bound it. */
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
/** AnnSelectedNode: the node the scheduler chose for a WaitForFirstConsumer claim. */
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
/** AnnStorageProvisioner and its beta twin: which provisioner should provision the claim. */
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
/** AnnDynamicallyProvisioned: the provisioner that made the volume. */
export const ANN_DYNAMICALLY_PROVISIONED = 'pv.kubernetes.io/provisioned-by';
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
/** The annotation that makes a StorageClass the default for claims without a class. */
export const IS_DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
export const BETA_IS_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';
/** The provisioner of classes that only ever bind pre-made local volumes. */
export const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

/** GetPersistentVolumeClaimClass: the beta annotation, else spec.storageClassName, else "". */
export function getPersistentVolumeClaimClass(claim: PersistentVolumeClaim): string {
  const beta = claim.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION];
  if (beta !== undefined) return beta;
  return claim.spec.storageClassName ?? '';
}

/** PersistentVolumeClaimHasClass: the claim asked for a class (even ""). */
export function persistentVolumeClaimHasClass(claim: PersistentVolumeClaim): boolean {
  return (
    claim.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] !== undefined ||
    (claim.spec.storageClassName !== undefined && claim.spec.storageClassName !== null)
  );
}

/** GetPersistentVolumeClass. */
export function getPersistentVolumeClass(volume: PersistentVolume): string {
  const beta = volume.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION];
  if (beta !== undefined) return beta;
  return volume.spec.storageClassName ?? '';
}

/** IsDefaultAnnotation. */
export function isDefaultAnnotation(sc: StorageClass): boolean {
  const a = sc.metadata.annotations ?? {};
  return a[IS_DEFAULT_CLASS_ANNOTATION] === 'true' || a[BETA_IS_DEFAULT_CLASS_ANNOTATION] === 'true';
}

/** GetDefaultClass: of the default classes the newest, ties by name. */
export function getDefaultClass(view: ClusterView): StorageClass | undefined {
  let best: StorageClass | undefined;
  view.forEach('StorageClass', undefined, (sc) => {
    if (!isDefaultAnnotation(sc)) return true;
    if (best === undefined || (sc.metadata.creationTimestamp ?? 0) > (best.metadata.creationTimestamp ?? 0)) best = sc;
    return true;
  });
  return best;
}

export function storageClassOf(view: ClusterView, name: string): StorageClass | undefined {
  return name === '' ? undefined : view.get('StorageClass', undefined, name);
}

/** IsDelayBindingMode: the claim's class (if it exists) binds WaitForFirstConsumer. */
export function isDelayBindingMode(view: ClusterView, claim: PersistentVolumeClaim): boolean {
  return storageClassOf(view, getPersistentVolumeClaimClass(claim))?.volumeBindingMode === 'WaitForFirstConsumer';
}

/** IsDelayBindingProvisioning: the scheduler has picked the claim's node. */
export function isDelayBindingProvisioning(claim: PersistentVolumeClaim): boolean {
  return claim.metadata.annotations?.[ANN_SELECTED_NODE] !== undefined;
}

/** IsVolumeBoundToClaim: the volume's claimRef names this claim (and this incarnation, when set). */
export function isVolumeBoundToClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = volume.spec.claimRef;
  if (ref === undefined || ref === null) return false;
  if (claim.metadata.name !== ref.name || claim.metadata.namespace !== ref.namespace) return false;
  return (ref.uid ?? '') === '' || ref.uid === claim.metadata.uid;
}

/** CheckVolumeModeMismatches: Filesystem unless said otherwise on either side. */
export function checkVolumeModeMismatches(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  return (claim.spec.volumeMode ?? 'Filesystem') !== (volume.spec.volumeMode ?? 'Filesystem');
}

/** CheckAccessModes: the volume offers every mode the claim asks for. */
export function checkAccessModes(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  const offered = volume.spec.accessModes ?? [];
  return (claim.spec.accessModes ?? []).every((m) => offered.includes(m));
}

const ACCESS_MODE_ORDER = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const SHORT: Readonly<Record<string, string>> = {
  ReadWriteOnce: 'RWO',
  ReadOnlyMany: 'ROX',
  ReadWriteMany: 'RWX',
  ReadWriteOncePod: 'RWOP',
};

/** GetAccessModesAsString: the PV index's key (`RWO,ROX`), in a fixed order without duplicates. */
export function getAccessModesAsString(modes: readonly string[] | undefined): string {
  return ACCESS_MODE_ORDER.filter((m) => (modes ?? []).includes(m))
    .map((m) => SHORT[m])
    .join(',');
}

const quantities = new Map<string, Quantity>();

/** A storage quantity in bytes (as a bigint of nano-units); absent is zero. */
export function storageOf(resources: Readonly<Record<string, string>> | undefined): bigint {
  const text = resources?.storage;
  if (text === undefined) return 0n;
  let q = quantities.get(text);
  if (q === undefined) {
    q = parseQuantity(text);
    if (quantities.size > 10_000) quantities.clear();
    quantities.set(text, q);
  }
  return q.nanos;
}

/**
 * CheckNodeAffinity: a volume without node affinity fits every node; otherwise one of its
 * required terms (ORed; an empty term matches nothing) must match the node.
 */
export function checkNodeAffinity(volume: PersistentVolume, node: Node): boolean {
  const affinity = volume.spec.nodeAffinity as { required?: { nodeSelectorTerms?: NodeSelectorTerm[] } } | undefined;
  const terms = affinity?.required?.nodeSelectorTerms;
  if (terms === undefined) return true;
  return nodeSelectorTermsMatch(terms, node);
}

/** The claims a pod's volumes name, in volume order. */
export function podClaimNames(pod: { spec: { volumes?: { persistentVolumeClaim?: { claimName: string } }[] } }): string[] {
  const out: string[] = [];
  for (const v of pod.spec.volumes ?? []) if (v.persistentVolumeClaim !== undefined) out.push(v.persistentVolumeClaim.claimName);
  return out;
}
