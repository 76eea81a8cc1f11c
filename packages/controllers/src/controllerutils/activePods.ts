import { getCondition, isPodActive, isPodReady, type Millis, type Pod, podReadySince } from '@kubesim/core';

/**
 * Pod ranking for scale-down, from pkg/controller/controller_utils.go: the ActivePods and
 * ActivePodsWithRanks comparators ("a should be deleted before b") and getPodsToDelete.
 */

/** controller.FilterActivePods. */
export function filterActivePods(pods: readonly Pod[]): Pod[] {
  return pods.filter(isPodActive);
}

/** The annotation that ranks a pod for deletion (lower cost goes first). */
export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/**
 * GetDeletionCostFromPodAnnotations: an int32, 0 when absent or invalid. Upstream's
 * validFirstDigit rejects a leading '+', leading zeros ("008") and surrounding spaces before
 * strconv.ParseInt(v, 10, 32), so only `-?(0|[1-9][0-9]*)` (plus "-0…") in int32 range counts.
 */
export function podDeletionCost(pod: Pod): number {
  const v = pod.metadata.annotations?.[POD_DELETION_COST];
  if (v === undefined || !/^(-[0-9]+|0|[1-9][0-9]*)$/.test(v)) return 0;
  const n = Number.parseInt(v, 10);
  return n < -2147483648 || n > 2147483647 ? 0 : n;
}

const PHASE_RANK: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

function maxRestarts(pod: Pod): number {
  let max = 0;
  for (const c of pod.status?.containerStatuses ?? []) if (c.restartCount > max) max = c.restartCount;
  return max;
}

/** afterOrZero: a zero (missing) time counts as the latest. */
function afterOrZero(t1: Millis | undefined, t2: Millis | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/** logarithmicRankDiff: ages bucketed by floor(log2(age in nanoseconds)). */
export function logarithmicRankDiff(t1: Millis, t2: Millis, now: Millis): number {
  const rank = (t: Millis): number => {
    const d = (now - t) * 1e6;
    return d > 0 ? Math.floor(Math.log2(d)) : -1;
  };
  return rank(t1) - rank(t2);
}

/** ActivePods.Less: the comparator without ranks, deletion cost or log-scale buckets. */
export function activePodsLess(a: Pod, b: Pod): boolean {
  const na = a.spec.nodeName ?? '';
  const nb = b.spec.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '';
  const pa = PHASE_RANK[a.status?.phase ?? ''] ?? 0;
  const pb = PHASE_RANK[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa < pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return !ra;
  if (ra && rb) {
    const ta = podReadySince(a);
    const tb = podReadySince(b);
    if (ta !== tb) return afterOrZero(ta, tb);
  }
  const ca = maxRestarts(a);
  const cb = maxRestarts(b);
  if (ca !== cb) return ca > cb;
  const xa = a.metadata.creationTimestamp;
  const xb = b.metadata.creationTimestamp;
  if (xa !== xb) return afterOrZero(xa, xb);
  return false;
}

/** Compares two times as ActivePodsWithRanks does with LogarithmicScaleDown (on since 1.22 as beta). */
function laterFirst(a: Pod, b: Pod, ta: Millis | undefined, tb: Millis | undefined, now: Millis | undefined): boolean {
  if (now === undefined || ta === undefined || tb === undefined) return afterOrZero(ta, tb);
  const diff = logarithmicRankDiff(ta, tb, now);
  if (diff === 0) return (a.metadata.uid ?? '') < (b.metadata.uid ?? '');
  return diff < 0;
}

/**
 * ActivePodsWithRanks.Less: unassigned before assigned; Pending before Unknown before
 * Running; not ready before ready; lower pod-deletion-cost first; more pods of the same
 * owner on the node (higher rank) first; ready more recently first; more restarts first;
 * newer first.
 */
export function activePodsWithRanksLess(a: Pod, b: Pod, rankA: number, rankB: number, now: Millis | undefined): boolean {
  const na = a.spec.nodeName ?? '';
  const nb = b.spec.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '';
  const pa = PHASE_RANK[a.status?.phase ?? ''] ?? 0;
  const pb = PHASE_RANK[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa < pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return !ra;
  const costA = podDeletionCost(a);
  const costB = podDeletionCost(b);
  if (costA !== costB) return costA < costB;
  if (rankA !== rankB) return rankA > rankB;
  if (ra && rb) {
    const ta = podReadySince(a);
    const tb = podReadySince(b);
    if (ta !== tb) return laterFirst(a, b, ta, tb, now);
  }
  const ca = maxRestarts(a);
  const cb = maxRestarts(b);
  if (ca !== cb) return ca > cb;
  const xa = a.metadata.creationTimestamp;
  const xb = b.metadata.creationTimestamp;
  if (xa !== xb) return laterFirst(a, b, xa, xb, now);
  return false;
}

/**
 * getPodsToDelete (replica_set.go): all pods, in their order, when diff covers them;
 * otherwise the first diff pods by ActivePodsWithRanks, where a pod's rank is the number of
 * active related pods (the pods of every ReplicaSet with the same owner, itself included)
 * on its node.
 */
export function getPodsToDelete(filteredPods: readonly Pod[], relatedPods: readonly Pod[], diff: number, now: Millis): Pod[] {
  if (diff >= filteredPods.length) return [...filteredPods];
  // getPodsRankedByRelatedPodsOnSameNode: only active related pods count (a terminating
  // sibling does not make a node "doubled up"); unscheduled pods share the node "".
  const perNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const n = p.spec.nodeName ?? '';
    perNode.set(n, (perNode.get(n) ?? 0) + 1);
  }
  const ranked = filteredPods.map((pod) => ({ pod, rank: perNode.get(pod.spec.nodeName ?? '') ?? 0 }));
  ranked.sort((x, y) => {
    if (activePodsWithRanksLess(x.pod, y.pod, x.rank, y.rank, now)) return -1;
    if (activePodsWithRanksLess(y.pod, x.pod, y.rank, x.rank, now)) return 1;
    return 0;
  });
  return ranked.slice(0, diff).map((r) => r.pod);
}

/** Whether a pod's Ready condition went from not-True to True between two versions. */
export function becameReady(before: Pod | undefined, after: Pod | undefined): boolean {
  return (
    after !== undefined &&
    getCondition(after.status?.conditions, 'Ready')?.status === 'True' &&
    getCondition(before?.status?.conditions, 'Ready')?.status !== 'True'
  );
}
