import {
  type Effect,
  type HorizontalPodAutoscaler,
  type Millis,
  milliValue,
  type ObjectRef,
  type Pod,
  parseQuantity,
  type Selector,
} from '@kubesim/core';
import { recordEvent } from '../util/effects.js';
import { normalizeDesiredReplicasWithBehaviors } from './behavior.js';
import { computeReplicasForMetrics, type Sync } from './computeReplicas.js';
import { setCondition } from './conditions.js';
import { normalizeDesiredReplicas, type TimestampedRecommendation } from './normalize.js';
import type { ReplicaCalculator } from './replicaCalculator.js';
import type { ScaleAnswer } from './scale.js';
import { storeScaleEvent, type TimestampedScaleEvent } from './scaleEvents.js';
import { setCurrentReplicasAndMetricsInStatus, setStatus, updateStatusIfNeeded } from './status.js';
import type { Tolerances } from './tolerances.js';
import { type HPABehavior, type HPAStatus, hpaMetrics, type MetricStatus } from './types.js';

/**
 * reconcileAutoscaler (pkg/controller/podautoscaler/horizontal.go) as a pure function: from the
 * HPA, its target's scale, the pods and the metrics (through the replica calculator), and the
 * controller's memory (recommendations, scale events), to the writes upstream makes in order —
 * the Events, the scale update, the status update — and the memory to keep.
 */

/** What upstream keeps in memory per HPA key (lost on a controller restart). */
export interface AutoscalerMemory {
  /** undefined: none recorded yet (recordInitialRecommendation seeds it with the current size). */
  readonly recommendations?: readonly TimestampedRecommendation[];
  readonly scaleUpEvents: readonly TimestampedScaleEvent[];
  readonly scaleDownEvents: readonly TimestampedScaleEvent[];
}

/** The HPA controller's settings one reconcile needs. */
export interface HorizontalOptions {
  /** --horizontal-pod-autoscaler-downscale-stabilization (default 5m). */
  readonly downscaleStabilisationWindow: Millis;
  /** --horizontal-pod-autoscaler-tolerance (default 0.1). */
  readonly tolerance: number;
  /** scaleUpLimitFactor (2; upstream's tests set 8). */
  readonly scaleUpLimitFactor?: number;
  /** HPAConfigurableTolerance (alpha in 1.34, off by default): behavior.*.tolerance is honoured. */
  readonly configurableTolerance?: boolean;
}

/** What one reconcileAutoscaler reads: the HPA, its target's /scale, the metrics and pods, the time and its memory. */
export interface ReconcileInput {
  readonly hpa: HorizontalPodAutoscaler;
  readonly scale: ScaleAnswer;
  readonly calculator: ReplicaCalculator;
  /** The pod lister: pods of a namespace a selector matches. */
  readonly listPods: (namespace: string, selector: Selector) => readonly Pod[];
  /** The other HPAs' last selectors in the HPA's namespace (`namespace/name` → selector), for AmbiguousSelector. */
  readonly otherSelectors: ReadonlyMap<string, Selector>;
  readonly memory: AutoscalerMemory;
  readonly options: HorizontalOptions;
  readonly now: Millis;
}

/** What one reconcileAutoscaler decides: the writes and what to remember. */
export interface ReconcileOutput {
  /** The writes in upstream's order: Events as recorded, the scale update, the status update. */
  readonly effects: Effect[];
  readonly memory: AutoscalerMemory;
  /** The selector the HPA's target reported (what hpaSelectors keeps), when it parsed. */
  readonly selector?: string;
  /** The error reconcileAutoscaler returns (logged by upstream's HandleError; the key requeues all the same). */
  readonly error?: string;
}

/** tolerancesForHpa: the flag's tolerance both ways, or the HPA's own when HPAConfigurableTolerance is on. */
export function tolerancesForHpa(hpa: HorizontalPodAutoscaler, options: HorizontalOptions): Tolerances {
  const t = { scaleDown: options.tolerance, scaleUp: options.tolerance };
  const b = hpa.spec.behavior;
  if (b === undefined || options.configurableTolerance !== true) return t;
  // Tolerance.AsApproximateFloat64() of a Quantity ("0.05", "50m").
  if (b.scaleDown?.tolerance !== undefined) t.scaleDown = milliValue(parseQuantity(b.scaleDown.tolerance)) / 1000;
  if (b.scaleUp?.tolerance !== undefined) t.scaleUp = milliValue(parseQuantity(b.scaleUp.tolerance)) / 1000;
  return t;
}

/** One sync of an HPA (horizontal.go's reconcileAutoscaler), pure. */
export function reconcileAutoscaler(input: ReconcileInput): ReconcileOutput {
  const { hpa, now } = input;
  const original = (hpa.status ?? { currentReplicas: 0, desiredReplicas: 0 }) as HPAStatus;
  const status: HPAStatus = structuredClone(original);
  const effects: Effect[] = [];
  const sync: Sync = { hpa, calc: input.calculator, tolerances: tolerancesForHpa(hpa, input.options), effects, status, now };
  const namespace = hpa.metadata.namespace ?? 'default';
  const target = hpa.spec.scaleTargetRef;
  const reference = `${target.kind}/${namespace}/${target.name}`;
  const writeStatus = (s: HPAStatus, opts: { ifScaleFailed?: HPAStatus } = {}): void => {
    const w = updateStatusIfNeeded(hpa, original, s, opts.ifScaleFailed);
    if (w !== undefined) effects.push(w);
  };

  const scaleAnswer = input.scale;
  if (scaleAnswer.error !== undefined) {
    effects.push(recordEvent(hpa, 'Warning', 'FailedGetScale', scaleAnswer.error));
    setCondition(
      status,
      'AbleToScale',
      'False',
      'FailedGetScale',
      `the HPA controller was unable to get the target's current scale: ${scaleAnswer.error}`,
      now,
    );
    writeStatus(status);
    const error =
      scaleAnswer.stage === 'apiVersion'
        ? `invalid API version in scale target reference: ${scaleAnswer.error}`
        : scaleAnswer.stage === 'mapping'
          ? `unable to determine resource for scale target reference: ${scaleAnswer.error}`
          : `failed to query scale subresource for ${reference}: ${scaleAnswer.error}`;
    return { effects, memory: input.memory, error };
  }
  const { scale, ref } = scaleAnswer;
  setCondition(
    status,
    'AbleToScale',
    'True',
    'SucceededGetScale',
    "the HPA controller was able to get the target's current scale",
    now,
  );
  const currentReplicas = scale.specReplicas;
  // recordInitialRecommendation: the first sync remembers the current size.
  let recommendations = input.memory.recommendations ?? [{ recommendation: currentReplicas, timestamp: now }];

  let metricStatuses: MetricStatus[] | undefined;
  let desiredReplicas = 0;
  let rescaleReason = '';
  const minReplicas = hpa.spec.minReplicas ?? 1;
  let rescale = true;
  let retErr: string | undefined;
  let selector: string | undefined;

  if (currentReplicas === 0 && minReplicas !== 0) {
    // Autoscaling is disabled for this resource.
    desiredReplicas = 0;
    rescale = false;
    setCondition(
      status,
      'ScalingActive',
      'False',
      'ScalingDisabled',
      'scaling is disabled since the replica count of the target is zero',
      now,
    );
  } else if (currentReplicas > hpa.spec.maxReplicas) {
    rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
    desiredReplicas = hpa.spec.maxReplicas;
  } else if (currentReplicas < minReplicas) {
    rescaleReason = 'Current number of replicas below Spec.MinReplicas';
    desiredReplicas = minReplicas;
  } else {
    const computed = computeReplicasForMetrics(sync, input, scale, hpaMetrics(hpa));
    metricStatuses = computed.statuses;
    selector = sync.registered;
    if (computed.err !== undefined && computed.replicas === -1) {
      setCurrentReplicasAndMetricsInStatus(status, currentReplicas, metricStatuses);
      writeStatus(status);
      effects.push(recordEvent(hpa, 'Warning', 'FailedComputeMetricsReplicas', computed.err));
      return {
        effects,
        memory: { ...input.memory, recommendations },
        ...(selector !== undefined ? { selector } : {}),
        error: `failed to compute desired number of replicas based on listed metrics for ${reference}: ${computed.err}`,
      };
    }
    // Some metrics failed but the others allow scaling: go on, and return the error at the end.
    if (computed.err !== undefined) retErr = computed.err;
    let rescaleMetric = '';
    if (computed.replicas > desiredReplicas) {
      desiredReplicas = computed.replicas;
      rescaleMetric = computed.metric;
    }
    if (desiredReplicas > currentReplicas) rescaleReason = `${rescaleMetric} above target`;
    if (desiredReplicas < currentReplicas) rescaleReason = 'All metrics below target';
    const bounds = {
      currentReplicas,
      prenormalizedDesiredReplicas: desiredReplicas,
      minReplicas,
      maxReplicas: hpa.spec.maxReplicas,
    };
    const window = input.options.downscaleStabilisationWindow;
    const normalized =
      hpa.spec.behavior === undefined
        ? normalizeDesiredReplicas(
            status,
            recommendations,
            {
              ...bounds,
              downscaleStabilisationWindow: window,
              ...(input.options.scaleUpLimitFactor !== undefined ? { scaleUpLimitFactor: input.options.scaleUpLimitFactor } : {}),
            },
            now,
          )
        : normalizeDesiredReplicasWithBehaviors(
            status,
            hpa.spec.behavior as HPABehavior,
            { ...input.memory, recommendations },
            { ...bounds, downscaleStabilisationWindow: window },
            now,
          );
    desiredReplicas = normalized.desiredReplicas;
    recommendations = normalized.recommendations;
    rescale = desiredReplicas !== currentReplicas;
  }

  let memory: AutoscalerMemory = { ...input.memory, recommendations };
  if (rescale) {
    // What upstream writes when the scale update fails: FailedUpdateScale, and the old desired count.
    const ifScaleFailed: HPAStatus = structuredClone(status);
    setCondition(
      ifScaleFailed,
      'AbleToScale',
      'False',
      'FailedUpdateScale',
      'the HPA controller was unable to update the target scale',
      now,
    );
    setCurrentReplicasAndMetricsInStatus(ifScaleFailed, currentReplicas, metricStatuses);
    effects.push(scaleEffect(hpa, ref, desiredReplicas, rescaleReason));
    setCondition(
      status,
      'AbleToScale',
      'True',
      'SucceededRescale',
      `the HPA controller was able to update the target scale to ${desiredReplicas}`,
      now,
    );
    memory = { ...memory, ...storeScaleEvent(hpa.spec.behavior, input.memory, currentReplicas, desiredReplicas, now) };
    setStatus(status, currentReplicas, desiredReplicas, metricStatuses, true, now);
    writeStatus(status, { ifScaleFailed });
  } else {
    desiredReplicas = currentReplicas;
    setStatus(status, currentReplicas, desiredReplicas, metricStatuses, false, now);
    writeStatus(status);
  }
  return { effects, memory, ...(selector !== undefined ? { selector } : {}), ...(retErr !== undefined ? { error: retErr } : {}) };
}

/**
 * The scale update through /scale, in a wave of its own so that the status write after it
 * learns whether it failed; the SuccessfulRescale / FailedRescale Event follows its answer.
 */
function scaleEffect(hpa: HorizontalPodAutoscaler, ref: ObjectRef, replicas: number, reason: string): Effect {
  const ev = recordEvent(hpa, 'Normal', 'SuccessfulRescale', '') as Extract<Effect, { type: 'event' }>;
  return {
    type: 'scale',
    ref,
    replicas,
    wave: 0,
    // The HPA keeps no expectations.
    expectation: false,
    report: {
      involved: ev.involved,
      success: { eventType: 'Normal', reason: 'SuccessfulRescale', message: `New size: ${replicas}; reason: ${reason}` },
      failure: { eventType: 'Warning', reason: 'FailedRescale', message: `New size: ${replicas}; reason: ${reason}; error: ` },
    },
  };
}
