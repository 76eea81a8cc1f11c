/**
 * What every workload controller shares (pkg/controller/controller_utils.go and
 * controller_ref_manager.go): ranking pods for deletion, adopting and releasing, pods from
 * templates, slow-start batches. (metav1's controllerOf and newControllerRef are core's.)
 * @module
 */
export {
  activePodsLess,
  activePodsWithRanksLess,
  becameReady,
  filterActivePods,
  getPodsToDelete,
  logarithmicRankDiff,
  POD_DELETION_COST,
  podDeletionCost,
} from './activePods.js';
export { adoptPatch, type Claim, claimObjects, claimPods, releasePatch } from './claim.js';
export type { NodeSelectorRequirement, NodeSelectorTerm } from './nodeSelector.js';
export { podFromTemplate } from './podTemplate.js';
export { BURST_REPLICAS, SLOW_START_INITIAL_BATCH_SIZE, slowStartBatches } from './slowStart.js';
