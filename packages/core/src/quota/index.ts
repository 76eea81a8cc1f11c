/**
 * The quota system (k8s.io/apiserver/pkg/quota/v1 and pkg/quota/v1/evaluator/core): resource
 * lists as quota adds and compares them, the evaluators that say what an object uses, and
 * CalculateUsage. The ResourceQuota admission plugin (in the reducer) and the resource quota
 * controller share them.
 * @module
 */
export { calculateUsage } from './calculateUsage.js';
export {
  calculateUsageStats,
  type Evaluator,
  hardNames,
  matches,
  objectCountEvaluator,
  objectCountName,
  type QuotaObject,
  scopeSelectorsOf,
  type UsageStatsOptions,
} from './evaluator.js';
export { pvcEvaluator, pvcUsage } from './persistentVolumeClaims.js';
export { podComputeUsageHelper, podEvaluator, podUsage, quotaV1Pod } from './pods.js';
export { evaluatorFor, groupResourceOf, IGNORED_RESOURCES, type QuotableResource, quotableResources } from './registry.js';
export {
  add,
  count,
  equals,
  exceeded,
  formatList,
  intersection,
  mask,
  negativeNames,
  parseList,
  prettyPrint,
  type ResourceQuantities,
  removeZeros,
  subtractNonNegative,
  ZERO,
} from './resources.js';
export { quotaServiceType, serviceEvaluator, serviceUsage } from './services.js';
