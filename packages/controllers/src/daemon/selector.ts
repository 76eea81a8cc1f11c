import { type DaemonSet, labelSelectorAsSelector, type Selector } from '@kubesim/core';

const selectors = new WeakMap<DaemonSet['spec'], Selector | undefined>();

/**
 * The set's selector (metav1.LabelSelectorAsSelector), once per spec; undefined when it does
 * not convert (upstream's sync returns that error, and the set selects nothing).
 */
export function selectorOf(ds: DaemonSet): Selector | undefined {
  if (selectors.has(ds.spec)) return selectors.get(ds.spec);
  let selector: Selector | undefined;
  try {
    selector = labelSelectorAsSelector(ds.spec.selector);
  } catch {
    selector = undefined;
  }
  selectors.set(ds.spec, selector);
  return selector;
}
