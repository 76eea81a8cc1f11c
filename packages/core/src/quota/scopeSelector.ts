import { labelSelectorAsSelector } from '../api/labels.js';
import type { ScopedResourceSelectorRequirement } from '../api/types.js';

const SELECTOR_OPERATORS: ReadonlySet<string> = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * The selector test the pod and claim scope functions share (podMatchesSelector,
 * pvcMatchesSelector): the requirement as a label selector (helper.
 * ScopedResourceSelectorRequirementsAsSelector), matched against the label set
 * {<scopeName>: value} for each of the object's values, or against no labels when it has none.
 */
export function scopedSelectorMatches(s: ScopedResourceSelectorRequirement, values: Iterable<string>): boolean | Error {
  // ScopedResourceSelectorRequirementsAsSelector refuses an operator it does not know; the
  // callers wrap whatever it returns.
  if (!SELECTOR_OPERATORS.has(s.operator))
    return new Error(
      `failed to parse and convert selector: ${JSON.stringify(s.operator)} is not a valid scope selector operator`,
    );
  let selector: ReturnType<typeof labelSelectorAsSelector>;
  try {
    selector = labelSelectorAsSelector({
      matchExpressions: [{ key: s.scopeName, operator: s.operator as 'In', values: s.values ?? [] }],
    });
  } catch (e) {
    return new Error(`failed to parse and convert selector: ${(e as Error).message}`);
  }
  const all = [...values];
  if (all.length === 0) return selector.matches({});
  return all.some((v) => selector.matches({ [s.scopeName]: v }));
}
