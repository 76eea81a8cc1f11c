/**
 * The Kubernetes object model kubesim simulates, in the API's own shapes, so that YAML goes
 * in unchanged and output reads like `kubectl get -o yaml`. Only the fields the simulation
 * reads or writes are typed; unknown fields a manifest carries are kept as they are.
 *
 * One deliberate difference: timestamps (creationTimestamp, lastTransitionTime, ...) are
 * simulated milliseconds since the scenario started, not RFC 3339 strings. Controllers
 * compare them on hot paths; the kubectl-style printers render them as RFC 3339.
 */
import type { Millis } from '../time/duration.js';

/**
 * A point in simulated time: milliseconds since the scenario started (upstream metav1.Time is an
 * RFC 3339 string; see the module comment).
 */
export type Time = Millis;

/** An int-or-string value (`maxSurge: 1` or `maxSurge: "25%"`). */
export type IntOrString = number | string;

/**
 * meta/v1 OwnerReference: links a dependent to its owner; `controller: true` marks the managing
 * controller, and the garbage collector follows these links.
 */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/**
 * meta/v1 ObjectMeta: name, namespace, uid, resourceVersion, generation, labels, annotations, owners
 * and finalizers; the timestamps are simulated `Time`.
 */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: Time;
  deletionTimestamp?: Time;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

/** meta/v1 LabelSelectorRequirement: one `matchExpressions` entry (key, operator, values). */
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** meta/v1 LabelSelector: `matchLabels` and `matchExpressions`, ANDed together. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

// ---------------------------------------------------------------- core/v1 Pod

/** core/v1 ResourceRequirements: requests and limits as quantity strings (`"500m"`, `"1Gi"`). */
export interface ResourceRequirements {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}

/** core/v1 ContainerPort; `hostPort` is honoured by the scheduler's NodePorts filter. */
export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  hostPort?: number;
}

/**
 * core/v1 Probe. Only the readiness probe's initialDelaySeconds and periodSeconds drive the simulated
 * kubelet (it turns ready on the first probe tick at or after the delay, unless the image profile
 * says otherwise); liveness and startup probes are defaulted and validated but not run.
 */
export interface Probe {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  httpGet?: { path?: string; port: IntOrString; scheme?: string };
  tcpSocket?: { port: IntOrString };
  exec?: { command?: string[] };
  grpc?: { port: number };
}

/** core/v1 VolumeMount: mounts a pod volume into a container (kept for validation and printing). */
export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
}

/** core/v1 EnvVar; `valueFrom` is kept as it came, untyped. */
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}

/**
 * core/v1 Container. Fields not typed here are kept as they came; what a container does when it
 * runs comes from its image's profile (`Simulation.setImageProfile`), not from command or args.
 */
export interface Container {
  name: string;
  image?: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  command?: string[];
  args?: string[];
  ports?: ContainerPort[];
  env?: EnvVar[];
  resources?: ResourceRequirements;
  volumeMounts?: VolumeMount[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  terminationMessagePath?: string;
  terminationMessagePolicy?: 'File' | 'FallbackToLogsOnError';
  [extra: string]: unknown;
}

/** core/v1 Toleration: lets a pod schedule onto (or stay on) a node with a matching taint. */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: TaintEffect | '';
  tolerationSeconds?: number;
}

/** core/v1 TaintEffect: what a taint does to pods that do not tolerate it. */
export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

/** core/v1 Taint: a node's key/value/effect repelling pods; `timeAdded` is stamped by the node lifecycle controller. */
export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
  timeAdded?: Time;
}

/**
 * core/v1 Volume: a pod volume. The scheduler's VolumeBinding filter places a pod by its
 * `persistentVolumeClaim` sources; the kubelet mounts `configMap` and `secret` sources (waiting
 * while the object or a key is missing); the others are kept as they came.
 */
export interface Volume {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  emptyDir?: Record<string, unknown>;
  configMap?: Record<string, unknown>;
  secret?: Record<string, unknown>;
  hostPath?: { path: string; type?: string };
  [extra: string]: unknown;
}

/**
 * core/v1 PodSpec. Of `affinity`, only required node affinity is used (by the scheduler's NodeAffinity
 * filter); fields not typed here are kept as they came.
 */
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  terminationGracePeriodSeconds?: number;
  activeDeadlineSeconds?: number;
  dnsPolicy?: string;
  nodeSelector?: Record<string, string>;
  serviceAccountName?: string;
  nodeName?: string;
  hostname?: string;
  subdomain?: string;
  schedulerName?: string;
  tolerations?: Toleration[];
  volumes?: Volume[];
  affinity?: unknown;
  securityContext?: Record<string, unknown>;
  priority?: number;
  readinessGates?: { conditionType: string }[];
  [extra: string]: unknown;
}

/** core/v1 PodTemplateSpec: the pod a workload controller stamps out (its metadata and spec). */
export interface PodTemplateSpec {
  metadata?: ObjectMeta;
  spec: PodSpec;
}

/** The status of a condition, as upstream spells it: `True`, `False` or `Unknown`. */
export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** core/v1 PodCondition (PodScheduled, Initialized, ContainersReady, Ready, DisruptionTarget, ...). */
export interface PodCondition {
  type: string; // PodScheduled, PodReadyToStartContainers, Initialized, ContainersReady, Ready, DisruptionTarget
  status: ConditionStatus;
  lastProbeTime?: Time | null;
  lastTransitionTime?: Time;
  reason?: string;
  message?: string;
}

/**
 * core/v1 ContainerStateWaiting: why a container is not running yet (ContainerCreating, ErrImagePull,
 * CrashLoopBackOff, ...).
 */
export interface ContainerStateWaiting {
  reason?: string;
  message?: string;
}
/** core/v1 ContainerStateRunning: when the container started. */
export interface ContainerStateRunning {
  startedAt?: Time;
}
/** core/v1 ContainerStateTerminated: the exit code, reason and times of a finished container. */
export interface ContainerStateTerminated {
  exitCode: number;
  reason?: string;
  message?: string;
  startedAt?: Time;
  finishedAt?: Time;
  containerID?: string;
}
/** core/v1 ContainerState: at most one of waiting, running or terminated is set. */
export interface ContainerState {
  waiting?: ContainerStateWaiting;
  running?: ContainerStateRunning;
  terminated?: ContainerStateTerminated;
}

/** core/v1 ContainerStatus: what the kubelet reports for one container (state, last state, readiness, restarts). */
export interface ContainerStatus {
  name: string;
  state: ContainerState;
  lastState: ContainerState;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
}

/** core/v1 PodPhase: the pod's coarse lifecycle stage. */
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

/**
 * core/v1 PodStatus: written mostly by the simulated kubelet; the scheduler writes PodScheduled=False
 * for a pod it cannot place, the node lifecycle controller marks a lost node's pods not ready, and
 * taint eviction adds DisruptionTarget.
 */
export interface PodStatus {
  phase?: PodPhase;
  conditions?: PodCondition[];
  message?: string;
  reason?: string;
  hostIP?: string;
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: Time;
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
  qosClass?: 'Guaranteed' | 'Burstable' | 'BestEffort';
  nominatedNodeName?: string;
}

/** core/v1 Pod. */
export interface Pod {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: ObjectMeta;
  spec: PodSpec;
  status?: PodStatus;
}

// ---------------------------------------------------------------- core/v1 Node

/** core/v1 NodeCondition (Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable). */
export interface NodeCondition {
  type: string; // Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable
  status: ConditionStatus;
  lastHeartbeatTime?: Time;
  lastTransitionTime?: Time;
  reason?: string;
  message?: string;
}

/** core/v1 NodeSpec: cordoning (`unschedulable`) and taints. */
export interface NodeSpec {
  unschedulable?: boolean;
  taints?: Taint[];
  podCIDR?: string;
  providerID?: string;
}

/** core/v1 NodeStatus: capacity and allocatable (cpu, memory, pods, ...), conditions, addresses. */
export interface NodeStatus {
  capacity?: Record<string, string>;
  allocatable?: Record<string, string>;
  conditions?: NodeCondition[];
  addresses?: { type: string; address: string }[];
  nodeInfo?: Record<string, string>;
}

/** core/v1 Node. */
export interface Node {
  apiVersion: 'v1';
  kind: 'Node';
  metadata: ObjectMeta;
  spec: NodeSpec;
  status?: NodeStatus;
}

// ---------------------------------------------------------------- Services and endpoints

/** core/v1 ServicePort: a port a Service exposes and the pod port it targets. */
export interface ServicePort {
  name?: string;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  port: number;
  targetPort?: IntOrString;
  nodePort?: number;
}

/**
 * core/v1 Service: its selector feeds the endpoints controller. A clusterIP is allocated on create
 * (not for ExternalName), but no traffic is simulated, so ports and type are only printed.
 */
export interface Service {
  apiVersion: 'v1';
  kind: 'Service';
  metadata: ObjectMeta;
  spec: {
    selector?: Record<string, string>;
    ports?: ServicePort[];
    clusterIP?: string;
    clusterIPs?: string[];
    type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
    sessionAffinity?: 'None' | 'ClientIP';
    publishNotReadyAddresses?: boolean;
    [extra: string]: unknown;
  };
  status?: Record<string, unknown>;
}

/** core/v1 EndpointAddress: one pod behind a Service. */
export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind: string; name: string; namespace?: string; uid?: string };
}

/** core/v1 Endpoints: a Service's ready and not-ready pod addresses, written by the endpoints controller. */
export interface Endpoints {
  apiVersion: 'v1';
  kind: 'Endpoints';
  metadata: ObjectMeta;
  subsets?: {
    addresses?: EndpointAddress[];
    notReadyAddresses?: EndpointAddress[];
    ports?: { name?: string; port: number; protocol?: string }[];
  }[];
}

// ---------------------------------------------------------------- Storage

/** core/v1 PersistentVolumeClaimSpec. */
export interface PersistentVolumeClaimSpec {
  accessModes?: string[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  storageClassName?: string | null;
  volumeName?: string;
  volumeMode?: 'Filesystem' | 'Block';
  selector?: LabelSelector;
}

/** core/v1 PersistentVolumeClaim: a request for storage, bound to a PersistentVolume by the PV controller. */
export interface PersistentVolumeClaim {
  apiVersion: 'v1';
  kind: 'PersistentVolumeClaim';
  metadata: ObjectMeta;
  spec: PersistentVolumeClaimSpec;
  status?: {
    phase?: 'Pending' | 'Bound' | 'Lost';
    accessModes?: string[];
    capacity?: Record<string, string>;
  };
}

/** core/v1 PersistentVolume; its volume source (hostPath, csi, ...) is kept as it came. */
export interface PersistentVolume {
  apiVersion: 'v1';
  kind: 'PersistentVolume';
  metadata: ObjectMeta;
  spec: {
    capacity?: Record<string, string>;
    accessModes?: string[];
    persistentVolumeReclaimPolicy?: 'Retain' | 'Delete' | 'Recycle';
    storageClassName?: string;
    claimRef?: { kind?: string; namespace?: string; name?: string; uid?: string };
    volumeMode?: 'Filesystem' | 'Block';
    [source: string]: unknown;
  };
  status?: { phase?: 'Pending' | 'Available' | 'Bound' | 'Released' | 'Failed'; message?: string };
}

/** storage.k8s.io/v1 StorageClass: the simulated provisioner creates PersistentVolumes for its claims. */
export interface StorageClass {
  apiVersion: 'storage.k8s.io/v1';
  kind: 'StorageClass';
  metadata: ObjectMeta;
  provisioner: string;
  reclaimPolicy?: 'Retain' | 'Delete';
  volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
  allowVolumeExpansion?: boolean;
  parameters?: Record<string, string>;
}

// ---------------------------------------------------------------- Workloads

/** apps/v1 ReplicaSetCondition (also used for ReplicationController and StatefulSet conditions). */
export interface ReplicaSetCondition {
  type: string;
  status: ConditionStatus;
  lastTransitionTime?: Time;
  reason?: string;
  message?: string;
}

/** apps/v1 ReplicaSetStatus (ReplicationController's status has the same shape). */
export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  terminatingReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaSetCondition[];
}

/** apps/v1 ReplicaSet. */
export interface ReplicaSet {
  apiVersion: 'apps/v1';
  kind: 'ReplicaSet';
  metadata: ObjectMeta;
  spec: {
    replicas?: number;
    minReadySeconds?: number;
    selector: LabelSelector;
    template: PodTemplateSpec;
  };
  status?: ReplicaSetStatus;
}

/** core/v1 ReplicationController: the ReplicaSet's predecessor, with an equality-only selector. */
export interface ReplicationController {
  apiVersion: 'v1';
  kind: 'ReplicationController';
  metadata: ObjectMeta;
  spec: {
    replicas?: number;
    minReadySeconds?: number;
    /** Equality-only: every entry must match. */
    selector?: Record<string, string>;
    template?: PodTemplateSpec;
  };
  status?: ReplicaSetStatus;
}

/** apps/v1 DeploymentCondition (Available, Progressing, ReplicaFailure). */
export interface DeploymentCondition {
  type: 'Available' | 'Progressing' | 'ReplicaFailure' | string;
  status: ConditionStatus;
  lastUpdateTime?: Time;
  lastTransitionTime?: Time;
  reason?: string;
  message?: string;
}

/** apps/v1 DeploymentStrategy: RollingUpdate (with maxUnavailable/maxSurge) or Recreate. */
export interface DeploymentStrategy {
  type?: 'RollingUpdate' | 'Recreate';
  rollingUpdate?: { maxUnavailable?: IntOrString; maxSurge?: IntOrString };
}

/** apps/v1 Deployment. */
export interface Deployment {
  apiVersion: 'apps/v1';
  kind: 'Deployment';
  metadata: ObjectMeta;
  spec: {
    replicas?: number;
    selector: LabelSelector;
    template: PodTemplateSpec;
    strategy?: DeploymentStrategy;
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    paused?: boolean;
    progressDeadlineSeconds?: number;
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    terminatingReplicas?: number;
    conditions?: DeploymentCondition[];
    collisionCount?: number;
  };
}

/**
 * A StatefulSet `volumeClaimTemplates` entry: the claim stamped out for each ordinal (upstream types
 * it as a PersistentVolumeClaim).
 */
export interface PersistentVolumeClaimTemplate {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: PersistentVolumeClaimSpec;
}

/** apps/v1 StatefulSet. */
export interface StatefulSet {
  apiVersion: 'apps/v1';
  kind: 'StatefulSet';
  metadata: ObjectMeta;
  spec: {
    replicas?: number;
    selector: LabelSelector;
    template: PodTemplateSpec;
    serviceName?: string;
    volumeClaimTemplates?: PersistentVolumeClaimTemplate[];
    podManagementPolicy?: 'OrderedReady' | 'Parallel';
    updateStrategy?: {
      type?: 'RollingUpdate' | 'OnDelete';
      rollingUpdate?: { partition?: number; maxUnavailable?: IntOrString };
    };
    revisionHistoryLimit?: number;
    minReadySeconds?: number;
    persistentVolumeClaimRetentionPolicy?: { whenDeleted?: 'Retain' | 'Delete'; whenScaled?: 'Retain' | 'Delete' };
    ordinals?: { start?: number };
  };
  status?: {
    observedGeneration?: number;
    replicas: number;
    readyReplicas?: number;
    currentReplicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
    collisionCount?: number;
    conditions?: ReplicaSetCondition[];
  };
}

/** apps/v1 DaemonSet. */
export interface DaemonSet {
  apiVersion: 'apps/v1';
  kind: 'DaemonSet';
  metadata: ObjectMeta;
  spec: {
    selector: LabelSelector;
    template: PodTemplateSpec;
    updateStrategy?: {
      type?: 'RollingUpdate' | 'OnDelete';
      rollingUpdate?: { maxUnavailable?: IntOrString; maxSurge?: IntOrString };
    };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
  };
  status?: {
    currentNumberScheduled: number;
    numberMisscheduled: number;
    desiredNumberScheduled: number;
    numberReady: number;
    observedGeneration?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    numberUnavailable?: number;
    collisionCount?: number;
  };
}

/** apps/v1 ControllerRevision: a snapshot of a StatefulSet's or DaemonSet's template, for rollout history. */
export interface ControllerRevision {
  apiVersion: 'apps/v1';
  kind: 'ControllerRevision';
  metadata: ObjectMeta;
  data?: unknown;
  revision: number;
}

/** autoscaling/v2 MetricTarget: the target value, average value or average utilization. */
export interface MetricTarget {
  type: 'Utilization' | 'Value' | 'AverageValue';
  averageUtilization?: number;
  averageValue?: string;
  value?: string;
}

/** autoscaling/v2 MetricSpec; only `resource` metrics are typed, other sources are kept as they came. */
export interface MetricSpec {
  type: 'Resource' | 'Pods' | 'Object' | 'External' | 'ContainerResource';
  resource?: { name: string; target: MetricTarget };
  [extra: string]: unknown;
}

/** autoscaling/v2 HPAScalingPolicy: at most `value` pods (or percent) of change per `periodSeconds`. */
export interface HPAScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

/** autoscaling/v2 HPAScalingRules: stabilization window, policies and how to pick among them, tolerance. */
export interface HPAScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: 'Max' | 'Min' | 'Disabled';
  policies?: HPAScalingPolicy[];
  tolerance?: string;
}

/** autoscaling/v2 HorizontalPodAutoscaler. */
export interface HorizontalPodAutoscaler {
  apiVersion: 'autoscaling/v2';
  kind: 'HorizontalPodAutoscaler';
  metadata: ObjectMeta;
  spec: {
    scaleTargetRef: { apiVersion?: string; kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
    metrics?: MetricSpec[];
    behavior?: { scaleUp?: HPAScalingRules; scaleDown?: HPAScalingRules };
  };
  status?: {
    observedGeneration?: number;
    lastScaleTime?: Time;
    currentReplicas: number;
    desiredReplicas: number;
    currentMetrics?: unknown[];
    conditions?: { type: string; status: ConditionStatus; lastTransitionTime?: Time; reason?: string; message?: string }[];
  };
}

/** batch/v1 JobSpec. */
export interface JobSpec {
  parallelism?: number;
  completions?: number;
  activeDeadlineSeconds?: number;
  backoffLimit?: number;
  backoffLimitPerIndex?: number;
  completionMode?: 'NonIndexed' | 'Indexed';
  suspend?: boolean;
  ttlSecondsAfterFinished?: number;
  manualSelector?: boolean;
  selector?: LabelSelector;
  podReplacementPolicy?: 'TerminatingOrFailed' | 'Failed';
  podFailurePolicy?: PodFailurePolicy;
  successPolicy?: SuccessPolicy;
  maxFailedIndexes?: number;
  managedBy?: string;
  template: PodTemplateSpec;
}

/** batch/v1 PodFailurePolicy: ordered rules, the first that matches a failed pod decides. */
export interface PodFailurePolicy {
  rules: PodFailurePolicyRule[];
}

/** batch/v1 PodFailurePolicyRule: an action, taken when a failed pod's exit codes or conditions match. */
export interface PodFailurePolicyRule {
  action: 'FailJob' | 'FailIndex' | 'Ignore' | 'Count' | string;
  onExitCodes?: { containerName?: string; operator: 'In' | 'NotIn' | string; values: number[] };
  onPodConditions?: { type: string; status: ConditionStatus }[];
}

/** batch/v1 SuccessPolicy (Indexed Jobs): the Job succeeds once any rule is met. */
export interface SuccessPolicy {
  rules: { succeededIndexes?: string; succeededCount?: number }[];
}

/** batch/v1 JobCondition (Complete, Failed, Suspended, FailureTarget, SuccessCriteriaMet). */
export interface JobCondition {
  type: 'Complete' | 'Failed' | 'Suspended' | 'FailureTarget' | 'SuccessCriteriaMet' | string;
  status: ConditionStatus;
  lastProbeTime?: Time;
  lastTransitionTime?: Time;
  reason?: string;
  message?: string;
}

/** batch/v1 Job. */
export interface Job {
  apiVersion: 'batch/v1';
  kind: 'Job';
  metadata: ObjectMeta;
  spec: JobSpec;
  status?: {
    conditions?: JobCondition[];
    startTime?: Time;
    completionTime?: Time;
    active?: number;
    succeeded?: number;
    failed?: number;
    terminating?: number;
    ready?: number;
    completedIndexes?: string;
    failedIndexes?: string;
    uncountedTerminatedPods?: { succeeded?: string[]; failed?: string[] };
  };
}

/** batch/v1 CronJob; `schedule` is a cron expression evaluated on simulated time. */
export interface CronJob {
  apiVersion: 'batch/v1';
  kind: 'CronJob';
  metadata: ObjectMeta;
  spec: {
    schedule: string;
    timeZone?: string;
    startingDeadlineSeconds?: number;
    concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
    suspend?: boolean;
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
    jobTemplate: { metadata?: ObjectMeta; spec: JobSpec };
  };
  status?: {
    active?: { apiVersion?: string; kind?: string; namespace?: string; name: string; uid?: string; resourceVersion?: string }[];
    lastScheduleTime?: Time;
    lastSuccessfulTime?: Time;
  };
}

/** core/v1 Event: what `kubectl describe` shows at the bottom and `kubectl get events` lists. */
export interface KubeEvent {
  apiVersion: 'v1';
  kind: 'Event';
  metadata: ObjectMeta;
  involvedObject: {
    kind: string;
    namespace?: string;
    name: string;
    uid: string;
    apiVersion?: string;
    fieldPath?: string;
  };
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  source: { component: string; host?: string };
  firstTimestamp: Time;
  lastTimestamp: Time;
  count: number;
  reportingComponent?: string;
}

// ---------------------------------------------------------------- Configuration (issue 15)

/** core/v1 ConfigMap: `data` holds UTF-8 strings, `binaryData` base64 of arbitrary bytes. */
export interface ConfigMap {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: ObjectMeta;
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  immutable?: boolean;
}

/**
 * core/v1 Secret: `data` values are base64 (as the API serves them); `stringData` is
 * write-only, merged into `data` when the object is written and never stored.
 */
export interface Secret {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: ObjectMeta;
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  immutable?: boolean;
}

/** core/v1 ServiceAccount: the identity a pod runs as (its token volume is not modelled). */
export interface ServiceAccount {
  apiVersion: 'v1';
  kind: 'ServiceAccount';
  metadata: ObjectMeta;
  secrets?: { name?: string; namespace?: string; kind?: string; apiVersion?: string; uid?: string }[];
  imagePullSecrets?: { name?: string }[];
  automountServiceAccountToken?: boolean;
}

/** core/v1 NamespaceCondition: what the namespace controller reports while it deletes content. */
export interface NamespaceCondition {
  type: string;
  status: ConditionStatus;
  lastTransitionTime?: Time;
  reason?: string;
  message?: string;
}

/** core/v1 Namespace. spec.finalizers holds `kubernetes` until the namespace controller empties it. */
export interface Namespace {
  apiVersion: 'v1';
  kind: 'Namespace';
  metadata: ObjectMeta;
  spec?: { finalizers?: string[] };
  status?: { phase?: 'Active' | 'Terminating'; conditions?: NamespaceCondition[] };
}

/**
 * An object of a kind kubesim stores without modelling it (api/generic/): a built-in kind
 * such as Ingress or Role, a CustomResourceDefinition, a custom resource. Its kind is not one
 * of Kind; every field but metadata is kept as it came.
 */
export interface GenericObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

// ---------------------------------------------------------------- Disruption budgets (issue 15)

/** policy/v1 PodDisruptionBudgetSpec: minAvailable and maxUnavailable are exclusive. */
export interface PodDisruptionBudgetSpec {
  minAvailable?: IntOrString;
  maxUnavailable?: IntOrString;
  selector?: LabelSelector;
  unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow' | (string & {});
}

/** metav1.Condition, as the PDB's DisruptionAllowed condition carries it. */
export interface MetaCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  observedGeneration?: number;
  lastTransitionTime: Millis;
  reason: string;
  message: string;
}

/** policy/v1 PodDisruptionBudgetStatus; disruptedPods maps a pod's name to when it was evicted. */
export interface PodDisruptionBudgetStatus {
  observedGeneration?: number;
  disruptedPods?: Record<string, Millis>;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  conditions?: MetaCondition[];
}

/** policy/v1 PodDisruptionBudget: how many of the pods its selector picks may be disrupted at once. */
export interface PodDisruptionBudget {
  apiVersion: 'policy/v1';
  kind: 'PodDisruptionBudget';
  metadata: ObjectMeta;
  spec: PodDisruptionBudgetSpec;
  status?: PodDisruptionBudgetStatus;
}

/** core/v1 LimitRangeItem: the bounds and defaults for one type (Container, Pod, PersistentVolumeClaim). */
export interface LimitRangeItem {
  type: string;
  max?: Record<string, string>;
  min?: Record<string, string>;
  default?: Record<string, string>;
  defaultRequest?: Record<string, string>;
  maxLimitRequestRatio?: Record<string, string>;
}

/** core/v1 LimitRange: per-namespace resource bounds and defaults, enforced by the LimitRanger admission plugin. */
export interface LimitRange {
  apiVersion: 'v1';
  kind: 'LimitRange';
  metadata: ObjectMeta;
  spec: { limits: LimitRangeItem[] };
}

/** core/v1 ScopedResourceSelectorRequirement: one scope a ResourceQuota's objects must match. */
export interface ScopedResourceSelectorRequirement {
  scopeName: string;
  operator: string;
  values?: string[];
}

/** core/v1 ResourceQuotaSpec: the hard limits per resource name, for the objects its scopes match. */
export interface ResourceQuotaSpec {
  hard?: Record<string, string>;
  scopes?: string[];
  scopeSelector?: { matchExpressions?: ScopedResourceSelectorRequirement[] };
}

/** core/v1 ResourceQuotaStatus: the limits being enforced and what the namespace uses of each. */
export interface ResourceQuotaStatus {
  hard?: Record<string, string>;
  used?: Record<string, string>;
}

/**
 * core/v1 ResourceQuota: aggregate limits per namespace, enforced by the ResourceQuota admission
 * plugin against the usage the resource quota controller keeps in its status.
 */
export interface ResourceQuota {
  apiVersion: 'v1';
  kind: 'ResourceQuota';
  metadata: ObjectMeta;
  spec?: ResourceQuotaSpec;
  status?: ResourceQuotaStatus;
}

/** Every kind kubesim stores, and the object type of each. */
export interface KindMap {
  Namespace: Namespace;
  Pod: Pod;
  Node: Node;
  Service: Service;
  Endpoints: Endpoints;
  PersistentVolume: PersistentVolume;
  PersistentVolumeClaim: PersistentVolumeClaim;
  StorageClass: StorageClass;
  ReplicationController: ReplicationController;
  ReplicaSet: ReplicaSet;
  Deployment: Deployment;
  StatefulSet: StatefulSet;
  DaemonSet: DaemonSet;
  ControllerRevision: ControllerRevision;
  HorizontalPodAutoscaler: HorizontalPodAutoscaler;
  Job: Job;
  CronJob: CronJob;
  Event: KubeEvent;
  ConfigMap: ConfigMap;
  Secret: Secret;
  ServiceAccount: ServiceAccount;
  PodDisruptionBudget: PodDisruptionBudget;
  LimitRange: LimitRange;
  ResourceQuota: ResourceQuota;
}

/** The name of every kind kubesim models (the keys of KindMap). */
export type Kind = keyof KindMap;
/** Any object of a modelled kind. */
export type KubeObject = KindMap[Kind];
