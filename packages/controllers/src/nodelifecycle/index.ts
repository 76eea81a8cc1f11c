/**
 * Node lifecycle (pkg/controller/nodelifecycle): when a silent node turns Unknown, and the
 * zone states that set the eviction rate.
 * @module
 */
export {
  DEFAULT_NODE_MONITOR,
  lastRenewal,
  leaseRenewTime,
  type NodeMonitorTiming,
  type Silence,
  silenceOf,
  unknownAfter,
  unknownAt,
} from './health.js';
export { NODE_CONTROLLER, nodeLifecycle } from './nodelifecycle.js';
export type { Zones } from './zones.js';
export { computeZones, EVICTION_RATE, evictionRate, type ZoneState, zoneOf } from './zones.js';
