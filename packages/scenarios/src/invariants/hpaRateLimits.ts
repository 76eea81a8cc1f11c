import type { HPAScalingRules, Millis } from '@kubesim/core';
import { boundBranch, type HpaScaleWrite, HpaWatch, hpaName, judged, RACE_SLACK, type ReplicaChange } from './hpaWatch.js';
import type { ScenarioInvariant } from './types.js';

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
