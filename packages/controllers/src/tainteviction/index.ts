/**
 * Taint-based eviction (pkg/controller/tainteviction): how long a pod tolerates a NoExecute taint.
 * @module
 */
export { minTolerationSeconds, TAINT_EVICTION_CONTROLLER, taintEviction } from './tainteviction.js';
