import { addDate, type Civil, civil, date, HOUR_MS, type Location, MINUTE_MS, SECOND_MS, UTC, ZERO_TIME } from './location.js';

/**
 * robfig/cron/v3's spec.go, the scheduler kube-controller-manager's CronJob controller uses:
 * a schedule as bit sets over its fields, and Next(t), the first matching instant after t.
 * Instants are Unix milliseconds; the walk is the library's own (months, then days, hours,
 * minutes, seconds, wrapping to the year), in the schedule's zone, so DST gaps and overlaps
 * behave as they do in Go: a wall time the gap skips never matches its hour, and an hour that
 * repeats matches once.
 */

/** Anything with a Next: a cron spec or an `@every` delay. */
export interface Schedule {
  /** The first activation strictly after t, or ZERO_TIME when none is found within five years. */
  next(t: number): number;
}

/** One field's allowed values, and the star bit robfig/cron sets for `*` and `?` (with step 1). */
export interface FieldBits {
  readonly bits: readonly boolean[];
  readonly star: boolean;
}

export interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

export const seconds: Bounds = { min: 0, max: 59 };
export const minutes: Bounds = { min: 0, max: 59 };
export const hours: Bounds = { min: 0, max: 23 };
export const dom: Bounds = { min: 1, max: 31 };
export const months: Bounds = {
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
export const dow: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

const mod = (a: number, b: number): number => ((a % b) + b) % b;

export class SpecSchedule implements Schedule {
  constructor(
    readonly second: FieldBits,
    readonly minute: FieldBits,
    readonly hour: FieldBits,
    readonly dom: FieldBits,
    readonly month: FieldBits,
    readonly dow: FieldBits,
    /** The zone from `TZ=`/`CRON_TZ=` or spec.timeZone; otherwise Local, kubesim's UTC. */
    readonly location: Location = UTC,
  ) {}

  /** dayMatches: with a `*` in either day field both must match, otherwise either may. */
  dayMatches(c: Civil): boolean {
    const domMatch = this.dom.bits[c.day] === true;
    const dowMatch = this.dow.bits[c.weekday] === true;
    if (this.dom.star || this.dow.star) return domMatch && dowMatch;
    return domMatch || dowMatch;
  }

  next(from: number): number {
    const loc = this.location;
    // Start at the earliest possible time: the next whole second.
    let t = from + SECOND_MS - mod(from, SECOND_MS);
    let added = false;
    const yearLimit = civil(loc, t).year + 5;
    wrap: for (;;) {
      let c = civil(loc, t);
      if (c.year > yearLimit) return ZERO_TIME;
      while (this.month.bits[c.month] !== true) {
        if (!added) {
          added = true;
          t = date(loc, c.year, c.month, 1, 0, 0, 0);
        }
        t = addDate(loc, t, 0, 1, 0);
        c = civil(loc, t);
        if (c.month === 1) continue wrap;
      }
      while (!this.dayMatches(c)) {
        if (!added) {
          added = true;
          t = date(loc, c.year, c.month, c.day, 0, 0, 0);
        }
        t = addDate(loc, t, 0, 0, 1);
        // Midnight may not exist (or repeat) where DST changes at midnight: back to the day's start.
        const h = civil(loc, t).hour;
        if (h !== 0) t = h > 12 ? t + (24 - h) * HOUR_MS : t - h * HOUR_MS;
        c = civil(loc, t);
        if (c.day === 1) continue wrap;
      }
      while (this.hour.bits[c.hour] !== true) {
        if (!added) {
          added = true;
          t = date(loc, c.year, c.month, c.day, c.hour, 0, 0);
        }
        t += HOUR_MS;
        c = civil(loc, t);
        if (c.hour === 0) continue wrap;
      }
      while (this.minute.bits[c.minute] !== true) {
        if (!added) {
          added = true;
          t -= mod(t, MINUTE_MS);
        }
        t += MINUTE_MS;
        c = civil(loc, t);
        if (c.minute === 0) continue wrap;
      }
      while (this.second.bits[c.second] !== true) {
        if (!added) {
          added = true;
          t -= mod(t, SECOND_MS);
        }
        t += SECOND_MS;
        c = civil(loc, t);
        if (c.second === 0) continue wrap;
      }
      return t;
    }
  }
}

/** constantdelay.go: `@every <duration>`, whole seconds, at least one. */
export class ConstantDelaySchedule implements Schedule {
  readonly delay: number;
  constructor(delayMs: number) {
    const d = Math.max(delayMs, SECOND_MS);
    this.delay = d - mod(d, SECOND_MS);
  }
  /** Next rounds down to the second, then adds the delay. */
  next(t: number): number {
    return t + this.delay - mod(t, SECOND_MS);
  }
}
