/**
 * pkg/controller/podautoscaler: the Horizontal Pod Autoscaler's pure pieces and controller.
 * @module
 */

// replica calculator
export {
  calculatePodLevelRequests,
  calculatePodRequestsFromContainers,
  calculateRequests,
  isPodLevelRequestsSet,
} from './calculateRequests.js';
export { groupPods, type PodGroups, removeMetricsForPods } from './groupPods.js';
export {
  getContainerMetrics,
  getPodMetrics,
  METRIC_SERVER_DEFAULT_METRIC_WINDOW,
  type NamedPodMetrics,
  objectMetricKey,
  resourceMetricsFromItems,
  viewMetricsClient,
} from './metrics/client.js';
export {
  type CrossVersionObjectReference,
  type MetricsClient,
  MetricsError,
  type PodMetric,
  type PodMetricsInfo,
} from './metrics/interfaces.js';
export { getMetricUsageRatio, getResourceUtilizationRatio } from './metrics/utilization.js';
export {
  type PodLister,
  ReplicaCalculator,
  type ResourceReplicas,
  type UsageReplicas,
  viewPodLister,
} from './replicaCalculator.js';
export { formatLabelSelector, formatTolerances, type Tolerances, tolerancesIsWithin } from './tolerances.js';

// horizontal (horizontal.go): the controller, reconcileAutoscaler and the normalisation

export type { BehaviorMemory } from './behavior.js';
export {
  calculateScaleDownLimitWithBehaviors,
  calculateScaleUpLimitWithScalingRules,
  convertDesiredReplicasWithBehaviorRate,
  type NormalizationArg,
  normalizeDesiredReplicasWithBehaviors,
  stabilizeRecommendationWithBehaviors,
} from './behavior.js';
export { setCondition, setConditionInList } from './conditions.js';
export {
  HORIZONTAL_POD_AUTOSCALER_CONTROLLER,
  type HorizontalPodAutoscalerOptions,
  horizontalPodAutoscalerController,
} from './controller.js';
export {
  type AutoscalerMemory,
  type HorizontalOptions,
  type ReconcileInput,
  type ReconcileOutput,
  reconcileAutoscaler,
  tolerancesForHpa,
} from './horizontal.js';
export type { LegacyNormalization } from './normalize.js';
export {
  calculateScaleUpLimit,
  convertDesiredReplicasWithRules,
  normalizeDesiredReplicas,
  SCALE_UP_LIMIT_FACTOR,
  SCALE_UP_LIMIT_MINIMUM,
  stabilizeRecommendation,
  type TimestampedRecommendation,
} from './normalize.js';
export { getScale, type ScaleAnswer } from './scale.js';
export {
  getLongestPolicyPeriod,
  getReplicasChangePerPeriod,
  markScaleEventsOutdated,
  storeScaleEvent,
  type TimestampedScaleEvent,
} from './scaleEvents.js';
export type { HPACondition, HPAStatus, MetricIdentifier, MetricStatus, MetricValueStatus, Scale } from './types.js';
