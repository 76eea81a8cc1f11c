/**
 * pkg/controller/podautoscaler: the Horizontal Pod Autoscaler's pure pieces and controller.
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
export { type PodLister, ReplicaCalculator, type ResourceReplicas, type UsageReplicas } from './replicaCalculator.js';
export { formatLabelSelector, formatTolerances, type Tolerances, tolerancesIsWithin } from './tolerances.js';
