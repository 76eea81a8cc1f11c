/**
 * The log's diff grammar: what changed between two JSON values, as a JSON value. The log
 * writes a write's object as a diff against the version it replaces, so a pod status update
 * costs the condition that flipped rather than the whole pod.
 *
 * JSON merge patch is not enough: Kubernetes objects hold literal nulls (`lastProbeTime:
 * null`), so null cannot mean "remove"; and arrays (conditions, containerStatuses) change
 * one element at a time. A diff node is one of:
 *
 * | node                      | meaning                                                                 |
 * | ------------------------- | ----------------------------------------------------------------------- |
 * | a scalar, `null` included | the new value                                                           |
 * | `{ k: D, ... }`           | the base object with each D applied to its member k (`[]` removes k);   |
 * |                           | kept members keep their place, new ones go last; `{}` is "unchanged"   |
 * | `[]`                      | remove this member (only inside an object diff)                         |
 * | `[v]`                     | the new value is v, literally                                           |
 * | `[n, D0, D1, ...]`        | an array of length n; Di applies to base element i, or, past the base's |
 * |                           | end, to the new element i-1 (so a new condition is a diff against the   |
 * |                           | one before it); elements after the last Di are unchanged                |
 * | `["^", D]`                | as an element of an array diff: D applies to the new element before it  |
 * |                           | (a condition that flipped the way its neighbour just did)               |
 * | `["=", k]`                | as an element of an array diff: the element k before changed this way   |
 * |                           | too (five conditions with the same new lastTransitionTime)              |
 * | `[null, { k: D, ... }]`   | an object with exactly these members in this order, each D applied to   |
 * |                           | the base's member k (for when the merge form would misorder the keys)   |
 * | `["~", D]`                | D applies to the second base's value here (a diff may draw on a second  |
 * |                           | base: another pod's status, closer than this pod's own last one)        |
 *
 * Applying diff(base, target) to base gives a value whose JSON text equals target's, key
 * order included (so `kubectl get -o yaml` of a replayed state reads as the live one).
 * Members whose value is undefined count as absent, as in JSON.
 */

export type Diff = null | boolean | number | string | readonly unknown[] | { readonly [key: string]: unknown };

export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json | undefined };
export type JsonObject = { readonly [key: string]: Json | undefined };

export const REMOVE: readonly unknown[] = [];
export const UNCHANGED: Diff = {};
/** `["^", D]`: an array element's diff that applies to the new element before it. */
export const PREVIOUS = '^';
/** `["=", k]`: an array element that changes the way the element k before it did. */
export const REPEAT = '=';
/** `["~", D]`: D applies to the second base's value here. */
export const SECOND = '~';

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An own member (never one inherited from Object.prototype, such as `valueOf`). */
export function member(o: JsonObject, k: string): Json | undefined {
  const v = o[k];
  // Object.prototype's members are functions, but for __proto__: JSON values never are.
  if (k === '__proto__') return Object.hasOwn(o, k) ? v : undefined;
  return typeof v === 'function' ? undefined : v;
}

export function definedKeys(o: JsonObject): string[] {
  const keys = Object.keys(o);
  for (const k of keys) if (o[k] === undefined) return keys.filter((x) => o[x] !== undefined);
  return keys;
}

/** Sets a member even when it is named `__proto__`. */
export function setMember(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}
