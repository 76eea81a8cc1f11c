import { type ClusterView, getScaledValueFromIntOrPercent, type Pod, type PodDisruptionBudget } from '@kubesim/core';
import { controllerOf } from '../controllerutils/controllerRef.js';

/**
 * getExpectedPodCount and getExpectedScale (pkg/controller/disruption/disruption.go): how many
 * pods a PDB expects and how many of them must be healthy. An integer minAvailable counts the
 * matching pods; a percentage, or any maxUnavailable, takes the sum of the scales of the pods'
 * controllers, found by upstream's finders in their order.
 */

interface ControllerAndScale {
  readonly uid: string;
  readonly scale: number;
}

type Finder = (
  view: ClusterView,
  ref: NonNullable<ReturnType<typeof controllerOf>>,
  namespace: string,
) => ControllerAndScale | undefined;

const group = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

/** verifyGroupKind: the ref's kind and one of the groups. */
function isKind(ref: { kind: string; apiVersion: string }, kind: string, groups: readonly string[]): boolean {
  return ref.kind === kind && groups.includes(group(ref.apiVersion));
}

const getPodReplicationController: Finder = (view, ref, ns) => {
  if (!isKind(ref, 'ReplicationController', [''])) return undefined;
  const rc = view.get('ReplicationController', ns, ref.name);
  return rc?.metadata.uid === ref.uid ? { uid: ref.uid, scale: rc.spec.replicas ?? 1 } : undefined;
};

/** A ReplicaSet of a Deployment: the Deployment's scale. */
const getPodDeployment: Finder = (view, ref, ns) => {
  if (!isKind(ref, 'ReplicaSet', ['apps', 'extensions'])) return undefined;
  const rs = view.get('ReplicaSet', ns, ref.name);
  if (rs?.metadata.uid !== ref.uid) return undefined;
  const owner = controllerOf(rs);
  if (owner === undefined || !isKind(owner, 'Deployment', ['apps', 'extensions'])) return undefined;
  const d = view.get('Deployment', ns, owner.name);
  return d?.metadata.uid === owner.uid ? { uid: owner.uid, scale: d.spec.replicas ?? 1 } : undefined;
};

/** A ReplicaSet of its own (one a Deployment controls is the Deployment's finder's). */
const getPodReplicaSet: Finder = (view, ref, ns) => {
  if (!isKind(ref, 'ReplicaSet', ['apps', 'extensions'])) return undefined;
  const rs = view.get('ReplicaSet', ns, ref.name);
  if (rs?.metadata.uid !== ref.uid) return undefined;
  if (controllerOf(rs)?.kind === 'Deployment') return undefined;
  return { uid: ref.uid, scale: rs.spec.replicas ?? 1 };
};

const getPodStatefulSet: Finder = (view, ref, ns) => {
  if (!isKind(ref, 'StatefulSet', ['apps'])) return undefined;
  const sts = view.get('StatefulSet', ns, ref.name);
  return sts?.metadata.uid === ref.uid ? { uid: ref.uid, scale: sts.spec.replicas ?? 1 } : undefined;
};

/** The group-resources kubesim serves without a /scale subresource, as the RESTMapper names them. */
const WITHOUT_SCALE: Readonly<Record<string, string>> = {
  DaemonSet: 'daemonsets.apps',
  Job: 'jobs.batch',
  CronJob: 'cronjobs.batch',
};

/** The kinds kubesim serves /scale for, by the group their refs name. */
const WITH_SCALE = { ReplicationController: '', Deployment: 'apps', ReplicaSet: 'apps', StatefulSet: 'apps' } as const;

/**
 * getScaleController: any owner through its /scale (a GET, here the view). It also catches
 * what the typed finders pass over: a ReplicaSet whose Deployment is gone or of another UID
 * counts with its own scale. A kind without /scale is upstream's error.
 */
const getScaleController: Finder = (view, ref, ns) => {
  const gr = WITHOUT_SCALE[ref.kind];
  if (gr !== undefined && group(ref.apiVersion) === gr.slice(gr.indexOf('.') + 1)) {
    throw new Error(`${gr} does not implement the scale subresource`);
  }
  const kind = ref.kind as keyof typeof WITH_SCALE;
  if (WITH_SCALE[kind] === undefined || WITH_SCALE[kind] !== group(ref.apiVersion)) return undefined;
  const obj = view.get(kind, ns, ref.name);
  // The scale's UID is the object's: another incarnation of the name is no controller of this pod.
  return obj?.metadata.uid === ref.uid ? { uid: ref.uid, scale: obj.spec.replicas ?? 1 } : undefined;
};

const FINDERS: readonly Finder[] = [
  getPodReplicationController,
  getPodDeployment,
  getPodReplicaSet,
  getPodStatefulSet,
  getScaleController,
];

/** getExpectedScale: the sum of the scales of the pods' controllers; pods without one are unmanaged. Throws upstream's error. */
export function getExpectedScale(view: ClusterView, pods: readonly Pod[]): { expectedCount: number; unmanagedPods: string[] } {
  const scales = new Map<string, number>();
  const unmanagedPods: string[] = [];
  for (const pod of pods) {
    const ref = controllerOf(pod);
    if (ref === undefined) {
      unmanagedPods.push(pod.metadata.name ?? '');
      continue;
    }
    if (scales.has(ref.uid)) continue;
    let found: ControllerAndScale | undefined;
    for (const finder of FINDERS) {
      found = finder(view, ref, pod.metadata.namespace ?? 'default');
      if (found !== undefined) break;
    }
    if (found === undefined) throw new Error(`found no controllers for pod ${JSON.stringify(pod.metadata.name ?? '')}`);
    scales.set(found.uid, found.scale);
  }
  let expectedCount = 0;
  for (const n of scales.values()) expectedCount += n;
  return { expectedCount, unmanagedPods };
}

/** getExpectedPodCount's result: the pods the budget expects, the healthy ones it needs, and the pods no controller owns. */
export interface ExpectedPodCount {
  readonly expectedCount: number;
  readonly desiredHealthy: number;
  readonly unmanagedPods: readonly string[];
}

/** getExpectedPodCount. Throws upstream's error (a pod with no controller found, a kind without /scale). */
export function getExpectedPodCount(view: ClusterView, pdb: PodDisruptionBudget, pods: readonly Pod[]): ExpectedPodCount {
  const { maxUnavailable, minAvailable } = pdb.spec;
  if (maxUnavailable !== undefined) {
    const { expectedCount, unmanagedPods } = getExpectedScale(view, pods);
    const max = getScaledValueFromIntOrPercent(maxUnavailable, expectedCount, true);
    return { expectedCount, desiredHealthy: Math.max(0, expectedCount - max), unmanagedPods };
  }
  if (minAvailable !== undefined) {
    if (typeof minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: minAvailable, unmanagedPods: [] };
    const { expectedCount, unmanagedPods } = getExpectedScale(view, pods);
    return { expectedCount, desiredHealthy: getScaledValueFromIntOrPercent(minAvailable, expectedCount, true), unmanagedPods };
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
}
