import { dataDecodeFailure } from './dataDecode.js';
import type { Kind } from './types.js';

/**
 * The API server decodes a request body into Go structs before it validates anything, and
 * the decoder is strict about types: `replicas: 2.5`, `replicas: "3"` or `replicas: 3000000000`
 * never reach validation. kubectl prints what the decoder says
 * (sigs.k8s.io/json's fork of encoding/json, UnmarshalTypeError.Error):
 *   Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal
 *   number 2.5 into Go struct field DeploymentSpec.spec.replicas of type int32
 * The struct is the innermost Go struct holding the field; the field is the JSON path from the
 * object's root without list indexes. A number is written as json.Marshal wrote the YAML value
 * (`2.5`, `3000000000`); into a string field only its type is named (`number`).
 * IntOrString decodes itself with the standard library's json.Unmarshal, whose error type the
 * fork does not annotate: `json: cannot unmarshal number 2.5 into Go value of type int32`.
 *
 * This table covers the integer fields (and a few string fields users get wrong) of the kinds
 * kubesim models, in their spec and metadata.
 */
type FieldType =
  | 'int32'
  | 'int64'
  | 'intstr'
  | 'string'
  | 'map[string]string'
  | { readonly struct: string }
  | { readonly list: FieldType };

type Struct = Readonly<Record<string, FieldType>>;

const s = (name: string): FieldType => ({ struct: name });
const list = (of: FieldType): FieldType => ({ list: of });

const PROBE: Struct = {
  initialDelaySeconds: 'int32',
  timeoutSeconds: 'int32',
  periodSeconds: 'int32',
  successThreshold: 'int32',
  failureThreshold: 'int32',
  terminationGracePeriodSeconds: 'int64',
  httpGet: s('HTTPGetAction'),
  tcpSocket: s('TCPSocketAction'),
};
const METRIC_SOURCE: Struct = { target: s('MetricTarget') };
const SCALING_RULES: Struct = { stabilizationWindowSeconds: 'int32', policies: list(s('HPAScalingPolicy')) };

const STRUCTS: Readonly<Record<string, Struct>> = {
  ObjectMeta: {
    name: 'string',
    generateName: 'string',
    namespace: 'string',
    generation: 'int64',
    deletionGracePeriodSeconds: 'int64',
    labels: 'map[string]string',
    annotations: 'map[string]string',
  },
  PodTemplateSpec: { metadata: s('ObjectMeta'), spec: s('PodSpec') },
  PodSpec: {
    containers: list(s('Container')),
    initContainers: list(s('Container')),
    terminationGracePeriodSeconds: 'int64',
    activeDeadlineSeconds: 'int64',
    priority: 'int32',
    tolerations: list(s('Toleration')),
    topologySpreadConstraints: list(s('TopologySpreadConstraint')),
    securityContext: s('PodSecurityContext'),
  },
  Container: {
    name: 'string',
    image: 'string',
    ports: list(s('ContainerPort')),
    env: list(s('EnvVar')),
    livenessProbe: s('Probe'),
    readinessProbe: s('Probe'),
    startupProbe: s('Probe'),
    securityContext: s('SecurityContext'),
  },
  ContainerPort: { containerPort: 'int32', hostPort: 'int32' },
  EnvVar: { name: 'string', value: 'string' },
  Probe: PROBE,
  HTTPGetAction: { port: 'intstr' },
  TCPSocketAction: { port: 'intstr' },
  Toleration: { tolerationSeconds: 'int64' },
  TopologySpreadConstraint: { maxSkew: 'int32', minDomains: 'int32' },
  PodSecurityContext: { runAsUser: 'int64', runAsGroup: 'int64', fsGroup: 'int64' },
  SecurityContext: { runAsUser: 'int64', runAsGroup: 'int64' },
  DeploymentSpec: {
    replicas: 'int32',
    template: s('PodTemplateSpec'),
    strategy: s('DeploymentStrategy'),
    minReadySeconds: 'int32',
    revisionHistoryLimit: 'int32',
    progressDeadlineSeconds: 'int32',
  },
  DeploymentStrategy: { rollingUpdate: s('RollingUpdateDeployment') },
  RollingUpdateDeployment: { maxUnavailable: 'intstr', maxSurge: 'intstr' },
  ReplicaSetSpec: { replicas: 'int32', minReadySeconds: 'int32', template: s('PodTemplateSpec') },
  ReplicationControllerSpec: { replicas: 'int32', minReadySeconds: 'int32', template: s('PodTemplateSpec') },
  StatefulSetSpec: {
    replicas: 'int32',
    template: s('PodTemplateSpec'),
    volumeClaimTemplates: list(s('PersistentVolumeClaim')),
    updateStrategy: s('StatefulSetUpdateStrategy'),
    revisionHistoryLimit: 'int32',
    minReadySeconds: 'int32',
    ordinals: s('StatefulSetOrdinals'),
  },
  PersistentVolumeClaim: { metadata: s('ObjectMeta') },
  StatefulSetUpdateStrategy: { rollingUpdate: s('RollingUpdateStatefulSetStrategy') },
  RollingUpdateStatefulSetStrategy: { partition: 'int32', maxUnavailable: 'intstr' },
  StatefulSetOrdinals: { start: 'int32' },
  DaemonSetSpec: {
    template: s('PodTemplateSpec'),
    updateStrategy: s('DaemonSetUpdateStrategy'),
    minReadySeconds: 'int32',
    revisionHistoryLimit: 'int32',
  },
  DaemonSetUpdateStrategy: { rollingUpdate: s('RollingUpdateDaemonSet') },
  RollingUpdateDaemonSet: { maxUnavailable: 'intstr', maxSurge: 'intstr' },
  JobSpec: {
    parallelism: 'int32',
    completions: 'int32',
    activeDeadlineSeconds: 'int64',
    podFailurePolicy: s('PodFailurePolicy'),
    successPolicy: s('SuccessPolicy'),
    backoffLimit: 'int32',
    backoffLimitPerIndex: 'int32',
    maxFailedIndexes: 'int32',
    ttlSecondsAfterFinished: 'int32',
    template: s('PodTemplateSpec'),
  },
  PodFailurePolicy: { rules: list(s('PodFailurePolicyRule')) },
  PodFailurePolicyRule: { onExitCodes: s('PodFailurePolicyOnExitCodesRequirement') },
  PodFailurePolicyOnExitCodesRequirement: { values: list('int32') },
  SuccessPolicy: { rules: list(s('SuccessPolicyRule')) },
  SuccessPolicyRule: { succeededCount: 'int32' },
  CronJobSpec: {
    startingDeadlineSeconds: 'int64',
    jobTemplate: s('JobTemplateSpec'),
    successfulJobsHistoryLimit: 'int32',
    failedJobsHistoryLimit: 'int32',
  },
  JobTemplateSpec: { metadata: s('ObjectMeta'), spec: s('JobSpec') },
  HorizontalPodAutoscalerSpec: {
    minReplicas: 'int32',
    maxReplicas: 'int32',
    metrics: list(s('MetricSpec')),
    behavior: s('HorizontalPodAutoscalerBehavior'),
  },
  MetricSpec: {
    resource: s('ResourceMetricSource'),
    containerResource: s('ContainerResourceMetricSource'),
    pods: s('PodsMetricSource'),
    object: s('ObjectMetricSource'),
    external: s('ExternalMetricSource'),
  },
  ResourceMetricSource: METRIC_SOURCE,
  ContainerResourceMetricSource: METRIC_SOURCE,
  PodsMetricSource: METRIC_SOURCE,
  ObjectMetricSource: METRIC_SOURCE,
  ExternalMetricSource: METRIC_SOURCE,
  MetricTarget: { averageUtilization: 'int32' },
  HorizontalPodAutoscalerBehavior: { scaleUp: s('HPAScalingRules'), scaleDown: s('HPAScalingRules') },
  HPAScalingRules: SCALING_RULES,
  HPAScalingPolicy: { value: 'int32', periodSeconds: 'int32' },
  ServiceSpec: { ports: list(s('ServicePort')) },
  ServicePort: { port: 'int32', targetPort: 'intstr', nodePort: 'int32' },
};

/** The spec's struct per kind (kinds without integer fields in their spec have none). */
const SPEC: Partial<Record<Kind, string>> = {
  Pod: 'PodSpec',
  Deployment: 'DeploymentSpec',
  ReplicaSet: 'ReplicaSetSpec',
  ReplicationController: 'ReplicationControllerSpec',
  StatefulSet: 'StatefulSetSpec',
  DaemonSet: 'DaemonSetSpec',
  Job: 'JobSpec',
  CronJob: 'CronJobSpec',
  HorizontalPodAutoscaler: 'HorizontalPodAutoscalerSpec',
  Service: 'ServiceSpec',
};

const META: FieldType = s('ObjectMeta');
const SPEC_TYPES: Readonly<Record<string, FieldType>> = Object.fromEntries(Object.values(SPEC).map((name) => [name, s(name)]));

const INT_RANGE = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [-(2 ** 63), 2 ** 63 - 1],
} as const;

/** How encoding/json names a JSON value it cannot store: `number 2.5`, `string`, `bool`. */
export function jsonValue(v: unknown, withLiteral: boolean): string {
  if (typeof v === 'number') return withLiteral ? `number ${numberText(v)}` : 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return Array.isArray(v) ? 'array' : 'object';
}

/** A number as json.Marshal writes it: whole numbers in full (2**63 is 9223372036854775808), else as JS does (the same thresholds for exponents). */
function numberText(v: number): string {
  return Number.isInteger(v) && Math.abs(v) < 1e21 ? BigInt(v).toString() : String(v);
}

/** Whether a number fits a Go integer: whole, finite and in range (NaN and ±Inf never reach JSON). */
export function fitsInt(v: number, type: 'int32' | 'int64'): boolean {
  const [min, max] = INT_RANGE[type];
  // 2**63 - 1 is not a double; 2**63 is, and is out of range: compare strictly below it.
  return Number.isInteger(v) && v >= min && (type === 'int64' ? v < 2 ** 63 : v <= max);
}

interface Context {
  readonly struct: string;
  /** The decoder's field path: JSON names from the root, no list indexes. */
  readonly path: string;
  /** Where the value is, indexes included (for a message that names a line). */
  readonly at: (string | number)[];
}

/** Where the first value that does not decode is; set by check before it returns the error. */
let failedAt: readonly (string | number)[] = [];

/** The decoder's error for a value at a field of a known type, or undefined. */
function check(v: unknown, type: FieldType, at: Context): string | undefined {
  if (v === null || v === undefined) return undefined; // null leaves the zero value
  failedAt = at.at;
  const where = `Go struct field ${at.struct}.${at.path}`;
  if (type === 'int32' || type === 'int64') {
    if (typeof v === 'number' && fitsInt(v, type)) return undefined;
    return `json: cannot unmarshal ${jsonValue(v, true)} into ${where} of type ${type}`;
  }
  if (type === 'intstr') {
    if (typeof v === 'string' || (typeof v === 'number' && fitsInt(v, 'int32'))) return undefined;
    return `json: cannot unmarshal ${jsonValue(v, true)} into Go value of type int32`;
  }
  if (type === 'string') {
    return typeof v === 'string' ? undefined : `json: cannot unmarshal ${jsonValue(v, false)} into ${where} of type string`;
  }
  if (type === 'map[string]string') {
    if (typeof v !== 'object' || Array.isArray(v)) {
      return `json: cannot unmarshal ${jsonValue(v, false)} into ${where} of type map[string]string`;
    }
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      failedAt = [...at.at, k];
      if (x !== null && typeof x !== 'string')
        return `json: cannot unmarshal ${jsonValue(x, false)} into ${where} of type string`;
    }
    return undefined;
  }
  if ('list' in type) {
    if (!Array.isArray(v)) return `json: cannot unmarshal ${jsonValue(v, false)} into ${where} of type ${goType(type)}`;
    for (let i = 0; i < v.length; i++) {
      const err = check(v[i], type.list, { ...at, at: [...at.at, i] });
      if (err !== undefined) return err;
    }
    return undefined;
  }
  if (typeof v !== 'object' || Array.isArray(v)) {
    return `json: cannot unmarshal ${jsonValue(v, false)} into ${where} of type v1.${type.struct}`;
  }
  return checkStruct(v as Record<string, unknown>, type.struct, at);
}

function goType(type: FieldType): string {
  if (typeof type === 'string') return type === 'intstr' ? 'intstr.IntOrString' : type;
  return 'list' in type ? `[]${goType(type.list)}` : `v1.${type.struct}`;
}

function checkStruct(obj: Record<string, unknown>, struct: string, parent: Context): string | undefined {
  const fields = STRUCTS[struct] ?? {};
  for (const [name, type] of Object.entries(fields)) {
    const err = check(obj[name], type, { struct, path: `${parent.path}.${name}`, at: [...parent.at, name] });
    if (err !== undefined) return err;
  }
  return undefined;
}

/** Each struct's fields as a list, made once: the fast path below walks them without allocating. */
const FIELDS: ReadonlyMap<string, readonly (readonly [string, FieldType])[]> = new Map(
  Object.entries(STRUCTS).map(([name, fields]) => [name, Object.entries(fields)]),
);

/**
 * Whether a value decodes, with no message and no allocation: every write the reducer takes
 * passes here (a pod's status update too), so the common case must cost a few property reads.
 */
function decodes(v: unknown, type: FieldType): boolean {
  if (v === null || v === undefined) return true;
  if (type === 'int32' || type === 'int64') return typeof v === 'number' && fitsInt(v, type);
  if (type === 'intstr') return typeof v === 'string' || (typeof v === 'number' && fitsInt(v, 'int32'));
  if (type === 'string') return typeof v === 'string';
  if (typeof v !== 'object') return false;
  if (type === 'map[string]string') {
    if (Array.isArray(v)) return false;
    for (const k in v) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== null && typeof x !== 'string') return false;
    }
    return true;
  }
  if ('list' in type) {
    if (!Array.isArray(v)) return false;
    for (const item of v) if (!decodes(item, type.list)) return false;
    return true;
  }
  if (Array.isArray(v)) return false;
  if (known.has(v)) return true;
  for (const [name, t] of FIELDS.get(type.struct) ?? []) {
    if (!decodes((v as Record<string, unknown>)[name], t)) return false;
  }
  // Stored objects never change, and a spec is shared by every version of its object (and a
  // template's by its pods): one that decoded once is not walked again. Metadata is new at
  // every write (its resourceVersion): remembering it would cost more than walking it.
  if (type.struct !== 'ObjectMeta') known.add(v);
  return true;
}

const known = new WeakSet<object>();

/** Why an object does not decode, and where (the value's path, list indexes included). */
export interface DecodeFailure {
  readonly message: string;
  readonly path: readonly (string | number)[];
}

/**
 * The API server's decoding error for an object, the way kubectl shows it after
 * `Error from server (BadRequest): error when creating "FILE": `, or undefined if it decodes.
 */
export function decodeFailure(obj: object): DecodeFailure | undefined {
  const o = obj as Record<string, unknown>;
  const kind = String(o.kind) as Kind;
  const apiVersion = String(o.apiVersion);
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  const spec = SPEC[kind];
  if (decodes(o.metadata, META) && (spec === undefined || decodes(o.spec, SPEC_TYPES[spec] as FieldType))) {
    return dataDecodeFailure(o, kind, version);
  }
  // Something does not decode: walk again, slowly, to say what and where.
  const root: Record<string, FieldType> = { metadata: META };
  if (spec !== undefined) root.spec = s(spec);
  for (const [name, type] of Object.entries(root)) {
    const err = check(o[name], type, { struct: kind, path: name, at: [name] });
    if (err !== undefined) {
      return { message: `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: ${err}`, path: failedAt };
    }
  }
  return dataDecodeFailure(o, kind, version);
}

/** The message of the first field that fails to decode as its Go type (decodeFailure's message), or undefined. */
export function decodeError(obj: object): string | undefined {
  return decodeFailure(obj)?.message;
}

/** The decoding error for a Scale subresource's spec.replicas (autoscaling/v1 ScaleSpec), or undefined. */
export function scaleDecodeError(replicas: unknown): string | undefined {
  const err = check(replicas, 'int32', { struct: 'ScaleSpec', path: 'spec.replicas', at: ['spec', 'replicas'] });
  return err === undefined ? undefined : `Scale in version "v1" cannot be handled as a Scale: ${err}`;
}
