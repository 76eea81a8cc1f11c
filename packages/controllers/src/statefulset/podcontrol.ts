import type { PersistentVolumeClaim, Pod, StatefulSet, WriteReport } from '@kubesim/core';
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
  /** Claims that did not exist and were created now. */
  readonly created: number;
  readonly error?: string;
}

/**
 * createPersistentVolumeClaims: creates the pod's missing claims; a claim being deleted is
 * an error (the pod must wait for it to go).
 */
export function createPersistentVolumeClaims(s: StatefulSetSync, set: StatefulSet, pod: Pod): ClaimsResult {
  const errs: string[] = [];
  let created = 0;
  for (const claim of getPersistentVolumeClaims(set, pod).values()) {
    const name = claim.metadata.name as string;
    const existing = s.claim(name);
    if (existing === undefined) {
      s.createClaim(claim, claimReport(s, set, pod, claim));
      created++;
    } else if (existing.metadata.deletionTimestamp !== undefined) {
      errs.push(`pvc ${name} is being deleted`);
    }
  }
  return errs.length > 0 ? { created, error: aggregate(errs) } : { created };
}

/**
 * CreateStatefulPod: the claims first, then the pod. Upstream waits for each claim's create
 * call to return; here the pod is created by the next sync, once its claims exist, so a
 * claim the API server rejects keeps the pod from being created, as upstream.
 */
export function createStatefulPod(s: StatefulSetSync, set: StatefulSet, pod: Pod): 'created' | 'waiting' | { error: string } {
  const claims = createPersistentVolumeClaims(s, set, pod);
  if (claims.error !== undefined) {
    podFailed(s, 'create', set, pod, claims.error);
    return { error: claims.error };
  }
  if (claims.created > 0) return 'waiting';
  s.emit({ type: 'create', object: pod, report: podReport(s, 'create', set, pod) });
  // Set the claims' references as far as possible now (the new pod has no uid yet).
  updatePodClaimForRetentionPolicy(s, set, pod);
  return 'created';
}

/** DeleteStatefulPod: graceful deletion of this incarnation of the pod. */
export function deleteStatefulPod(s: StatefulSetSync, set: StatefulSet, pod: Pod): void {
  s.emit({ type: 'delete', ref: refOf(pod), uid: pod.metadata.uid as string, report: podReport(s, 'delete', set, pod) });
}

/**
 * UpdateStatefulPod: fixes identity and storage in place (an update that changes the pod's
 * volumes is rejected by the API server, as upstream's is) and the claims' references.
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
  // No resourceVersion precondition: upstream retries a conflict on a fresh copy.
  const { resourceVersion: _rv, ...metadata } = next.metadata;
  s.emit({ type: 'update', object: { ...next, metadata }, report: podReport(s, 'update', set, next) });
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
 * UpdatePodClaimForRetentionPolicy: rewrites the references of each claim that disagrees
 * with the policy (a merge patch on ownerReferences, guarded by the claim's uid).
 */
export function updatePodClaimForRetentionPolicy(s: StatefulSetSync, set: StatefulSet, pod: Pod): void {
  for (const t of set.spec.volumeClaimTemplates ?? []) {
    const name = getPersistentVolumeClaimName(set, t, getOrdinal(pod));
    const claim = s.claim(name);
    // A claim created in this sync has no uid to patch against yet: the next sync does it.
    if (claim === undefined || s.isNewClaim(name)) continue;
    if (hasUnexpectedController(claim, set, pod)) {
      s.event(
        'Warning',
        'ConflictingController',
        `PersistentVolumeClaim ${name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim`,
      );
    }
    if (isClaimOwnerUpToDate(claim, set, pod)) continue;
    s.emit({
      type: 'patch',
      ref: refOf(claim),
      patchType: 'merge',
      patch: { metadata: { ownerReferences: updateClaimOwnerRefForSetAndPod(claim, set, pod) } },
      uid: claim.metadata.uid as string,
    });
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
  if (claims.error !== undefined) return claims.error;
  updatePodClaimForRetentionPolicy(s, set, pod);
  return undefined;
}
