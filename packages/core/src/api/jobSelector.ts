import type { Draft } from 'immer';
import type { Job } from './types.js';

/**
 * The Job registry's PrepareForCreate (pkg/registry/batch/job/strategy.go, generateSelector):
 * unless spec.manualSelector is true, the template gets the labels `batch.kubernetes.io/
 * job-name` and `job-name` (the Job's name) and `batch.kubernetes.io/controller-uid` and
 * `controller-uid` (its UID), each only where the user did not set it, and the selector
 * matches `batch.kubernetes.io/controller-uid` — unique to this Job, so two Jobs of one name
 * (one deleted, one recreated) never share pods.
 */
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
/** The pre-1.27 job-name label, still set beside the new one. */
export const LEGACY_JOB_NAME_LABEL = 'job-name';
/** The label with the Job's UID that its generated selector matches. */
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
/** The pre-1.27 controller-uid label, still set beside the new one. */
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';

/** The Job strategy's generateSelector: unless manualSelector, labels the template and selects by the Job's UID. */
export function generateJobSelector(job: Draft<Job>, uid: string): void {
  const s = job.spec;
  if (s.manualSelector === true || s.template === undefined) return;
  s.template.metadata ??= {};
  s.template.metadata.labels ??= {};
  const labels = s.template.metadata.labels;
  // SetDefaults_Job gave a Job without labels its template's very map, so the labels added
  // here show on the Job too (`kubectl get job -o yaml` lists them).
  const own = job.metadata.labels ?? {};
  const shared = Object.keys(own).length === 0 || sameLabels(own, labels);
  const name = job.metadata.name ?? '';
  for (const key of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) if (!(key in labels)) labels[key] = name;
  for (const key of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL]) if (!(key in labels)) labels[key] = uid;
  s.selector ??= {};
  s.selector.matchLabels ??= {};
  const match = s.selector.matchLabels;
  if (!(CONTROLLER_UID_LABEL in match)) match[CONTROLLER_UID_LABEL] = uid;
  if (shared) job.metadata.labels = { ...labels };
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
