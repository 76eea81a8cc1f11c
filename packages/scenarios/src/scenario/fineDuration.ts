import { KubesimError } from '@kubesim/core';

/**
 * A Go duration read to fractional milliseconds, for the control plane's sync costs
 * (`100us`, `2µs`, `0.5ms`, `1.5us`): core's parseDuration refuses anything finer than the
 * simulated clock's millisecond, which a sync cost routinely is. The grammar is Go's
 * time.ParseDuration (units ns, us, µs, μs, ms, s, m, h; fractions; `0` alone), summed
 * exactly in nanoseconds (a fraction below 1ns is dropped, as Go truncates it) and only then
 * divided down to milliseconds. Negative durations are refused: no cost is below zero.
 */

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

const NANOS_PER_MILLI = 1_000_000;

function invalid(message: string): KubesimError {
  return new KubesimError('E_DURATION', message);
}

/** Fractional milliseconds of a non-negative Go duration: `100us` is 0.1, `2µs` 0.002, `1.5ms` 1.5. */
export function parseFineDuration(input: string): number {
  const quoted = JSON.stringify(input);
  let s = input;
  if (s.startsWith('-')) throw invalid(`duration ${quoted} must not be negative`);
  if (s.startsWith('+')) s = s.slice(1);
  if (s === '0') return 0;
  if (s === '') throw invalid(`time: invalid duration ${quoted}`);
  let nanos = 0n;
  while (s !== '') {
    const num = /^([0-9]*)(?:\.([0-9]*))?/.exec(s);
    const whole = num?.[1] ?? '';
    const frac = num?.[2] ?? '';
    if (whole === '' && frac === '') throw invalid(`time: invalid duration ${quoted}`);
    s = s.slice(num?.[0].length ?? 0);
    let u = 0;
    while (u < s.length && !/[0-9.]/.test(s[u] as string)) u++;
    if (u === 0) throw invalid(`time: missing unit in duration ${quoted}`);
    const unitName = s.slice(0, u);
    s = s.slice(u);
    const unit = UNIT_NANOS.get(unitName);
    if (unit === undefined) throw invalid(`time: unknown unit ${JSON.stringify(unitName)} in duration ${quoted}`);
    nanos += (whole === '' ? 0n : BigInt(whole)) * unit;
    if (frac !== '') nanos += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
  }
  if (nanos > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid(`time: invalid duration ${quoted}`);
  return Number(nanos) / NANOS_PER_MILLI;
}

/** A sync cost as the builder takes it: a Go duration, or fractional milliseconds. */
export function fineMillis(value: string | number, field: string): number {
  if (typeof value === 'number') {
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new KubesimError('E_SCENARIO', `${field}: must be a duration of 0 or more, not ${value}`);
    }
    return value;
  }
  try {
    return parseFineDuration(value);
  } catch (e) {
    throw new KubesimError('E_SCENARIO', `${field}: ${(e as Error).message}`);
  }
}
