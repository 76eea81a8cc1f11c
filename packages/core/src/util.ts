/** Structural equality of JSON-like values; an undefined member equals a missing one. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k in ao) if (ao[k] !== undefined && !deepEqual(ao[k], bo[k])) return false;
  for (const k in bo) if (bo[k] !== undefined && ao[k] === undefined) return false;
  return true;
}

/**
 * A text that two JSON-like values share exactly when they are the same tree: the same keys
 * in the same order, the same values (an undefined member is kept apart from a missing one,
 * -0 from 0, NaN from null), arrays as arrays. Values with anything else inside (functions,
 * class instances, symbols, cycles deeper than the limit) have no key: undefined. It is what
 * interning by value needs, where JSON.stringify would merge trees that differ.
 */
export function structuralKey(value: unknown): string | undefined {
  const parts: string[] = [];
  return keyInto(value, parts, 0) ? parts.join('') : undefined;
}

function keyInto(v: unknown, out: string[], depth: number): boolean {
  switch (typeof v) {
    case 'string':
      out.push(JSON.stringify(v));
      return true;
    case 'number':
      out.push(Object.is(v, -0) ? '-0' : String(v));
      return true;
    case 'boolean':
      out.push(v ? 't' : 'f');
      return true;
    case 'undefined':
      out.push('u');
      return true;
    case 'object': {
      if (v === null) {
        out.push('n');
        return true;
      }
      if (depth > 64) return false;
      if (Array.isArray(v)) {
        out.push('[');
        for (let i = 0; i < v.length; i++) {
          if (i > 0) out.push(',');
          if (!(i in v))
            out.push('h'); // a hole
          else if (!keyInto(v[i], out, depth + 1)) return false;
        }
        out.push(']');
        return true;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return false;
      out.push('{');
      let first = true;
      for (const k of Object.keys(v)) {
        if (!first) out.push(',');
        first = false;
        out.push(JSON.stringify(k), ':');
        if (!keyInto((v as Record<string, unknown>)[k], out, depth + 1)) return false;
      }
      out.push('}');
      return true;
    }
    default:
      return false;
  }
}
