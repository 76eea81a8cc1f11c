/**
 * metrics-server v0.7: the controller that scrapes the kubelets, its storage rules, and the
 * custom and external series.
 * @module
 */
export { customSeries, milliUnits } from './customMetrics.js';
export type { ScraperMemory } from './metricsServer.js';
export {
  DEFAULT_METRIC_RESOLUTION,
  METRICS_SERVER,
  type MetricsServerOptions,
  metricsServer,
  scrapeOnce,
} from './metricsServer.js';
export { DEFAULT_NODE_OVERHEAD, type NodeOverhead } from './scrape.js';
export type { ContainerPoints, NodeStorage, PodStorage } from './storage.js';
export {
  FRESH_CONTAINER_MIN_METRICS_RESOLUTION,
  type MetricsPoint,
  nodeMetricsOf,
  podMetricsOf,
  resourceUsage,
  storeNodes,
  storePods,
} from './storage.js';
