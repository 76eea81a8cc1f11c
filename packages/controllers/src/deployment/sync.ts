import { computeHash, type Deployment, type ReplicaSet } from '@kubesim/core';
import { newControllerRef } from '../controllerutils/controllerRef.js';
import type { DeploymentSync } from './context.js';
import { calculateStatus } from './status.js';
import {
  ANNOTATIONS_TO_SKIP,
  appendRevisionHistory,
  byCreationTimestamp,
  DESIRED_REPLICAS_ANNOTATION,
  deploymentComplete,
  filterActiveReplicaSets,
  findNewReplicaSet,
  findOldReplicaSets,
  getDeploymentCondition,
  getProportion,
  getReplicaCountForReplicaSets,
  hasProgressDeadline,
  isSaturated,
  MAX_REPLICAS_ANNOTATION,
  maxRevision,
  maxSurge,
  newDeploymentCondition,
  newRSNewReplicas,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  Reason,
  replicasOf,
  revision,
  setDeploymentCondition,
} from './util.js';

/** pkg/controller/deployment/sync.go: new and old sets, revisions, scaling, cleanup, status. */

/** The sets of this deployment, from the view (this sync's changes applied on top). */
export interface ReplicaSets {
  newRS: ReplicaSet | undefined;
  oldRSs: ReplicaSet[];
}

/**
 * SetNewReplicaSetAnnotations: the deployment's annotations (but the skipped ones) copied
 * onto the new set, and its revision raised to newRevision, remembering the old number in
 * revision-history. Returns the set, or undefined when nothing changed.
 */
function setNewReplicaSetAnnotations(
  d: Deployment,
  rs: ReplicaSet,
  newRevision: number,
  exists: boolean,
): ReplicaSet | undefined {
  const annotations = { ...(rs.metadata.annotations ?? {}) };
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  const oldRevision = annotations[REVISION_ANNOTATION];
  const oldRevisionInt =
    oldRevision === undefined ? 0 : /^[0-9]+$/.test(oldRevision) ? Number.parseInt(oldRevision, 10) : undefined;
  // A revision that does not parse is left alone, as upstream logs and skips it.
  if (oldRevisionInt !== undefined && oldRevisionInt < newRevision) {
    annotations[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (oldRevision !== undefined && oldRevision !== '' && exists) {
      annotations[REVISION_HISTORY_ANNOTATION] = appendRevisionHistory(annotations[REVISION_HISTORY_ANNOTATION], oldRevision);
    }
  }
  // Only a new set gets the replica annotations here; scaling keeps them current afterwards.
  if (!exists) {
    annotations[DESIRED_REPLICAS_ANNOTATION] = String(replicasOf(d));
    annotations[MAX_REPLICAS_ANNOTATION] = String(replicasOf(d) + maxSurge(d));
    changed = true;
  }
  return changed ? { ...rs, metadata: { ...rs.metadata, annotations } } : undefined;
}

/** SetDeploymentRevision: the deployment carries its new set's revision. */
function setDeploymentRevision(s: DeploymentSync, value: string): boolean {
  if (s.d.metadata.annotations?.[REVISION_ANNOTATION] === value) return false;
  s.d = {
    ...s.d,
    metadata: { ...s.d.metadata, annotations: { ...(s.d.metadata.annotations ?? {}), [REVISION_ANNOTATION]: value } },
  };
  return true;
}

function setProgressing(s: DeploymentSync, reason: string, message: string): void {
  const status = s.d.status ?? {};
  s.d = { ...s.d, status: setDeploymentCondition(status, newDeploymentCondition('Progressing', 'True', reason, message, s.now)) };
}

/** The template of a new set: the deployment's, labelled with its hash. */
function newReplicaSet(s: DeploymentSync, hash: string, oldRSs: readonly ReplicaSet[]): ReplicaSet {
  const d = s.d;
  const template = d.spec.template;
  const labels = { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace as string,
      labels,
      ownerReferences: [newControllerRef(d)],
    },
    spec: {
      replicas: 0,
      minReadySeconds: d.spec.minReadySeconds ?? 0,
      selector: { ...d.spec.selector, matchLabels: { ...(d.spec.selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } },
      template: { ...template, metadata: { ...(template.metadata ?? {}), labels } },
    },
  };
  const replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  return { ...rs, spec: { ...rs.spec, replicas } };
}

/**
 * getNewReplicaSet: the existing new set, brought up to date (annotations, revision,
 * minReadySeconds), or — when createIfNotExisted — a new one named after the template hash.
 * A name already taken by a different set is a hash collision: collisionCount goes up and
 * the next sync hashes again.
 */
function getNewReplicaSet(s: DeploymentSync, sets: ReplicaSets, createIfNotExisted: boolean): ReplicaSet | undefined {
  const d = s.d;
  const existing = sets.newRS;
  const newRevision = maxRevision(sets.oldRSs) + 1;
  if (existing !== undefined) {
    const annotated = setNewReplicaSetAnnotations(d, existing, newRevision, true);
    const minReady = d.spec.minReadySeconds ?? 0;
    if (annotated !== undefined || (existing.spec.minReadySeconds ?? 0) !== minReady) {
      const updated = { ...(annotated ?? existing), spec: { ...existing.spec, minReadySeconds: minReady } };
      s.update(updated);
      return updated;
    }
    let needsUpdate = setDeploymentRevision(s, existing.metadata.annotations?.[REVISION_ANNOTATION] ?? '');
    if (hasProgressDeadline(d) && getDeploymentCondition(s.d.status, 'Progressing') === undefined) {
      setProgressing(s, Reason.FoundNewReplicaSet, `Found new replica set ${JSON.stringify(existing.metadata.name)}`);
      needsUpdate = true;
    }
    if (needsUpdate) s.writeStatus();
    return existing;
  }
  if (!createIfNotExisted) return undefined;
  const hash = computeHash(d.spec.template, d.status?.collisionCount);
  const candidate = newReplicaSet(s, hash, sets.oldRSs);
  const taken = s.view.get('ReplicaSet', d.metadata.namespace, candidate.metadata.name as string);
  if (taken !== undefined) {
    // A different template hashed to a name in use: count the collision and hash again next time.
    s.d = { ...s.d, status: { ...(s.d.status ?? {}), collisionCount: (s.d.status?.collisionCount ?? 0) + 1 } };
    return undefined;
  }
  const created = setNewReplicaSetAnnotations(d, candidate, newRevision, false) ?? candidate;
  const replicas = created.spec.replicas ?? 0;
  s.create(created, {
    involved: s.involved,
    ...(replicas > 0
      ? {
          success: {
            eventType: 'Normal' as const,
            reason: 'ScalingReplicaSet',
            message: `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`,
          },
        }
      : {}),
    failure: {
      eventType: 'Warning',
      reason: Reason.FailedRSCreate,
      message: `Failed to create new replica set ${JSON.stringify(created.metadata.name)}: `,
    },
  });
  let needsUpdate = setDeploymentRevision(s, String(newRevision));
  if (hasProgressDeadline(d)) {
    setProgressing(s, Reason.NewReplicaSetCreated, `Created new replica set ${JSON.stringify(created.metadata.name)}`);
    needsUpdate = true;
  }
  if (needsUpdate) s.writeStatus();
  return created;
}

/** getAllReplicaSetsAndSyncRevision: the new set (created if asked) and the old ones. */
export function getAllReplicaSetsAndSyncRevision(
  s: DeploymentSync,
  rsList: readonly ReplicaSet[],
  createIfNotExisted: boolean,
): ReplicaSets {
  const [oldRSs] = findOldReplicaSets(s.d, rsList);
  const newRS = getNewReplicaSet(s, { newRS: findNewReplicaSet(s.d, rsList), oldRSs }, createIfNotExisted);
  return { newRS, oldRSs };
}

/**
 * scaleReplicaSet: a size change (or stale replica annotations) is an update of the set; the
 * ScalingReplicaSet event ("Scaled up replica set x from 1 to 3") goes out when it lands.
 */
export function scaleReplicaSet(s: DeploymentSync, rs: ReplicaSet, newScale: number): ReplicaSet {
  const d = s.d;
  const oldScale = rs.spec.replicas ?? 0;
  const sizeNeedsUpdate = oldScale !== newScale;
  const desired = String(replicasOf(d));
  const max = String(replicasOf(d) + maxSurge(d));
  const annotationsNeedUpdate =
    rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION] !== desired ||
    rs.metadata.annotations?.[MAX_REPLICAS_ANNOTATION] !== max;
  if (!sizeNeedsUpdate && !annotationsNeedUpdate) return rs;
  const scaled: ReplicaSet = {
    ...rs,
    metadata: {
      ...rs.metadata,
      annotations: { ...(rs.metadata.annotations ?? {}), [DESIRED_REPLICAS_ANNOTATION]: desired, [MAX_REPLICAS_ANNOTATION]: max },
    },
    spec: { ...rs.spec, replicas: newScale },
  };
  const direction = newScale > oldScale ? 'up' : 'down';
  s.update(
    scaled,
    sizeNeedsUpdate
      ? {
          involved: s.involved,
          success: {
            eventType: 'Normal',
            reason: 'ScalingReplicaSet',
            message: `Scaled ${direction} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`,
          },
        }
      : undefined,
  );
  return scaled;
}

/** scaleReplicaSetAndRecordEvent: nothing to write when the size is right. */
export function scaleReplicaSetAndRecordEvent(
  s: DeploymentSync,
  rs: ReplicaSet,
  newScale: number,
): [scaled: boolean, rs: ReplicaSet] {
  if ((rs.spec.replicas ?? 0) === newScale) return [false, rs];
  return [true, scaleReplicaSet(s, rs, newScale)];
}

/** Sizes descending; ties newer first, then name descending (ReplicaSetsBySizeNewer). */
function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  const diff = (b.spec.replicas ?? 0) - (a.spec.replicas ?? 0);
  if (diff !== 0) return diff;
  const t = (b.metadata.creationTimestamp ?? 0) - (a.metadata.creationTimestamp ?? 0);
  if (t !== 0) return t;
  return (a.metadata.name ?? '') > (b.metadata.name ?? '') ? -1 : 1;
}

/** Sizes descending; ties older first, then name ascending (ReplicaSetsBySizeOlder). */
function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  const diff = (b.spec.replicas ?? 0) - (a.spec.replicas ?? 0);
  if (diff !== 0) return diff;
  const t = (a.metadata.creationTimestamp ?? 0) - (b.metadata.creationTimestamp ?? 0);
  if (t !== 0) return t;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

/** FindActiveOrLatest: the only active set, or with none the new set or the newest old one. */
function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ReplicaSet | undefined {
  if (newRS === undefined && oldRSs.length === 0) return undefined;
  const sortedOld = [...oldRSs].sort((a, b) => -byCreationTimestamp(a, b));
  const all = newRS === undefined ? sortedOld : [...sortedOld, newRS];
  const active = filterActiveReplicaSets(all);
  if (active.length === 1) return active[0];
  if (active.length === 0) return newRS ?? sortedOld[0];
  return undefined;
}

/**
 * scale (sync.go): a changed spec.replicas spread over the active sets. One active set takes
 * it all; a saturated new set means the old ones go to 0; otherwise, under RollingUpdate,
 * each set grows or shrinks in proportion (getProportion), the largest taking the leftover.
 */
export function scale(s: DeploymentSync, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): void {
  const d = s.d;
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest !== undefined) {
    if ((activeOrLatest.spec.replicas ?? 0) !== replicasOf(d)) scaleReplicaSetAndRecordEvent(s, activeOrLatest, replicasOf(d));
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActiveReplicaSets(oldRSs)) scaleReplicaSetAndRecordEvent(s, old, 0);
    return;
  }
  if (d.spec.strategy?.type !== 'RollingUpdate') return;
  const allRSs = filterActiveReplicaSets(newRS === undefined ? [...oldRSs] : [...oldRSs, newRS]);
  const allowedSize = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const deploymentReplicasToAdd = allowedSize - getReplicaCountForReplicaSets(allRSs);
  const sorted = [...allRSs].sort(deploymentReplicasToAdd > 0 ? bySizeNewer : bySizeOlder);
  const sizes = new Map<ReplicaSet, number>();
  let added = 0;
  for (const rs of sorted) {
    if (deploymentReplicasToAdd !== 0) {
      const proportion = getProportion(rs, d, deploymentReplicasToAdd, added);
      sizes.set(rs, (rs.spec.replicas ?? 0) + proportion);
      added += proportion;
    } else sizes.set(rs, rs.spec.replicas ?? 0);
  }
  const first = sorted[0];
  if (first !== undefined && deploymentReplicasToAdd !== 0) {
    // The leftover goes to the largest set, never below zero.
    sizes.set(first, Math.max(0, (sizes.get(first) ?? 0) + deploymentReplicasToAdd - added));
  }
  // Every active set is written: its size if it changed, and its replica annotations.
  for (const rs of sorted) scaleReplicaSet(s, rs, sizes.get(rs) ?? 0);
}

/** isScalingEvent: an active set's desired-replicas annotation differs from spec.replicas. */
export function isScalingEvent(d: Deployment, rsList: readonly ReplicaSet[]): boolean {
  for (const rs of filterActiveReplicaSets(rsList)) {
    const desired = rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION];
    if (desired === undefined) continue;
    if (desired !== String(replicasOf(d))) return true;
  }
  return false;
}

/**
 * cleanupDeployment: with more old sets than revisionHistoryLimit, the oldest revisions are
 * deleted — but only those scaled to 0 and settled; a skipped one is not replaced by a newer.
 */
export function cleanupDeployment(s: DeploymentSync, oldRSs: readonly ReplicaSet[]): void {
  const limit = s.d.spec.revisionHistoryLimit;
  if (limit === undefined || limit === 2147483647) return;
  const candidates = oldRSs.filter((rs) => rs.metadata.deletionTimestamp === undefined);
  const diff = candidates.length - limit;
  if (diff <= 0) return;
  const sorted = [...candidates].sort((a, b) => {
    const ra = revision(a);
    const rb = revision(b);
    if (ra !== undefined && rb !== undefined && ra !== rb) return ra - rb;
    return byCreationTimestamp(a, b);
  });
  for (const rs of sorted.slice(0, diff)) {
    const settled =
      (rs.status?.replicas ?? 0) === 0 &&
      (rs.spec.replicas ?? 0) === 0 &&
      (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0) &&
      rs.metadata.deletionTimestamp === undefined;
    if (settled) s.deleteReplicaSet(rs);
  }
}

/** syncDeploymentStatus: plain status, Progressing not re-evaluated (scaling and pause). */
export function syncDeploymentStatus(s: DeploymentSync, allRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined): void {
  s.d = { ...s.d, status: calculateStatus(allRSs, newRS, s.d, s.now) };
}

/**
 * sync: the path for a paused deployment or a scaling event — proportional scaling, cleanup
 * while paused, and plain status; no new set is created.
 */
export function sync(s: DeploymentSync, rsList: readonly ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, false);
  scale(s, newRS, oldRSs);
  const latest = (rs: ReplicaSet): ReplicaSet => s.latest(rs);
  if (s.d.spec.paused) cleanupDeployment(s, oldRSs.map(latest));
  const allRSs = [...oldRSs, ...(newRS === undefined ? [] : [newRS])].map(latest);
  syncDeploymentStatus(s, allRSs, newRS === undefined ? undefined : latest(newRS));
}

export { deploymentComplete };
