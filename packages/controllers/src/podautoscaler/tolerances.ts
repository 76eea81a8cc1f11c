import type { LabelSelector } from '@kubesim/core';

/** replica_calculator.go's Tolerances: the usage-ratio tolerances below and above 1 (v1.33+, HPAConfigurableTolerance). */
export interface Tolerances {
  readonly scaleDown: number;
  readonly scaleUp: number;
}

/** isWithin: 1 - scaleDown ≤ ratio ≤ 1 + scaleUp. */
export function tolerancesIsWithin(t: Tolerances, usageRatio: number): boolean {
  return 1.0 - t.scaleDown <= usageRatio && usageRatio <= 1.0 + t.scaleUp;
}

/** Tolerances.String(): `[down:10.0%, up:10.0%]`. */
export function formatTolerances(t: Tolerances): string {
  return `[down:${(t.scaleDown * 100).toFixed(1)}%, up:${(t.scaleUp * 100).toFixed(1)}%]`;
}

/**
 * How Go's `%+v` prints a *metav1.LabelSelector (its generated String()), as upstream's
 * external-metric errors show it: `&LabelSelector{MatchLabels:map[string]string{label: value,},MatchExpressions:[]LabelSelectorRequirement{},}`.
 */
export function formatLabelSelector(ls: LabelSelector | undefined): string {
  if (ls === undefined) return 'nil';
  const labels = Object.keys(ls.matchLabels ?? {})
    .sort()
    .map((k) => `${k}: ${ls.matchLabels?.[k]},`)
    .join('');
  const exprs = (ls.matchExpressions ?? [])
    .map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`)
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}
