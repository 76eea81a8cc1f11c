import type { LabelSelector } from '@kubesim/core';

/**
 * `%v` of a *metav1.LabelSelector: its generated String() (gogo protobuf), map keys sorted,
 * a requirement's values as Go prints a []string. A nil selector prints `nil`.
 */
export function labelSelectorString(sel: LabelSelector | undefined): string {
  if (sel === undefined) return 'nil';
  const labels = Object.keys(sel.matchLabels ?? {})
    .sort()
    .map((k) => `${k}: ${sel.matchLabels?.[k]},`)
    .join('');
  const exprs = (sel.matchExpressions ?? [])
    .map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`)
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}
