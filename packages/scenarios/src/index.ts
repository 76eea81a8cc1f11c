/**
 * @kubesim/scenarios: what a user touches first. So far: kubectl-style printers for the
 * kinds the foundation runs (pods and nodes). The scenario format, kubectl verbs, invariant
 * library and reports are tracked in the issues that build on the foundation.
 */
export { failed, type KubectlOutcome, printed } from './kubectl/outcome.js';
export {
  rolloutHistory,
  rolloutPause,
  rolloutRestart,
  rolloutResume,
  rolloutStatus,
  rolloutUndo,
  setImage,
} from './kubectl/rollout.js';
export { NODE_COLUMNS, nodeRolesColumn, nodeRow, nodeStatusColumn } from './printers/nodes.js';
export { POD_COLUMNS, POD_WIDE_COLUMNS, podReadyColumn, podRestartsColumn, podRow, podStatusColumn } from './printers/pods.js';
export { formatTable } from './printers/table.js';
