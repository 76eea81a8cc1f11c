import { canonicalJson } from '../../random/hash.js';
import { type FieldError, field } from '../fieldErrors.js';
import { kindInfo } from '../kinds.js';
import type { Kind, KubeObject, Pod, StatefulSet } from '../types.js';
import {
  validateNode,
  validatePersistentVolume,
  validatePersistentVolumeClaim,
  validatePod,
  validateService,
  validateStorageClass,
} from './cluster.js';
import { type NameValidator, validateObjectMeta } from './meta.js';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain } from './names.js';
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
    case 'Endpoints':
    case 'ControllerRevision':
    case 'Event':
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

function same(a: unknown, b: unknown): boolean {
  return a === b || canonicalJson(a) === canonicalJson(b);
}

const STS_MUTABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

/** Pod fields an update may change (ValidatePodUpdate), everything else must stay. */
function podSpecWithoutMutable(pod: Pod): unknown {
  const { activeDeadlineSeconds: _a, tolerations: _t, terminationGracePeriodSeconds: _g, ...rest } = pod.spec;
  return {
    ...rest,
    containers: pod.spec.containers.map(({ image: _i, ...c }) => c),
    initContainers: pod.spec.initContainers?.map(({ image: _i, ...c }) => c),
  };
}

/** The extra rules an update must satisfy (immutable fields), besides validateObject. */
export function validateUpdate(oldObj: KubeObject, newObj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  switch (newObj.kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
    case 'StatefulSet': {
      const oldSel = (oldObj as typeof newObj).spec.selector;
      if (!same(oldSel, newObj.spec.selector))
        errs.push(field.invalid('spec.selector', newObj.spec.selector, 'field is immutable'));
      if (newObj.kind === 'StatefulSet') {
        const o = (oldObj as StatefulSet).spec as Record<string, unknown>;
        const n = newObj.spec as Record<string, unknown>;
        const keys = new Set([...Object.keys(o), ...Object.keys(n)]);
        for (const k of keys) {
          if (k === 'selector' || STS_MUTABLE.includes(k)) continue;
          if (!same(o[k], n[k])) {
            errs.push(
              field.forbidden(
                'spec',
                "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
              ),
            );
            break;
          }
        }
      }
      break;
    }
    case 'Pod': {
      if (!same(podSpecWithoutMutable(oldObj as Pod), podSpecWithoutMutable(newObj))) {
        errs.push(
          field.forbidden(
            'spec',
            'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
          ),
        );
      }
      break;
    }
    case 'Service': {
      const oldIp = (oldObj as typeof newObj).spec.clusterIP;
      if (oldIp !== undefined && newObj.spec.clusterIP !== undefined && oldIp !== newObj.spec.clusterIP) {
        errs.push(field.invalid('spec.clusterIPs[0]', newObj.spec.clusterIP, 'may not change once set'));
      }
      break;
    }
    default:
      break;
  }
  return errs;
}
