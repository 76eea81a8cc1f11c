/**
 * @kubesim/controllers: one folder per controller, each a pure reconcile function.
 *
 * The front door: the controller constructors (each with the name it runs under) and
 * `defaultControllers()`, which wires up the cluster as kubeadm would run it; then, per
 * controller, a namespace with the pure upstream functions its tests and users call
 * (`statefulset.getOrdinal`, `podautoscaler.ReplicaCalculator`, `deploymentutil.maxSurge`).
 * A controller's sync steps work on its own sync context and stay inside the package.
 */
import type { Controller } from '@kubesim/core';
import { cronJobController } from './cronjob/cronjob.js';
import { daemonSetController } from './daemon/daemon_controller.js';
import { deploymentController } from './deployment/deployment.js';
import { disruptionController } from './disruption/disruption.js';
import { endpointsController } from './endpoints/endpoints.js';
import { garbageCollector } from './garbagecollector/garbagecollector.js';
import { jobController } from './job/jobController.js';
import { kubelet } from './kubelet/kubelet.js';
import { type MetricsServerOptions, metricsServer } from './metricsserver/index.js';
import { namespaceController } from './namespace/namespace_controller.js';
import type { NodeMonitorTiming } from './nodelifecycle/health.js';
import { nodeLifecycle } from './nodelifecycle/nodelifecycle.js';
import { persistentVolumeController } from './persistentvolume/binder.js';
import { dynamicProvisioner, type ProvisionerOptions } from './persistentvolume/provisioner.js';
import { horizontalPodAutoscalerController } from './podautoscaler/controller.js';
import { replicaSetController, replicationController } from './replicaset/replicaset.js';
import { resourceQuotaController } from './resourcequota/resource_quota_controller.js';
import { scheduler } from './scheduler/scheduler.js';
import { serviceAccountsController } from './serviceaccount/serviceaccounts_controller.js';
import { statefulSetController } from './statefulset/statefulset.js';
import { taintEviction } from './tainteviction/tainteviction.js';
import { ttlAfterFinishedController } from './ttlafterfinished/ttlafterfinished.js';
import { oomKiller } from './usage/index.js';

// Per controller, its pure upstream functions.
export * as controllerutils from './controllerutils/index.js';
// The controllers, each with the name it runs under.
export { CRONJOB_CONTROLLER, cronJobController } from './cronjob/cronjob.js';
export * as cronjob from './cronjob/index.js';
export * as cronjobutil from './cronjob/utils.js';
export { DAEMONSET_CONTROLLER, daemonSetController } from './daemon/daemon_controller.js';
export * as daemon from './daemon/index.js';
export * as daemonutil from './daemon/util/daemonset_util.js';
export { DEPLOYMENT_CONTROLLER, deploymentController } from './deployment/deployment.js';
export * as deployment from './deployment/index.js';
export * as deploymentutil from './deployment/util.js';
export { DISRUPTION_CONTROLLER, disruptionController } from './disruption/disruption.js';
export * as disruption from './disruption/index.js';
export { ENDPOINT_CONTROLLER, endpointsController } from './endpoints/endpoints.js';
export * as endpoints from './endpoints/index.js';
export { GARBAGE_COLLECTOR, garbageCollector } from './garbagecollector/garbagecollector.js';
export * as history from './history/index.js';
export * as job from './job/index.js';
export { JOB_CONTROLLER, jobController } from './job/jobController.js';
export * as kubeletutil from './kubelet/index.js';
export { KUBELET, kubelet } from './kubelet/kubelet.js';
export * as metricsserver from './metricsserver/index.js';
export { METRICS_SERVER, type MetricsServerOptions, metricsServer } from './metricsserver/index.js';
export * as namespace from './namespace/index.js';
export { NAMESPACE_CONTROLLER, namespaceController } from './namespace/namespace_controller.js';
export * as nodelifecycle from './nodelifecycle/index.js';
export { NODE_CONTROLLER, nodeLifecycle } from './nodelifecycle/nodelifecycle.js';
export { PV_CONTROLLER, persistentVolumeController } from './persistentvolume/binder.js';
export * as persistentvolume from './persistentvolume/index.js';
export { dynamicProvisioner, PROVISIONER_COMPONENT, type ProvisionerOptions } from './persistentvolume/provisioner.js';
export {
  HORIZONTAL_POD_AUTOSCALER_CONTROLLER,
  type HorizontalPodAutoscalerOptions,
  horizontalPodAutoscalerController,
} from './podautoscaler/controller.js';
export * as podautoscaler from './podautoscaler/index.js';
export * as replicaset from './replicaset/index.js';
export { replicaSetController, replicationController } from './replicaset/replicaset.js';
export * as resourcequota from './resourcequota/index.js';
export { RESOURCE_QUOTA_CONTROLLER, resourceQuotaController } from './resourcequota/resource_quota_controller.js';
export * as schedulerutil from './scheduler/index.js';
export { SCHEDULER_NAME, scheduler } from './scheduler/scheduler.js';
export { SERVICE_ACCOUNT_CONTROLLER, serviceAccountsController } from './serviceaccount/serviceaccounts_controller.js';
export * as statefulset from './statefulset/index.js';
export { STATEFULSET_CONTROLLER, type StatefulSetControllerOptions, statefulSetController } from './statefulset/statefulset.js';
export * as tainteviction from './tainteviction/index.js';
export { TAINT_EVICTION_CONTROLLER, taintEviction } from './tainteviction/tainteviction.js';
export * as ttlafterfinished from './ttlafterfinished/index.js';
export { TTL_AFTER_FINISHED_CONTROLLER, ttlAfterFinishedController } from './ttlafterfinished/ttlafterfinished.js';
export * as usage from './usage/index.js';
export { OOM_KILLER, type OomKillerOptions, oomKiller } from './usage/oomKiller.js';

/** How defaultControllers() sets up the cluster's controllers: node monitor timing, feature gates, provisioner, metrics-server. */
export interface ControllerOptions {
  readonly nodeMonitor?: Partial<NodeMonitorTiming>;
  /** Feature gates that change controller behaviour; each defaults to its upstream default. */
  readonly featureGates?: { readonly MaxUnavailableStatefulSet?: boolean };
  /** The dynamic provisioner's timing. */
  readonly provisioner?: ProvisionerOptions;
  /** Runs a metrics-server (and the kernel's OOM killer, which needs the same loads); default none, as kubeadm. */
  readonly metricsServer?: MetricsServerOptions;
}

/**
 * The controllers of a cluster: the workload controllers, the garbage collector, the
 * persistent volume binder and a dynamic provisioner, the endpoints controller, the
 * scheduler, the kubelet, node lifecycle and taint eviction.
 */
export function defaultControllers(opts: ControllerOptions = {}): Controller[] {
  return [
    deploymentController(),
    replicaSetController(),
    replicationController(),
    statefulSetController({ maxUnavailableStatefulSet: opts.featureGates?.MaxUnavailableStatefulSet ?? false }),
    cronJobController(),
    daemonSetController(),
    garbageCollector(),
    persistentVolumeController(),
    dynamicProvisioner(opts.provisioner),
    endpointsController(),
    scheduler(),
    kubelet(),
    nodeLifecycle(opts.nodeMonitor),
    taintEviction(),
    jobController(),
    ttlAfterFinishedController(),
    horizontalPodAutoscalerController(),
    namespaceController(),
    ...(opts.metricsServer !== undefined ? [metricsServer(opts.metricsServer), oomKiller(opts.metricsServer)] : []),
    serviceAccountsController(),
    disruptionController(),
    resourceQuotaController(),
  ];
}
