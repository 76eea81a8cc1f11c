/**
 * What changed between two JSON values, as a JSON value: the log writes a write's object as
 * a diff against the version it replaces, so a pod status update costs the condition that
 * flipped rather than the whole pod.
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
 * | `[null, { k: D, ... }]`   | an object with exactly these members in this order, each D applied to   |
 * |                           | the base's member k (for when the merge form would misorder the keys)   |
 *
 * Applying diff(base, target) to base gives a value whose JSON text equals target's, key
 * order included (so `kubectl get -o yaml` of a replayed state reads as the live one).
 * Members whose value is undefined count as absent, as in JSON.
 */
export type Diff = null | boolean | number | string | readonly unknown[] | { readonly [key: string]: unknown };

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json | undefined };
type JsonObject = { readonly [key: string]: Json | undefined };

const REMOVE: readonly unknown[] = [];
const UNCHANGED: Diff = {};
/** `["^", D]`: an array element's diff that applies to the new element before it. */
const PREVIOUS = '^';
/** `["=", k]`: an array element that changes the way the element k before it did. */
const REPEAT = '=';
/** `["~", D]`: D applies to the second base's value here. */
const SECOND = '~';

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function size(d: unknown): number {
  return JSON.stringify(d).length;
}

/**
 * The diff that turns base into target, or undefined when they are equal as JSON. With a
 * second base, any value may instead be written as a diff against the second base's value at
 * the same place (`["~", D]`), wherever that comes out shorter.
 */
export function diffJson(base: unknown, target: unknown, second?: unknown): Diff | undefined {
  if (base === target) return undefined;
  if (target === null || typeof target !== 'object') {
    if (target === undefined) throw new Error('diffJson: the target is undefined');
    return target as Diff;
  }
  const d = Array.isArray(target)
    ? diffArray(Array.isArray(base) ? base : undefined, target, Array.isArray(second) ? second : undefined)
    : diffObject(base, target as JsonObject, second);
  if (second === undefined || d === undefined) return d;
  const fromSecond = diffJson(second, target);
  const other: Diff = [SECOND, fromSecond === undefined ? UNCHANGED : fromSecond];
  return size(other) < size(d) ? other : d;
}

function diffArray(
  base: readonly unknown[] | undefined,
  target: readonly unknown[],
  second: readonly unknown[] | undefined,
): Diff | undefined {
  if (target.length === 0) return base?.length === 0 ? undefined : [[]];
  const items: Diff[] = [];
  let last = 0; // how many items up to the last changed one
  for (let i = 0; i < target.length; i++) {
    const t = target[i] ?? null;
    const inBase = base !== undefined && i < base.length;
    const b = inBase ? (base[i] ?? null) : i > 0 ? (target[i - 1] ?? null) : undefined;
    // A first element with no base is written as a diff against nothing.
    const d = diffJson(b, t, second?.[i]);
    let item = d === undefined ? UNCHANGED : d;
    if (d !== undefined) {
      last = i + 1;
      // A changed element may be closer to the new one before it than to its old self (a
      // condition flipping the way its neighbour just did).
      if (inBase && i > 0) {
        const d2 = diffJson(target[i - 1] ?? null, t);
        const prev: Diff = [PREVIOUS, d2 === undefined ? UNCHANGED : d2];
        if (size(prev) < size(item)) item = prev;
      }
    }
    items.push(item);
  }
  if (last === 0 && base !== undefined && base.length === target.length) return undefined;
  const out: unknown[] = [target.length];
  const texts: string[] = [];
  for (let i = 0; i < Math.max(last, 1); i++) {
    const item = items[i] as Diff;
    const text = JSON.stringify(item);
    texts.push(text);
    // Several elements changing the same way (each condition's lastTransitionTime) say it once.
    const k = item === UNCHANGED || i === 0 ? -1 : texts.lastIndexOf(text, i - 1);
    const repeat: Diff = [REPEAT, i - k];
    out.push(k >= 0 && size(repeat) < text.length ? repeat : item);
  }
  // An array whose elements shifted diffs badly element by element: then write it out.
  const lit = literal(target);
  return size(out) <= size(lit) ? (out as Diff) : lit;
}

function literal(v: unknown): Diff {
  return [v];
}

function diffObject(base: unknown, target: JsonObject, second: unknown): Diff | undefined {
  const b: JsonObject = isObject(base) ? base : {};
  const s: JsonObject | undefined = isObject(second) ? second : undefined;
  const merge: Record<string, unknown> = {};
  let changed = false;
  // The merge form keeps the base's members in place and puts new ones last; check that
  // this is the target's order.
  const targetKeys = definedKeys(target);
  let ti = 0;
  let inOrder = true;
  for (const k of definedKeys(b)) {
    if (member(target, k) === undefined) {
      setMember(merge, k, REMOVE);
      changed = true;
      continue;
    }
    if (targetKeys[ti] !== k) inOrder = false;
    ti++;
    const d = diffJson(b[k], target[k], s && member(s, k));
    if (d !== undefined) {
      setMember(merge, k, d);
      changed = true;
    }
  }
  for (const k of targetKeys) {
    if (member(b, k) !== undefined) continue;
    if (targetKeys[ti] !== k) inOrder = false;
    ti++;
    setMember(merge, k, diffJson(undefined, target[k], s && member(s, k)));
    changed = true;
  }
  if (!isObject(base)) {
    // Against a missing or non-object base the merge form builds a new object; an empty one
    // would read as "unchanged".
    return targetKeys.length === 0 ? [{}] : merge;
  }
  if (inOrder) return changed ? merge : undefined;
  const ordered: Record<string, unknown> = {};
  for (const k of targetKeys) {
    const d = diffJson(member(b, k), target[k], s && member(s, k));
    setMember(ordered, k, d === undefined ? UNCHANGED : d);
  }
  return [null, ordered];
}

/** An own member (never one inherited from Object.prototype, such as `valueOf`). */
function member(o: JsonObject, k: string): Json | undefined {
  return Object.hasOwn(o, k) ? o[k] : undefined;
}

function definedKeys(o: JsonObject): string[] {
  const keys = Object.keys(o);
  for (const k of keys) if (o[k] === undefined) return keys.filter((x) => o[x] !== undefined);
  return keys;
}

/** Sets a member even when it is named `__proto__`. */
function setMember(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/**
 * Applies a diff to its base (and second base, for `["~", D]`). Unchanged parts of the result
 * are the bases' own (shared, not copied). Throws on a diff that does not fit the grammar,
 * with the path where.
 */
export function applyDiff(base: unknown, diff: unknown, second?: unknown, path = ''): unknown {
  if (diff === null || typeof diff !== 'object') return diff;
  const where = path || 'the value';
  if (Array.isArray(diff)) {
    if (diff.length === 0) throw new Error(`${where}: a removal outside an object`);
    if (diff.length === 1) return diff[0];
    const head = diff[0];
    if (head === null) return applyOrdered(base, diff[1], second, path);
    if (head === SECOND && diff.length === 2) {
      if (second === undefined) throw new Error(`${where}: "~" with no second base here`);
      return applyDiff(second, diff[1], undefined, path);
    }
    if (typeof head !== 'number' || !Number.isInteger(head) || head < 0) {
      throw new Error(`${where}: an array diff must begin with its length, found ${JSON.stringify(head)}`);
    }
    return applyArray(Array.isArray(base) ? base : [], head, diff, Array.isArray(second) ? second : undefined, path);
  }
  const d = diff as Record<string, unknown>;
  const keys = Object.keys(d);
  if (keys.length === 0) return base === undefined ? {} : base;
  const b: JsonObject = isObject(base) ? base : {};
  const s: JsonObject | undefined = isObject(second) ? second : undefined;
  const out: Record<string, unknown> = {};
  for (const k of definedKeys(b)) if (!Object.hasOwn(d, k) || !isRemoval(d[k])) setMember(out, k, b[k]);
  for (const k of keys) {
    const v = d[k];
    if (isRemoval(v)) continue;
    setMember(out, k, applyDiff(member(b, k), v, s && member(s, k), path === '' ? k : `${path}.${k}`));
  }
  return out;
}

function isRemoval(v: unknown): boolean {
  return Array.isArray(v) && v.length === 0;
}

function isHeaded(d: unknown, head: string): d is readonly [string, unknown] {
  return Array.isArray(d) && d.length === 2 && d[0] === head;
}

function applyArray(
  base: readonly unknown[],
  length: number,
  diff: readonly unknown[],
  second: readonly unknown[] | undefined,
  path: string,
): unknown[] {
  const out: unknown[] = [];
  const nodes: unknown[] = [];
  for (let i = 0; i < length; i++) {
    const at = `${path}[${i}]`;
    const b = i < base.length ? base[i] : i > 0 ? out[i - 1] : undefined;
    let node = i + 1 < diff.length ? diff[i + 1] : undefined;
    if (isHeaded(node, REPEAT)) {
      const k = node[1];
      node = typeof k === 'number' && Number.isInteger(k) && k > 0 ? nodes[i - k] : undefined;
      if (node === undefined) throw new Error(`${at}: "=" repeats an element diff that is not there`);
    }
    nodes.push(node);
    if (node === undefined) {
      if (b === undefined) throw new Error(`${at}: a new array element with nothing to copy`);
      out.push(b);
    } else if (isHeaded(node, PREVIOUS)) {
      if (i === 0) throw new Error(`${at}: the first element has no element before it`);
      out.push(applyDiff(out[i - 1], node[1], undefined, at));
    } else out.push(applyDiff(b, node, second?.[i], at));
  }
  return out;
}

function applyOrdered(base: unknown, members: unknown, second: unknown, path: string): Record<string, unknown> {
  if (!isObject(members)) throw new Error(`${path || 'the value'}: an ordered object diff needs an object of members`);
  const b: JsonObject = isObject(base) ? base : {};
  const s: JsonObject | undefined = isObject(second) ? second : undefined;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(members)) {
    setMember(out, k, applyDiff(member(b, k), members[k], s && member(s, k), path === '' ? k : `${path}.${k}`));
  }
  return out;
}
