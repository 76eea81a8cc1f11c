import { getCondition, type Millis, type Pod } from '@kubesim/core';
import type { PodMetricsInfo } from './metrics/interfaces.js';

/** Pods sorted by how the calculator counts them (replica_calculator.go groupPods). */
export interface PodGroups {
  /** Pods with a sample that count as ready. */
  readonly readyPodCount: number;
  /** Pending pods, and for cpu the pods whose sample may still show start-up load. */
  readonly unreadyPods: Set<string>;
  /** Running pods without a sample. */
  readonly missingPods: Set<string>;
  /** Pods being deleted or Failed: as if absent. */
  readonly ignoredPods: Set<string>;
}

/**
 * groupPods. `now` is upstream's time.Now(). A Ready condition without a lastTransitionTime
 * is Go's zero time: earlier than any instant.
 */
export function groupPods(
  pods: readonly Pod[],
  metrics: PodMetricsInfo,
  resource: string,
  cpuInitializationPeriod: Millis,
  delayOfInitialReadinessStatus: Millis,
  now: Millis,
): PodGroups {
  const missingPods = new Set<string>();
  const unreadyPods = new Set<string>();
  const ignoredPods = new Set<string>();
  let readyPodCount = 0;
  for (const pod of pods) {
    const name = pod.metadata.name ?? '';
    if (pod.metadata.deletionTimestamp !== undefined || pod.status?.phase === 'Failed') {
      ignoredPods.add(name);
      continue;
    }
    // Pending pods are ignored.
    if (pod.status?.phase === 'Pending') {
      unreadyPods.add(name);
      continue;
    }
    // Pods missing metrics.
    const metric = metrics.get(name);
    if (metric === undefined) {
      missingPods.add(name);
      continue;
    }
    // Unready pods are ignored.
    if (resource === 'cpu') {
      let unready: boolean;
      const condition = getCondition(pod.status?.conditions, 'Ready');
      const startTime = pod.status?.startTime;
      if (condition === undefined || startTime === undefined) {
        unready = true;
      } else {
        const transition = condition.lastTransitionTime ?? Number.NEGATIVE_INFINITY;
        if (startTime + cpuInitializationPeriod > now) {
          // Pod still within possible initialisation period: ignore the sample if the pod is
          // unready or one window of metric wasn't collected since the last state transition.
          unready = condition.status === 'False' || metric.timestamp < transition + metric.window;
        } else {
          // Ignore the metric if the pod is unready and it has never been ready.
          unready = condition.status === 'False' && startTime + delayOfInitialReadinessStatus > transition;
        }
      }
      if (unready) {
        unreadyPods.add(name);
        continue;
      }
    }
    readyPodCount++;
  }
  return { readyPodCount, unreadyPods, missingPods, ignoredPods };
}

/** removeMetricsForPods. */
export function removeMetricsForPods(metrics: PodMetricsInfo, pods: ReadonlySet<string>): void {
  for (const pod of pods) metrics.delete(pod);
}
