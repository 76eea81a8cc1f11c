/**
 * The CronJob controller (pkg/controller/cronjob, controllerv2.go): one pure sync of a
 * CronJob against its Jobs, the schedule arithmetic, and upstream's utils as `cronjobutil`.
 * @module
 */
export {
  type CronJobSyncInput,
  type CronJobSyncResult,
  type CronJobUpdate,
  getJobsToBeReconciled,
  syncCronJobOnce,
  updateCronJob,
} from './controllerv2.js';
export { CRONJOB_CONTROLLER, cronJobController } from './cronjob.js';
export { cronScheduleTimes, type ScheduleAnswer, type ScheduleQuery } from './schedule.js';
