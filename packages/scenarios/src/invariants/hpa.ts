import { deepEqual, type HorizontalPodAutoscaler } from '@kubesim/core';
import { HPA_CONTROLLER, HpaWatch, hpaName, minOf, RACE_SLACK } from './hpaWatch.js';
import type { InvariantContext, InvariantResult, ScenarioInvariant } from './types.js';

/**
 * The HorizontalPodAutoscaler's promises, checked on its writes to the target's `/scale`
 * (horizontal.go reconcileAutoscaler and the normalisation it applies). Each reads the log
 * only: what the HPA wrote, what the target had before, the HPA's spec at the time. Where a
 * user's write or an edit of the HPA landed within RACE_SLACK before the HPA's, the HPA may
 * have decided on what it saw just before, and that write is not judged.
 */

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
