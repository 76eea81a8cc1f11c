import {
  type ClusterView,
  deepEqual,
  type Effect,
  type Millis,
  type Pod,
  type PodCondition,
  type PodStatus,
  type RandomStream,
  SECOND,
} from '@kubesim/core';
import { recordEvent } from '../util/effects.js';
import { configVolumes, volumeSetUpError } from './configSources.js';
import { POD_WORKER_BACKOFF, POD_WORKER_BACKOFF_JITTER } from './containerConfig.js';

/**
 * A pod whose configMap or secret volumes cannot be set up (the object or a key is missing)
 * starts nothing and stays ContainerCreating: the kubelet's syncPod waits in
 * WaitForAttachAndMount before it creates the sandbox. Meanwhile the volume manager's
 * reconciler retries each failed SetUp on an exponential back-off (nestedpendingoperations:
 * 500ms doubling to 2m2s), recording a FailedMount event at each failure. A wait gives up after
 * 2m3s (no event: a timeout is an Interrupted error), the pod worker backs off 10-15s and waits
 * again; the pod goes on at the first 300ms poll of a wait after its last volume mounted.
 */

/** nestedpendingoperations / exponentialbackoff: initialDurationBeforeRetry, maxDurationBeforeRetry. */
export const MOUNT_BACKOFF_INITIAL: Millis = 500;
export const MOUNT_BACKOFF_MAX: Millis = 2 * 60 * SECOND + 2 * SECOND;
/** volume_manager.go podAttachAndMountTimeout and podAttachAndMountRetryInterval. */
export const ATTACH_AND_MOUNT_TIMEOUT: Millis = 2 * 60 * SECOND + 3 * SECOND;
export const ATTACH_AND_MOUNT_POLL: Millis = 300;

/** A volume whose SetUp failed, and when the reconciler tries it again. */
export interface PendingVolume {
  readonly name: string;
  readonly backoff: Millis;
  readonly nextAttempt: Millis;
}

/** A pod sync waiting for its volumes to attach and mount (WaitForAttachAndMount). */
export interface VolumeWait {
  /** The volumes not mounted yet, in the pod's order. */
  readonly pending: readonly PendingVolume[];
  /** The pod sync's current WaitForAttachAndMount (it may lie in the future, after a back-off). */
  readonly waitStart: Millis;
  /** When the last volume mounted, once all have; the pod goes on at `readyAt`. */
  readonly readyAt: Millis | undefined;
}

export interface VolumeStep {
  readonly wait: VolumeWait | undefined;
  readonly events: readonly Effect[];
}

function failedMount(pod: Pod, volume: string, error: string): Effect {
  // GenerateError: `<prefix> for volume "<name>" : <error>` (errSuffix adds ": ").
  return recordEvent(pod, 'Warning', 'FailedMount', `MountVolume.SetUp failed for volume ${JSON.stringify(volume)} : ${error}`, {
    host: pod.spec.nodeName as string,
  });
}

/**
 * The first SetUp of each configMap/secret volume, at the pod's first sync: undefined when
 * all mount (or there are none), else the wait.
 */
export function beginVolumeWait(pod: Pod, view: ClusterView, now: Millis): VolumeStep {
  const events: Effect[] = [];
  const pending: PendingVolume[] = [];
  for (const v of configVolumes(pod)) {
    const error = volumeSetUpError(pod, v, view);
    if (error === undefined) continue;
    events.push(failedMount(pod, v.name, error));
    pending.push({ name: v.name, backoff: MOUNT_BACKOFF_INITIAL, nextAttempt: now + MOUNT_BACKOFF_INITIAL });
  }
  if (pending.length === 0) return { wait: undefined, events };
  return { wait: { pending, waitStart: now, readyAt: undefined }, events };
}

/**
 * When the pod's sync goes on after its volumes mounted at `mounted`: at the next poll of the
 * wait under way then, or at the start of the next wait if it fell in a back-off between two.
 */
function goesOnAt(waitStart: Millis, mounted: Millis, podUid: string, random: (purpose: string) => RandomStream): Millis {
  let start = waitStart;
  for (;;) {
    const end = start + ATTACH_AND_MOUNT_TIMEOUT;
    if (mounted <= end) {
      if (mounted <= start) return start;
      return start + Math.ceil((mounted - start) / ATTACH_AND_MOUNT_POLL) * ATTACH_AND_MOUNT_POLL;
    }
    // The wait timed out: the pod worker's back-off (wait.Jitter(10s, 0.5)), then a new wait.
    const r = random(`${podUid}/syncBackoff/${end}`).next();
    start = end + POD_WORKER_BACKOFF + Math.floor(r * POD_WORKER_BACKOFF_JITTER * POD_WORKER_BACKOFF);
  }
}

/** The reconciler's retries due by `now`; the wait, updated, and undefined once the pod goes on. */
export function advanceVolumeWait(
  wait: VolumeWait,
  pod: Pod,
  view: ClusterView,
  now: Millis,
  random: (purpose: string) => RandomStream,
): VolumeStep {
  const events: Effect[] = [];
  let readyAt = wait.readyAt;
  let pending = wait.pending;
  if (readyAt === undefined) {
    let lastMount: Millis = wait.waitStart;
    const still: PendingVolume[] = [];
    const volumes = configVolumes(pod);
    for (const p of pending) {
      let q = p;
      let mounted = false;
      // Every retry due by now (the view is the cluster now: a late sync sees it as it is).
      while (q.nextAttempt <= now) {
        const v = volumes.find((x) => x.name === q.name);
        const error = v === undefined ? undefined : volumeSetUpError(pod, v, view);
        if (error === undefined) {
          mounted = true;
          lastMount = Math.max(lastMount, q.nextAttempt);
          break;
        }
        events.push(failedMount(pod, q.name, error));
        const backoff = Math.min(q.backoff * 2, MOUNT_BACKOFF_MAX);
        q = { name: q.name, backoff, nextAttempt: q.nextAttempt + backoff };
      }
      if (!mounted) still.push(q);
    }
    pending = still;
    if (pending.length === 0) readyAt = goesOnAt(wait.waitStart, lastMount, pod.metadata.uid as string, random);
  }
  if (readyAt !== undefined && readyAt <= now) return { wait: undefined, events };
  return { wait: { pending, waitStart: wait.waitStart, readyAt }, events };
}

/** When the wait next needs the kubelet: a retry, or the moment the pod goes on. */
export function volumeWaitDue(wait: VolumeWait | undefined): Millis | undefined {
  if (wait === undefined) return undefined;
  if (wait.readyAt !== undefined) return wait.readyAt;
  let due: Millis | undefined;
  for (const p of wait.pending) if (due === undefined || p.nextAttempt < due) due = p.nextAttempt;
  return due;
}

/**
 * A waiting pod's status: no sandbox yet, so no pod IP and PodReadyToStartContainers False.
 * The previous status itself when nothing changed (so no write goes out).
 */
export function statusWithoutSandbox(status: PodStatus, previous: PodStatus | undefined, now: Millis): PodStatus {
  const { podIP: _ip, podIPs: _ips, ...rest } = status;
  const before = previous?.conditions?.find((c) => c.type === 'PodReadyToStartContainers');
  const conditions = (status.conditions ?? []).map(
    (c): PodCondition =>
      c.type !== 'PodReadyToStartContainers'
        ? c
        : {
            type: c.type,
            status: 'False',
            lastProbeTime: null,
            lastTransitionTime: before?.status === 'False' ? (before.lastTransitionTime ?? now) : now,
          },
  );
  const out: PodStatus = { ...rest, conditions };
  return previous !== undefined && deepEqual(out, previous) ? previous : out;
}
