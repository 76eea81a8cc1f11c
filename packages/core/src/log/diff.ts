/**
 * Computing a diff (the grammar is diffGrammar.ts): each choice weighed by the length of
 * its JSON text, so a pod status update costs the condition that flipped.
 */
import {
  type Diff,
  definedKeys,
  isObject,
  type JsonObject,
  member,
  PREVIOUS,
  REMOVE,
  REPEAT,
  SECOND,
  setMember,
  UNCHANGED,
} from './diffGrammar.js';

export { applyDiff } from './applyDiff.js';
export type { Diff } from './diffGrammar.js';

/**
 * A diff and the length of its JSON text, reckoned as the diff is built (writing it out at
 * every level to weigh the choices would cost more than the diff). Strings count as if they
 * needed no escapes: the lengths only choose between forms, they are never written.
 */
interface Sized {
  readonly d: Diff;
  readonly n: number;
  /** Whether it draws on the second base somewhere. */
  readonly second: boolean;
}

const UNCHANGED_SIZED: Sized = { d: UNCHANGED, n: 2, second: false };

/** An array diff this short is written as it is, without weighing the whole array against it. */
const SHORT = 48;

function scalarSize(v: null | boolean | number | string): number {
  if (typeof v === 'string') return v.length + 2;
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 && v < 1e9 ? digits(v) : String(v).length;
  return v === null || v === true ? 4 : 5;
}

function digits(n: number): number {
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
}

/** The length of a value's JSON text, reckoned as Sized does. */
export function valueSize(v: unknown): number {
  if (v === null || typeof v !== 'object') return v === undefined ? 0 : scalarSize(v as string);
  let n = 2;
  let first = true;
  if (Array.isArray(v)) {
    for (const x of v) {
      n += (first ? 0 : 1) + (x === undefined ? 4 : valueSize(x));
      first = false;
    }
    return n;
  }
  const o = v as JsonObject;
  for (const k of Object.keys(o)) {
    const x = o[k];
    if (x === undefined) continue;
    n += (first ? 0 : 1) + k.length + 3 + valueSize(x);
    first = false;
  }
  return n;
}

function sized(d: Diff, n: number, second = false): Sized {
  return { d, n, second };
}

/** `[head, D]` around a sized diff (an absent one: `{}`, unchanged). */
function wrap(head: string, inner: Sized | undefined, second = inner?.second ?? false): Sized {
  const d = inner ?? UNCHANGED_SIZED;
  return sized([head, d.d], head.length + 5 + d.n, second);
}

/**
 * The diff that turns base into target, or undefined when they are equal as JSON. With a
 * second base, any value may instead be written as a diff against the second base's value at
 * the same place (`["~", D]`), wherever that comes out shorter.
 */
export function diffJson(base: unknown, target: unknown, second?: unknown): Diff | undefined {
  return sizedDiff(base, target, second, pureDiffs(target, second))?.d;
}

/**
 * diffJson for the log writer: the diff (`{}` when nothing changed), about how long its JSON
 * text is, and whether it draws on the second base at all (if not, the line need not name it).
 */
export function diffSized(base: unknown, target: unknown, second?: unknown): { diff: Diff; size: number; second: boolean } {
  const r = sizedDiff(base, target, second, pureDiffs(target, second));
  return r === undefined ? { diff: UNCHANGED, size: 2, second: false } : { diff: r.d, size: r.n, second: r.second };
}

/**
 * The diffs against the second base, for every object and array of the target at the same
 * place in both: worked out in one pass before the diff against the base, which weighs them
 * at each place without working them out again for every subtree.
 */
type PureDiffs = Map<object, { readonly second: unknown; readonly diff: Sized | undefined }>;

function pureDiffs(target: unknown, second: unknown): PureDiffs | undefined {
  if (second === undefined) return undefined;
  const memo: PureDiffs = new Map();
  sizedDiff(second, target, undefined, memo, true);
  return memo;
}

/**
 * The diff, sized. With `record`, a pass against the second base as base that notes each
 * place's diff in `memo`; otherwise `memo` holds those notes for weighing `["~", D]`.
 */
function sizedDiff(base: unknown, target: unknown, second: unknown, memo?: PureDiffs, record = false): Sized | undefined {
  if (base === target) return undefined;
  if (target === null || typeof target !== 'object') {
    if (target === undefined) throw new Error('diffJson: the target is undefined');
    return sized(target as Diff, scalarSize(target as string));
  }
  const d = Array.isArray(target)
    ? diffArray(Array.isArray(base) ? base : undefined, target, Array.isArray(second) ? second : undefined, memo, record)
    : diffObject(base, target as JsonObject, second, memo, record);
  if (record) memo?.set(target, { second: base, diff: d });
  if (second === undefined || d === undefined || second === base) return d;
  const noted = memo?.get(target);
  const pure = second === target ? undefined : noted?.second === second ? noted.diff : sizedDiff(second, target, undefined);
  const other = wrap(SECOND, pure, true);
  return other.n < d.n ? other : d;
}

function diffArray(
  base: readonly unknown[] | undefined,
  target: readonly unknown[],
  second: readonly unknown[] | undefined,
  memo: PureDiffs | undefined,
  record: boolean,
): Sized | undefined {
  if (target.length === 0) return base?.length === 0 ? undefined : sized([[]], 4);
  const out: unknown[] = [target.length];
  let n = String(target.length).length + 2;
  let usesSecond = false;
  // What each element's item applies (a repeat's, the item it repeats), and its text once needed.
  const nodes: Sized[] = [];
  const texts: (string | undefined)[] = [];
  let written = 0; // items written so far: unchanged ones at the end are left out
  let pending = 0; // unchanged items not yet written (written only if a changed one follows)
  let changed = false;
  for (let i = 0; i < target.length; i++) {
    const t = target[i] ?? null;
    const inBase = base !== undefined && i < base.length;
    const b = inBase ? (base[i] ?? null) : i > 0 ? (target[i - 1] ?? null) : undefined;
    // A first element with no base is written as a diff against nothing. (Past the base's end
    // the element's base is the one before it: not a place the pass against the second base
    // shares, so nothing is noted.)
    const d = sizedDiff(b, t, second?.[i], memo, record && inBase);
    if (d === undefined) {
      nodes.push(UNCHANGED_SIZED);
      pending++;
      continue;
    }
    changed = true;
    let node = d;
    let item = d;
    // A changed element may be closer to the new one before it than to its old self (a
    // condition flipping the way its neighbour just did).
    if (inBase && i > 0) {
      const prev = wrap(PREVIOUS, sizedDiff(target[i - 1] ?? null, t, undefined), false);
      if (prev.n < item.n) node = item = prev;
    }
    // Several elements changing the same way (each condition's lastTransitionTime) say it once.
    for (let j = i - 1; j >= 0; j--) {
      const other = nodes[j] as Sized;
      const repeat = 6 + digits(i - j);
      if (other === UNCHANGED_SIZED || repeat >= item.n || (other.n !== d.n && other.n !== node.n)) continue;
      texts[j] ??= JSON.stringify(other.d);
      const same =
        (other.n === d.n && texts[j] === JSON.stringify(d.d)) ||
        (node !== d && other.n === node.n && texts[j] === JSON.stringify(node.d));
      if (same) {
        node = other;
        item = sized([REPEAT, i - j], repeat);
        break;
      }
    }
    for (; pending > 0; pending--) {
      out.push(UNCHANGED);
      n += 3;
      written++;
    }
    nodes.push(node);
    out.push(item.d);
    n += 1 + item.n;
    written++;
    usesSecond ||= item.second;
  }
  if (!changed && base !== undefined && base.length === target.length) return undefined;
  if (written === 0) {
    // Only the length changed: one unchanged item says the array goes on as before.
    out.push(UNCHANGED);
    n += 3;
  }
  // An array whose elements shifted diffs badly element by element: then write it out. (A
  // short diff is kept without weighing: the array cannot be much shorter.)
  if (n <= SHORT) return sized(out as Diff, n, usesSecond);
  const lit = valueSize(target) + 2;
  return n <= lit ? sized(out as Diff, n, usesSecond) : sized(literal(target), lit);
}

function literal(v: unknown): Diff {
  return [v];
}

/** An object diff as it is built: members and their sizes. */
class Members {
  readonly d: Record<string, unknown> = {};
  n = 2;
  count = 0;
  second = false;

  put(k: string, m: Sized): void {
    setMember(this.d, k, m.d);
    this.n += (this.count++ === 0 ? 0 : 1) + k.length + 3 + m.n;
    if (m.second) this.second = true;
  }
}

function diffObject(
  base: unknown,
  target: JsonObject,
  second: unknown,
  memo: PureDiffs | undefined,
  record: boolean,
): Sized | undefined {
  const b: JsonObject = isObject(base) ? base : {};
  const s: JsonObject | undefined = isObject(second) ? second : undefined;
  const merge = new Members();
  // The merge form keeps the base's members in place and puts new ones last; check that
  // this is the target's order.
  const targetKeys = definedKeys(target);
  let ti = 0;
  let inOrder = true;
  for (const k of definedKeys(b)) {
    if (member(target, k) === undefined) {
      merge.put(k, REMOVE_SIZED);
      continue;
    }
    if (targetKeys[ti] !== k) inOrder = false;
    ti++;
    const d = sizedDiff(b[k], target[k], s && member(s, k), memo, record);
    if (d !== undefined) merge.put(k, d);
  }
  for (const k of targetKeys) {
    if (member(b, k) !== undefined) continue;
    if (targetKeys[ti] !== k) inOrder = false;
    ti++;
    merge.put(k, sizedDiff(undefined, target[k], s && member(s, k), memo, record) as Sized);
  }
  if (!isObject(base)) {
    // Against a missing or non-object base the merge form builds a new object; an empty one
    // would read as "unchanged".
    return targetKeys.length === 0 ? sized([{}], 4) : sized(merge.d, merge.n, merge.second);
  }
  if (inOrder) return merge.count > 0 ? sized(merge.d, merge.n, merge.second) : undefined;
  const ordered = new Members();
  for (const k of targetKeys) {
    ordered.put(k, sizedDiff(member(b, k), target[k], s && member(s, k), memo, record) ?? UNCHANGED_SIZED);
  }
  return sized([null, ordered.d], ordered.n + 7, ordered.second);
}

const REMOVE_SIZED: Sized = { d: REMOVE as Diff, n: 2, second: false };
