import type { Millis } from '@kubesim/core';
import { setCondition } from './conditions.js';
import type { HPAStatus } from './types.js';

/**
 * The normalisation without `behavior` (horizontal.go's legacy path): the downscale
 * stabilisation over past recommendations, then the clamp into [minReplicas, maxReplicas] and
 * the scale-up limit. Pure: the recommendations come in and the kept ones go out (upstream
 * keeps them in the controller's memory, lost on a restart).
 */

export interface TimestampedRecommendation {
  readonly recommendation: number;
  readonly timestamp: Millis;
}

/** scaleUpLimitFactor: upstream's horizontal_test.go sets it to 8 so that tests never run into it. */
export const SCALE_UP_LIMIT_FACTOR = 2.0;
/** ... or to 4, whichever is larger. */
export const SCALE_UP_LIMIT_MINIMUM = 4.0;

/** max(2 × current, 4): from 1 replica at most 4, from 3 at most 6. */
export function calculateScaleUpLimit(currentReplicas: number, scaleUpLimitFactor: number = SCALE_UP_LIMIT_FACTOR): number {
  return Math.trunc(Math.max(scaleUpLimitFactor * currentReplicas, SCALE_UP_LIMIT_MINIMUM));
}

/**
 * stabilizeRecommendation: the highest recommendation not older than the window (the new one
 * included); the new one replaces an expired entry (the last one found) instead of growing the list.
 */
export function stabilizeRecommendation(
  recommendations: readonly TimestampedRecommendation[],
  prenormalizedDesiredReplicas: number,
  now: Millis,
  downscaleStabilisationWindow: Millis,
): { recommendation: number; recommendations: TimestampedRecommendation[] } {
  let maxRecommendation = prenormalizedDesiredReplicas;
  let oldSampleIndex = -1;
  const cutoff = now - downscaleStabilisationWindow;
  recommendations.forEach((rec, i) => {
    if (rec.timestamp < cutoff) oldSampleIndex = i;
    else if (rec.recommendation > maxRecommendation) maxRecommendation = rec.recommendation;
  });
  const kept = [...recommendations];
  const fresh = { recommendation: prenormalizedDesiredReplicas, timestamp: now };
  if (oldSampleIndex >= 0) kept[oldSampleIndex] = fresh;
  else kept.push(fresh);
  return { recommendation: maxRecommendation, recommendations: kept };
}

/** convertDesiredReplicasWithRules: [replicas, condition reason, message]. */
export function convertDesiredReplicasWithRules(
  currentReplicas: number,
  desiredReplicas: number,
  hpaMinReplicas: number,
  hpaMaxReplicas: number,
  scaleUpLimitFactor: number = SCALE_UP_LIMIT_FACTOR,
): [replicas: number, condition: string, reason: string] {
  const minimumAllowedReplicas = hpaMinReplicas;
  // Do not scale up too much (a bogus CPU report from heapster/kubelet, kubernetes issue #32304).
  const scaleUpLimit = calculateScaleUpLimit(currentReplicas, scaleUpLimitFactor);
  let maximumAllowedReplicas: number;
  let possibleLimitingCondition: string;
  let possibleLimitingReason: string;
  if (hpaMaxReplicas > scaleUpLimit) {
    maximumAllowedReplicas = scaleUpLimit;
    possibleLimitingCondition = 'ScaleUpLimit';
    possibleLimitingReason = 'the desired replica count is increasing faster than the maximum scale rate';
  } else {
    maximumAllowedReplicas = hpaMaxReplicas;
    possibleLimitingCondition = 'TooManyReplicas';
    possibleLimitingReason = 'the desired replica count is more than the maximum replica count';
  }
  if (desiredReplicas < minimumAllowedReplicas) {
    return [minimumAllowedReplicas, 'TooFewReplicas', 'the desired replica count is less than the minimum replica count'];
  }
  if (desiredReplicas > maximumAllowedReplicas) {
    return [maximumAllowedReplicas, possibleLimitingCondition, possibleLimitingReason];
  }
  return [desiredReplicas, 'DesiredWithinRange', 'the desired count is within the acceptable range'];
}

/** normalizeDesiredReplicas' inputs (the HPA without a behavior field). */
export interface LegacyNormalization {
  readonly currentReplicas: number;
  readonly prenormalizedDesiredReplicas: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly downscaleStabilisationWindow: Millis;
  readonly scaleUpLimitFactor?: number;
}

/**
 * normalizeDesiredReplicas: stabilise, then clamp; sets AbleToScale (ScaleDownStabilized or
 * ReadyForNewScale) and ScalingLimited on the status being built.
 */
export function normalizeDesiredReplicas(
  status: HPAStatus,
  recommendations: readonly TimestampedRecommendation[],
  arg: LegacyNormalization,
  now: Millis,
): { desiredReplicas: number; recommendations: TimestampedRecommendation[] } {
  const stabilized = stabilizeRecommendation(
    recommendations,
    arg.prenormalizedDesiredReplicas,
    now,
    arg.downscaleStabilisationWindow,
  );
  const stabilizedRecommendation = stabilized.recommendation;
  if (stabilizedRecommendation !== arg.prenormalizedDesiredReplicas) {
    setCondition(
      status,
      'AbleToScale',
      'True',
      'ScaleDownStabilized',
      'recent recommendations were higher than current one, applying the highest recent recommendation',
      now,
    );
  } else {
    setCondition(status, 'AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size', now);
  }
  const [desiredReplicas, condition, reason] = convertDesiredReplicasWithRules(
    arg.currentReplicas,
    stabilizedRecommendation,
    arg.minReplicas,
    arg.maxReplicas,
    arg.scaleUpLimitFactor,
  );
  setCondition(status, 'ScalingLimited', desiredReplicas === stabilizedRecommendation ? 'False' : 'True', condition, reason, now);
  return { desiredReplicas, recommendations: stabilized.recommendations };
}
