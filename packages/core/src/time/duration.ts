import { KubesimError } from '../errors.js';

/** Simulated time: an integer number of milliseconds since the scenario started. */
export type Millis = number;

export const SECOND: Millis = 1000;
export const MINUTE: Millis = 60 * SECOND;
export const HOUR: Millis = 60 * MINUTE;

// Unit sizes in nanoseconds, as Go's time package defines them.
const UNIT_NANOS: ReadonlyMap<string, number> = new Map([
  ['ns', 1],
  ['us', 1e3],
  ['µs', 1e3], // U+00B5 micro sign
  ['μs', 1e3], // U+03BC Greek mu
  ['ms', 1e6],
  ['s', 1e9],
  ['m', 60e9],
  ['h', 3600e9],
]);

function durationError(message: string): KubesimError {
  return new KubesimError('E_DURATION', message);
}

/**
 * Parses a duration exactly as Go's time.ParseDuration does (`300ms`, `1.5h`, `1h30m`, `-2s`,
 * the bare `0`), with Go's error texts, and returns whole milliseconds. A value finer than a
 * millisecond is rejected: simulated time has millisecond resolution.
 */
export function parseDuration(input: string): Millis {
  const orig = input;
  const invalid = (): KubesimError => durationError(`time: invalid duration "${orig}"`);
  let s = input;
  let negative = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw invalid();
  let nanos = 0;
  while (s !== '') {
    // The number: digits, optionally a fraction; at least one digit somewhere.
    const num = /^([0-9]*)(\.([0-9]*))?/.exec(s);
    const whole = num?.[1] ?? '';
    const frac = num?.[3] ?? '';
    if (whole === '' && frac === '') throw invalid();
    s = s.slice(num?.[0].length ?? 0);
    // The unit: everything up to the next digit or dot.
    let u = 0;
    while (u < s.length && !/[0-9.]/.test(s[u] as string)) u++;
    if (u === 0) throw durationError(`time: missing unit in duration "${orig}"`);
    const unit = s.slice(0, u);
    s = s.slice(u);
    const size = UNIT_NANOS.get(unit);
    if (size === undefined) throw durationError(`time: unknown unit "${unit}" in duration "${orig}"`);
    nanos += Number(`${whole || '0'}.${frac || '0'}`) * size;
    if (!Number.isFinite(nanos) || nanos > 2 ** 63 - 1) throw invalid();
  }
  const millis = nanos / 1e6;
  // Allow float error from the decimal fraction (0.1s = 100ms), but no real sub-millisecond part.
  const rounded = Math.round(millis);
  if (Math.abs(millis - rounded) > 1e-6) {
    throw durationError(`invalid duration "${orig}": simulated time has a resolution of 1ms`);
  }
  return negative ? -rounded : rounded;
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
