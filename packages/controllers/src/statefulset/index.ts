/**
 * The StatefulSet controller (pkg/controller/statefulset). Its sync steps work on the
 * controller's own sync context and stay inside; what is pure is here: pod identity and
 * ordinals (stateful_set_utils.go), the pod predicates, retention policy checks, revisions
 * and the replica status.
 * @module
 */
export {
  ascendingOrdinal,
  descendingOrdinal,
  getClaimPodName,
  getEndOrdinal,
  getOrdinal,
  getParentName,
  getParentNameAndOrdinal,
  getPersistentVolumeClaimName,
  getPersistentVolumeClaims,
  getPodName,
  getPodRevision,
  getStartOrdinal,
  identityMatches,
  initIdentity,
  isMemberOf,
  newStatefulSetPod,
  newVersionedStatefulSetPod,
  POD_INDEX_LABEL,
  podInOrdinalRange,
  STATEFULSET_POD_NAME_LABEL,
  STATEFULSET_REVISION_LABEL,
  setPodRevision,
  storageMatches,
  updateIdentity,
  updateStorage,
} from './identity.js';
export {
  allowsBurst,
  isCreated,
  isFailed,
  isPending,
  isRunningAndAvailable,
  isRunningAndReady,
  isSucceeded,
  isTerminating,
  isUnavailable,
} from './podstate.js';
export type { Gvk, Owner, RetentionType } from './retention.js';
export {
  getPersistentVolumeClaimRetentionPolicy,
  hasStaleOwnerRef,
  isClaimOwnerUpToDate,
  type RetentionPolicy,
} from './retention.js';
export { applyRevision, newRevision, nextRevision, type RevisionData } from './revision.js';
export { STATEFULSET_CONTROLLER, type StatefulSetControllerOptions, statefulSetController } from './statefulset.js';
export {
  computeReplicaStatus,
  getStatefulSetMaxUnavailable,
  inconsistentStatus,
  type ReplicaStatus,
  type StatefulSetStatus,
} from './status.js';
