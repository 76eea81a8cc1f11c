/**
 * The Deployment controller (pkg/controller/deployment). Its sync steps work on the
 * controller's own sync context and stay inside; what is pure is here: the status a
 * Deployment's ReplicaSets add up to and the scaling-event test. Upstream's
 * deployment/util is `deploymentutil`.
 * @module
 */
export { DEPLOYMENT_CONTROLLER, deploymentController } from './deployment.js';
export { calculateStatus } from './status.js';
export { isScalingEvent } from './sync.js';
