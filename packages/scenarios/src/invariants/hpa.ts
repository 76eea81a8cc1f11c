import { deepEqual, formatDuration, type HorizontalPodAutoscaler, type HPAScalingRules, type Millis } from '@kubesim/core';
import { HPA_CONTROLLER, type HpaScaleWrite, HpaWatch, hpaName, minOf, RACE_SLACK, type ReplicaChange } from './hpaWatch.js';
import type { InvariantContext, InvariantResult, ScenarioInvariant } from './types.js';

/**
 * The HorizontalPodAutoscaler's promises, checked on its writes to the target's `/scale`
 * (horizontal.go reconcileAutoscaler and the normalisation it applies). Each reads the log
 * only: what the HPA wrote, what the target had before, the HPA's spec at the time. Where a
 * user's write or an edit of the HPA landed within RACE_SLACK before the HPA's, the HPA may
 * have decided on what it saw just before, and that write is not judged.
 */

/** --horizontal-pod-autoscaler-downscale-stabilization's default, for a behavior without a scale-down window. */
const DOWNSCALE_STABILIZATION: Millis = 300_000;

/** reconcileAutoscaler's bound branches: they set desired to the bound without normalising. */
function boundBranch(w: Pick<ReplicaChange, 'from' | 'to'>, spec: HorizontalPodAutoscaler['spec']): boolean {
  return (w.from > spec.maxReplicas && w.to === spec.maxReplicas) || (w.from < minOf(spec) && w.to === minOf(spec));
}

function judged(watch: HpaWatch, w: HpaScaleWrite): HorizontalPodAutoscaler | undefined {
  // Two HPAs on one target fight over it; upstream does not stop that, and neither can a check.
  if (w.racedByUser || w.hpas.length !== 1) return undefined;
  const hpa = w.hpas[0] as HorizontalPodAutoscaler;
  // Decided on another version of the spec than the current one (its informers lagged): not judged.
  if (w.decidedSpecs.some((s) => !deepEqual(s, hpa.spec))) return undefined;
  return watch.specChangedRecently(hpa, w.time) ? undefined : hpa;
}

/**
 * hpa-replica-bounds. reconcileAutoscaler: a target at 0 with minReplicas above 0 is left
 * alone (ScalingDisabled, desired 0); above maxReplicas it goes to maxReplicas, below
 * minReplicas to minReplicas; otherwise the metrics' proposal is normalised into
 * [minReplicas, maxReplicas]. So every HPA write to the scale is within the bounds. A user's
 * `kubectl scale` outside them is not the HPA's; its next sync wants the bound back, which its
 * status shows (currentReplicas, the count it read, and desiredReplicas) — unless that
 * rescale failed (AbleToScale False, FailedUpdateScale: the old desired count stays).
 */
export function hpaReplicaBounds(): ScenarioInvariant {
  const watch = new HpaWatch();
  return {
    name: 'hpa-replica-bounds',
    upstream:
      'pkg/controller/podautoscaler/horizontal.go reconcileAutoscaler: desired is 0 for a target at 0 (ScalingDisabled), maxReplicas above it, minReplicas below it, else normalizeDesiredReplicas(WithBehaviors) clamps the proposal into [minReplicas, maxReplicas]',
    description:
      "Every replica count the HPA writes to its target's scale is within its [minReplicas, maxReplicas]; a target found outside them (a user's own scale) is wanted back at the bound it crossed.",
    check(ctx) {
      const w = watch.observe(ctx);
      if (w === undefined) return statusBreach(ctx, watch);
      if (w.hpas.length === 0) return undefined;
      // Any version of any HPA on the target current within the slack may be the one the write came from.
      // And the version the controller's informers showed it, however stale.
      const specs = [...w.hpas.flatMap((h) => watch.specsDuring(h, w.time - RACE_SLACK, w.time)), ...w.decidedSpecs];
      if (specs.some((s) => w.to >= minOf(s) && w.to <= s.maxReplicas)) return undefined;
      const hpa = w.hpas[0] as HorizontalPodAutoscaler;
      return {
        message: `${hpaName(hpa)} scaled ${w.target} to ${w.to}, outside its bounds [${minOf(hpa.spec)}, ${hpa.spec.maxReplicas}]`,
        objects: [hpaName(hpa), w.target],
      };
    },
  };
}

/** What reconcileAutoscaler wants for a count outside the bounds: 0 stays 0, else the bound crossed. */
function wantedOutside(current: number, spec: HorizontalPodAutoscaler['spec']): number | undefined {
  if (current === 0 && minOf(spec) !== 0) return 0;
  if (current > spec.maxReplicas) return spec.maxReplicas;
  if (current < minOf(spec)) return minOf(spec);
  return undefined;
}

/** An HPA status write by the controller that read a count outside the bounds and wants another than the bound. */
function statusBreach(ctx: InvariantContext, watch: HpaWatch): InvariantResult {
  if (ctx.entry.by !== HPA_CONTROLLER) return undefined;
  for (const c of ctx.changes) {
    if (c.kind !== 'HorizontalPodAutoscaler' || c.new === undefined) continue;
    const hpa = c.new as HorizontalPodAutoscaler;
    const status = hpa.status;
    const able = status?.conditions?.find((x) => x.type === 'AbleToScale');
    if (status === undefined || able === undefined || able.status !== 'True') continue;
    if (deepEqual((c.old as HorizontalPodAutoscaler | undefined)?.status, status)) continue;
    const t = ctx.entry.time;
    const wanted = watch.specsDuring(hpa, t - RACE_SLACK, t).map((s) => wantedOutside(status.currentReplicas, s));
    if (wanted.some((x) => x === undefined || x === status.desiredReplicas)) continue;
    const ref = hpa.spec.scaleTargetRef;
    return {
      message: `${hpaName(hpa)} found ${ref.kind.toLowerCase()}/${ref.name} at ${status.currentReplicas} replicas, outside its bounds [${minOf(hpa.spec)}, ${hpa.spec.maxReplicas}], and wants ${status.desiredReplicas} (upstream: ${wanted.at(-1)})`,
      objects: [hpaName(hpa), `${ref.kind.toLowerCase()}/${ref.name}`],
    };
  }
  return undefined;
}

/**
 * hpa-stabilization. The scale-down window keeps every recommendation made within it, and a
 * scale-down goes no lower than the highest of them (stabilizeRecommendation without
 * behavior, stabilizeRecommendationWithBehaviors with it). Two recommendations show in the log:
 * - the first: recordInitialRecommendation stores the target's replicas when the HPA first
 *   reads its scale (its status then shows them as currentReplicas), no earlier than the HPA's
 *   creation — so within the window after creation, no scale-down goes below them;
 * - with behavior, a scale-up to M: the result is the current count clamped into [min of the
 *   recommendations in the scale-up window, max of those in the scale-down window], each
 *   including the new one, so a scale-up to M means a recommendation of at least M then.
 *   (Without behavior a scale-up can carry an older recommendation, so it shows none.)
 * The bound branches (above maxReplicas, below minReplicas) are not stabilized.
 */
export function hpaStabilization(opts: { downscaleStabilizationWindow?: Millis } = {}): ScenarioInvariant {
  const watch = new HpaWatch();
  const controllerWindow = opts.downscaleStabilizationWindow ?? DOWNSCALE_STABILIZATION;
  return {
    name: 'hpa-stabilization',
    upstream:
      'pkg/controller/podautoscaler/horizontal.go stabilizeRecommendation / stabilizeRecommendationWithBehaviors and recordInitialRecommendation: a scale-down goes no lower than the highest recommendation within the scale-down stabilization window (--horizontal-pod-autoscaler-downscale-stabilization, 5m, unless behavior sets it)',
    description:
      "An HPA never scales its target down below a recommendation made within its scale-down stabilization window: the target's replicas when the HPA first read them (within the window after its creation), or, with behavior, the size of a scale-up.",
    check(ctx) {
      const w = watch.observe(ctx);
      if (w === undefined || w.to >= w.from) return undefined;
      const hpa = judged(watch, w);
      if (hpa === undefined || boundBranch(w, hpa.spec)) return undefined;
      const behavior = hpa.spec.behavior;
      const windowSeconds = behavior?.scaleDown?.stabilizationWindowSeconds;
      const window = windowSeconds === undefined ? controllerWindow : windowSeconds * 1000;
      const objects = [hpaName(hpa), w.target];
      const head = `${hpaName(hpa)} scaled ${w.target} down from ${w.from} to ${w.to} at ${formatDuration(w.time)}`;
      const created = hpa.metadata.creationTimestamp;
      const initial = watch.initialRecommendation(hpa);
      // The initial recommendation was made at or after creation, and the reconcile at or before the write.
      if (created !== undefined && initial !== undefined && w.time < created + window && w.to < initial) {
        return {
          message: `${head}, ${formatDuration(w.time - created)} after its creation: its first recommendation, the ${initial} replicas it found, holds for its ${formatDuration(window)} scale-down stabilization window`,
          objects,
        };
      }
      if (behavior === undefined) return undefined;
      // Recommendations the HPA certainly still held: made (at most the slack before their write) inside the window.
      const evidence = w.history.filter((h) => {
        if (!h.byHpa || h.to <= h.from || h.to <= w.to || h.time <= w.time - window + RACE_SLACK) return false;
        const then = watch.specAt(hpa, h.time);
        return then?.behavior !== undefined && !boundBranch(h, then);
      });
      const e = evidence.at(-1);
      if (e === undefined) return undefined;
      return {
        message: `${head}, ${formatDuration(w.time - e.time)} after recommending ${e.to} (its scale-up at ${formatDuration(e.time)}), inside its ${formatDuration(window)} scale-down stabilization window`,
        objects,
      };
    },
  };
}

/** getReplicasChangePerPeriod over the HPA's own scale events of one direction. */
function changeIn(events: readonly ReplicaChange[], after: Millis): number {
  return events.filter((h) => h.time > after).reduce((sum, h) => sum + Math.abs(h.to - h.from), 0);
}

const describeRules = (r: HPAScalingRules): string =>
  `selectPolicy ${r.selectPolicy ?? 'Max'}, policies ${(r.policies ?? []).map((p) => `${p.type} ${p.value}/${p.periodSeconds}s`).join(', ')}`;

/**
 * calculateScaleUpLimitWithBehaviors / calculateScaleDownLimitWithBehaviors: per policy, the
 * replicas at the start of its period (current − added + deleted by the HPA's own scalings
 * within it), then periodStart + Pods, ceil(periodStart × (1 + Percent/100)) up, or
 * periodStart − Pods, int(periodStart × (1 − Percent/100)) down; selectPolicy Max takes the
 * biggest change, Min the smallest, Disabled none. The limit computed here is the most
 * permissive any reconcile time within the slack could give.
 */
function behaviorLimit(w: HpaScaleWrite, rules: HPAScalingRules, events: readonly ReplicaChange[], up: boolean): number {
  if (rules.selectPolicy === 'Disabled') return w.from;
  const ups = events.filter((h) => h.to > h.from);
  const downs = events.filter((h) => h.to < h.from);
  const proposals = (rules.policies ?? []).map((p) => {
    const period = p.periodSeconds * 1000;
    // Up: more start replicas allow more, so count the HPA's additions only when surely in the
    // period and its removals when possibly; down the other way round.
    const certain = w.time - period + RACE_SLACK;
    const possible = w.time - period - RACE_SLACK;
    const added = changeIn(ups, up ? certain : possible);
    const deleted = changeIn(downs, up ? possible : certain);
    const start = w.from - added + deleted;
    if (up) return p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    return p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
  });
  if (proposals.length === 0) return w.from;
  const most = rules.selectPolicy === 'Min' ? (up ? Math.min : Math.max) : up ? Math.max : Math.min;
  const limit = most(...proposals);
  return up ? Math.max(limit, w.from) : Math.min(limit, w.from);
}

/**
 * hpa-rate-limits: with `behavior`, a scale-up never goes above, and a scale-down never below,
 * what the direction's policies allow given the HPA's own scalings within each policy's
 * period (convertDesiredReplicasWithBehaviorRate). Without it, a scale-up is limited to
 * max(2 × current, 4) (calculateScaleUpLimit) and a scale-down is not limited. The bound
 * branches are not rate limited.
 */
export function hpaRateLimits(): ScenarioInvariant {
  const watch = new HpaWatch();
  return {
    name: 'hpa-rate-limits',
    upstream:
      'pkg/controller/podautoscaler/horizontal.go convertDesiredReplicasWithBehaviorRate (calculateScaleUpLimitWithBehaviors, calculateScaleDownLimitWithBehaviors) and, without behavior, calculateScaleUpLimit (max(2 × current, 4))',
    description:
      "An HPA never changes its target's replicas faster than its behavior's policies allow within their periods (without behavior: a scale-up to at most max(2 × current, 4)).",
    check(ctx) {
      const w = watch.observe(ctx);
      if (w === undefined) return undefined;
      const hpa = judged(watch, w);
      if (hpa === undefined || boundBranch(w, hpa.spec)) return undefined;
      const up = w.to > w.from;
      const behavior = hpa.spec.behavior;
      if (behavior === undefined) {
        if (!up) return undefined;
        const limit = Math.trunc(Math.max(2 * w.from, 4));
        if (w.to <= limit) return undefined;
        return {
          message: `${hpaName(hpa)} scaled ${w.target} up from ${w.from} to ${w.to}; without behavior the limit is max(2 × ${w.from}, 4) = ${limit}`,
          objects: [hpaName(hpa), w.target],
        };
      }
      const rules = up ? behavior.scaleUp : behavior.scaleDown;
      if (rules === undefined) return undefined;
      // Upstream keeps scale events only while behavior is set.
      const events = w.history.filter((h) => h.byHpa && watch.specAt(hpa, h.time)?.behavior !== undefined);
      const limit = behaviorLimit(w, rules, events, up);
      if (up ? w.to <= limit : w.to >= limit) return undefined;
      return {
        message: `${hpaName(hpa)} scaled ${w.target} ${up ? 'up' : 'down'} from ${w.from} to ${w.to}; behavior.${up ? 'scaleUp' : 'scaleDown'} (${describeRules(rules)}) allows ${up ? 'at most' : 'no fewer than'} ${limit}`,
        objects: [hpaName(hpa), w.target],
      };
    },
  };
}
