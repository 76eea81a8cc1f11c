import { type ClusterView, type Kind, type KubeObject, parseDuration, resolveResource } from '@kubesim/core';

/**
 * A check over one field of one object: `deployment/web status.availableReplicas >= 2`. The
 * path is dotted, with `[0]` for a list item, `[type=Available]` for the item of a list with
 * that field, and `["a.b/c"]` for a key with dots (an annotation).
 */
export type Compare = 'equals' | 'notEquals' | 'atLeast' | 'atMost' | 'above' | 'below' | 'matches';

/** An expectation on one field of one object: its path, the comparison and the value. */
export interface FieldCheck {
  readonly kind: Kind;
  readonly namespace: string;
  readonly name: string;
  readonly path: string;
  readonly compare: Compare;
  readonly value: unknown;
}

const OPERATORS: readonly (readonly [string, Compare])[] = [
  ['==', 'equals'],
  ['!=', 'notEquals'],
  ['>=', 'atLeast'],
  ['<=', 'atMost'],
  ['=~', 'matches'],
  ['>', 'above'],
  ['<', 'below'],
];

export const SYMBOL: Readonly<Record<Compare, string>> = {
  equals: '==',
  notEquals: '!=',
  atLeast: '>=',
  atMost: '<=',
  above: '>',
  below: '<',
  matches: '=~',
};

/** `deployment/web` (or `deployment/NAMESPACE/web`) as a kind, namespace and name; a string says what is wrong. */
export function parseObjectRef(text: string, namespace = 'default'): { kind: Kind; namespace: string; name: string } | string {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === ''))
    return `expected KIND/NAME (deployment/web), not ${JSON.stringify(text)}`;
  const kind = resolveResource(parts[0] as string);
  if (kind === undefined) return `the server doesn't have a resource type ${JSON.stringify(parts[0])}`;
  return parts.length === 3
    ? { kind, namespace: parts[1] as string, name: parts[2] as string }
    : { kind, namespace, name: parts[1] as string };
}

/** A scalar as written: a number, true/false/null, a quoted string, or a bare word. */
function scalar(text: string): unknown {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'null') return null;
  if (/^".*"$/.test(t) || /^'.*'$/.test(t)) return t.slice(1, -1);
  return t;
}

export interface FieldExpression {
  readonly check: FieldCheck;
  /** The window it holds in (invariants): from, until; absent ends are the run's. */
  readonly from?: number;
  readonly until?: number;
}

/**
 * `KIND/NAME PATH OP VALUE [from DURATION] [until DURATION]`, the string form of an expectation
 * or a user-defined invariant; a string says what is wrong.
 */
export function parseFieldExpression(text: string): FieldExpression | string {
  let rest = text.trim();
  let from: number | undefined;
  let until: number | undefined;
  for (;;) {
    const m = /\s+(from|until)\s+(\S+)$/.exec(rest);
    if (m === null) break;
    let t: number;
    try {
      t = parseDuration(m[2] as string);
    } catch {
      return `${m[1]} ${m[2]}: expected a duration such as 30s`;
    }
    if (m[1] === 'from') from = t;
    else until = t;
    rest = rest.slice(0, m.index);
  }
  const m = /^(\S+)\s+(\S+)\s*(==|!=|>=|<=|=~|>|<)\s*(.+)$/.exec(rest);
  if (m === null)
    return `expected KIND/NAME PATH OP VALUE (deployment/web status.availableReplicas >= 2), not ${JSON.stringify(text)}`;
  const ref = parseObjectRef(m[1] as string);
  if (typeof ref === 'string') return ref;
  const compare = OPERATORS.find(([op]) => op === m[3])?.[1] as Compare;
  const value = scalar(m[4] as string);
  if (compare === 'matches') {
    try {
      new RegExp(String(value));
    } catch (e) {
      return `=~ ${String(value)}: not a regular expression (${(e as Error).message})`;
    }
  }
  const path = m[2] as string;
  const bad = pathProblem(path);
  if (bad !== undefined) return bad;
  return {
    check: { ...ref, path, compare, value },
    ...(from !== undefined ? { from } : {}),
    ...(until !== undefined ? { until } : {}),
  };
}

type Segment = { key: string } | { index: number } | { field: string; equals: string };

function segments(path: string): Segment[] | string {
  const out: Segment[] = [];
  const re = /\.?([A-Za-z0-9_-]+)|\[(\d+)\]|\[([A-Za-z0-9_.-]+)=([^\]]*)\]|\["([^"]+)"\]/gy;
  let pos = 0;
  while (pos < path.length) {
    re.lastIndex = pos;
    const m = re.exec(path);
    if (m === null) return `the path ${JSON.stringify(path)} is not one (at ${JSON.stringify(path.slice(pos))})`;
    if (m[1] !== undefined) out.push({ key: m[1] });
    else if (m[2] !== undefined) out.push({ index: Number(m[2]) });
    else if (m[3] !== undefined) out.push({ field: m[3], equals: m[4] ?? '' });
    else out.push({ key: m[5] as string });
    pos = re.lastIndex;
  }
  return out;
}

export function pathProblem(path: string): string | undefined {
  const s = segments(path);
  return typeof s === 'string' ? s : s.length === 0 ? 'the path is empty' : undefined;
}

/** The value at `path` in `obj`, or undefined when there is none. */
export function valueAt(obj: unknown, path: string): unknown {
  const segs = segments(path);
  if (typeof segs === 'string') return undefined;
  let cur: unknown = obj;
  for (const s of segs) {
    if (cur === undefined || cur === null) return undefined;
    if ('key' in s) cur = (cur as Record<string, unknown>)[s.key];
    else if ('index' in s) cur = Array.isArray(cur) ? cur[s.index] : undefined;
    else cur = Array.isArray(cur) ? cur.find((x) => String((x as Record<string, unknown>)?.[s.field]) === s.equals) : undefined;
  }
  return cur;
}

const num = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;

/** Whether `actual` passes the comparison with `expected`. */
export function compareValues(actual: unknown, compare: Compare, expected: unknown): boolean {
  switch (compare) {
    case 'equals':
      return JSON.stringify(actual) === JSON.stringify(expected) || (num(actual) !== undefined && num(actual) === num(expected));
    case 'notEquals':
      return !compareValues(actual, 'equals', expected);
    case 'matches':
      return (
        actual !== undefined && new RegExp(String(expected)).test(typeof actual === 'string' ? actual : JSON.stringify(actual))
      );
    default: {
      const a = num(actual);
      const b = num(expected);
      if (a === undefined || b === undefined) return false;
      return compare === 'atLeast' ? a >= b : compare === 'atMost' ? a <= b : compare === 'above' ? a > b : a < b;
    }
  }
}

/** What a field check finds: whether it passes, and the value it saw (in words). */
export function evaluateField(view: ClusterView, c: FieldCheck): { ok: boolean; actual: string } {
  const obj = view.get(c.kind, c.namespace, c.name) as KubeObject | undefined;
  if (obj === undefined) return { ok: false, actual: `${c.kind.toLowerCase()}/${c.name} does not exist` };
  const v = valueAt(obj, c.path);
  return { ok: compareValues(v, c.compare, c.value), actual: v === undefined ? `${c.path} is not set` : JSON.stringify(v) };
}

/** `deployment/web status.availableReplicas >= 2`. */
export function describeField(c: FieldCheck): string {
  const ns = c.namespace === 'default' ? '' : `${c.namespace}/`;
  return `${c.kind.toLowerCase()}/${ns}${c.name} ${c.path} ${SYMBOL[c.compare]} ${typeof c.value === 'string' ? c.value : JSON.stringify(c.value)}`;
}
