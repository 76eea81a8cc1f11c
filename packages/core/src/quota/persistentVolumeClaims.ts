import { parseQuantity, type Quantity } from '../api/quantity.js';
import type { PersistentVolumeClaim, ScopedResourceSelectorRequirement } from '../api/types.js';
import { type Evaluator, objectCountName, type QuotaObject } from './evaluator.js';
import { count, type ResourceQuantities } from './resources.js';
import { scopedSelectorMatches } from './scopeSelector.js';

/**
 * The persistent volume claim evaluator (pkg/quota/v1/evaluator/core/persistent_volume_claims.go):
 * `persistentvolumeclaims`, `count/persistentvolumeclaims` and `requests.storage`, each also
 * per storage class (`<class>.storageclass.storage.k8s.io/<resource>`). Charged on create and
 * update (a claim can grow). A claim matches the VolumeAttributesClass scope by the classes it
 * names (kubesim's types do not declare those fields; they are read when a claim carries them).
 */

const PVC_COUNT = objectCountName('persistentvolumeclaims');
const PVC_RESOURCES = ['persistentvolumeclaims', 'requests.storage'];
const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';
const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';

function matchingResources(input: readonly string[]): string[] {
  return input.filter(
    (r) => r === PVC_COUNT || PVC_RESOURCES.includes(r) || PVC_RESOURCES.some((p) => r.endsWith(STORAGE_CLASS_SUFFIX + p)),
  );
}

/** GetPersistentVolumeClaimClass: the beta annotation first, then spec.storageClassName. */
function claimClass(pvc: PersistentVolumeClaim): string {
  return pvc.metadata.annotations?.[BETA_STORAGE_CLASS] ?? pvc.spec.storageClassName ?? '';
}

/** roundUpFunc: a storage size rounded up to whole bytes (https://issue.k8s.io/94313). */
function wholeBytes(q: Quantity): Quantity {
  return q.nanos % 1_000_000_000n === 0n ? q : { ...q, nanos: (q.nanos / 1_000_000_000n + 1n) * 1_000_000_000n };
}

/**
 * getStorageUsage: the request rounded up, or status.allocatedResources' storage when that is
 * larger (RecoverVolumeExpansionFailure, GA in v1.34: a shrunk request still uses what was
 * allocated).
 */
function storageUsage(pvc: PersistentVolumeClaim): Quantity | undefined {
  const raw = pvc.spec.resources?.requests?.storage;
  if (raw === undefined) return undefined;
  let result = wholeBytes(parseQuantity(raw));
  const allocated = (pvc.status as { allocatedResources?: Record<string, string> } | undefined)?.allocatedResources?.storage;
  if (allocated !== undefined) {
    const a = parseQuantity(allocated);
    if (a.nanos > result.nanos) result = wholeBytes(a);
  }
  return result;
}

/** getVolumeAttributesClassNames: the spec's class, the current one and a modification's target. */
function volumeAttributesClassNames(pvc: PersistentVolumeClaim): Set<string> {
  const spec = pvc.spec as { volumeAttributesClassName?: string | null };
  const status = pvc.status as
    | { currentVolumeAttributesClassName?: string | null; modifyVolumeStatus?: { targetVolumeAttributesClassName?: string } }
    | undefined;
  const names = [
    spec.volumeAttributesClassName,
    status?.currentVolumeAttributesClassName,
    status?.modifyVolumeStatus?.targetVolumeAttributesClassName,
  ];
  return new Set(names.filter((n): n is string => typeof n === 'string' && n !== ''));
}

/** pvcMatchesScopeFunc: only the VolumeAttributesClass scope applies to a claim. */
function matchesScope(s: ScopedResourceSelectorRequirement, obj: QuotaObject): boolean | Error {
  if (s.scopeName !== 'VolumeAttributesClass') return false;
  const names = volumeAttributesClassNames(obj as PersistentVolumeClaim);
  if (s.operator === 'Exists') return names.size !== 0;
  return scopedSelectorMatches(s, names);
}

/** Usage: the claim, and its storage (see storageUsage). */
export function pvcUsage(pvc: PersistentVolumeClaim): ResourceQuantities {
  const out = new Map([
    ['persistentvolumeclaims', count(1)],
    [PVC_COUNT, count(1)],
  ]);
  const cls = claimClass(pvc);
  if (cls) out.set(`${cls}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`, count(1));
  const whole = storageUsage(pvc);
  if (whole !== undefined) {
    out.set('requests.storage', whole);
    if (cls) out.set(`${cls}${STORAGE_CLASS_SUFFIX}requests.storage`, whole);
  }
  return out;
}

/** NewPersistentVolumeClaimEvaluator. */
export const pvcEvaluator: Evaluator = {
  groupResource: 'persistentvolumeclaims',
  matchingResources,
  handles: () => true,
  constraints: () => undefined,
  matchesScope,
  usage: (obj) => pvcUsage(obj as PersistentVolumeClaim),
};
