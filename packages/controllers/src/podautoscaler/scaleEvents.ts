import type { HPAScalingRules, Millis } from '@kubesim/core';
import type { HPABehavior } from './types.js';

/**
 * The scale events the behavior path keeps (horizontal.go's scaleUpEvents/scaleDownEvents):
 * what each policy period has already added or removed, and how a rescale is recorded.
 */

/** A rescale the controller made: the absolute change, when, and whether it may be reused. */
export interface TimestampedScaleEvent {
  readonly replicaChange: number;
  readonly timestamp: Millis;
  readonly outdated: boolean;
}

/** getReplicasChangePerPeriod: the changes of the events strictly newer than now − period. */
export function getReplicasChangePerPeriod(
  periodSeconds: number,
  scaleEvents: readonly TimestampedScaleEvent[],
  now: Millis,
): number {
  const cutoff = now - periodSeconds * 1000;
  let replicas = 0;
  for (const rec of scaleEvents) if (rec.timestamp > cutoff) replicas += rec.replicaChange;
  return replicas;
}

/** getLongestPolicyPeriod: the longest period of the direction's policies, in seconds. */
export function getLongestPolicyPeriod(scalingRules: HPAScalingRules | undefined): number {
  let longest = 0;
  for (const policy of scalingRules?.policies ?? []) if (policy.periodSeconds > longest) longest = policy.periodSeconds;
  return longest;
}

/** markScaleEventsOutdated: events older than the longest period may be reused. */
export function markScaleEventsOutdated(
  scaleEvents: readonly TimestampedScaleEvent[],
  longestPolicyPeriod: number,
  now: Millis,
): TimestampedScaleEvent[] {
  const cutoff = now - longestPolicyPeriod * 1000;
  return scaleEvents.map((e) => (e.timestamp < cutoff ? { ...e, outdated: true } : e));
}

/**
 * storeScaleEvent: after a rescale, record its size in the direction's events, over the last
 * outdated entry if any. Nothing is kept without `behavior` (nothing would read it).
 */
export function storeScaleEvent(
  behavior: HPABehavior | undefined,
  events: {
    readonly scaleUpEvents: readonly TimestampedScaleEvent[];
    readonly scaleDownEvents: readonly TimestampedScaleEvent[];
  },
  prevReplicas: number,
  newReplicas: number,
  now: Millis,
): { scaleUpEvents: TimestampedScaleEvent[]; scaleDownEvents: TimestampedScaleEvent[] } {
  const up = [...events.scaleUpEvents];
  const down = [...events.scaleDownEvents];
  if (behavior === undefined) return { scaleUpEvents: up, scaleDownEvents: down };
  const store = (list: readonly TimestampedScaleEvent[], rules: HPAScalingRules | undefined, change: number) => {
    const marked = markScaleEventsOutdated(list, getLongestPolicyPeriod(rules), now);
    let oldSampleIndex = -1;
    marked.forEach((e, i) => {
      if (e.outdated) oldSampleIndex = i;
    });
    const fresh = { replicaChange: change, timestamp: now, outdated: false };
    if (oldSampleIndex >= 0) marked[oldSampleIndex] = fresh;
    else marked.push(fresh);
    return marked;
  };
  if (newReplicas > prevReplicas) {
    return { scaleUpEvents: store(up, behavior.scaleUp, newReplicas - prevReplicas), scaleDownEvents: down };
  }
  return { scaleUpEvents: up, scaleDownEvents: store(down, behavior.scaleDown, prevReplicas - newReplicas) };
}
