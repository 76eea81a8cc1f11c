/**
 * @kubesim/controllers: one folder per controller, each a pure reconcile function.
 * defaultControllers() wires up the cluster as kubeadm would run it.
 */
import type { Controller } from '@kubesim/core';
import { deploymentController } from './deployment/deployment.js';
import { garbageCollector } from './garbagecollector/garbagecollector.js';
import { kubelet } from './kubelet/kubelet.js';
import type { NodeMonitorTiming } from './nodelifecycle/health.js';
import { nodeLifecycle } from './nodelifecycle/nodelifecycle.js';
import { replicaSetController, replicationController } from './replicaset/replicaset.js';
import { scheduler } from './scheduler/scheduler.js';
import { taintEviction } from './tainteviction/tainteviction.js';

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
export { GARBAGE_COLLECTOR, garbageCollector } from './garbagecollector/garbagecollector.js';
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
export { DEFAULT_NODE_MONITOR, lastRenewal, type NodeMonitorTiming, unknownAt } from './nodelifecycle/health.js';
export { NODE_CONTROLLER, nodeLifecycle } from './nodelifecycle/nodelifecycle.js';
export { computeZones, EVICTION_RATE, evictionRate, type ZoneState, zoneOf } from './nodelifecycle/zones.js';
export { manageReplicas, type SlowStart } from './replicaset/manage.js';
export { replicaSetController, replicationController } from './replicaset/replicaset.js';
export { calculateStatus, type ManageError, statusChanged } from './replicaset/status.js';
export { type ReplicaKind, type Replicated, replicated } from './replicaset/workload.js';
export { allocatable, filterNode, fitErrorMessage, matchesNodeAffinity } from './scheduler/filters.js';
export { numFeasibleNodesToFind, SCHEDULER_NAME, scheduler } from './scheduler/scheduler.js';
export { balancedAllocation, leastAllocated } from './scheduler/score.js';
export { minTolerationSeconds, TAINT_EVICTION_CONTROLLER, taintEviction } from './tainteviction/tainteviction.js';
export { namespacedName, recordEvent, refOf } from './util/effects.js';

export interface ControllerOptions {
  readonly nodeMonitor?: Partial<NodeMonitorTiming>;
}

/**
 * The controllers of a cluster: the workload controllers, the garbage collector, the
 * scheduler, the kubelet, node lifecycle and taint eviction.
 */
export function defaultControllers(opts: ControllerOptions = {}): Controller[] {
  return [
    deploymentController(),
    replicaSetController(),
    replicationController(),
    garbageCollector(),
    scheduler(),
    kubelet(),
    nodeLifecycle(opts.nodeMonitor),
    taintEviction(),
  ];
}
