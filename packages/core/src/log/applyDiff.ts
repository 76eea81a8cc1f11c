import { definedKeys, isObject, type JsonObject, member, PREVIOUS, REPEAT, SECOND, setMember } from './diffGrammar.js';

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
