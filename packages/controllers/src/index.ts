/**
 * @kubesim/controllers: one folder per controller, each a pure reconcile function.
 * defaultControllers() wires up the cluster as kubeadm would run it.
 */
import type { Controller } from '@kubesim/core';
import { kubelet } from './kubelet/kubelet.js';
import type { NodeMonitorTiming } from './nodelifecycle/health.js';
import { nodeLifecycle } from './nodelifecycle/nodelifecycle.js';
import { scheduler } from './scheduler/scheduler.js';
import { taintEviction } from './tainteviction/tainteviction.js';

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
export { allocatable, filterNode, fitErrorMessage, matchesNodeAffinity } from './scheduler/filters.js';
export { numFeasibleNodesToFind, SCHEDULER_NAME, scheduler } from './scheduler/scheduler.js';
export { balancedAllocation, leastAllocated } from './scheduler/score.js';
export { minTolerationSeconds, TAINT_EVICTION_CONTROLLER, taintEviction } from './tainteviction/tainteviction.js';
export { namespacedName, recordEvent, refOf } from './util/effects.js';

export interface ControllerOptions {
  readonly nodeMonitor?: Partial<NodeMonitorTiming>;
}

/** The controllers of a cluster: scheduler, kubelet, node lifecycle and taint eviction. */
export function defaultControllers(opts: ControllerOptions = {}): Controller[] {
  return [scheduler(), kubelet(), nodeLifecycle(opts.nodeMonitor), taintEviction()];
}
