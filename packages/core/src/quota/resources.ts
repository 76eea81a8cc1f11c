import { formatQuantity, parseQuantity, type Quantity } from '../api/quantity.js';
import { addQuantity } from '../api/resourceHelper.js';

/**
 * Resource lists as the quota system adds and compares them (k8s.io/apiserver/pkg/quota/v1
 * resources.go): a name → quantity map whose sums keep Go's formats (a zero takes the format
 * of what is added to it, so `0` plus `128Mi` prints `128Mi`).
 */
export type ResourceQuantities = ReadonlyMap<string, Quantity>;

/** A quantity with value 0 in DecimalSI, as `resource.Quantity{Format: DecimalSI}`. */
export const ZERO: Quantity = { nanos: 0n, format: 'DecimalSI' };

/** A whole count (`resource.NewQuantity(n, DecimalSI)`). */
export function count(n: number): Quantity {
  return { nanos: BigInt(n) * 1_000_000_000n, format: 'DecimalSI' };
}

/** A stored list (`status.used`) parsed; values that do not parse are left out. */
export function parseList(list: Readonly<Record<string, string>> | undefined): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  for (const [k, v] of Object.entries(list ?? {})) {
    try {
      out.set(k, parseQuantity(v));
    } catch {
      // validation refuses such a value before it is stored
    }
  }
  return out;
}

/** The list as the API server stores it: canonical strings, keys sorted. */
export function formatList(list: ResourceQuantities): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...list.keys()].sort()) out[k] = formatQuantity(list.get(k) as Quantity);
  return out;
}

/** quota.Add: a + b for each name in either. */
export function add(a: ResourceQuantities, b: ResourceQuantities): Map<string, Quantity> {
  const out = new Map(a);
  for (const [k, q] of b) {
    const mine = out.get(k);
    out.set(k, mine === undefined ? q : addQuantity(mine, q));
  }
  return out;
}

/** quota.SubtractWithNonNegativeResult: a - b, floored at zero; names only in b become zero. */
export function subtractNonNegative(a: ResourceQuantities, b: ResourceQuantities): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  for (const [k, q] of a) {
    const other = b.get(k);
    const nanos = other === undefined ? q.nanos : q.nanos - other.nanos;
    out.set(k, nanos > 0n ? { nanos, format: q.format } : ZERO);
  }
  for (const k of b.keys()) if (!out.has(k)) out.set(k, ZERO);
  return out;
}

/** quota.Mask: only the given names. */
export function mask(list: ResourceQuantities, names: Iterable<string>): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  for (const k of names) {
    const q = list.get(k);
    if (q !== undefined) out.set(k, q);
  }
  return out;
}

/** quota.Equals: the same names with equal values (formats aside). */
export function equals(a: ResourceQuantities, b: ResourceQuantities): boolean {
  if (a.size !== b.size) return false;
  for (const [k, q] of a) if (b.get(k)?.nanos !== q.nanos) return false;
  return true;
}

/** quota.LessThanOrEqual: the names of b whose value in a is larger (empty when a fits). */
export function exceeded(a: ResourceQuantities, b: ResourceQuantities): string[] {
  const out: string[] = [];
  for (const [k, limit] of b) {
    const v = a.get(k);
    if (v !== undefined && v.nanos > limit.nanos) out.push(k);
  }
  return out;
}

/** quota.RemoveZeros. */
export function removeZeros(list: ResourceQuantities): Map<string, Quantity> {
  return new Map([...list].filter(([, q]) => q.nanos !== 0n));
}

/** quota.IsNegative: the names with a negative value. */
export function negativeNames(list: ResourceQuantities): string[] {
  return [...list].filter(([, q]) => q.nanos < 0n).map(([k]) => k);
}

/** quota.Intersection: the names of a that are in b, deduplicated and sorted. */
export function intersection(a: readonly string[], b: ReadonlySet<string>): string[] {
  return [...new Set(a.filter((x) => b.has(x)))].sort();
}

/** The admission plugin's prettyPrint: `name=value` by sorted name, comma-separated. */
export function prettyPrint(list: ResourceQuantities): string {
  return [...list.keys()]
    .sort()
    .map((k) => `${k}=${formatQuantity(list.get(k) as Quantity)}`)
    .join(',');
}
