import { isPodAvailable, isPodReady, type Millis, type Pod, type StatefulSet } from '@kubesim/core';

/**
 * The pod predicates of stateful_set_utils.go. A planned pod (not created yet) has no phase.
 * Pods are immutable, so isRunningAndReady, which a sync asks of each pod again and again, is
 * read once per pod.
 */

const runningAndReady = new WeakMap<Pod, boolean>();

/** isRunningAndReady: phase Running and the Ready condition True. */
export function isRunningAndReady(pod: Pod): boolean {
  let answer = runningAndReady.get(pod);
  if (answer === undefined) {
    answer = pod.status?.phase === 'Running' && isPodReady(pod);
    runningAndReady.set(pod, answer);
  }
  return answer;
}

/** isRunningAndAvailable: podutil.IsPodAvailable (no phase check). */
export function isRunningAndAvailable(pod: Pod, minReadySeconds: number, now: Millis): boolean {
  return isPodAvailable(pod, minReadySeconds, now);
}

/** isCreated: the API server has it (it set a phase). */
export function isCreated(pod: Pod): boolean {
  return (pod.status?.phase ?? '') !== '';
}

/** The pod is Pending. */
export function isPending(pod: Pod): boolean {
  return pod.status?.phase === 'Pending';
}

/** The pod Failed. */
export function isFailed(pod: Pod): boolean {
  return pod.status?.phase === 'Failed';
}

/** The pod Succeeded. */
export function isSucceeded(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded';
}

/** The pod is being deleted. */
export function isTerminating(pod: Pod): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}

/** isUnavailable: not available, or terminating. */
export function isUnavailable(pod: Pod, minReadySeconds: number, now: Millis): boolean {
  return !isRunningAndAvailable(pod, minReadySeconds, now) || isTerminating(pod);
}

/** allowsBurst: podManagementPolicy Parallel. */
export function allowsBurst(set: StatefulSet): boolean {
  return set.spec.podManagementPolicy === 'Parallel';
}
