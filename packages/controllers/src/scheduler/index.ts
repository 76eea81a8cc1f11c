/**
 * kube-scheduler's default profile as kubesim runs it: the filters and their messages, the
 * scores, and how many nodes a cycle looks at.
 * @module
 */

export { numFeasibleNodesToFind } from './feasible.js';
export type { FilterCode, FilterResult, NodeCapacity, PodVolumesOnNode } from './filters.js';
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
} from './filters.js';
export type { Plugin } from './queue.js';
export { SCHEDULER_NAME, scheduler } from './scheduler.js';
export { balancedAllocation, leastAllocated } from './score.js';
export type { AssumedForClaims } from './volumeCache.js';
