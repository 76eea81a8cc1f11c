import type { ControllerRevision, Pod, StatefulSet } from '@kubesim/core';
import { slowStartBatches } from '../controllerutils/slowStart.js';
import {
  controllerRevisionName,
  equalRevision,
  findEqualRevisions,
  hashControllerRevision,
  revisionRaw,
  sortControllerRevisions,
} from '../history/history.js';
import { refOf } from '../util/effects.js';
import type { StatefulSetSync } from './context.js';
import {
  descendingOrdinal,
  getEndOrdinal,
  getOrdinal,
  getPodRevision,
  getStartOrdinal,
  identityAndStorageMatch,
  newVersionedStatefulSetPod,
  podInOrdinalRange,
} from './identity.js';
import {
  claimsMatchRetentionPolicy,
  createMissingPersistentVolumeClaims,
  createStatefulPod,
  deleteStatefulPod,
  podClaimIsStale,
  updatePodClaimForRetentionPolicy,
  updateStatefulPod,
} from './podcontrol.js';
import {
  allowsBurst,
  isCreated,
  isFailed,
  isPending,
  isRunningAndAvailable,
  isRunningAndReady,
  isSucceeded,
  isTerminating,
  isUnavailable,
} from './podstate.js';
import { applyRevision, newRevision, nextRevision } from './revision.js';
import { rollingUpdate, updateStatefulSetAfterInvariantEstablished } from './rolling.js';
import { completeRollingUpdate, inconsistentStatus, type StatefulSetStatus, updateStatus } from './status.js';

/**
 * defaultStatefulSetControl (stateful_set_control.go): revisions, then the pods (scaling
 * before updating; OrderedReady one pod at a time, Parallel all at once), status, and the
 * history limit.
 */

/** Realistic value for maximum in-flight requests when processing in parallel mode. */
export const MAX_BATCH_SIZE = 500;

interface Step {
  /** Stop processing (OrderedReady waits; Parallel ignores it). */
  readonly exit: boolean;
  readonly error?: string;
}

const GO_ON: Step = { exit: false };
const STOP: Step = { exit: true };

export interface SetRevisions {
  readonly currentRevision: ControllerRevision;
  readonly updateRevision: ControllerRevision;
  readonly collisionCount: number;
}

/**
 * UpdateStatefulSet: the current and update revisions, the pods, the status write, then the
 * truncation of history. Returns the status computed. As performUpdate: a revision that cannot
 * be written ends the sync (its call is outside any wave); a pod call that fails ends the pod
 * work (the pods' calls are waves) but the status is still written; truncation follows the
 * status write. (Upstream truncates after a failed status write too; here that failure, being
 * outside any wave, ends the sync first.)
 */
export function updateStatefulSet(
  s: StatefulSetSync,
  set: StatefulSet,
  pods: readonly Pod[],
  revisions: readonly ControllerRevision[],
): StatefulSetStatus {
  const sorted = sortControllerRevisions(revisions);
  const revs = getStatefulSetRevisions(s, set, sorted);
  const status = updateStatefulSetPods(s, set, revs, pods);
  updateStatefulSetStatus(s, set, status);
  truncateHistory(s, set, pods, sorted, revs.currentRevision, revs.updateRevision);
  return status;
}

/**
 * CreateControllerRevision: named by the hash with the collision count; a name taken by
 * other data bumps the count and tries again, one taken by equal data is that revision.
 */
function createControllerRevision(
  s: StatefulSetSync,
  set: StatefulSet,
  revision: ControllerRevision,
  collisionCount: number,
): { revision: ControllerRevision; collisionCount: number } {
  for (let count = collisionCount; ; count++) {
    const name = controllerRevisionName(set.metadata.name ?? '', hashControllerRevision(revision, count));
    const existing = s.view.get('ControllerRevision', set.metadata.namespace, name);
    if (existing === undefined) {
      const created = { ...revision, metadata: { ...revision.metadata, name } };
      s.emit({ type: 'create', object: created });
      return { revision: created, collisionCount: count };
    }
    if (revisionRaw(existing) === revisionRaw(revision)) return { revision: existing, collisionCount: count };
  }
}

/**
 * UpdateControllerRevision: renumbers a revision (a rollback brings an old one back on top):
 * an Update over the informer's version, retried on a conflict over the lister's fresh copy
 * (retry.RetryOnConflict with DefaultBackoff: 4 tries).
 */
function updateControllerRevision(s: StatefulSetSync, revision: ControllerRevision, newRevision: number): ControllerRevision {
  if (revision.revision === newRevision) return revision;
  const updated = { ...revision, revision: newRevision };
  s.emit({ type: 'update', object: updated, retry: { times: 3, onlyConflicts: true, fromCache: { pause: 10 } } });
  return updated;
}

/**
 * getStatefulSetRevisions: the template's revision is the newest one if equal to it, an
 * older equal one renumbered to the top (rollback), or a new one. The current revision is
 * the one status names, or the update revision when there is none.
 */
export function getStatefulSetRevisions(
  s: StatefulSetSync,
  set: StatefulSet,
  unsorted: readonly ControllerRevision[],
): SetRevisions {
  const revisions = sortControllerRevisions(unsorted);
  let collisionCount = set.status?.collisionCount ?? 0;
  const candidate = newRevision(set, nextRevision(revisions), collisionCount);
  const equal = findEqualRevisions(revisions, candidate);
  const last = revisions.at(-1);
  const lastEqual = equal.at(-1);
  let updateRevision: ControllerRevision;
  if (lastEqual !== undefined && equalRevision(last, lastEqual)) updateRevision = last as ControllerRevision;
  else if (lastEqual !== undefined) updateRevision = updateControllerRevision(s, lastEqual, candidate.revision);
  else ({ revision: updateRevision, collisionCount } = createControllerRevision(s, set, candidate, collisionCount));
  const named = set.status?.currentRevision;
  const currentRevision = revisions.find((r) => r.metadata.name === named) ?? updateRevision;
  return { currentRevision, updateRevision, collisionCount };
}

/**
 * truncateHistory: revisions that neither status nor any pod uses are deleted, oldest
 * first, down to revisionHistoryLimit.
 */
export function truncateHistory(
  s: StatefulSetSync,
  set: StatefulSet,
  pods: readonly Pod[],
  revisions: readonly ControllerRevision[],
  current: ControllerRevision,
  update: ControllerRevision,
): void {
  const live = new Set<string>([current.metadata.name as string, update.metadata.name as string]);
  for (const pod of pods) live.add(getPodRevision(pod));
  const history = revisions.filter((r) => !live.has(r.metadata.name as string));
  const limit = set.spec.revisionHistoryLimit ?? 10;
  if (limit < 0 || history.length <= limit) return;
  // DeleteControllerRevision: by name, no preconditions; the first that fails ends it.
  for (const r of history.slice(0, history.length - limit)) s.emit({ type: 'delete', ref: refOf(r) });
}

/**
 * runForAll: OrderedReady goes pod by pod (each pod's calls one after another) and stops at
 * the first step that says so; Parallel runs every step in slow-start batches (1, 2, 4, … up
 * to 500), each batch's calls going out together, and stops after a batch that had an error.
 */
function runForAll(s: StatefulSetSync, count: number, fn: (i: number) => Step, monotonic: boolean): boolean {
  if (monotonic) {
    for (let i = 0; i < count; i++) {
      const r = s.unit(() => fn(i));
      if (r.exit || r.error !== undefined) return true;
    }
    return false;
  }
  let i = 0;
  for (const size of slowStartBatches(count, 1, MAX_BATCH_SIZE)) {
    let failed = false;
    s.batch(() => {
      for (let k = 0; k < size; k++) if (s.unit(() => fn(i++)).error !== undefined) failed = true;
    });
    if (failed) return true;
  }
  return false;
}

/**
 * processReplica: a finished pod is deleted (and recreated by a later sync); a missing one
 * created (OrderedReady then waits); a Pending one gets its missing claims; OrderedReady
 * waits on a terminating, unready or unavailable pod; identity, storage and claim
 * references are fixed in place.
 */
function processReplica(s: StatefulSetSync, set: StatefulSet, updateSet: StatefulSet, monotonic: boolean, pod: Pod): Step {
  if (isFailed(pod) || isSucceeded(pod)) {
    if (!isTerminating(pod)) deleteStatefulPod(s, set, pod);
    return STOP;
  }
  if (!isCreated(pod)) {
    if (podClaimIsStale(s, set, pod)) return STOP;
    const failed = createStatefulPod(s, set, pod);
    if (failed !== undefined) return { exit: true, error: failed.error };
    // The rest of the checks hold by construction for a pod just planned.
    return monotonic ? STOP : GO_ON;
  }
  if (isPending(pod)) {
    const error = createMissingPersistentVolumeClaims(s, set, pod);
    if (error !== undefined) return { exit: true, error };
  }
  if (monotonic) {
    if (isTerminating(pod)) return STOP;
    if (!isRunningAndReady(pod)) return STOP;
    if (!isRunningAndAvailable(pod, s.minReadySeconds, s.now)) return STOP;
  }
  const retentionMatch = s.retentionMatches(updateSet, pod, () => claimsMatchRetentionPolicy(s, updateSet, pod));
  if (identityAndStorageMatch(set, pod) && retentionMatch) return GO_ON;
  updateStatefulPod(s, updateSet, pod);
  return GO_ON;
}

/**
 * processCondemned: OrderedReady waits for a terminating pod, and deletes an unhealthy one
 * only if it is the first unhealthy pod of the set; one deletion per sync.
 */
function processCondemned(
  s: StatefulSetSync,
  set: StatefulSet,
  firstUnhealthyPod: Pod | undefined,
  monotonic: boolean,
  pod: Pod,
): Step {
  if (isTerminating(pod)) return monotonic ? STOP : GO_ON;
  if (monotonic && pod !== firstUnhealthyPod) {
    if (!isRunningAndReady(pod)) return STOP;
    if (!isRunningAndAvailable(pod, s.minReadySeconds, s.now)) return STOP;
  }
  deleteStatefulPod(s, set, pod);
  return STOP;
}

/**
 * updateStatefulSet (upstream's private one): sorts the pods into the in-range replicas (the
 * missing ones planned at the revision newVersionedStatefulSetPod gives) and the condemned,
 * scales, then updates: nothing for OnDelete, a rolling update otherwise.
 */
export function updateStatefulSetPods(
  s: StatefulSetSync,
  set: StatefulSet,
  revs: SetRevisions,
  pods: readonly Pod[],
): StatefulSetStatus {
  const { currentRevision, updateRevision } = revs;
  const currentSet = applyRevision(set, currentRevision);
  const updateSet = applyRevision(set, updateRevision);
  const minReady = s.minReadySeconds;
  const status: StatefulSetStatus = {
    observedGeneration: set.metadata.generation ?? 0,
    replicas: 0,
    readyReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
    availableReplicas: 0,
    currentRevision: currentRevision.metadata.name as string,
    updateRevision: updateRevision.metadata.name as string,
    collisionCount: revs.collisionCount,
  };

  const start = getStartOrdinal(set);
  const end = getEndOrdinal(set);
  const count = Math.max(0, end - start + 1);
  const replicas: (Pod | undefined)[] = new Array<Pod | undefined>(count);
  const condemned: Pod[] = [];
  for (const pod of pods) {
    if (podInOrdinalRange(pod, set)) replicas[getOrdinal(pod) - start] = pod;
    else if (getOrdinal(pod) >= 0) condemned.push(pod);
  }
  // A missing replica is planned at the revision newVersionedStatefulSetPod gives. Upstream
  // plans every missing ordinal each sync; here a planned pod is built when first needed
  // (OrderedReady needs only the first), which keeps a sync of a big set linear.
  const slot = (i: number): Pod => {
    let pod = replicas[i];
    if (pod === undefined) {
      pod = newVersionedStatefulSetPod(currentSet, updateSet, status.currentRevision, status.updateRevision, start + i);
      replicas[i] = pod;
    }
    return pod;
  };
  condemned.sort(descendingOrdinal);

  // The first unhealthy pod: in range first (a missing replica is unavailable), then the
  // condemned from the lowest ordinal. Only a condemned one matters to processCondemned.
  let firstUnhealthyCondemned: Pod | undefined;
  let replicaUnhealthy = false;
  for (let i = 0; i < count && !replicaUnhealthy; i++) {
    const pod = replicas[i];
    replicaUnhealthy = pod === undefined || isUnavailable(pod, minReady, s.now);
  }
  for (let i = condemned.length - 1; i >= 0 && !replicaUnhealthy && firstUnhealthyCondemned === undefined; i--) {
    const pod = condemned[i] as Pod;
    if (isUnavailable(pod, minReady, s.now)) firstUnhealthyCondemned = pod;
  }

  // A set being deleted only gets its status updated (counted over every pod it has).
  if (set.metadata.deletionTimestamp !== undefined) {
    updateStatus(status, minReady, currentRevision, updateRevision, s.now, pods);
    return status;
  }

  const monotonic = !allowsBurst(set);
  const recount = (): StatefulSetStatus => {
    const existing = replicas.filter((p): p is Pod => p !== undefined);
    updateStatus(status, minReady, currentRevision, updateRevision, s.now, existing, condemned);
    return status;
  };
  if (runForAll(s, count, (i) => processReplica(s, set, updateSet, monotonic, slot(i)), monotonic)) return recount();
  // Claims of condemned pods get their references first: whenScaled Delete needs the pod's
  // reference on the claim before the pod goes.
  const fixPodClaim = (i: number): Step => {
    const pod = condemned[i] as Pod;
    if (!claimsMatchRetentionPolicy(s, updateSet, pod)) updatePodClaimForRetentionPolicy(s, updateSet, pod);
    return GO_ON;
  };
  if (runForAll(s, condemned.length, fixPodClaim, monotonic)) return recount();
  // Scale down only once every replica is Running, Ready and available (OrderedReady).
  const condemn = (i: number): Step => processCondemned(s, set, firstUnhealthyCondemned, monotonic, condemned[i] as Pod);
  if (runForAll(s, condemned.length, condemn, monotonic)) return recount();
  recount();

  // OnDelete: pods are replaced only when someone deletes them.
  if (set.spec.updateStrategy?.type === 'OnDelete') return status;
  const all = Array.from({ length: count }, (_, i) => slot(i));
  // The update's deletions are pod work too: one failing still lets the status go.
  if (s.maxUnavailableGate) return s.unit(() => updateStatefulSetAfterInvariantEstablished(s, set, all, updateRevision, status));
  return s.unit(() => rollingUpdate(s, set, all, updateRevision, status));
}

/** updateStatefulSetStatus: completes a finished rolling update, then writes status if it changed. */
export function updateStatefulSetStatus(s: StatefulSetSync, set: StatefulSet, status: StatefulSetStatus): void {
  completeRollingUpdate(set, status);
  if (!inconsistentStatus(set, status)) return;
  const fallback = status.beforeDelete;
  if (fallback !== undefined) completeRollingUpdate(set, fallback);
  s.emit({
    type: 'updateStatus',
    object: withStatus(set, status),
    ...(fallback !== undefined ? { ifWaveFailed: withStatus(set, fallback) } : {}),
    // realStatefulSetStatusUpdater: retry.RetryOnConflict(retry.DefaultRetry) — 5 tries 10ms
    // apart, re-reading the set from the lister between them.
    retry: { times: 4, onlyConflicts: true, fromCache: { pause: 10 } },
  });
}

function withStatus(set: StatefulSet, status: StatefulSetStatus): StatefulSet {
  return {
    ...set,
    status: {
      observedGeneration: status.observedGeneration,
      replicas: status.replicas,
      readyReplicas: status.readyReplicas,
      currentReplicas: status.currentReplicas,
      updatedReplicas: status.updatedReplicas,
      currentRevision: status.currentRevision,
      updateRevision: status.updateRevision,
      collisionCount: status.collisionCount,
      availableReplicas: status.availableReplicas,
    },
  };
}
