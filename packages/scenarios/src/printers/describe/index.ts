import { type ClusterView, type Kind, type KindMap, KubesimError, type Millis } from '@kubesim/core';
import { describeConfigMap, describeSecret } from './configMap.js';
import { describeCronJob } from './cronjob.js';
import { describeDaemonSet } from './daemonset.js';
import { describeDeployment } from './deployment.js';
import { describeHorizontalPodAutoscaler } from './hpa.js';
import { describeJob } from './job.js';
import { describeLimitRange } from './limitRange.js';
import { describeNamespace } from './namespace.js';
import { describeNode } from './node.js';
import { describePod } from './pod.js';
import { describePodDisruptionBudget } from './podDisruptionBudget.js';
import { describePersistentVolumeClaim } from './pvc.js';
import { describeReplicaSet, describeReplicationController } from './replicaset.js';
import { describeResourceQuota } from './resourceQuota.js';
import { describeService } from './service.js';
import { describeStatefulSet } from './statefulset.js';

/**
 * `kubectl describe` for the kinds kubesim runs, laid out as kubectl lays them out
 * (k8s.io/kubectl/pkg/describe/describe.go), with ages measured at `now`.
 */

type Describer<K extends Kind> = (view: ClusterView, obj: KindMap[K], now: Millis) => string;

const DESCRIBERS: { readonly [K in Kind]?: Describer<K> } = {
  Deployment: describeDeployment,
  ReplicaSet: describeReplicaSet,
  ReplicationController: describeReplicationController,
  Pod: describePod,
  StatefulSet: describeStatefulSet,
  DaemonSet: describeDaemonSet,
  Node: describeNode,
  Service: describeService,
  PersistentVolumeClaim: describePersistentVolumeClaim,
  CronJob: describeCronJob,
  Job: describeJob,
  HorizontalPodAutoscaler: describeHorizontalPodAutoscaler,
  ConfigMap: describeConfigMap,
  Secret: describeSecret,
  Namespace: describeNamespace,
  PodDisruptionBudget: describePodDisruptionBudget,
  LimitRange: describeLimitRange,
  ResourceQuota: describeResourceQuota,
};

/** The kinds `kubectl describe` has a dedicated describer for here (the others get the generic one). */
export type DescribableKind =
  | 'Deployment'
  | 'ReplicaSet'
  | 'ReplicationController'
  | 'Pod'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'Node'
  | 'Service'
  | 'PersistentVolumeClaim'
  | 'CronJob'
  | 'Job'
  | 'HorizontalPodAutoscaler'
  | 'ConfigMap'
  | 'Secret'
  | 'Namespace'
  | 'PodDisruptionBudget'
  | 'LimitRange'
  | 'ResourceQuota';

/** Whether `kubectl describe` has a describer for the kind. */
export function isDescribable(kind: Kind): kind is DescribableKind {
  return DESCRIBERS[kind] !== undefined;
}

/**
 * The describe text of one object, or undefined when it does not exist. Throws E_USAGE, with
 * kubectl's words, for a kind that has no describer here.
 */
export function describeObject(view: ClusterView, kind: Kind, name: string, namespace: string, now: Millis): string | undefined {
  const describer = DESCRIBERS[kind] as Describer<Kind> | undefined;
  if (describer === undefined) throw new KubesimError('E_USAGE', `no description has been implemented for ${kind}`);
  const obj = view.get(kind, namespace, name);
  return obj === undefined ? undefined : describer(view, obj, now);
}

export { formatRFC1123Z } from '../rfc1123.js';
export { describeEvents } from './events.js';
export { printAnnotationsMultiline, printLabelsMultiline, printTolerationsMultiline, tolerationString } from './multiline.js';
export { describePodTemplate } from './podTemplate.js';
export { PrefixWriter, tabbedString } from './writer.js';
export {
  describeCronJob,
  describeDaemonSet,
  describeDeployment,
  describeHorizontalPodAutoscaler,
  describeJob,
  describeNode,
  describePersistentVolumeClaim,
  describePod,
  describeReplicaSet,
  describeReplicationController,
  describeService,
  describeStatefulSet,
};
