import {
  canonicalQuantity,
  humanDuration,
  type KubeObject,
  type LabelSelector,
  labelSelectorAsSelector,
  type Millis,
} from '@kubesim/core';

/** Small value formatters describe.go shares between kinds. */

export const stringOrNone = (s: string | undefined): string => (s ? s : '<none>');

/** printBool: `True` / `False`. */
export const printBool = (b: boolean | undefined): string => (b ? 'True' : 'False');

/** Go's `%v` of a string slice: `[a b]`, `[]` when empty or nil. */
export const goSlice = (items: readonly string[] | undefined): string => `[${(items ?? []).join(' ')}]`;

/** translateTimestampSince: the age of a timestamp, `<unknown>` for a zero one. */
export const since = (t: Millis | undefined, now: Millis): string => (t === undefined ? '<unknown>' : humanDuration(now - t));

/** Quantity.String(): the canonical form; text that does not parse is shown as it is. */
export function quantityString(q: string | number | undefined): string {
  if (q === undefined) return '0';
  try {
    return canonicalQuantity(q);
  } catch {
    return String(q);
  }
}

/** labels.Selector.String() of a LabelSelector (empty for an empty selector). */
export function selectorString(sel: LabelSelector | undefined): string {
  try {
    return labelSelectorAsSelector(sel ?? {}).toString();
  } catch (e) {
    return `<error: ${(e as Error).message}>`;
  }
}

/** metav1.FormatLabelSelector: as selectorString, `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(sel: LabelSelector | undefined): string {
  try {
    const s = labelSelectorAsSelector(sel ?? {}).toString();
    return s === '' ? '<none>' : s;
  } catch {
    return '<error>';
  }
}

/** printController: `Kind/name` of the controller owner reference, or empty. */
export function controllerString(obj: KubeObject): string {
  const ref = obj.metadata.ownerReferences?.find((r) => r.controller);
  return ref === undefined ? '' : `${ref.kind}/${ref.name}`;
}

/** An int-or-string as intstr.String() prints it. */
export const intOrString = (v: number | string | undefined): string => (v === undefined ? '' : String(v));
