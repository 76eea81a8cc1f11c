import { KubesimError } from '../errors.js';
import type { Kind, KindMap } from './types.js';

/** What discovery says of a kind: its group-version, resource name, short names, scope, and whether spec writes bump generation. */
export interface KindInfo {
  readonly kind: Kind;
  readonly apiVersion: string;
  /** API group ('' for core). */
  readonly group: string;
  /** The resource name kubectl and the API use (`deployments`). */
  readonly resource: string;
  readonly shortNames: readonly string[];
  readonly namespaced: boolean;
  /** Whether writes to spec bump metadata.generation (pkg/registry/<group>/<kind>/strategy.go). */
  readonly hasGeneration: boolean;
}

function info(
  kind: Kind,
  apiVersion: string,
  resource: string,
  shortNames: readonly string[],
  namespaced: boolean,
  hasGeneration: boolean,
): KindInfo {
  const slash = apiVersion.indexOf('/');
  return {
    kind,
    apiVersion,
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    resource,
    shortNames,
    namespaced,
    hasGeneration,
  };
}

/** Every kind, in the order kubesim lists and hashes them. */
export const KINDS: readonly KindInfo[] = [
  info('Node', 'v1', 'nodes', ['no'], false, false),
  info('Namespace', 'v1', 'namespaces', ['ns'], false, false),
  info('StorageClass', 'storage.k8s.io/v1', 'storageclasses', ['sc'], false, false),
  info('PersistentVolume', 'v1', 'persistentvolumes', ['pv'], false, false),
  info('PersistentVolumeClaim', 'v1', 'persistentvolumeclaims', ['pvc'], true, false),
  info('Service', 'v1', 'services', ['svc'], true, false),
  info('Endpoints', 'v1', 'endpoints', ['ep'], true, false),
  info('Deployment', 'apps/v1', 'deployments', ['deploy'], true, true),
  info('ReplicaSet', 'apps/v1', 'replicasets', ['rs'], true, true),
  info('ReplicationController', 'v1', 'replicationcontrollers', ['rc'], true, true),
  info('StatefulSet', 'apps/v1', 'statefulsets', ['sts'], true, true),
  info('DaemonSet', 'apps/v1', 'daemonsets', ['ds'], true, true),
  info('ControllerRevision', 'apps/v1', 'controllerrevisions', [], true, false),
  info('HorizontalPodAutoscaler', 'autoscaling/v2', 'horizontalpodautoscalers', ['hpa'], true, true),
  info('Job', 'batch/v1', 'jobs', [], true, true),
  info('CronJob', 'batch/v1', 'cronjobs', ['cj'], true, true),
  info('Pod', 'v1', 'pods', ['po'], true, false),
  info('Event', 'v1', 'events', ['ev'], true, false),
  info('ConfigMap', 'v1', 'configmaps', ['cm'], true, false),
  info('Secret', 'v1', 'secrets', [], true, false),
  info('ServiceAccount', 'v1', 'serviceaccounts', ['sa'], true, false),
  info('PodDisruptionBudget', 'policy/v1', 'poddisruptionbudgets', ['pdb'], true, true),
  info('LimitRange', 'v1', 'limitranges', ['limits'], true, false),
  info('ResourceQuota', 'v1', 'resourcequotas', ['quota'], true, false),
];

const BY_KIND: ReadonlyMap<string, KindInfo> = new Map(KINDS.map((k) => [k.kind, k]));

/** Whether kubesim serves this kind. */
export function isKind(kind: string): kind is Kind {
  return BY_KIND.has(kind);
}

/** The discovery facts of a kind; a kind kubesim does not serve throws the API server's `no matches for kind`. */
export function kindInfo<K extends Kind>(kind: K): KindInfo {
  const i = BY_KIND.get(kind);
  // The API server's answer to a kind it does not serve (kubectl: no matches for kind).
  if (i === undefined)
    throw new KubesimError('E_INVALID', `no matches for kind ${JSON.stringify(kind)}: kubesim does not serve it`);
  return i;
}

/**
 * How the API server names a kind in error messages: `Deployment.apps`, `Pod`,
 * `StorageClass.storage.k8s.io` (schema.GroupKind's String()).
 */
export function qualifiedKind(kind: Kind): string {
  const { group } = kindInfo(kind);
  return group === '' ? kind : `${kind}.${group}`;
}

/**
 * Resolves what a user types for a resource (`deploy`, `deployments`, `deployment`,
 * `Deployment`, `deployment.apps`, `deployments.v1.apps`) to a kind, as kubectl's RESTMapper
 * does for these kinds.
 */
export function resolveResource(name: string): Kind | undefined {
  const lower = name.toLowerCase();
  const base = lower.split('.')[0] ?? lower;
  for (const k of KINDS) {
    if (
      base === k.resource ||
      base === k.kind.toLowerCase() ||
      k.shortNames.includes(base) ||
      (k.kind === 'Endpoints' && base === 'endpoints')
    ) {
      return k.kind;
    }
  }
  return undefined;
}

/** The object type of a kind. */
export type ObjectOf<K extends Kind> = KindMap[K];
