import { parseQuantity } from '../api/quantity.js';
import type { PersistentVolumeClaim } from '../api/types.js';
import { type Evaluator, objectCountName } from './evaluator.js';
import { count, type ResourceQuantities } from './resources.js';

/**
 * The persistent volume claim evaluator (pkg/quota/v1/evaluator/core/persistent_volume_claims.go):
 * `persistentvolumeclaims`, `count/persistentvolumeclaims` and `requests.storage`, each also
 * per storage class (`<class>.storageclass.storage.k8s.io/<resource>`). Charged on create and
 * update (a claim can grow). Volume expansion's allocated resources and the
 * VolumeAttributesClass scope are not modelled: a claim matches no scope.
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

/** Usage: the claim, and its storage request rounded up to whole bytes. */
export function pvcUsage(pvc: PersistentVolumeClaim): ResourceQuantities {
  const out = new Map([
    ['persistentvolumeclaims', count(1)],
    [PVC_COUNT, count(1)],
  ]);
  const cls = claimClass(pvc);
  if (cls) out.set(`${cls}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`, count(1));
  const raw = pvc.spec.resources?.requests?.storage;
  if (raw !== undefined) {
    const q = parseQuantity(raw);
    const whole = q.nanos % 1_000_000_000n === 0n ? q : { ...q, nanos: (q.nanos / 1_000_000_000n + 1n) * 1_000_000_000n };
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
  matchesScope: () => false,
  usage: (obj) => pvcUsage(obj as PersistentVolumeClaim),
};
