import type { PersistentVolumeClaim, PersistentVolumeClaimTemplate, Pod, StatefulSet, Volume } from '@kubesim/core';
import { newControllerRef } from '../controllerutils/controllerRef.js';
import { podFromTemplate } from '../controllerutils/podTemplate.js';

/**
 * A stateful pod's identity (stateful_set_utils.go): its name `<set>-<ordinal>`, the labels
 * that name it, its hostname and subdomain, and the claims `<template>-<set>-<ordinal>` its
 * volumes point at.
 */

export const STATEFULSET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** The label with a StatefulSet pod's ordinal (apps.kubernetes.io/pod-index). */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
/** StatefulSetRevisionLabel: the full name of the pod's ControllerRevision. */
export const STATEFULSET_REVISION_LABEL = 'controller-revision-hash';

const STATEFUL_POD_REGEX = /^(.*)-([0-9]+)$/;
const INT32_MAX = 2147483647;

const parsed = new WeakMap<Pod, { readonly parent: string; readonly ordinal: number }>();

function parseName(name: string): { parent: string; ordinal: number } {
  const m = STATEFUL_POD_REGEX.exec(name);
  if (m === null) return { parent: '', ordinal: -1 };
  // strconv.ParseInt(_, 10, 32): an ordinal beyond int32 leaves the parent but no ordinal.
  const n = Number(m[2]);
  return { parent: m[1] as string, ordinal: n <= INT32_MAX ? n : -1 };
}

/** getParentNameAndOrdinal: "anything, a dash, trailing digits"; no match gives ("", -1). */
export function getParentNameAndOrdinal(pod: Pod): { readonly parent: string; readonly ordinal: number } {
  let p = parsed.get(pod);
  if (p === undefined) {
    p = parseName(pod.metadata.name ?? '');
    parsed.set(pod, p);
  }
  return p;
}

/** The StatefulSet name a pod's name carries (`web-2` → `web`), '' when it does not parse. */
export function getParentName(pod: Pod): string {
  return getParentNameAndOrdinal(pod).parent;
}

/** The ordinal a pod's name carries (`web-2` → 2), -1 when it does not parse. */
export function getOrdinal(pod: Pod): number {
  return getParentNameAndOrdinal(pod).ordinal;
}

/** getStartOrdinal: spec.ordinals.start, or 0. */
export function getStartOrdinal(set: StatefulSet): number {
  return set.spec.ordinals?.start ?? 0;
}

/** getEndOrdinal: the last ordinal in range (inclusive). */
export function getEndOrdinal(set: StatefulSet): number {
  return getStartOrdinal(set) + (set.spec.replicas ?? 1) - 1;
}

/** Whether the pod's ordinal is within the set's start ordinal and replicas. */
export function podInOrdinalRange(pod: Pod, set: StatefulSet): boolean {
  const ordinal = getOrdinal(pod);
  return ordinal >= getStartOrdinal(set) && ordinal <= getEndOrdinal(set);
}

/** The name of the set's pod at an ordinal (`web-2`). */
export function getPodName(set: StatefulSet, ordinal: number): string {
  return `${set.metadata.name}-${ordinal}`;
}

/** getPersistentVolumeClaimName: `<template>-<set>-<ordinal>` (datadir, foo, 0 → datadir-foo-0). */
export function getPersistentVolumeClaimName(set: StatefulSet, claim: PersistentVolumeClaimTemplate, ordinal: number): string {
  return `${claim.metadata.name}-${set.metadata.name}-${ordinal}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** getClaimPodName (upstream's test helper): the pod a claim belongs to, or "" (volume-my-set-2 → my-set-2). */
export function getClaimPodName(set: StatefulSet, claim: PersistentVolumeClaim): string {
  const m = new RegExp(`^.*-(${escapeRegExp(set.metadata.name ?? '')}-[0-9]+)$`).exec(claim.metadata.name ?? '');
  return m === null ? '' : (m[1] as string);
}

/** isMemberOf: the parsed parent is the set's name. */
export function isMemberOf(set: StatefulSet, pod: Pod): boolean {
  return getParentName(pod) === set.metadata.name;
}

/** identityMatches: name, namespace and the pod-name label agree with the set. */
export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const { parent, ordinal } = getParentNameAndOrdinal(pod);
  return (
    ordinal >= 0 &&
    set.metadata.name === parent &&
    pod.metadata.name === getPodName(set, ordinal) &&
    pod.metadata.namespace === set.metadata.namespace &&
    pod.metadata.labels?.[STATEFULSET_POD_NAME_LABEL] === pod.metadata.name
  );
}

/** storageMatches: every claim template has a volume of its name pointing at the pod's claim. */
export function storageMatches(set: StatefulSet, pod: Pod): boolean {
  const ordinal = getOrdinal(pod);
  if (ordinal < 0) return false;
  const volumes = pod.spec.volumes ?? [];
  for (const claim of set.spec.volumeClaimTemplates ?? []) {
    const v = volumes.find((x) => x.name === claim.metadata.name);
    if (v?.persistentVolumeClaim?.claimName !== getPersistentVolumeClaimName(set, claim, ordinal)) return false;
  }
  return true;
}

const matches = new WeakMap<Pod, { readonly spec: object; readonly name?: string; readonly ns?: string; readonly ok: boolean }>();

/** identityMatches && storageMatches, remembered per pod object and set spec (both immutable). */
export function identityAndStorageMatch(set: StatefulSet, pod: Pod): boolean {
  const m = matches.get(pod);
  if (m !== undefined && m.spec === set.spec && m.name === set.metadata.name && m.ns === set.metadata.namespace) return m.ok;
  const ok = identityMatches(set, pod) && storageMatches(set, pod);
  matches.set(pod, {
    spec: set.spec,
    ...(set.metadata.name !== undefined ? { name: set.metadata.name } : {}),
    ...(set.metadata.namespace !== undefined ? { ns: set.metadata.namespace } : {}),
    ok,
  });
  return ok;
}

/**
 * getPersistentVolumeClaims: the claims a pod needs, by template name. Labels are the
 * template's with the selector's matchLabels written over them (or the selector's alone).
 */
export function getPersistentVolumeClaims(set: StatefulSet, pod: Pod): Map<string, PersistentVolumeClaim> {
  const ordinal = getOrdinal(pod);
  const claims = new Map<string, PersistentVolumeClaim>();
  const matchLabels = set.spec.selector.matchLabels;
  for (const t of set.spec.volumeClaimTemplates ?? []) {
    const tm = t.metadata;
    const labels = tm.labels !== undefined ? { ...tm.labels, ...(matchLabels ?? {}) } : matchLabels;
    claims.set(tm.name as string, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        ...(tm.annotations !== undefined ? { annotations: { ...tm.annotations } } : {}),
        ...(tm.finalizers !== undefined ? { finalizers: [...tm.finalizers] } : {}),
        name: getPersistentVolumeClaimName(set, t, ordinal),
        namespace: set.metadata.namespace as string,
        ...(labels !== undefined ? { labels: { ...labels } } : {}),
      },
      spec: t.spec,
    });
  }
  return claims;
}

/**
 * updateStorage: one claim volume per template (named after it), then the pod's other
 * volumes; a pod volume whose name a template takes is replaced.
 */
export function updateStorage(set: StatefulSet, pod: Pod): Pod {
  const claims = getPersistentVolumeClaims(set, pod);
  const volumes: Volume[] = [];
  for (const [name, claim] of claims) {
    volumes.push({ name, persistentVolumeClaim: { claimName: claim.metadata.name as string, readOnly: false } });
  }
  for (const v of pod.spec.volumes ?? []) if (!claims.has(v.name)) volumes.push(v);
  if (volumes.length === 0 && pod.spec.volumes === undefined) return pod;
  return { ...pod, spec: { ...pod.spec, volumes } };
}

/** updateIdentity: name, namespace, and the pod-name and pod-index labels (PodIndexLabel is GA). */
export function updateIdentity(set: StatefulSet, pod: Pod): Pod {
  const ordinal = getOrdinal(pod);
  const name = getPodName(set, ordinal);
  return {
    ...pod,
    metadata: {
      ...pod.metadata,
      name,
      namespace: set.metadata.namespace as string,
      labels: { ...(pod.metadata.labels ?? {}), [STATEFULSET_POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal) },
    },
  };
}

/** initIdentity: updateIdentity plus hostname and subdomain, which are immutable once created. */
export function initIdentity(set: StatefulSet, pod: Pod): Pod {
  const p = updateIdentity(set, pod);
  const subdomain = set.spec.serviceName;
  return {
    ...p,
    spec: { ...p.spec, hostname: p.metadata.name as string, ...(subdomain ? { subdomain } : {}) },
  };
}

/** The controller-revision-hash label of a pod ('' without). */
export function getPodRevision(pod: Pod): string {
  return pod.metadata.labels?.[STATEFULSET_REVISION_LABEL] ?? '';
}

/** The pod with its controller-revision-hash label set to the revision. */
export function setPodRevision(pod: Pod, revision: string): Pod {
  return {
    ...pod,
    metadata: { ...pod.metadata, labels: { ...(pod.metadata.labels ?? {}), [STATEFULSET_REVISION_LABEL]: revision } },
  };
}

/** newStatefulSetPod: the template's pod with the ordinal's identity and storage. */
export function newStatefulSetPod(set: StatefulSet, ordinal: number): Pod {
  const base = podFromTemplate(set.spec.template, set, newControllerRef(set), { name: getPodName(set, ordinal) });
  return updateStorage(set, initIdentity(set, base));
}

/**
 * newVersionedStatefulSetPod: the revision a (re)created pod gets. Go's operator precedence
 * makes it `(RollingUpdate && rollingUpdate == nil && ordinal < start+currentReplicas) ||
 * (rollingUpdate != nil && ordinal < start+partition)`: below the partition the current
 * revision, otherwise (OnDelete included) the update revision.
 */
export function newVersionedStatefulSetPod(
  currentSet: StatefulSet,
  updateSet: StatefulSet,
  currentRevision: string,
  updateRevision: string,
  ordinal: number,
): Pod {
  const strategy = currentSet.spec.updateStrategy;
  const start = getStartOrdinal(currentSet);
  const ru = strategy?.rollingUpdate;
  const useCurrent =
    ((strategy?.type ?? 'RollingUpdate') === 'RollingUpdate' &&
      ru === undefined &&
      ordinal < start + (currentSet.status?.currentReplicas ?? 0)) ||
    (ru !== undefined && ordinal < start + (ru.partition ?? 0));
  if (useCurrent) return setPodRevision(newStatefulSetPod(currentSet, ordinal), currentRevision);
  return setPodRevision(newStatefulSetPod(updateSet, ordinal), updateRevision);
}

/** ascendingOrdinal / descendingOrdinal as comparators. */
export function ascendingOrdinal(a: Pod, b: Pod): number {
  return getOrdinal(a) - getOrdinal(b);
}

/** Orders pods by ordinal, highest first. */
export function descendingOrdinal(a: Pod, b: Pod): number {
  return getOrdinal(b) - getOrdinal(a);
}
