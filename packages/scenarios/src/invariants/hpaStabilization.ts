import { formatDuration, type Millis } from '@kubesim/core';
import { boundBranch, HpaWatch, hpaName, judged, RACE_SLACK } from './hpaWatch.js';
import type { ScenarioInvariant } from './types.js';

/** --horizontal-pod-autoscaler-downscale-stabilization's default, for a behavior without a scale-down window. */
const DOWNSCALE_STABILIZATION: Millis = 300_000;

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
