import type { HPAScalingRules, Millis } from '@kubesim/core';
import { setCondition } from './conditions.js';
import type { TimestampedRecommendation } from './normalize.js';
import { getReplicasChangePerPeriod, type TimestampedScaleEvent } from './scaleEvents.js';
import type { HPABehavior, HPAStatus } from './types.js';

/**
 * The normalisation with `behavior` (horizontal.go): stabilisation windows in both directions,
 * then the policies' rate limits over the scale events of their periods. Pure: recommendations
 * and scale events come in and the kept ones go out.
 */

/** NormalizationArg: what the behavior path works from (rules defaulted by the API server). */
export interface NormalizationArg {
  readonly scaleUpBehavior: HPAScalingRules;
  readonly scaleDownBehavior: HPAScalingRules;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly currentReplicas: number;
  readonly desiredReplicas: number;
}

const MAX_INT32 = 2147483647;
const MIN_INT32 = -2147483648;

/**
 * calculateScaleUpLimitWithScalingRules: the most replicas the policies allow now. Each policy
 * starts from the count at the start of its period (current − added + deleted); a Percent
 * policy rounds up, else a small percentage of few replicas would never add one.
 */
export function calculateScaleUpLimitWithScalingRules(
  currentReplicas: number,
  scaleUpEvents: readonly TimestampedScaleEvent[],
  scaleDownEvents: readonly TimestampedScaleEvent[],
  scalingRules: HPAScalingRules,
  now: Millis,
): number {
  const select = scalingRules.selectPolicy ?? 'Max';
  if (select === 'Disabled') return currentReplicas;
  // For scaling up, the smallest change ('Min') gives the lowest limit.
  const pick = select === 'Min' ? Math.min : Math.max;
  let result = select === 'Min' ? MAX_INT32 : MIN_INT32;
  for (const policy of scalingRules.policies ?? []) {
    const added = getReplicasChangePerPeriod(policy.periodSeconds, scaleUpEvents, now);
    const deleted = getReplicasChangePerPeriod(policy.periodSeconds, scaleDownEvents, now);
    const periodStartReplicas = currentReplicas - added + deleted;
    let proposed = 0;
    if (policy.type === 'Pods') proposed = periodStartReplicas + policy.value;
    else if (policy.type === 'Percent') proposed = Math.ceil(periodStartReplicas * (1 + policy.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

/**
 * calculateScaleDownLimitWithBehaviors: the fewest replicas the policies allow now; a Percent
 * policy truncates (100 replicas at 10% keep 90; 15 at 10% keep int(13.5) = 13).
 */
export function calculateScaleDownLimitWithBehaviors(
  currentReplicas: number,
  scaleUpEvents: readonly TimestampedScaleEvent[],
  scaleDownEvents: readonly TimestampedScaleEvent[],
  scalingRules: HPAScalingRules,
  now: Millis,
): number {
  const select = scalingRules.selectPolicy ?? 'Max';
  if (select === 'Disabled') return currentReplicas;
  // For scaling down, the smallest change ('Min') gives the highest limit.
  const pick = select === 'Min' ? Math.max : Math.min;
  let result = select === 'Min' ? MIN_INT32 : MAX_INT32;
  for (const policy of scalingRules.policies ?? []) {
    const added = getReplicasChangePerPeriod(policy.periodSeconds, scaleUpEvents, now);
    const deleted = getReplicasChangePerPeriod(policy.periodSeconds, scaleDownEvents, now);
    const periodStartReplicas = currentReplicas - added + deleted;
    let proposed = 0;
    if (policy.type === 'Pods') proposed = periodStartReplicas - policy.value;
    else if (policy.type === 'Percent') proposed = Math.trunc(periodStartReplicas * (1 - policy.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

/**
 * stabilizeRecommendationWithBehaviors: the current count clamped into [lowest recommendation
 * of the scale-up window, highest of the scale-down window] (the new one included); the new
 * recommendation replaces an entry older than both windows (the last found) or is appended.
 */
export function stabilizeRecommendationWithBehaviors(
  args: NormalizationArg,
  recommendations: readonly TimestampedRecommendation[],
  now: Millis,
): { recommendation: number; reason: string; message: string; recommendations: TimestampedRecommendation[] } {
  let oldSampleIndex = -1;
  let upRecommendation = args.desiredReplicas;
  const upCutoff = now - (args.scaleUpBehavior.stabilizationWindowSeconds ?? 0) * 1000;
  let downRecommendation = args.desiredReplicas;
  const downCutoff = now - (args.scaleDownBehavior.stabilizationWindowSeconds ?? 0) * 1000;
  recommendations.forEach((rec, i) => {
    if (rec.timestamp > upCutoff) upRecommendation = Math.min(rec.recommendation, upRecommendation);
    if (rec.timestamp > downCutoff) downRecommendation = Math.max(rec.recommendation, downRecommendation);
    if (rec.timestamp < upCutoff && rec.timestamp < downCutoff) oldSampleIndex = i;
  });
  let recommendation = args.currentReplicas;
  if (recommendation < upRecommendation) recommendation = upRecommendation;
  if (recommendation > downRecommendation) recommendation = downRecommendation;
  const kept = [...recommendations];
  const fresh = { recommendation: args.desiredReplicas, timestamp: now };
  if (oldSampleIndex >= 0) kept[oldSampleIndex] = fresh;
  else kept.push(fresh);
  if (args.desiredReplicas >= args.currentReplicas) {
    return {
      recommendation,
      reason: 'ScaleUpStabilized',
      message: 'recent recommendations were lower than current one, applying the lowest recent recommendation',
      recommendations: kept,
    };
  }
  return {
    recommendation,
    reason: 'ScaleDownStabilized',
    message: 'recent recommendations were higher than current one, applying the highest recent recommendation',
    recommendations: kept,
  };
}

/** convertDesiredReplicasWithBehaviorRate: the rate limits and the [min, max] bounds; [replicas, reason, message]. */
export function convertDesiredReplicasWithBehaviorRate(
  args: NormalizationArg,
  scaleUpEvents: readonly TimestampedScaleEvent[],
  scaleDownEvents: readonly TimestampedScaleEvent[],
  now: Millis,
): [replicas: number, reason: string, message: string] {
  if (args.desiredReplicas > args.currentReplicas) {
    let scaleUpLimit = calculateScaleUpLimitWithScalingRules(
      args.currentReplicas,
      scaleUpEvents,
      scaleDownEvents,
      args.scaleUpBehavior,
      now,
    );
    // No further scale-up until the period's events expire.
    if (scaleUpLimit < args.currentReplicas) scaleUpLimit = args.currentReplicas;
    let maximumAllowedReplicas = args.maxReplicas;
    let reason: string;
    let message: string;
    if (maximumAllowedReplicas > scaleUpLimit) {
      maximumAllowedReplicas = scaleUpLimit;
      reason = 'ScaleUpLimit';
      message = 'the desired replica count is increasing faster than the maximum scale rate';
    } else {
      reason = 'TooManyReplicas';
      message = 'the desired replica count is more than the maximum replica count';
    }
    if (args.desiredReplicas > maximumAllowedReplicas) return [maximumAllowedReplicas, reason, message];
  } else if (args.desiredReplicas < args.currentReplicas) {
    let scaleDownLimit = calculateScaleDownLimitWithBehaviors(
      args.currentReplicas,
      scaleUpEvents,
      scaleDownEvents,
      args.scaleDownBehavior,
      now,
    );
    // No further scale-down until the period's events expire.
    if (scaleDownLimit > args.currentReplicas) scaleDownLimit = args.currentReplicas;
    let minimumAllowedReplicas = args.minReplicas;
    let reason: string;
    let message: string;
    if (minimumAllowedReplicas < scaleDownLimit) {
      minimumAllowedReplicas = scaleDownLimit;
      reason = 'ScaleDownLimit';
      message = 'the desired replica count is decreasing faster than the maximum scale rate';
    } else {
      reason = 'TooFewReplicas';
      message = 'the desired replica count is less than the minimum replica count';
    }
    if (args.desiredReplicas < minimumAllowedReplicas) return [minimumAllowedReplicas, reason, message];
  }
  return [args.desiredReplicas, 'DesiredWithinRange', 'the desired count is within the acceptable range'];
}

/** maybeInitScaleDownStabilizationWindow: an unset scale-down window is the controller's flag. */
export function scaleDownRulesWithWindow(
  rules: HPAScalingRules | undefined,
  downscaleStabilisationWindow: Millis,
): HPAScalingRules {
  const r = rules ?? {};
  if (r.stabilizationWindowSeconds !== undefined) return r;
  return { ...r, stabilizationWindowSeconds: Math.trunc(downscaleStabilisationWindow / 1000) };
}

/** What the HPA controller remembers between syncs for scaling behaviors: recommendations and scale events. */
export interface BehaviorMemory {
  readonly recommendations: readonly TimestampedRecommendation[];
  readonly scaleUpEvents: readonly TimestampedScaleEvent[];
  readonly scaleDownEvents: readonly TimestampedScaleEvent[];
}

/**
 * normalizeDesiredReplicasWithBehaviors: stabilise (AbleToScale ScaleUpStabilized /
 * ScaleDownStabilized or ReadyForNewScale), then the rate limits (ScalingLimited).
 */
export function normalizeDesiredReplicasWithBehaviors(
  status: HPAStatus,
  behavior: HPABehavior,
  memory: BehaviorMemory,
  arg: {
    readonly currentReplicas: number;
    readonly prenormalizedDesiredReplicas: number;
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly downscaleStabilisationWindow: Millis;
  },
  now: Millis,
): { desiredReplicas: number; recommendations: TimestampedRecommendation[] } {
  const normalizationArg: NormalizationArg = {
    scaleUpBehavior: behavior.scaleUp ?? {},
    scaleDownBehavior: scaleDownRulesWithWindow(behavior.scaleDown, arg.downscaleStabilisationWindow),
    minReplicas: arg.minReplicas,
    maxReplicas: arg.maxReplicas,
    currentReplicas: arg.currentReplicas,
    desiredReplicas: arg.prenormalizedDesiredReplicas,
  };
  const stabilized = stabilizeRecommendationWithBehaviors(normalizationArg, memory.recommendations, now);
  if (stabilized.recommendation !== arg.prenormalizedDesiredReplicas) {
    setCondition(status, 'AbleToScale', 'True', stabilized.reason, stabilized.message, now);
  } else {
    setCondition(status, 'AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size', now);
  }
  const [desiredReplicas, reason, message] = convertDesiredReplicasWithBehaviorRate(
    { ...normalizationArg, desiredReplicas: stabilized.recommendation },
    memory.scaleUpEvents,
    memory.scaleDownEvents,
    now,
  );
  setCondition(status, 'ScalingLimited', desiredReplicas === stabilized.recommendation ? 'False' : 'True', reason, message, now);
  return { desiredReplicas, recommendations: stabilized.recommendations };
}
