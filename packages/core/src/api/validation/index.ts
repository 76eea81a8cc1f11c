import { canonicalJson } from '../../random/hash.js';
import { type FieldError, field } from '../fieldErrors.js';
import { kindInfo } from '../kinds.js';
import type { Job, Kind, KubeObject, Pod, StatefulSet, Toleration } from '../types.js';
import {
  validateNode,
  validatePersistentVolume,
  validatePersistentVolumeClaim,
  validatePod,
  validateService,
  validateStorageClass,
} from './cluster.js';
import { validateConfigMap, validateConfigMapUpdate, validateSecret, validateSecretUpdate } from './configMap.js';
import { validateLimitRange } from './limitRange.js';
import { type NameValidator, validateObjectMeta } from './meta.js';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain } from './names.js';
import { validateNamespace } from './namespace.js';
import { validatePodDisruptionBudget } from './policy.js';
import { validateResourceQuota, validateResourceQuotaUpdate } from './resourceQuota.js';
import {
  validateCronJob,
  validateDaemonSet,
  validateDeployment,
  validateHorizontalPodAutoscaler,
  validateJob,
  validateReplicaSet,
  validateReplicationController,
  validateStatefulSet,
} from './workloads.js';

/** How each kind's names are checked (the nameFn its registry strategy passes). */
const NAME_RULES: Partial<Record<Kind, NameValidator>> = {
  Service: isDNS1035Label,
  StatefulSet: isDNS1123Label,
  CronJob: isDNS1123Subdomain,
  Namespace: isDNS1123Label, // ValidateNamespaceName
};

function nameRule(kind: Kind): NameValidator {
  return NAME_RULES[kind] ?? isDNS1123Subdomain;
}

function validateSpec(obj: KubeObject): FieldError[] {
  switch (obj.kind) {
    case 'Pod':
      return validatePod(obj);
    case 'Node':
      return validateNode(obj);
    case 'Service':
      return validateService(obj);
    case 'PersistentVolumeClaim':
      return validatePersistentVolumeClaim(obj);
    case 'PersistentVolume':
      return validatePersistentVolume(obj);
    case 'StorageClass':
      return validateStorageClass(obj);
    case 'Deployment':
      return validateDeployment(obj);
    case 'ReplicaSet':
      return validateReplicaSet(obj);
    case 'ReplicationController':
      return validateReplicationController(obj);
    case 'StatefulSet':
      return validateStatefulSet(obj);
    case 'DaemonSet':
      return validateDaemonSet(obj);
    case 'Job':
      return validateJob(obj);
    case 'CronJob':
      return validateCronJob(obj);
    case 'HorizontalPodAutoscaler':
      return validateHorizontalPodAutoscaler(obj);
    case 'ConfigMap':
      return validateConfigMap(obj);
    case 'Secret':
      return validateSecret(obj);
    case 'Namespace':
      return validateNamespace(obj);
    case 'PodDisruptionBudget':
      return validatePodDisruptionBudget(obj);
    case 'LimitRange':
      return validateLimitRange(obj);
    case 'ResourceQuota':
      return validateResourceQuota(obj);
    case 'Endpoints':
    case 'ControllerRevision':
    case 'Event':
    // ValidateServiceAccount: its metadata only (the name a DNS subdomain).
    case 'ServiceAccount':
      return [];
  }
}

/** Every error the API server would report for this (defaulted) object on create. */
export function validateObject(obj: KubeObject): FieldError[] {
  const kind = obj.kind as Kind;
  const errs = validateObjectMeta(obj.metadata, kindInfo(kind).namespaced, nameRule(kind));
  if ('spec' in obj && (obj as { spec?: unknown }).spec === undefined && kind !== 'StorageClass') {
    errs.push(field.required('spec'));
    return errs;
  }
  errs.push(...validateSpec(obj));
  return errs;
}

/**
 * apiequality.Semantic.DeepEqual, approximately: key order does not matter, and an absent
 * value, an empty list and an empty map are all equal (as nil and empty slices and maps are).
 */
function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map((x) => normalize(x) ?? null);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const n = normalize(x);
    if (n !== undefined) out[k] = n;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || canonicalJson(normalize(a) ?? null) === canonicalJson(normalize(b) ?? null);
}

const FIELD_IMMUTABLE = 'field is immutable';

/** ValidateImmutableField: the new value is the one reported. */
function immutable(oldValue: unknown, newValue: unknown, path: string): FieldError[] {
  return same(oldValue, newValue) ? [] : [field.invalid(path, newValue ?? null, FIELD_IMMUTABLE)];
}

/** ValidateStatefulSetUpdate: everything but these may not change (the selector included). */
const STS_MUTABLE: ReadonlySet<string> = new Set([
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
]);

const POD_UPDATABLE_FIELDS =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** ValidatePodUpdate's rules for the spec (metadata rules are the store's). */
function validatePodUpdate(oldPod: Pod, newPod: Pod): FieldError[] {
  const errs: FieldError[] = [];
  const o = oldPod.spec;
  const n = newPod.spec;
  for (const list of ['containers', 'initContainers'] as const) {
    if ((n[list] ?? []).length !== (o[list] ?? []).length) {
      return [field.forbidden(`spec.${list}`, 'pod updates may not add or remove containers')];
    }
  }
  if (n.activeDeadlineSeconds !== undefined) {
    if (n.activeDeadlineSeconds < 0 || n.activeDeadlineSeconds > 2147483647) {
      return [
        field.invalid('spec.activeDeadlineSeconds', n.activeDeadlineSeconds, 'must be between 0 and 2147483647, inclusive'),
      ];
    }
    if (o.activeDeadlineSeconds !== undefined && o.activeDeadlineSeconds < n.activeDeadlineSeconds) {
      return [
        field.invalid('spec.activeDeadlineSeconds', n.activeDeadlineSeconds, 'must be less than or equal to previous value'),
      ];
    }
  } else if (o.activeDeadlineSeconds !== undefined) {
    errs.push(field.invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  // validateOnlyAddedTolerations: every old toleration stays, bar its tolerationSeconds.
  const withoutSeconds = (t: Toleration): unknown => ({ ...t, tolerationSeconds: undefined });
  for (const old of o.tolerations ?? []) {
    if (!(n.tolerations ?? []).some((t) => same(withoutSeconds(old), withoutSeconds(t)))) {
      errs.push(field.forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
      break;
    }
  }
  if (same(o, n)) return errs;
  const munged: Record<string, unknown> = {
    ...n,
    containers: n.containers.map((c, i) => ({ ...c, image: o.containers[i]?.image })),
    activeDeadlineSeconds: o.activeDeadlineSeconds,
    tolerations: o.tolerations,
  };
  if (n.initContainers !== undefined) {
    munged.initContainers = n.initContainers.map((c, i) => ({ ...c, image: o.initContainers?.[i]?.image }));
  }
  const og = o.terminationGracePeriodSeconds;
  if (og !== undefined && og < 0 && n.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = og;
  // Upstream appends a diff of the two specs after a newline; kubesim leaves it out.
  if (!same(o, munged)) errs.push(field.forbidden('spec', POD_UPDATABLE_FIELDS));
  return errs;
}

/** ValidateJobSpecUpdate: selector, completion mode and (mostly) the template are fixed. */
function validateJobUpdate(oldJob: Job, newJob: Job): FieldError[] {
  const o = oldJob.spec;
  const n = newJob.spec;
  const errs = [
    ...immutable(o.selector, n.selector, 'spec.selector'),
    ...immutable(o.completionMode, n.completionMode, 'spec.completionMode'),
  ];
  let oldTemplate: unknown = o.template;
  // A suspended Job that never started may change its scheduling directives and labels.
  if (o.suspend === true && oldJob.status?.startTime === undefined) {
    oldTemplate = {
      ...o.template,
      metadata: { ...o.template.metadata, labels: n.template.metadata?.labels, annotations: n.template.metadata?.annotations },
      spec: {
        ...o.template.spec,
        nodeSelector: n.template.spec.nodeSelector,
        tolerations: n.template.spec.tolerations,
        affinity: n.template.spec.affinity,
        schedulingGates: n.template.spec.schedulingGates,
      },
    };
  }
  errs.push(...immutable(oldTemplate, n.template, 'spec.template'));
  return errs;
}

/** The extra rules an update must satisfy (immutable fields), besides validateObject. */
export function validateUpdate(oldObj: KubeObject, newObj: KubeObject): FieldError[] {
  switch (newObj.kind) {
    // apps/v1 registry strategies fix the selector (a ReplicationController's may change).
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
      return immutable((oldObj as typeof newObj).spec.selector, newObj.spec.selector, 'spec.selector');
    case 'StatefulSet': {
      // No separate selector error: it is one of the fields the Forbidden below covers.
      const o = (oldObj as StatefulSet).spec as Record<string, unknown>;
      const n = newObj.spec as Record<string, unknown>;
      const keys = new Set([...Object.keys(o), ...Object.keys(n)]);
      for (const k of keys) {
        if (!STS_MUTABLE.has(k) && !same(o[k], n[k])) {
          return [
            field.forbidden(
              'spec',
              "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
            ),
          ];
        }
      }
      return [];
    }
    case 'Pod':
      return validatePodUpdate(oldObj as Pod, newObj);
    case 'Job':
      return validateJobUpdate(oldObj as Job, newObj);
    case 'ConfigMap':
      return validateConfigMapUpdate(oldObj as typeof newObj, newObj);
    case 'Secret':
      return validateSecretUpdate(oldObj as typeof newObj, newObj);
    case 'ResourceQuota':
      return validateResourceQuotaUpdate(oldObj as typeof newObj, newObj);
    case 'Service': {
      const oldIp = (oldObj as typeof newObj).spec.clusterIP;
      if (oldIp !== undefined && newObj.spec.clusterIP !== undefined && oldIp !== newObj.spec.clusterIP) {
        return [field.invalid('spec.clusterIPs[0]', newObj.spec.clusterIP, 'may not change once set')];
      }
      return [];
    }
    default:
      return [];
  }
}
