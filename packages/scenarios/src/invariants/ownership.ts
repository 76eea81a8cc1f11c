import type { ClusterView, Deployment, KubeObject, Pod, StatefulSet } from '@kubesim/core';
import { controllerOf } from '@kubesim/core';

/** The Deployment a pod belongs to through its ReplicaSet, if any. */
export function deploymentOfPod(view: ClusterView, pod: Pod): Deployment | undefined {
  const rsRef = controllerOf(pod);
  if (rsRef?.kind !== 'ReplicaSet') return undefined;
  const rs = view.byUid(rsRef.uid);
  const dRef = controllerOf(rs);
  if (dRef?.kind !== 'Deployment') return undefined;
  const d = view.byUid(dRef.uid);
  return d?.kind === 'Deployment' ? d : undefined;
}

export function statefulSetOfPod(view: ClusterView, pod: Pod): StatefulSet | undefined {
  const ref = controllerOf(pod);
  if (ref?.kind !== 'StatefulSet') return undefined;
  const sts = view.byUid(ref.uid);
  return sts?.kind === 'StatefulSet' ? sts : undefined;
}

/** A StatefulSet pod's ordinal: the number after the set's name (getOrdinal). */
export function ordinalOf(sts: StatefulSet, pod: KubeObject): number | undefined {
  const name = pod.metadata.name ?? '';
  const prefix = `${sts.metadata.name}-`;
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  return /^[0-9]+$/.test(rest) ? Number(rest) : undefined;
}

export function describeRef(obj: KubeObject): string {
  return `${obj.kind.toLowerCase()}/${obj.metadata.name}`;
}
