import { type DaemonSet, isPodAvailable, isPodReady } from '@kubesim/core';
import type { DaemonSetSync } from './context.js';
import { podByCreationTimestampAndPhase } from './nodeShouldRunDaemonPod.js';
import { isPodUpdated } from './util/daemonset_util.js';

/**
 * updateDaemonSetStatus and storeDaemonSetStatus (daemon_controller.go): per node that should
 * run the daemon, whether it has a pod, and whether its oldest pod is ready, available and
 * updated; pods on nodes that should not run it are misscheduled.
 */

export interface DaemonSetCounts {
  readonly desiredNumberScheduled: number;
  readonly currentNumberScheduled: number;
  readonly numberMisscheduled: number;
  readonly numberReady: number;
  readonly updatedNumberScheduled: number;
  readonly numberAvailable: number;
  readonly numberUnavailable: number;
}

/** The counts updateDaemonSetStatus computes. */
export function calculateStatus(s: DaemonSetSync, hash: string): DaemonSetCounts {
  const nodeToDaemonPods = s.nodeToDaemonPods(false);
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let updated = 0;
  let available = 0;
  for (const node of s.nodes) {
    const { shouldRun } = s.shouldRun(node);
    const pods = nodeToDaemonPods.get(node.metadata.name as string) ?? [];
    const scheduled = pods.length > 0;
    if (!shouldRun) {
      if (scheduled) misscheduled++;
      continue;
    }
    desired++;
    if (!scheduled) continue;
    current++;
    const pod = [...pods].sort(podByCreationTimestampAndPhase)[0];
    if (pod === undefined) continue;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, s.minReadySeconds, s.now)) available++;
    }
    if (isPodUpdated(pod, hash, s.generation)) updated++;
  }
  return {
    desiredNumberScheduled: desired,
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    numberReady: ready,
    updatedNumberScheduled: updated,
    numberAvailable: available,
    numberUnavailable: desired - available,
  };
}

/** storeDaemonSetStatus's test: the same counts, and the generation already observed. */
export function statusUnchanged(ds: DaemonSet, c: DaemonSetCounts): boolean {
  const s = ds.status;
  return (
    (s?.desiredNumberScheduled ?? 0) === c.desiredNumberScheduled &&
    (s?.currentNumberScheduled ?? 0) === c.currentNumberScheduled &&
    (s?.numberMisscheduled ?? 0) === c.numberMisscheduled &&
    (s?.numberReady ?? 0) === c.numberReady &&
    (s?.updatedNumberScheduled ?? 0) === c.updatedNumberScheduled &&
    (s?.numberAvailable ?? 0) === c.numberAvailable &&
    (s?.numberUnavailable ?? 0) === c.numberUnavailable &&
    (s?.observedGeneration ?? 0) >= (ds.metadata.generation ?? 0)
  );
}

/**
 * updateDaemonSetStatus: the status write, only when something changed (observedGeneration
 * raised only by a sync that acted on the set: not while expectations are pending); on an
 * error one more try over a fresh GET (StatusUpdateRetries = 1). While some ready pod is not
 * yet available, the set is synced again after minReadySeconds.
 */
export function updateDaemonSetStatus(s: DaemonSetSync, hash: string, updateObservedGen: boolean): void {
  const ds = s.ds;
  const c = calculateStatus(s, hash);
  if (!statusUnchanged(ds, c)) {
    const previous = ds.status;
    const observedGeneration = updateObservedGen ? ds.metadata.generation : previous?.observedGeneration;
    // The API's field order; the omitempty fields left out when zero, as Go's JSON leaves them.
    const status: NonNullable<DaemonSet['status']> = {
      currentNumberScheduled: c.currentNumberScheduled,
      numberMisscheduled: c.numberMisscheduled,
      desiredNumberScheduled: c.desiredNumberScheduled,
      numberReady: c.numberReady,
      ...(observedGeneration ? { observedGeneration } : {}),
      ...(c.updatedNumberScheduled ? { updatedNumberScheduled: c.updatedNumberScheduled } : {}),
      ...(c.numberAvailable ? { numberAvailable: c.numberAvailable } : {}),
      ...(c.numberUnavailable ? { numberUnavailable: c.numberUnavailable } : {}),
      ...(previous?.collisionCount !== undefined ? { collisionCount: previous.collisionCount } : {}),
    };
    s.emit({ type: 'updateStatus', object: { ...ds, status }, retry: { times: 1 }, expectation: false });
  }
  if (s.minReadySeconds > 0 && c.numberReady !== c.numberAvailable) {
    s.emit({ type: 'requeueAfter', after: s.minReadySeconds * 1000 });
  }
}
