import { getCondition, type Millis, type Pod, type StatefulSet } from '@kubesim/core';

/**
 * The pod predicates of stateful_set_utils.go. A planned pod (not created yet) has no phase.
 * Pods are immutable, so what a sync asks of each pod again and again is read once per pod.
 */

interface Facts {
  readonly runningAndReady: boolean;
  /** When the Ready condition last turned True, if it is True (no time: available at once). */
  readonly ready: boolean;
  readonly readySince: Millis | undefined;
}

const facts = new WeakMap<Pod, Facts>();

function factsOf(pod: Pod): Facts {
  let f = facts.get(pod);
  if (f === undefined) {
    const ready = getCondition(pod.status?.conditions, 'Ready');
    const isReady = ready?.status === 'True';
    f = {
      runningAndReady: pod.status?.phase === 'Running' && isReady,
      ready: isReady,
      readySince: isReady ? ready?.lastTransitionTime : undefined,
    };
    facts.set(pod, f);
  }
  return f;
}

/** isRunningAndReady: phase Running and the Ready condition True. */
export function isRunningAndReady(pod: Pod): boolean {
  return factsOf(pod).runningAndReady;
}

/**
 * isRunningAndAvailable: podutil.IsPodAvailable (no phase check): Ready, and with
 * minReadySeconds, Ready since more than that long ago.
 */
export function isRunningAndAvailable(pod: Pod, minReadySeconds: number, now: Millis): boolean {
  const f = factsOf(pod);
  if (!f.ready) return false;
  if (minReadySeconds === 0) return true;
  return f.readySince !== undefined && f.readySince + minReadySeconds * 1000 < now;
}

/** isCreated: the API server has it (it set a phase). */
export function isCreated(pod: Pod): boolean {
  return (pod.status?.phase ?? '') !== '';
}

export function isPending(pod: Pod): boolean {
  return pod.status?.phase === 'Pending';
}

export function isFailed(pod: Pod): boolean {
  return pod.status?.phase === 'Failed';
}

export function isSucceeded(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded';
}

export function isTerminating(pod: Pod): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}

export function isHealthy(pod: Pod): boolean {
  return isRunningAndReady(pod) && !isTerminating(pod);
}

/** isUnavailable: not available, or terminating. */
export function isUnavailable(pod: Pod, minReadySeconds: number, now: Millis): boolean {
  return !isRunningAndAvailable(pod, minReadySeconds, now) || isTerminating(pod);
}

/** allowsBurst: podManagementPolicy Parallel. */
export function allowsBurst(set: StatefulSet): boolean {
  return set.spec.podManagementPolicy === 'Parallel';
}
