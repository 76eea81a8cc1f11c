/**
 * The resource quota controller (pkg/controller/resourcequota): each ResourceQuota's status,
 * recalculated when it changes, when what it charged goes away, and every 5 minutes.
 * @module
 */
export {
  RESOURCE_QUOTA_CONTROLLER,
  RESOURCE_QUOTA_SYNC_PERIOD,
  resourceQuotaController,
  syncResourceQuota,
} from './resource_quota_controller.js';
export { quotasToReplenish, resourceQuotaWatches } from './resource_quota_monitor.js';
