import { type Draft, isDraft, original } from 'immer';
import { frozenInTests } from '../frozen.js';
import { produce } from '../immer.js';
import { canonicalList, defaultPodSpec, unset } from './podSpecDefaults.js';
import { canonicalQuantity } from './quantity.js';
import { defaultSecret } from './secretDefaults.js';
import type {
  HPAScalingPolicy,
  HPAScalingRules,
  KubeObject,
  LimitRange,
  PersistentVolumeClaimSpec,
  Pod,
  PodSpec,
  ResourceQuota,
} from './types.js';

export { defaultPullPolicy } from './podSpecDefaults.js';

/**
 * API-server defaulting (pkg/apis/{core,apps,batch,autoscaling}/v1/defaults.go) for the
 * kinds kubesim stores. Applied to every object that is created or updated, before
 * validation, exactly as the API server does; returns a new (frozen) object.
 */

/** A template's spec, defaulted as a template (a pure function; see podSpecDefaults.ts). */
function defaultTemplate(t: Draft<{ spec?: PodSpec }> | undefined): void {
  if (t?.spec === undefined) return;
  const before = isDraft(t.spec) ? (original(t.spec) as PodSpec) : (t.spec as PodSpec);
  const after = defaultPodSpec(before, false);
  if (after !== before) t.spec = after as Draft<PodSpec>;
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
  if (spec.resources) {
    const requests = canonicalList(spec.resources.requests);
    if (requests !== spec.resources.requests) spec.resources.requests = requests as Record<string, string>;
  }
}

/**
 * A pod: its spec is all there is to default, shared from the cache, so the pod is copied
 * only when its spec (or missing metadata) changes, and without a draft.
 */
function defaultPod(pod: Pod): Pod {
  const spec = pod.spec ? defaultPodSpec(pod.spec, true) : pod.spec;
  if (pod.metadata != null && spec === pod.spec) return frozenInTests(pod); // as produce freezes an unchanged base
  const out: Pod = Object.assign({}, pod);
  if (pod.metadata == null) out.metadata = {};
  if (spec !== pod.spec) out.spec = spec;
  return frozenInTests(out);
}

/** A quantity's canonical form; one that does not parse is left for validation to report. */
function canonicalOrAsIs(v: string): string {
  try {
    return canonicalQuantity(v);
  } catch {
    return v;
  }
}

/**
 * SetDefaults_LimitRangeItem (Container items): the default limit falls back to max, the
 * default request to the default limit, then to min. Empty maps are left out (omitempty).
 */
function defaultLimitRange(d: Draft<LimitRange>): void {
  for (const item of d.spec?.limits ?? []) {
    // Stored quantities are canonical (`0.5` → `500m`), as the API server re-encodes them.
    for (const key of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const) {
      const m = item[key];
      if (m) for (const [k, v] of Object.entries(m)) m[k] = canonicalOrAsIs(v);
    }
    if (item.type !== 'Container') continue;
    const def: Record<string, string> = { ...item.default };
    const req: Record<string, string> = { ...item.defaultRequest };
    for (const [k, v] of Object.entries(item.max ?? {})) def[k] ??= v;
    for (const [k, v] of Object.entries(def)) req[k] ??= v;
    for (const [k, v] of Object.entries(item.min ?? {})) req[k] ??= v;
    if (Object.keys(def).length > 0) item.default = def;
    if (Object.keys(req).length > 0) item.defaultRequest = req;
  }
}

/** A ResourceQuota's quantities, stored canonical (`1000m` → `1`) as the API server re-encodes them. */
function canonicalQuota(d: Draft<ResourceQuota>): void {
  for (const m of [d.spec?.hard, d.status?.hard, d.status?.used]) {
    if (m) for (const [k, v] of Object.entries(m)) m[k] = canonicalOrAsIs(v);
  }
}

/** The default for one object; objects of unknown shape are returned unchanged. */
export function applyDefaults<T extends KubeObject>(obj: T): T {
  if (obj.kind === 'Pod') return defaultPod(obj as Pod) as T;
  return produce(obj, (d: Draft<KubeObject>) => {
    d.metadata ??= {};
    switch (d.kind) {
      case 'ReplicaSet':
        d.spec.replicas ??= 1;
        defaultTemplate(d.spec.template);
        break;
      case 'ReplicationController': {
        const labels = d.spec.template?.metadata?.labels;
        if (labels && Object.keys(d.spec.selector ?? {}).length === 0) d.spec.selector = { ...labels };
        if (labels && Object.keys(d.metadata.labels ?? {}).length === 0) d.metadata.labels = { ...labels };
        d.spec.replicas ??= 1;
        defaultTemplate(d.spec.template);
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
        defaultTemplate(s.template);
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
        defaultTemplate(s.template);
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
        defaultTemplate(s.template);
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
        defaultTemplate(s.template);
        break;
      }
      case 'CronJob': {
        const s = d.spec;
        if (unset(s.concurrencyPolicy)) s.concurrencyPolicy = 'Allow';
        s.suspend ??= false;
        s.successfulJobsHistoryLimit ??= 3;
        s.failedJobsHistoryLimit ??= 1;
        defaultTemplate(s.jobTemplate?.spec?.template);
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
          const capacity = canonicalList(d.spec.capacity);
          if (capacity !== d.spec.capacity) d.spec.capacity = capacity as Record<string, string>;
        }
        break;
      case 'Node':
        // A Node sent with no spec (a bare `kind: Node` manifest) is stored with an empty one.
        d.spec ??= {};
        break;
      case 'Namespace':
        // SetDefaults_Namespace: every namespace carries its name as a label.
        d.metadata.labels = Object.assign({}, d.metadata.labels, { 'kubernetes.io/metadata.name': d.metadata.name ?? '' });
        break;
      case 'StorageClass':
        d.reclaimPolicy ??= 'Delete';
        d.volumeBindingMode ??= 'Immediate';
        break;
      case 'Secret':
        defaultSecret(d);
        break;
      case 'ResourceQuota':
        canonicalQuota(d);
        break;
      case 'LimitRange':
        defaultLimitRange(d);
        break;
      default:
        break;
    }
  });
}
