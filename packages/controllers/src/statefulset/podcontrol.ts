import type { Effect, PersistentVolumeClaim, Pod, StatefulSet, WriteReport } from '@kubesim/core';
import { refOf } from '../util/effects.js';
import type { StatefulSetSync } from './context.js';
import {
  getOrdinal,
  getPersistentVolumeClaimName,
  getPersistentVolumeClaims,
  identityMatches,
  storageMatches,
  updateIdentity,
  updateStorage,
} from './identity.js';
import {
  getPersistentVolumeClaimRetentionPolicy,
  hasStaleOwnerRef,
  hasUnexpectedController,
  isClaimOwnerUpToDate,
  POD_KIND,
  updateClaimOwnerRefForSetAndPod,
} from './retention.js';

/**
 * StatefulPodControl (stateful_pod_control.go): creating, updating and deleting a set's pods
 * and claims, with upstream's events (`create Pod web-0 in StatefulSet web successful`).
 * The API server's error text is appended to a failure message when the write is rejected.
 */

const VERBS = { create: 'Create', update: 'Update', delete: 'Delete' } as const;
type Verb = keyof typeof VERBS;

/** recordPodEvent, as the report of the write it describes. */
function podReport(s: StatefulSetSync, verb: Verb, set: StatefulSet, pod: Pod): WriteReport {
  const subject = `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name}`;
  return {
    involved: s.involved,
    success: { eventType: 'Normal', reason: `Successful${VERBS[verb]}`, message: `${subject} successful` },
    failure: { eventType: 'Warning', reason: `Failed${VERBS[verb]}`, message: `${subject} failed error: ` },
  };
}

/** recordPodEvent for an error the controller found itself (no write was made). */
function podFailed(s: StatefulSetSync, verb: Verb, set: StatefulSet, pod: Pod, error: string): void {
  s.event(
    'Warning',
    `Failed${VERBS[verb]}`,
    `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${error}`,
  );
}

/** recordClaimEvent, as the report of the claim's creation. */
function claimReport(s: StatefulSetSync, set: StatefulSet, pod: Pod, claim: PersistentVolumeClaim): WriteReport {
  const c = claim.metadata.name;
  const p = pod.metadata.name;
  return {
    involved: s.involved,
    success: {
      eventType: 'Normal',
      reason: 'SuccessfulCreate',
      message: `create Claim ${c} Pod ${p} in StatefulSet ${set.metadata.name} success`,
    },
    failure: {
      eventType: 'Warning',
      reason: 'FailedCreate',
      message: `create Claim ${c} for Pod ${p} in StatefulSet ${set.metadata.name} failed error: `,
    },
  };
}

/** utilerrors.NewAggregate's text: one error as itself, several in brackets. */
function aggregate(errs: readonly string[]): string {
  return errs.length === 1 ? (errs[0] as string) : `[${errs.join(', ')}]`;
}

export interface ClaimsResult {
  /** The create calls of the claims that do not exist: one step, sent together. */
  readonly creates: Effect[];
  readonly error?: string;
}

/**
 * createPersistentVolumeClaims: creates the pod's missing claims (each one failing does not
 * stop the next); a claim being deleted is an error (the pod must wait for it to go).
 */
export function createPersistentVolumeClaims(s: StatefulSetSync, set: StatefulSet, pod: Pod): ClaimsResult {
  const errs: string[] = [];
  const creates: Effect[] = [];
  for (const claim of getPersistentVolumeClaims(set, pod).values()) {
    const name = claim.metadata.name as string;
    const existing = s.claim(name);
    if (existing === undefined) {
      creates.push(s.createClaim(claim, claimReport(s, set, pod, claim)));
    } else if (existing.metadata.deletionTimestamp !== undefined) {
      errs.push(`pvc ${name} is being deleted`);
    }
  }
  return errs.length > 0 ? { creates, error: aggregate(errs) } : { creates };
}

/**
 * CreateStatefulPod: the claims first (one step), then the pod, then the claims' references
 * as far as they can be set now (UpdatePodClaimForRetentionPolicy; a claim created in this
 * sync is not in the informer yet and is skipped, as upstream's lister misses it). A claim
 * whose create fails stops the pod's create (the wave failed); upstream also records a
 * FailedCreate for the pod then, which kubesim cannot attach to a call it never sends.
 */
export function createStatefulPod(s: StatefulSetSync, set: StatefulSet, pod: Pod): { error: string } | undefined {
  const claims = createPersistentVolumeClaims(s, set, pod);
  s.step(...claims.creates);
  if (claims.error !== undefined) {
    podFailed(s, 'create', set, pod, claims.error);
    return { error: claims.error };
  }
  // A pod that already exists is an error of the sync but records no Event ("sink already exists errors").
  s.step({ type: 'create', object: pod, report: { ...podReport(s, 'create', set, pod), quietOn: ['AlreadyExists'] } });
  updatePodClaimForRetentionPolicy(s, set, pod);
  return undefined;
}

/**
 * DeleteStatefulPod: a graceful delete by name, without preconditions (objectMgr.DeletePod
 * sends empty DeleteOptions).
 */
export function deleteStatefulPod(s: StatefulSetSync, set: StatefulSet, pod: Pod): void {
  // NotFound is an error here (DeleteStatefulPod returns it, with a FailedDelete event).
  s.step({
    type: 'delete',
    ref: refOf(pod),
    report: podReport(s, 'delete', set, pod),
    ignoreNotFound: false,
    notFoundIsDone: true,
  });
}

/**
 * UpdateStatefulPod: fixes identity and storage in place (creating missing claims first, and
 * an update that changes the pod's volumes is rejected by the API server, as upstream's is),
 * then the claims' references, then one Update of the pod over the version the informer had,
 * retried on a conflict over the informer's fresh copy (retry.RetryOnConflict with
 * DefaultBackoff: 4 tries).
 */
export function updateStatefulPod(s: StatefulSetSync, set: StatefulSet, pod: Pod): void {
  let next = pod;
  let consistent = true;
  if (!identityMatches(set, next)) {
    next = updateIdentity(set, next);
    consistent = false;
  }
  if (!storageMatches(set, next)) {
    next = updateStorage(set, next);
    consistent = false;
    const claims = createPersistentVolumeClaims(s, set, next);
    s.step(...claims.creates);
    if (claims.error !== undefined) {
      podFailed(s, 'update', set, next, claims.error);
      return;
    }
  }
  if (!claimsMatchRetentionPolicy(s, set, next)) {
    updatePodClaimForRetentionPolicy(s, set, next);
    consistent = false;
  }
  if (consistent) return;
  s.step({
    type: 'update',
    object: next,
    report: podReport(s, 'update', set, next),
    retry: { times: 3, onlyConflicts: true, fromCache: { pause: 10 } },
  });
}

/** ClaimsMatchRetentionPolicy: every existing claim of the pod has the references the policy wants. */
export function claimsMatchRetentionPolicy(s: StatefulSetSync, set: StatefulSet, pod: Pod): boolean {
  const ordinal = getOrdinal(pod);
  for (const t of set.spec.volumeClaimTemplates ?? []) {
    const claim = s.claim(getPersistentVolumeClaimName(set, t, ordinal));
    if (claim !== undefined && !isClaimOwnerUpToDate(claim, set, pod)) return false;
  }
  return true;
}

/**
 * UpdatePodClaimForRetentionPolicy: each claim that disagrees with the policy gets one Update
 * (over the version the informer had) with the references rewritten; the first that fails
 * ends it. A claim not in the informer (created in this very sync) is skipped.
 */
export function updatePodClaimForRetentionPolicy(s: StatefulSetSync, set: StatefulSet, pod: Pod): void {
  for (const t of set.spec.volumeClaimTemplates ?? []) {
    const name = getPersistentVolumeClaimName(set, t, getOrdinal(pod));
    const claim = s.claim(name);
    if (claim === undefined || s.isNewClaim(name)) continue;
    if (hasUnexpectedController(claim, set, pod)) {
      s.event(
        'Warning',
        'ConflictingController',
        `PersistentVolumeClaim ${name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim`,
      );
    }
    if (isClaimOwnerUpToDate(claim, set, pod)) continue;
    const { ownerReferences: _old, ...metadata } = claim.metadata;
    const refs = updateClaimOwnerRefForSetAndPod(claim, set, pod);
    s.step(s.updateClaim({ ...claim, metadata: refs.length > 0 ? { ...metadata, ownerReferences: refs } : metadata }));
  }
}

/**
 * PodClaimIsStale: with whenScaled Delete, a claim still referencing an older pod of this
 * name blocks the new pod until the garbage collector removes the claim.
 */
export function podClaimIsStale(s: StatefulSetSync, set: StatefulSet, pod: Pod): boolean {
  if (getPersistentVolumeClaimRetentionPolicy(set).whenScaled === 'Retain') return false;
  for (const claim of getPersistentVolumeClaims(set, pod).values()) {
    const existing = s.claim(claim.metadata.name as string);
    if (existing !== undefined && hasStaleOwnerRef(existing, pod, POD_KIND)) return true;
  }
  return false;
}

/** createMissingPersistentVolumeClaims: for a Pending pod, its missing claims and their references. */
export function createMissingPersistentVolumeClaims(s: StatefulSetSync, set: StatefulSet, pod: Pod): string | undefined {
  const claims = createPersistentVolumeClaims(s, set, pod);
  s.step(...claims.creates);
  if (claims.error !== undefined) return claims.error;
  updatePodClaimForRetentionPolicy(s, set, pod);
  return undefined;
}
