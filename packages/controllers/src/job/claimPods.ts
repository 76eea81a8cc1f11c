import { type ClusterView, type Effect, type Job, labelSelectorAsSelector, type Pod } from '@kubesim/core';
import { claimObjects } from '../controllerutils/claim.js';
import { controllerOf } from '../controllerutils/controllerRef.js';
import { hasJobTrackingFinalizer, JOB_TRACKING_FINALIZER } from './utils.js';

/**
 * getPodsForJob: the pods the Job owns and its selector still matches, plus the orphans it
 * matches, adopted with the tracking finalizer (NewPodControllerRefManager with the finalizer:
 * the adoption patch adds both); owned pods it no longer matches are released. An adopted
 * pod counts with its finalizer from this sync on, as upstream sets it on its copy.
 */
export function getPodsForJob(view: ClusterView, job: Job): { pods: Pod[]; patches: Effect[] } {
  const uid = job.metadata.uid as string;
  const owned = view.dependentsOf(uid, 'Pod').filter((p) => controllerOf(p)?.uid === uid);
  const orphans = view.uncontrolledPods(job.metadata.namespace ?? 'default');
  const claim = claimObjects(job, labelSelectorAsSelector(job.spec.selector), [...owned, ...orphans]);
  const patches = claim.patches.map((p) => (isAdoption(p) ? withFinalizer(p) : p));
  const pods = claim.claimed.map((p) =>
    controllerOf(p)?.uid === uid || hasJobTrackingFinalizer(p)
      ? p
      : { ...p, metadata: { ...p.metadata, finalizers: [...(p.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER] } },
  );
  // Adoptions and releases are not in the Job's expectations (only its pod creates and deletes are).
  return { pods, patches: patches.map((p) => ({ ...p, expectation: false }) as Effect) };
}

function isAdoption(p: Effect): boolean {
  if (p.type !== 'patch') return false;
  const refs = (p.patch as { metadata?: { ownerReferences?: { $patch?: string }[] } }).metadata?.ownerReferences;
  return refs?.[0]?.$patch === undefined;
}

function withFinalizer(p: Effect): Effect {
  if (p.type !== 'patch') return p;
  const patch = p.patch as { metadata: Record<string, unknown> };
  return { ...p, patch: { ...patch, metadata: { ...patch.metadata, finalizers: [JOB_TRACKING_FINALIZER] } } };
}
