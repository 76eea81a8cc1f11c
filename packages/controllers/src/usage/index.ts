/**
 * The world's side of the metrics pipeline: what a running container uses under a load (the
 * per-image cost model), which ready pods share a load, and the kernel's OOM killer.
 * @module
 */
export { nextLoadChange } from './changes.js';
export { OOM_KILLER, type OomKillerOptions, oomKiller } from './oomKiller.js';
export {
  isRunningPod,
  type LoadGroup,
  loadGroups,
  type ServingPod,
  SHARE_STEP,
  shareIntegrals,
  sharesAt,
  targetSelector,
} from './serving.js';
export { cpuAt, cpuUsed, loadFractions, memoryAt, memoryLimit, type ResolvedUsage, usageOf } from './usage.js';
