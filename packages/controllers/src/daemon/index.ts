/**
 * The DaemonSet controller (pkg/controller/daemon): which nodes should run a daemon pod, and
 * the rolling update's arithmetic; upstream's daemon/util is `daemonutil`.
 * @module
 */
export { DAEMONSET_CONTROLLER, daemonSetController, syncDaemonSet } from './daemon_controller.js';
export { nodeShouldRunDaemonPod, type ShouldRun } from './nodeShouldRunDaemonPod.js';
export { type DesiredNodeCounts, findUpdatedPodsOnNode, updatedDesiredNodeCounts } from './update.js';
