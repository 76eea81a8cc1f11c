/**
 * The namespace controller (pkg/controller/namespace): how a deleted namespace's content is
 * deleted and counted, and the status conditions it reports meanwhile.
 * @module
 */
export { NAMESPACE_CONTROLLER, NAMESPACE_DELETION_GRACE_PERIOD, namespaceController } from './namespace_controller.js';
export type { ContentResult } from './namespaced_resources_deleter.js';
export { deleteAllContent, estimateGracefulTermination, FINALIZER_ESTIMATE_SECONDS } from './namespaced_resources_deleter.js';
export {
  CONDITION_TYPES,
  type ContentTotals,
  makeDeleteContentCondition,
  newSuccessfulCondition,
  processContentTotals,
  updateConditions,
} from './status_condition_utils.js';
