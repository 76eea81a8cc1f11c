import { getCondition, type Millis, type Pod, SECOND } from '@kubesim/core';

/**
 * backoff_utils.go: how long the Job controller waits before it creates a pod again after
 * pods failed. Per Job it keeps the failures since the last success and when the last of them
 * happened; the delay is 10s doubling per failure, capped at MaxJobPodFailureBackOff, counted
 * from that failure.
 */

/** DefaultJobPodFailureBackOff. */
export const DEFAULT_JOB_POD_FAILURE_BACKOFF: Millis = 10 * SECOND;
/** MaxJobPodFailureBackOff: 10 minutes in v1.34 (releases up to 1.27 capped at 6 minutes). */
export const MAX_JOB_POD_FAILURE_BACKOFF: Millis = 600 * SECOND;

/** A Job's pod-failure back-off state (backoffRecord): failures since the last success and the last failure's time. */
export interface BackoffRecord {
  readonly key: string;
  readonly failuresAfterLastSuccess: number;
  readonly lastFailureTime?: Millis;
}

/** The latest finishedAt of the containers, when every one of them has terminated with one. */
function finishTimeFromContainers(p: Pod): Millis | undefined {
  let finish: Millis | undefined;
  for (const c of p.status?.containerStatuses ?? []) {
    const at = c.state.terminated?.finishedAt;
    if (at === undefined) return undefined;
    if (finish === undefined || finish < at) finish = at;
  }
  // Restartable init containers (sidecars) finish after the regular ones.
  const sidecars = new Set(
    (p.spec?.initContainers ?? []).filter((c) => (c as { restartPolicy?: string }).restartPolicy === 'Always').map((c) => c.name),
  );
  for (const c of p.status?.initContainerStatuses ?? []) {
    if (!sidecars.has(c.name)) continue;
    const at = c.state.terminated?.finishedAt;
    if (at === undefined) return undefined;
    if (finish === undefined || finish < at) finish = at;
  }
  return finish;
}

/**
 * getFinishedTime: the last container's finish; else when Ready turned False (the kubelet
 * marks a pod so as it turns terminal); else the deletion time less the grace period (an
 * orphan PodGC deleted); else the pod's creation.
 */
export function getFinishedTime(p: Pod): Millis {
  const containers = finishTimeFromContainers(p);
  if (containers !== undefined) return containers;
  const ready = getCondition(p.status?.conditions, 'Ready');
  if (ready?.status === 'False' && ready.lastTransitionTime != null) return ready.lastTransitionTime;
  if (p.metadata.deletionTimestamp !== undefined) {
    return p.metadata.deletionTimestamp - (p.metadata.deletionGracePeriodSeconds ?? 0) * SECOND;
  }
  return p.metadata.creationTimestamp ?? 0;
}

function byFinishedTime(pods: readonly Pod[]): Pod[] {
  return [...pods].sort((a, b) => getFinishedTime(a) - getFinishedTime(b));
}

/**
 * newBackoffRecord: the record after this sync's newly finished pods. Failures only: they add
 * up, the last one's time is the new failure time. A success resets the count to the failures
 * that finished after the last success.
 */
export function newBackoffRecord(
  key: string,
  stored: BackoffRecord | undefined,
  newSucceededPods: readonly Pod[],
  newFailedPods: readonly Pod[],
): BackoffRecord {
  const old: BackoffRecord = stored ?? { key, failuresAfterLastSuccess: 0 };
  const succeeded = byFinishedTime(newSucceededPods);
  const failed = byFinishedTime(newFailedPods);
  const lastFailed = failed[failed.length - 1];
  if (succeeded.length === 0) {
    if (lastFailed === undefined) return old;
    return {
      key,
      failuresAfterLastSuccess: old.failuresAfterLastSuccess + failed.length,
      lastFailureTime: getFinishedTime(lastFailed),
    };
  }
  const lastSuccess = getFinishedTime(succeeded[succeeded.length - 1] as Pod);
  let failures = 0;
  let lastFailureTime: Millis | undefined;
  for (let i = failed.length - 1; i >= 0; i--) {
    const t = getFinishedTime(failed[i] as Pod);
    if (t <= lastSuccess) break;
    lastFailureTime ??= t;
    failures++;
  }
  return lastFailureTime === undefined
    ? { key, failuresAfterLastSuccess: failures }
    : { key, failuresAfterLastSuccess: failures, lastFailureTime };
}

/**
 * getRemainingTimeForFailuresCount: defaultBackoff doubled for every failure after the first,
 * capped at maxBackoff, less the time since the last failure; zero once that has passed.
 */
export function getRemainingTimeForFailuresCount(
  now: Millis,
  defaultBackoff: Millis,
  maxBackoff: Millis,
  failuresCount: number,
  lastFailureTime: Millis | undefined,
): Millis {
  if (failuresCount === 0) return 0;
  let backoff = defaultBackoff;
  for (let i = 1; i < failuresCount; i++) {
    backoff *= 2;
    if (backoff >= maxBackoff) {
      backoff = maxBackoff;
      break;
    }
  }
  const elapsed = now - (lastFailureTime ?? 0);
  return backoff < elapsed ? 0 : backoff - elapsed;
}

/** backoffRecord.getRemainingTime. */
export function getRemainingTime(
  record: BackoffRecord,
  now: Millis,
  defaultBackoff: Millis = DEFAULT_JOB_POD_FAILURE_BACKOFF,
  maxBackoff: Millis = MAX_JOB_POD_FAILURE_BACKOFF,
): Millis {
  return getRemainingTimeForFailuresCount(
    now,
    defaultBackoff,
    maxBackoff,
    record.failuresAfterLastSuccess,
    record.lastFailureTime,
  );
}
