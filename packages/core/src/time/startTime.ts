import { daysFromCivil } from '../cron/location.js';
import { KubesimError } from '../errors.js';
import { SIMULATION_EPOCH_MS } from './rfc3339.js';

/**
 * The wall-clock instant simulated time 0 stands for (Unix milliseconds). Timestamps stay
 * simulated milliseconds in objects; the start time turns them into wall-clock times where
 * the wall clock matters: a CronJob's schedule, and times printed as RFC 3339. Default
 * SIMULATION_EPOCH_MS (2026-01-01T00:00:00Z), so that a run without one never changes.
 */

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

const daysIn = (y: number, m: number): number =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

function bad(what: string, value: unknown, why: string): KubesimError {
  return new KubesimError('E_USAGE', `${what}: ${JSON.stringify(value)} ${why}`);
}

/**
 * A start time from an RFC 3339 string (`2026-03-08T01:59:00Z`, `2026-03-08T01:59:00-05:00`,
 * fractions of a second kept to the millisecond) or a number of Unix milliseconds.
 */
export function parseStartTime(value: string | number, what = 'startTime'): number {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw bad(what, value, 'is not a whole number of milliseconds since 1970-01-01T00:00:00Z');
    return value;
  }
  const m = RFC3339.exec(value);
  if (m === null) throw bad(what, value, 'is not an RFC 3339 time such as 2026-01-01T00:00:00Z');
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (y < 1970) throw bad(what, value, 'is before 1970-01-01T00:00:00Z');
  if (mo < 1 || mo > 12) throw bad(what, value, 'has a month out of range');
  if (d < 1 || d > daysIn(y, mo)) throw bad(what, value, 'has a day out of range');
  if (h > 23 || mi > 59 || s > 59) throw bad(what, value, 'has a time of day out of range');
  const frac = m[7] === undefined ? 0 : Math.floor(Number(`0${m[7]}`) * 1000);
  let offset = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) throw bad(what, value, 'has a zone offset out of range');
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  return daysFromCivil(y, mo, d) * 86_400_000 + ((h * 60 + mi) * 60 + s) * 1000 + frac - offset;
}

/** The start time a state or option names, or the default. */
export function startTimeOr(startTime: number | undefined): number {
  return startTime ?? SIMULATION_EPOCH_MS;
}
