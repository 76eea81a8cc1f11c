/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished): when a finished Job expires.
 * @module
 */
export {
  getFinishAndExpireTime,
  needsCleanup,
  TTL_AFTER_FINISHED_CONTROLLER,
  timeLeft,
  ttlAfterFinishedController,
} from './ttlafterfinished.js';
