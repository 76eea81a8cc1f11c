import { KubesimError } from '../errors.js';

/** Simulated time: an integer number of milliseconds since the scenario started. */
export type Millis = number;

/** One second of simulated time. */
export const SECOND: Millis = 1000;
/** One minute of simulated time. */
export const MINUTE: Millis = 60 * SECOND;
/** One hour of simulated time. */
export const HOUR: Millis = 60 * MINUTE;

// Unit sizes in nanoseconds, as Go's time package defines them.
const UNIT_NANOS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['µs', 1_000n], // U+00B5 micro sign
  ['μs', 1_000n], // U+03BC Greek mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const NANOS_PER_MILLI = 1_000_000n;
/** 1<<63: Go accumulates the magnitude in a uint64 and allows 1<<63 only for a negative duration. */
const TWO_63 = 1n << 63n;
const MAX_INT64 = TWO_63 - 1n;

function durationError(message: string): KubesimError {
  return new KubesimError('E_DURATION', message);
}

/**
 * Go's quote() from time/format.go, used in its error texts: printable ASCII as is (with `"`
 * and `\` escaped), everything else as its UTF-8 bytes in `\xNN` form.
 */
function goQuote(s: string): string {
  const encoder = new TextEncoder();
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp >= 0x80 || cp < 0x20) {
      for (const b of encoder.encode(ch)) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return `${out}"`;
}

/**
 * Go's leadingFraction: the fraction digits as an integer and the power of ten it is scaled
 * by; digits past the point where the integer would overflow are dropped.
 */
function leadingFraction(digits: string): { f: bigint; scale: number } {
  let f = 0n;
  let scale = 1;
  let overflow = false;
  for (const c of digits) {
    if (overflow) continue;
    if (f > MAX_INT64 / 10n) {
      overflow = true;
      continue;
    }
    const y = f * 10n + BigInt(c);
    if (y > TWO_63) {
      overflow = true;
      continue;
    }
    f = y;
    scale *= 10;
  }
  return { f, scale };
}

/**
 * Parses a duration exactly as Go's time.ParseDuration does (`300ms`, `1.5h`, `1h30m`, `-2s`,
 * the bare `0`), with Go's error texts, and returns whole milliseconds. A value finer than a
 * millisecond is rejected: simulated time has millisecond resolution.
 *
 * The arithmetic is Go's, done in bigint: integer parts exactly, a fraction through float64 and
 * truncated (so `0.3333333333333333333h` is exactly 20m, as in Go), and the same int64 overflow
 * checks. Only then is the result required to be a whole number of milliseconds.
 */
export function parseDuration(input: string): Millis {
  const orig = input;
  const invalid = (): KubesimError => durationError(`time: invalid duration ${goQuote(orig)}`);
  let s = input;
  let negative = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw invalid();
  let d = 0n;
  while (s !== '') {
    // The number: digits, optionally a fraction; at least one digit somewhere.
    const num = /^([0-9]*)(\.([0-9]*))?/.exec(s);
    const whole = num?.[1] ?? '';
    const frac = num?.[3] ?? '';
    if (whole === '' && frac === '') throw invalid();
    s = s.slice(num?.[0].length ?? 0);
    let v = whole === '' ? 0n : BigInt(whole);
    if (v > TWO_63) throw invalid();
    // The unit: everything up to the next digit or dot.
    let u = 0;
    while (u < s.length && !/[0-9.]/.test(s[u] as string)) u++;
    if (u === 0) throw durationError(`time: missing unit in duration ${goQuote(orig)}`);
    const unitName = s.slice(0, u);
    s = s.slice(u);
    const unit = UNIT_NANOS.get(unitName);
    if (unit === undefined) throw durationError(`time: unknown unit ${goQuote(unitName)} in duration ${goQuote(orig)}`);
    if (v > TWO_63 / unit) throw invalid();
    v *= unit;
    const { f, scale } = leadingFraction(frac);
    if (f > 0n) {
      // float64 as in Go: nanosecond-accurate for fractions of an hour.
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > TWO_63) throw invalid();
    }
    d += v;
    if (d > TWO_63) throw invalid();
  }
  if (!negative && d > MAX_INT64) throw invalid();
  if (d % NANOS_PER_MILLI !== 0n) {
    throw durationError(`invalid duration "${orig}": simulated time has a resolution of 1ms`);
  }
  // bigint has no -0, so "-0s" gives 0, not -0.
  return Number((negative ? -d : d) / NANOS_PER_MILLI);
}

/**
 * Formats milliseconds the way Go's Duration.String() does: `1h30m0s`, `1.5s`, `300ms`, `0s`.
 * Used in logs and messages where Go would print a duration.
 */
export function formatDuration(ms: Millis): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < SECOND) return `${sign}${rest}ms`;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const minutes = Math.floor(rest / MINUTE);
  rest -= minutes * MINUTE;
  const secs = rest / SECOND;
  const secText = `${Number.isInteger(secs) ? secs : secs.toFixed(3).replace(/0+$/, '')}s`;
  if (hours > 0) return `${sign}${hours}h${minutes}m${secText}`;
  if (minutes > 0) return `${sign}${minutes}m${secText}`;
  return `${sign}${secText}`;
}
