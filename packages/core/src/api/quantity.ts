import { KubesimError } from '../errors.js';

/**
 * Resource quantities (k8s.io/apimachinery/pkg/api/resource): `500m`, `2`, `1.5Gi`, `100M`,
 * `1e3`. Parsing follows upstream's grammar and error texts; values are kept as exact
 * rationals over 10^-9 (nano units), as upstream rounds to nano precision.
 */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** A resource.Quantity: an exact value and the format it prints in. */
export interface Quantity {
  /** The value in nano-units (1 = 1e-9), as a bigint so that Ei-sized values stay exact. */
  readonly nanos: bigint;
  readonly format: QuantityFormat;
}

const FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const DECIMAL_SUFFIX_EXP: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIX_EXP: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

const MAX_INT32 = 2 ** 31 - 1;
/** The largest power of ten kubesim expands a quantity by (in nanos): 1e1000 and below parse. */
const MAX_DECIMAL_EXP = 1009;
const NANOS_PER_UNIT = 1_000_000_000n;
/** resource.maxAllowed: (1<<63)-1, in nano-units. */
const MAX_BINARY_NANOS = ((1n << 63n) - 1n) * NANOS_PER_UNIT;

function quantityError(message: string): KubesimError {
  return new KubesimError('E_QUANTITY', message);
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Divides rounding away from zero (upstream rounds up to nano precision). */
function divCeil(a: bigint, b: bigint): bigint {
  const q = a / b;
  if (q * b === a) return q;
  return a > 0n ? q + 1n : q - 1n;
}

// Parsed quantities by their text: the same few values recur in every pod of a workload.
const parsed = new Map<string, Quantity>();

/** Parses a quantity (upstream's grammar and error texts); results are shared, never mutate them. */
export function parseQuantity(text: string | number): Quantity {
  const key = typeof text === 'number' ? String(text) : text;
  const hit = parsed.get(key);
  if (hit !== undefined) return hit;
  const q = parseQuantityText(key);
  if (parsed.size >= 10_000) parsed.clear();
  parsed.set(key, q);
  return q;
}

function parseQuantityText(text: string): Quantity {
  const s = text.trim();
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(s);
  if (s === '' || m === null) throw quantityError(FORMAT_ERROR);
  const [, sign = '', whole = '', frac = '', suffix = ''] = m;
  if (whole === '' && frac === '') throw quantityError(FORMAT_ERROR);
  if (!/^[eEinumkKMGTP]*[-+]?[0-9]*$/.test(suffix)) throw quantityError(FORMAT_ERROR);
  // The mantissa as an integer with `frac.length` decimal places.
  let mantissa = BigInt(`${whole || '0'}${frac}`);
  let scale = -frac.length; // value = mantissa * 10^scale (before the suffix)
  let binaryExp = 0;
  let format: QuantityFormat;
  if (suffix in BINARY_SUFFIX_EXP) {
    binaryExp = BINARY_SUFFIX_EXP[suffix] as number;
    format = 'BinarySI';
  } else if (suffix in DECIMAL_SUFFIX_EXP) {
    scale += DECIMAL_SUFFIX_EXP[suffix] as number;
    format = 'DecimalSI';
  } else if (/^[eE][-+]?[0-9]+$/.test(suffix)) {
    const exponent = Number.parseInt(suffix.slice(1), 10);
    // Upstream keeps the exponent in an int32 scale and rejects one outside ±MaxInt32 (1e4294967297
    // would otherwise wrap around to 1e1).
    if (Math.abs(exponent) > MAX_INT32) throw quantityError("unable to parse quantity's suffix");
    scale += exponent;
    format = 'DecimalExponent';
  } else {
    throw quantityError("unable to parse quantity's suffix");
  }
  if (sign === '-') mantissa = -mantissa;
  // nanos = mantissa * 10^scale * 2^binaryExp * 10^9, rounded up.
  let num = mantissa * 2n ** BigInt(binaryExp);
  const exp = scale + 9;
  // Upstream keeps 1e100000000 as a mantissa and a scale; kubesim counts nanos in a bigint,
  // which for such an exponent takes minutes to compute. Far past anything a cluster holds
  // (2^63 bytes is 9.2e18), it refuses instead; far below a nano, a non-zero value is 1n
  // either way (upstream rounds it up to the least representable value).
  if (exp > MAX_DECIMAL_EXP) throw quantityError(`quantities larger than 1e${MAX_DECIMAL_EXP - 9} are not supported by kubesim`);
  if (exp < -MAX_DECIMAL_EXP - num.toString().length) num = num === 0n ? 0n : num > 0n ? 1n : -1n;
  else if (exp >= 0) num *= pow10(exp);
  else num = divCeil(num, pow10(-exp));
  if (format === 'BinarySI') {
    const abs = num < 0n ? -num : num;
    // Upstream caps a binary quantity at MaxInt64 ("9Ei" is 9223372036854775807, not 9Ei) ...
    if (abs > MAX_BINARY_NANOS) num = num < 0n ? -MAX_BINARY_NANOS : MAX_BINARY_NANOS;
    // ... and a non-zero binary quantity smaller than 1 becomes DecimalSI (".000000000001Ki" is 2n).
    else if (abs !== 0n && abs < NANOS_PER_UNIT) format = 'DecimalSI';
  }
  return { nanos: num, format };
}

/** Quantity.MilliValue(): the value in thousandths, rounded up (CPU requests in millicores). */
export function milliValue(q: Quantity): number {
  return Number(divCeil(q.nanos, 1_000_000n));
}

/** Quantity.Value(): the value rounded up to an integer (memory in bytes, pod counts). */
export function integerValue(q: Quantity): number {
  return Number(divCeil(q.nanos, 1_000_000_000n));
}

const DECIMAL_SUFFIX_BY_EXP: ReadonlyMap<number, string> = new Map(Object.entries(DECIMAL_SUFFIX_EXP).map(([s, e]) => [e, s]));

/**
 * Quantity.String(): the canonical form upstream prints (`1.5Gi` → `1536Mi`, `0.5` → `500m`,
 * `1000` → `1k`, `0.5Ki` → `512`).
 */
export function formatQuantity(q: Quantity): string {
  if (q.nanos === 0n) return '0';
  const negative = q.nanos < 0n;
  const abs = negative ? -q.nanos : q.nanos;
  const sign = negative ? '-' : '';
  if (q.format === 'BinarySI' && abs >= 1024n * 1_000_000_000n && abs % 1_000_000_000n === 0n) {
    let v = abs / 1_000_000_000n;
    let e = 0;
    while (v % 1024n === 0n && e < 60) {
      v /= 1024n;
      e += 10;
    }
    const suffix = Object.entries(BINARY_SUFFIX_EXP).find(([, x]) => x === e)?.[0] ?? '';
    return `${sign}${v}${suffix}`;
  }
  // Decimal: mantissa * 10^exp with exp a multiple of 3, mantissa as small as possible.
  let mantissa = abs;
  let exp = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exp += 1;
  }
  while (((exp % 3) + 3) % 3 !== 0) {
    mantissa *= 10n;
    exp -= 1;
  }
  if (q.format === 'DecimalExponent') return `${sign}${mantissa}${exp === 0 ? '' : `e${exp}`}`;
  if (exp > 18) {
    mantissa *= pow10(exp - 18);
    exp = 18;
  }
  return `${sign}${mantissa}${DECIMAL_SUFFIX_BY_EXP.get(exp) ?? ''}`;
}

/** Canonicalises a quantity string (`1.5Gi` → `1536Mi`). */
export function canonicalQuantity(text: string | number): string {
  return formatQuantity(parseQuantity(text));
}
