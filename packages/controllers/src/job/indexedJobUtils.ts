import type { Container, Job, Pod, PodTemplateSpec } from '@kubesim/core';
import { activePodsLess } from '../controllerutils/activePods.js';
import { matchPodFailurePolicy } from './podFailurePolicy.js';
import { hasJobTrackingFinalizer, isPodFailed, isPodTerminating } from './utils.js';

/**
 * indexed_job_utils.go: completion indexes as ordered intervals (`status.completedIndexes`
 * is their string, `1,3-5`), the indexes still to run, duplicates to remove, and the
 * per-index failure counts of backoffLimitPerIndex.
 */

export const COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
export const COMPLETION_INDEX_ENV_NAME = 'JOB_COMPLETION_INDEX';
export const INDEX_FAILURE_COUNT_ANNOTATION = 'batch.kubernetes.io/job-index-failure-count';
export const INDEX_IGNORED_FAILURE_COUNT_ANNOTATION = 'batch.kubernetes.io/job-index-ignored-failure-count';
export const UNKNOWN_COMPLETION_INDEX = -1;

/** A run of completion indexes, first to last inclusive. */
export interface Interval {
  readonly first: number;
  readonly last: number;
}
/** orderedIntervals: sorted, disjoint index ranges (a Job's completed or failed indexes). */
export type OrderedIntervals = readonly Interval[];

/** The completion index a pod's annotation carries, or -1 when absent or not a number. */
export function getCompletionIndex(annotations: Readonly<Record<string, string>> | undefined): number {
  const v = annotations?.[COMPLETION_INDEX_ANNOTATION];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return UNKNOWN_COMPLETION_INDEX;
  const i = Number(v);
  return i < 0 ? UNKNOWN_COMPLETION_INDEX : i;
}

/** merge: the union of two ordered lists, adjacent intervals joined. */
export function merge(oi: OrderedIntervals, newOi: OrderedIntervals): Interval[] {
  const result: { first: number; last: number }[] = [];
  const add = (iv: Interval): void => {
    const last = result[result.length - 1];
    if (last === undefined || iv.first > last.last + 1) result.push({ first: iv.first, last: iv.last });
    else if (last.last < iv.last) last.last = iv.last;
  };
  let i = 0;
  let j = 0;
  while (i < oi.length && j < newOi.length) {
    if ((oi[i] as Interval).first < (newOi[j] as Interval).first) add(oi[i++] as Interval);
    else add(newOi[j++] as Interval);
  }
  while (i < oi.length) add(oi[i++] as Interval);
  while (j < newOi.length) add(newOi[j++] as Interval);
  return result;
}

/** withOrderedIndexes: the list with these indexes (in increasing order) added. */
export function withOrderedIndexes(oi: OrderedIntervals, newIndexes: readonly number[]): Interval[] {
  return merge(
    oi,
    newIndexes.map((ix) => ({ first: ix, last: ix })),
  );
}

export function total(oi: OrderedIntervals | undefined): number {
  let n = 0;
  for (const iv of oi ?? []) n += iv.last - iv.first + 1;
  return n;
}

/** String(): `0-2,4`; two adjacent indexes print as `5,6`. */
export function intervalsString(oi: OrderedIntervals): string {
  let out = '';
  for (const v of oi) {
    if (out.length > 0) out += ',';
    out += String(v.first);
    if (v.last > v.first) out += `${v.last === v.first + 1 ? ',' : '-'}${v.last}`;
  }
  return out;
}

export function has(oi: OrderedIntervals | undefined, ix: number): boolean {
  if (oi === undefined) return false;
  let lo = 0;
  let hi = oi.length;
  while (hi > lo) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if ((oi[mid] as Interval).last >= ix) hi = mid;
    else lo = mid + 1;
  }
  return hi < oi.length && (oi[hi] as Interval).first <= ix;
}

/** parseIndexesFromString: intervals below `completions`; corrupt parts are skipped. */
export function parseIndexesFromString(s: string | undefined, completions: number): Interval[] {
  const result: { first: number; last: number }[] = [];
  if (s === undefined || s === '') return result;
  for (const part of s.split(',')) {
    const limits = part.split('-');
    const first = atoi(limits[0]);
    if (first === undefined) continue;
    if (first >= completions) break;
    let last = first;
    if (limits.length > 1) {
      const l = atoi(limits[1]);
      if (l === undefined) continue;
      last = Math.min(l, completions - 1);
    }
    const prev = result[result.length - 1];
    if (prev !== undefined && prev.last === first - 1) prev.last = last;
    else result.push({ first, last });
  }
  return result;
}

function atoi(s: string | undefined): number | undefined {
  return s !== undefined && /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

function sortedSet(values: Iterable<number>): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** calculateSucceededIndexes: the indexes in status and those of succeeded pods not yet counted. */
export function calculateSucceededIndexes(job: Job, pods: readonly Pod[]): [Interval[], Interval[]] {
  const completions = job.spec.completions ?? 0;
  const prev = parseIndexesFromString(job.status?.completedIndexes, completions);
  const fresh: number[] = [];
  for (const p of pods) {
    const ix = getCompletionIndex(p.metadata.annotations);
    if (p.status?.phase === 'Succeeded' && ix !== UNKNOWN_COMPLETION_INDEX && ix < completions && hasJobTrackingFinalizer(p)) {
      fresh.push(ix);
    }
  }
  return [prev, withOrderedIndexes(prev, sortedSet(fresh))];
}

/** isIndexFailed: a FailIndex rule matched, or the index used up its backoffLimitPerIndex. */
export function isIndexFailed(job: Job, pod: Pod): boolean {
  let counted = false;
  if (isPodFailed(pod, job)) {
    if (job.spec.podFailurePolicy !== undefined) {
      const m = matchPodFailurePolicy(job.spec.podFailurePolicy, pod);
      if (m.action === 'FailIndex') return true;
      counted = m.countFailed;
    } else counted = true;
  }
  return counted && getIndexFailureCount(pod) >= (job.spec.backoffLimitPerIndex ?? 0);
}

/** calculateFailedIndexes: the indexes in status.failedIndexes and those failed since. */
export function calculateFailedIndexes(job: Job, pods: readonly Pod[]): Interval[] {
  const completions = job.spec.completions ?? 0;
  const prev = parseIndexesFromString(job.status?.failedIndexes, completions);
  const fresh: number[] = [];
  for (const p of pods) {
    const ix = getCompletionIndex(p.metadata.annotations);
    if (ix !== UNKNOWN_COMPLETION_INDEX && ix < completions && hasJobTrackingFinalizer(p) && isIndexFailed(job, p))
      fresh.push(ix);
  }
  return withOrderedIndexes(prev, sortedSet(fresh));
}

export function getIndexes(pods: readonly Pod[]): number[] {
  const out: number[] = [];
  for (const p of pods) {
    const ix = getCompletionIndex(p.metadata.annotations);
    if (ix !== UNKNOWN_COMPLETION_INDEX) out.push(ix);
  }
  return sortedSet(out);
}

/**
 * firstPendingIndexes: the `count` lowest indexes below completions that no active pod holds,
 * that did not succeed or fail (nor, when only failed pods are replaced, hold a terminating pod).
 */
export function firstPendingIndexes(
  activePods: readonly Pod[],
  pods: readonly Pod[],
  succeededIndexes: OrderedIntervals,
  failedIndexes: OrderedIntervals | undefined,
  onlyReplaceFailed: boolean,
  count: number,
  completions: number,
): number[] {
  if (count === 0) return [];
  let nonPending = withOrderedIndexes(succeededIndexes, getIndexes(activePods));
  if (onlyReplaceFailed) nonPending = withOrderedIndexes(nonPending, getIndexes(pods.filter(isPodTerminating)));
  if (failedIndexes !== undefined) nonPending = merge(nonPending, failedIndexes);
  const result: number[] = [];
  let candidate = 0;
  for (const iv of nonPending) {
    for (; candidate < completions && result.length < count && candidate < iv.first; candidate++) result.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && result.length < count; candidate++) result.push(candidate);
  return result;
}

function byActivePods(a: Pod, b: Pod): number {
  return activePodsLess(a, b) ? -1 : activePodsLess(b, a) ? 1 : 0;
}

/**
 * appendDuplicatedIndexPodsForRemoval: of the pods of one index all but the most valuable go;
 * pods without an index, or with one out of range, go too.
 */
export function appendDuplicatedIndexPodsForRemoval(pods: readonly Pod[], completions: number): { rm: Pod[]; left: Pod[] } {
  const rm: Pod[] = [];
  const left: Pod[] = [];
  const sorted = [...pods].sort(
    (a, b) => getCompletionIndex(a.metadata.annotations) - getCompletionIndex(b.metadata.annotations),
  );
  const flush = (group: Pod[], ix: number): void => {
    if (group.length === 0) return;
    if (ix === UNKNOWN_COMPLETION_INDEX) {
      rm.push(...group);
      return;
    }
    if (group.length === 1) {
      left.push(group[0] as Pod);
      return;
    }
    const ranked = [...group].sort(byActivePods);
    rm.push(...ranked.slice(0, -1));
    left.push(ranked[ranked.length - 1] as Pod);
  };
  let lastIndex = UNKNOWN_COMPLETION_INDEX;
  let group: Pod[] = [];
  for (const [i, p] of sorted.entries()) {
    const ix = getCompletionIndex(p.metadata.annotations);
    if (ix >= completions) {
      flush(group, lastIndex);
      rm.push(...sorted.slice(i));
      return { rm, left };
    }
    if (ix !== lastIndex) {
      flush(group, lastIndex);
      group = [];
      lastIndex = ix;
    }
    group.push(p);
  }
  flush(group, lastIndex);
  return { rm, left };
}

function parseCount(v: string | undefined): number {
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n < 0 || n > 2147483647 ? 0 : n;
}

export function getIndexFailureCount(pod: Pod): number {
  return parseCount(pod.metadata.annotations?.[INDEX_FAILURE_COUNT_ANNOTATION]);
}

export function getIndexAbsoluteFailureCount(pod: Pod): number {
  return getIndexFailureCount(pod) + parseCount(pod.metadata.annotations?.[INDEX_IGNORED_FAILURE_COUNT_ANNOTATION]);
}

/** getNewIndexFailureCounts: the counts the replacement of a failed pod carries on. */
export function getNewIndexFailureCounts(job: Job, replaced: Pod | undefined): [number, number] {
  if (replaced === undefined) return [0, 0];
  let failures = getIndexFailureCount(replaced);
  let ignored = parseCount(replaced.metadata.annotations?.[INDEX_IGNORED_FAILURE_COUNT_ANNOTATION]);
  if (job.spec.podFailurePolicy !== undefined && !matchPodFailurePolicy(job.spec.podFailurePolicy, replaced).countFailed)
    ignored++;
  else failures++;
  return [failures, ignored];
}

/**
 * addCompletionIndexEnvVariables: JOB_COMPLETION_INDEX from the pod's index label (PodIndexLabel
 * is GA), for every container that does not set it.
 */
export function addCompletionIndexEnvVariables(template: PodTemplateSpec): PodTemplateSpec {
  const add = (c: Container): Container =>
    (c.env ?? []).some((e) => e.name === COMPLETION_INDEX_ENV_NAME)
      ? c
      : {
          ...c,
          env: [
            ...(c.env ?? []),
            {
              name: COMPLETION_INDEX_ENV_NAME,
              valueFrom: { fieldRef: { fieldPath: `metadata.labels['${COMPLETION_INDEX_ANNOTATION}']` } },
            },
          ],
        };
  const spec = template.spec;
  return {
    ...template,
    spec: {
      ...spec,
      ...(spec.initContainers !== undefined ? { initContainers: spec.initContainers.map(add) } : {}),
      containers: spec.containers.map(add),
    },
  };
}
