/**
 * @kubesim/controllers: one folder per controller, each a pure reconcile function.
 * defaultControllers() wires up the cluster as kubeadm would run it.
 */
import type { Controller } from '@kubesim/core';
import { cronJobController } from './cronjob/cronjob.js';
import { daemonSetController } from './daemon/daemon_controller.js';
import { deploymentController } from './deployment/deployment.js';
import { disruptionController } from './disruption/disruption.js';
import { endpointsController } from './endpoints/endpoints.js';
import { garbageCollector } from './garbagecollector/garbagecollector.js';
import { jobController } from './job/jobController.js';
import { kubelet } from './kubelet/kubelet.js';
import { type MetricsServerOptions, metricsServer } from './metricsserver/index.js';
import type { NodeMonitorTiming } from './nodelifecycle/health.js';
import { nodeLifecycle } from './nodelifecycle/nodelifecycle.js';
import { persistentVolumeController } from './persistentvolume/binder.js';
import { dynamicProvisioner, type ProvisionerOptions } from './persistentvolume/provisioner.js';
import { horizontalPodAutoscalerController } from './podautoscaler/controller.js';
import { replicaSetController, replicationController } from './replicaset/replicaset.js';
import { scheduler } from './scheduler/scheduler.js';
import { serviceAccountsController } from './serviceaccount/serviceaccounts_controller.js';
import { statefulSetController } from './statefulset/statefulset.js';
import { taintEviction } from './tainteviction/tainteviction.js';
import { ttlAfterFinishedController } from './ttlafterfinished/ttlafterfinished.js';
import { oomKiller } from './usage/index.js';

export {
  activePodsLess,
  activePodsWithRanksLess,
  becameReady,
  filterActivePods,
  getPodsToDelete,
  logarithmicRankDiff,
  POD_DELETION_COST,
  podDeletionCost,
} from './controllerutils/activePods.js';
export { adoptPatch, type Claim, claimObjects, claimPods, releasePatch } from './controllerutils/claim.js';
export { controllerOf, newControllerRef } from './controllerutils/controllerRef.js';
export { podFromTemplate } from './controllerutils/podTemplate.js';
export { BURST_REPLICAS, SLOW_START_INITIAL_BATCH_SIZE, slowStartBatches } from './controllerutils/slowStart.js';
export {
  type CronJobSyncInput,
  type CronJobSyncResult,
  type CronJobUpdate,
  getJobsToBeReconciled,
  syncCronJobOnce,
  updateCronJob,
} from './cronjob/controllerv2.js';
export { CRONJOB_CONTROLLER, cronJobController } from './cronjob/cronjob.js';
export { cronScheduleTimes, type ScheduleAnswer, type ScheduleQuery } from './cronjob/schedule.js';
export * as cronjobutil from './cronjob/utils.js';
export { DAEMONSET_CONTROLLER, daemonSetController, syncDaemonSet } from './daemon/daemon_controller.js';
export { nodeShouldRunDaemonPod, type ShouldRun } from './daemon/nodeShouldRunDaemonPod.js';
export { type DesiredNodeCounts, findUpdatedPodsOnNode, updatedDesiredNodeCounts } from './daemon/update.js';
export * as daemonutil from './daemon/util/daemonset_util.js';
export { DeploymentSync } from './deployment/context.js';
export { DEPLOYMENT_CONTROLLER, deploymentController } from './deployment/deployment.js';
export { syncRolloutStatus } from './deployment/progress.js';
export { oldPodsRunning, rolloutRecreate } from './deployment/recreate.js';
export { rollback } from './deployment/rollback.js';
export {
  cleanupUnhealthyReplicas,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  rolloutRolling,
  scaleDownOldReplicaSetsForRollingUpdate,
} from './deployment/rolling.js';
export { calculateStatus as calculateDeploymentStatus } from './deployment/status.js';
export {
  cleanupDeployment,
  getAllReplicaSetsAndSyncRevision,
  isScalingEvent,
  scale,
  scaleReplicaSet,
  sync,
} from './deployment/sync.js';
export * as deploymentutil from './deployment/util.js';
export { CLUSTER_DOMAIN, type DnsAnswer, type DnsRecordKind, nslookup, reverseLookup } from './endpoints/dns.js';
export { ENDPOINT_CONTROLLER, endpointsController, LABEL_SERVICE_HEADLESS } from './endpoints/endpoints.js';
export {
  type EndpointSubset,
  endpointSubsets,
  findPort,
  podToEndpointAddress,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from './endpoints/subsets.js';
export { GARBAGE_COLLECTOR, garbageCollector } from './garbagecollector/garbagecollector.js';
export {
  CONTROLLER_REVISION_HASH_LABEL,
  controllerRevisionName,
  equalRevision,
  findEqualRevisions,
  fnv32,
  hashControllerRevision,
  newControllerRevision,
  sortControllerRevisions,
} from './history/history.js';
export * as jobcontroller from './job/index.js';
export { JOB_CONTROLLER, jobController } from './job/jobController.js';
export { containerID, imageID, normalizeImage } from './kubelet/images.js';
export { KUBELET, kubelet } from './kubelet/kubelet.js';
export type { ContainerPhase, ContainerRun, PodRun } from './kubelet/memory.js';
export { type ResolvedProfile, resolveProfile } from './kubelet/profile.js';
export {
  CRASH_BACKOFF_INITIAL,
  CRASH_BACKOFF_MAX,
  CRASH_BACKOFF_RESET,
  IMAGE_BACKOFF_INITIAL,
  IMAGE_BACKOFF_MAX,
} from './kubelet/runtime.js';
export { DEFAULT_METRIC_RESOLUTION, METRICS_SERVER, type MetricsServerOptions, metricsServer } from './metricsserver/index.js';
export { DEFAULT_NODE_MONITOR, lastRenewal, type NodeMonitorTiming, unknownAt } from './nodelifecycle/health.js';
export { NODE_CONTROLLER, nodeLifecycle } from './nodelifecycle/nodelifecycle.js';
export { computeZones, EVICTION_RATE, evictionRate, type ZoneState, zoneOf } from './nodelifecycle/zones.js';
export { PV_CONTROLLER, PV_RESYNC, persistentVolumeController } from './persistentvolume/binder.js';
export { findBestMatchForClaim, findByClaim, findMatchingVolume, findMatchingVolumes } from './persistentvolume/match.js';
export {
  dynamicProvisioner,
  PROVISIONER_COMPONENT,
  type ProvisionerOptions,
  provisionedVolumeName,
  provisionVolume,
} from './persistentvolume/provisioner.js';
export {
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  checkAccessModes,
  checkNodeAffinity,
  getDefaultClass,
  getPersistentVolumeClaimClass,
  getPersistentVolumeClass,
  IS_DEFAULT_CLASS_ANNOTATION,
  isDelayBindingMode,
  isVolumeBoundToClaim,
  NO_PROVISIONER,
} from './persistentvolume/util.js';
export {
  type CrossVersionObjectReference,
  getMetricUsageRatio,
  getResourceUtilizationRatio,
  type MetricsClient,
  MetricsError,
  type PodLister,
  type PodMetric,
  type PodMetricsInfo,
  ReplicaCalculator,
  type ResourceReplicas,
  type Tolerances,
  type UsageReplicas,
  viewMetricsClient,
  viewPodLister,
} from './podautoscaler/index.js';

// horizontal (podautoscaler/horizontal.go)

export {
  countHealthyPods,
  DELETION_TIMEOUT,
  DISRUPTION_CONTROLLER,
  disruptionController,
  syncPdb,
} from './disruption/disruption.js';
export { getExpectedPodCount, getExpectedScale } from './disruption/expected.js';
export {
  calculateScaleDownLimitWithBehaviors,
  calculateScaleUpLimit,
  calculateScaleUpLimitWithScalingRules,
  convertDesiredReplicasWithBehaviorRate,
  convertDesiredReplicasWithRules,
  getReplicasChangePerPeriod,
  HORIZONTAL_POD_AUTOSCALER_CONTROLLER,
  type HorizontalPodAutoscalerOptions,
  horizontalPodAutoscalerController,
  normalizeDesiredReplicas,
  normalizeDesiredReplicasWithBehaviors,
  type ReconcileInput as HorizontalReconcileInput,
  type ReconcileOutput as HorizontalReconcileOutput,
  reconcileAutoscaler,
  stabilizeRecommendation,
  stabilizeRecommendationWithBehaviors,
  storeScaleEvent,
  type TimestampedRecommendation,
  type TimestampedScaleEvent,
} from './podautoscaler/index.js';
export { manageReplicas } from './replicaset/manage.js';
export { replicaSetController, replicationController } from './replicaset/replicaset.js';
export { calculateStatus, type ManageError, statusChanged } from './replicaset/status.js';
export { type ReplicaKind, type Replicated, replicated } from './replicaset/workload.js';
export {
  allocatable,
  ERR_REASON_BIND_CONFLICT,
  ERR_REASON_NODE_CONFLICT,
  ERR_REASON_PV_NOT_EXIST,
  ERR_UNBOUND_IMMEDIATE_CLAIMS,
  filterNode,
  findPodVolumes,
  fitErrorMessage,
  matchesNodeAffinity,
  type PodVolumeClaims,
  preFilterErrorMessage,
  volumeBindingFilter,
  volumeBindingPreFilter,
} from './scheduler/filters.js';
export { numFeasibleNodesToFind, SCHEDULER_NAME, scheduler } from './scheduler/scheduler.js';
export { balancedAllocation, leastAllocated } from './scheduler/score.js';
export { SERVICE_ACCOUNT_CONTROLLER, serviceAccountsController } from './serviceaccount/serviceaccounts_controller.js';
export { StatefulSetSync } from './statefulset/context.js';
export {
  getStatefulSetRevisions,
  MAX_BATCH_SIZE,
  type SetRevisions,
  truncateHistory,
  updateStatefulSet,
  updateStatefulSetPods,
  updateStatefulSetStatus,
} from './statefulset/control.js';
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
} from './statefulset/identity.js';
export {
  claimsMatchRetentionPolicy,
  createPersistentVolumeClaims,
  createStatefulPod,
  deleteStatefulPod,
  podClaimIsStale,
  updatePodClaimForRetentionPolicy,
  updateStatefulPod,
} from './statefulset/podcontrol.js';
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
} from './statefulset/podstate.js';
export {
  addControllerRef,
  getPersistentVolumeClaimRetentionPolicy,
  hasNonControllerOwner,
  hasOwnerRef,
  hasStaleOwnerRef,
  hasUnexpectedController,
  isClaimOwnerUpToDate,
  matchesRef,
  POD_KIND,
  type RetentionPolicy,
  removeRefs,
  SET_KIND,
  updateClaimOwnerRefForSetAndPod,
} from './statefulset/retention.js';
export {
  applyRevision,
  getPatch,
  newRevision,
  nextRevision,
  type RevisionData,
  revisionTemplate,
} from './statefulset/revision.js';
export { rollingUpdate, updateStatefulSetAfterInvariantEstablished } from './statefulset/rolling.js';
export {
  STATEFULSET_CONTROLLER,
  type StatefulSetControllerOptions,
  statefulSetController,
} from './statefulset/statefulset.js';
export {
  completeRollingUpdate,
  computeReplicaStatus,
  getStatefulSetMaxUnavailable,
  inconsistentStatus,
  type ReplicaStatus,
  type StatefulSetStatus,
  updateStatus as updateStatefulSetReplicaStatus,
} from './statefulset/status.js';
export { minTolerationSeconds, TAINT_EVICTION_CONTROLLER, taintEviction } from './tainteviction/tainteviction.js';
export {
  getFinishAndExpireTime,
  needsCleanup,
  TTL_AFTER_FINISHED_CONTROLLER,
  timeLeft,
  ttlAfterFinishedController,
} from './ttlafterfinished/ttlafterfinished.js';
export * as usage from './usage/index.js';
export { namespacedName, recordEvent, refOf } from './util/effects.js';

export interface ControllerOptions {
  readonly nodeMonitor?: Partial<NodeMonitorTiming>;
  /** Feature gates that change controller behaviour; each defaults to its upstream default. */
  readonly featureGates?: { readonly MaxUnavailableStatefulSet?: boolean };
  /** The dynamic provisioner's timing. */
  readonly provisioner?: ProvisionerOptions;
  /** Runs a metrics-server (and the kernel's OOM killer, which needs the same loads); default none, as kubeadm. */
  readonly metricsServer?: MetricsServerOptions;
}

/**
 * The controllers of a cluster: the workload controllers, the garbage collector, the
 * persistent volume binder and a dynamic provisioner, the endpoints controller, the
 * scheduler, the kubelet, node lifecycle and taint eviction.
 */
export function defaultControllers(opts: ControllerOptions = {}): Controller[] {
  return [
    deploymentController(),
    replicaSetController(),
    replicationController(),
    statefulSetController({ maxUnavailableStatefulSet: opts.featureGates?.MaxUnavailableStatefulSet ?? false }),
    cronJobController(),
    daemonSetController(),
    garbageCollector(),
    persistentVolumeController(),
    dynamicProvisioner(opts.provisioner),
    endpointsController(),
    scheduler(),
    kubelet(),
    nodeLifecycle(opts.nodeMonitor),
    taintEviction(),
    jobController(),
    ttlAfterFinishedController(),
    horizontalPodAutoscalerController(),
    ...(opts.metricsServer !== undefined ? [metricsServer(opts.metricsServer), oomKiller(opts.metricsServer)] : []),
    serviceAccountsController(),
    disruptionController(),
  ];
}
