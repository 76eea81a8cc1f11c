import { type Draft, original, produce } from 'immer';
import { formatQuantity, parseQuantity } from './quantity.js';
import type {
  Container,
  HPAScalingPolicy,
  HPAScalingRules,
  KubeObject,
  PersistentVolumeClaimSpec,
  PodSpec,
  Probe,
} from './types.js';

/**
 * API-server defaulting (pkg/apis/{core,apps,batch,autoscaling}/v1/defaults.go) for the
 * kinds kubesim stores. Applied to every object that is created or updated, before
 * validation, exactly as the API server does; returns a new (frozen) object.
 */

/**
 * Whether a string field is unset as Go sees it: JSON's absent, null and "" all decode to the
 * zero value "", which the defaulters replace (`if obj.RestartPolicy == ""`).
 */
function unset(v: string | null | undefined): v is '' | null | undefined {
  return v === undefined || v === null || v === '';
}

// The docker reference grammar (github.com/distribution/reference), which ParseImageName uses.
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);

/**
 * parsers.ParseImageName's tag: the given tag; "latest" when there is neither tag nor digest;
 * undefined when the reference does not parse (the defaulter then ignores the error).
 */
function imageTag(image: string): string | undefined {
  if (/^[a-f0-9]{64}$/.test(image)) return undefined; // a bare image ID is not a name
  const m = REFERENCE.exec(image);
  if (m === null || (m[1] as string).length > 255) return undefined;
  const tag = m[2];
  const digest = m[3];
  return tag ?? (digest === undefined ? 'latest' : '');
}

/** A bounded memo: the same few images and quantities recur in every pod of a workload. */
function memo<T>(fn: (key: string) => T, limit = 10_000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined && !cache.has(key)) {
      v = fn(key);
      if (cache.size >= limit) cache.clear();
      cache.set(key, v);
    }
    return v as T;
  };
}

const pullPolicyOf = memo((image: string): 'Always' | 'IfNotPresent' =>
  imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent',
);

/**
 * SetDefaults_Container: images tagged `latest` (or untagged, which means latest) are pulled
 * always; any other tag, a digest-only reference or one that does not parse: if not present.
 */
export function defaultPullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  return pullPolicyOf(image ?? '');
}

/**
 * SetDefaults_ResourceList: every quantity is rounded up (away from zero) to milli precision
 * (`0.0001` cpu is stored as `1m`) and then stored in its canonical form (`1.5Gi` → `1536Mi`).
 */
const canonicalMilli = memo((v: string): string => {
  try {
    const q = parseQuantity(v);
    const step = 1_000_000n; // nanos per milli
    const rem = q.nanos % step;
    const nanos = rem === 0n ? q.nanos : q.nanos - rem + (q.nanos > 0n ? step : -step);
    return formatQuantity({ nanos, format: q.format });
  } catch {
    return v; // Left as written: validation reports it with the field path.
  }
});

function canonicalise(list: Record<string, string> | undefined): void {
  if (list === undefined) return;
  for (const [k, v] of Object.entries(list)) {
    const c = canonicalMilli(v);
    if (c !== v) list[k] = c;
  }
}

/** SetDefaults_Probe: the int32 fields are not pointers, so 0 means unset. */
function defaultProbe(p: Draft<Probe> | undefined): void {
  if (p === undefined) return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  if (p.httpGet) {
    if (unset(p.httpGet.path)) p.httpGet.path = '/';
    if (unset(p.httpGet.scheme)) p.httpGet.scheme = 'HTTP';
  }
}

function defaultContainer(c: Draft<Container>, isPod: boolean, hostNetwork: boolean): void {
  if (unset(c.imagePullPolicy)) c.imagePullPolicy = defaultPullPolicy(c.image);
  if (unset(c.terminationMessagePath)) c.terminationMessagePath = '/dev/termination-log';
  if (unset(c.terminationMessagePolicy)) c.terminationMessagePolicy = 'File';
  for (const port of c.ports ?? []) {
    if (unset(port.protocol)) port.protocol = 'TCP';
    // SetDefaults_Pod: with host networking every container port is a host port.
    if (hostNetwork && !port.hostPort) port.hostPort = port.containerPort;
  }
  defaultProbe(c.readinessProbe);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.startupProbe);
  if (c.resources) {
    canonicalise(c.resources.limits);
    canonicalise(c.resources.requests);
    // SetDefaults_Pod (pods only, not templates): a limit without a request makes the request
    // equal to it.
    if (isPod && c.resources.limits) {
      c.resources.requests ??= {};
      for (const [k, v] of Object.entries(c.resources.limits)) c.resources.requests[k] ??= v;
    }
  }
}

/**
 * Specs that went through template defaulting. Objects are immutable, so a pod created from
 * a defaulted template (every pod a controller makes) skips the walk: only the pod-only
 * defaults remain to apply.
 */
const defaultedTemplates = new WeakSet<object>();

export function defaultPodSpec(spec: Draft<PodSpec>, isPod: boolean): void {
  const before = original(spec);
  if (before !== undefined && defaultedTemplates.has(before)) {
    if (isPod) defaultPodOnly(spec);
    return;
  }
  if (unset(spec.restartPolicy)) spec.restartPolicy = 'Always';
  if (unset(spec.dnsPolicy)) spec.dnsPolicy = 'ClusterFirst';
  spec.terminationGracePeriodSeconds ??= 30;
  if (unset(spec.schedulerName)) spec.schedulerName = 'default-scheduler';
  spec.securityContext ??= {};
  if (isPod) spec.enableServiceLinks ??= true;
  // Only pods: in templates this waits behind the DefaultHostNetworkHostPortsInPodTemplates
  // gate, off by default (TestPodHostNetworkDefaults).
  const hostNetwork = isPod && spec.hostNetwork === true;
  for (const c of spec.containers ?? []) defaultContainer(c, isPod, hostNetwork);
  for (const c of spec.initContainers ?? []) defaultContainer(c, isPod, hostNetwork);
  for (const v of spec.volumes ?? []) {
    // A volume without a source is an emptyDir.
    const sources = Object.keys(v).filter((k) => k !== 'name');
    if (sources.length === 0) v.emptyDir = {};
  }
}

/** The defaults only a pod gets (SetDefaults_Pod), for a spec whose template part is done. */
function defaultPodOnly(spec: Draft<PodSpec>): void {
  spec.enableServiceLinks ??= true;
  const hostNetwork = spec.hostNetwork === true;
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const limits = c.resources?.limits;
    if (limits !== undefined && c.resources !== undefined) {
      const requests = c.resources.requests ?? {};
      const missing = Object.entries(limits).filter(([k]) => requests[k] === undefined);
      if (missing.length > 0) c.resources.requests = { ...requests, ...Object.fromEntries(missing) };
    }
    if (hostNetwork) for (const port of c.ports ?? []) if (!port.hostPort) port.hostPort = port.containerPort;
  }
}

/** Remembers the template specs of a defaulted object (see defaultedTemplates). */
function rememberTemplates(obj: KubeObject): void {
  const spec = (obj as { spec?: { template?: { spec?: object }; jobTemplate?: { spec?: { template?: { spec?: object } } } } })
    .spec;
  const template = obj.kind === 'CronJob' ? spec?.jobTemplate?.spec?.template?.spec : spec?.template?.spec;
  if (template !== undefined) defaultedTemplates.add(template);
}

/** copyHPAScalingRules over the defaults: the fields the user set win, one by one. */
function scalingRules(
  given: HPAScalingRules | undefined,
  window: number | undefined,
  policies: HPAScalingPolicy[],
): HPAScalingRules {
  const out: HPAScalingRules = { selectPolicy: given?.selectPolicy ?? 'Max', policies: given?.policies ?? policies };
  const w = given?.stabilizationWindowSeconds ?? window;
  if (w !== undefined) out.stabilizationWindowSeconds = w;
  if (given?.tolerance !== undefined) out.tolerance = given.tolerance;
  return out;
}

function defaultClaimSpec(spec: Draft<PersistentVolumeClaimSpec>): void {
  spec.volumeMode ??= 'Filesystem';
  if (spec.resources) canonicalise(spec.resources.requests);
}

/** The default for one object; objects of unknown shape are returned unchanged. */
export function applyDefaults<T extends KubeObject>(obj: T): T {
  const result = produce(obj, (d: Draft<KubeObject>) => {
    d.metadata ??= {};
    switch (d.kind) {
      case 'Pod':
        if (d.spec) defaultPodSpec(d.spec, true);
        break;
      case 'ReplicaSet':
        d.spec.replicas ??= 1;
        if (d.spec.template?.spec) defaultPodSpec(d.spec.template.spec, false);
        break;
      case 'ReplicationController': {
        const labels = d.spec.template?.metadata?.labels;
        if (labels && Object.keys(d.spec.selector ?? {}).length === 0) d.spec.selector = { ...labels };
        if (labels && Object.keys(d.metadata.labels ?? {}).length === 0) d.metadata.labels = { ...labels };
        d.spec.replicas ??= 1;
        if (d.spec.template?.spec) defaultPodSpec(d.spec.template.spec, false);
        break;
      }
      case 'Deployment': {
        const s = d.spec;
        s.replicas ??= 1;
        s.strategy ??= {};
        if (unset(s.strategy.type)) s.strategy.type = 'RollingUpdate';
        if (s.strategy.type === 'RollingUpdate') {
          s.strategy.rollingUpdate ??= {};
          s.strategy.rollingUpdate.maxUnavailable ??= '25%';
          s.strategy.rollingUpdate.maxSurge ??= '25%';
        }
        s.revisionHistoryLimit ??= 10;
        s.progressDeadlineSeconds ??= 600;
        if (s.template?.spec) defaultPodSpec(s.template.spec, false);
        break;
      }
      case 'StatefulSet': {
        const s = d.spec;
        s.replicas ??= 1;
        if (unset(s.podManagementPolicy)) s.podManagementPolicy = 'OrderedReady';
        s.updateStrategy ??= {};
        if (unset(s.updateStrategy.type)) {
          s.updateStrategy.type = 'RollingUpdate';
          s.updateStrategy.rollingUpdate ??= {};
        }
        if (s.updateStrategy.type === 'RollingUpdate' && s.updateStrategy.rollingUpdate) {
          s.updateStrategy.rollingUpdate.partition ??= 0;
        }
        s.persistentVolumeClaimRetentionPolicy ??= {};
        const retention = s.persistentVolumeClaimRetentionPolicy;
        if (unset(retention.whenDeleted)) retention.whenDeleted = 'Retain';
        if (unset(retention.whenScaled)) retention.whenScaled = 'Retain';
        s.revisionHistoryLimit ??= 10;
        for (const t of s.volumeClaimTemplates ?? []) {
          if (t.spec) defaultClaimSpec(t.spec);
        }
        if (s.template?.spec) defaultPodSpec(s.template.spec, false);
        break;
      }
      case 'DaemonSet': {
        const s = d.spec;
        s.updateStrategy ??= {};
        if (unset(s.updateStrategy.type)) s.updateStrategy.type = 'RollingUpdate';
        if (s.updateStrategy.type === 'RollingUpdate') {
          s.updateStrategy.rollingUpdate ??= {};
          s.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
          s.updateStrategy.rollingUpdate.maxSurge ??= 0;
        }
        s.revisionHistoryLimit ??= 10;
        if (s.template?.spec) defaultPodSpec(s.template.spec, false);
        break;
      }
      case 'Job': {
        const s = d.spec;
        if (s.completions === undefined && s.parallelism === undefined) {
          s.completions = 1;
          s.parallelism = 1;
        }
        s.parallelism ??= 1;
        s.backoffLimit ??= s.backoffLimitPerIndex === undefined ? 6 : 2147483647;
        if (unset(s.completionMode)) s.completionMode = 'NonIndexed';
        s.suspend ??= false;
        if (unset(s.podReplacementPolicy)) {
          s.podReplacementPolicy = s.podFailurePolicy === undefined ? 'TerminatingOrFailed' : 'Failed';
        }
        if (s.template?.metadata?.labels && Object.keys(d.metadata.labels ?? {}).length === 0) {
          d.metadata.labels = { ...s.template.metadata.labels };
        }
        if (s.template?.spec) defaultPodSpec(s.template.spec, false);
        break;
      }
      case 'CronJob': {
        const s = d.spec;
        if (unset(s.concurrencyPolicy)) s.concurrencyPolicy = 'Allow';
        s.suspend ??= false;
        s.successfulJobsHistoryLimit ??= 3;
        s.failedJobsHistoryLimit ??= 1;
        if (s.jobTemplate?.spec?.template?.spec) defaultPodSpec(s.jobTemplate.spec.template.spec, false);
        break;
      }
      case 'HorizontalPodAutoscaler': {
        const s = d.spec;
        s.minReplicas ??= 1;
        if (s.metrics === undefined || s.metrics.length === 0) {
          s.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
        }
        // SetDefaults_HorizontalPodAutoscalerBehavior: only a given behavior is filled in.
        if (s.behavior) {
          s.behavior.scaleUp = scalingRules(s.behavior.scaleUp, 0, [
            { type: 'Pods', value: 4, periodSeconds: 15 },
            { type: 'Percent', value: 100, periodSeconds: 15 },
          ]);
          // scaleDown's window stays unset: the controller's --horizontal-pod-autoscaler-downscale-stabilization applies.
          s.behavior.scaleDown = scalingRules(s.behavior.scaleDown, undefined, [
            { type: 'Percent', value: 100, periodSeconds: 15 },
          ]);
        }
        break;
      }
      case 'Service': {
        const s = d.spec;
        if (unset(s.sessionAffinity)) s.sessionAffinity = 'None';
        if (s.sessionAffinity === 'None') delete s.sessionAffinityConfig;
        if (s.sessionAffinity === 'ClientIP') {
          const cfg = s.sessionAffinityConfig as { clientIP?: { timeoutSeconds?: number } } | undefined;
          if (cfg?.clientIP?.timeoutSeconds === undefined) s.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
        }
        if (unset(s.type)) s.type = 'ClusterIP';
        for (const p of s.ports ?? []) {
          if (unset(p.protocol)) p.protocol = 'TCP';
          if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
        }
        const external = s.type === 'NodePort' || s.type === 'LoadBalancer';
        if (external && unset(s.externalTrafficPolicy as string | undefined)) s.externalTrafficPolicy = 'Cluster';
        if (s.type === 'ClusterIP' || external) s.internalTrafficPolicy ??= 'Cluster';
        if (s.type === 'LoadBalancer') s.allocateLoadBalancerNodePorts ??= true;
        break;
      }
      case 'PersistentVolumeClaim':
        if (d.spec) defaultClaimSpec(d.spec);
        break;
      case 'PersistentVolume':
        if (d.spec) {
          if (unset(d.spec.persistentVolumeReclaimPolicy)) d.spec.persistentVolumeReclaimPolicy = 'Retain';
          d.spec.volumeMode ??= 'Filesystem';
          canonicalise(d.spec.capacity);
        }
        break;
      case 'StorageClass':
        d.reclaimPolicy ??= 'Delete';
        d.volumeBindingMode ??= 'Immediate';
        break;
      default:
        break;
    }
  });
  rememberTemplates(result);
  return result;
}
