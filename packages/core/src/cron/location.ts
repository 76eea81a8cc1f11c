/**
 * Time zones the way Go's `time` package uses them for cron schedules: `LoadLocation` (with
 * its error texts), the civil fields of an instant in a zone, and `time.Date`'s rule for a
 * civil time that does not exist (a DST gap) or exists twice (an overlap). The zone rules
 * come from Intl (Node's ICU copy of the IANA tz database), so no file is read and the
 * answer never depends on the machine's own zone. Instants are Unix milliseconds.
 */

export const SECOND_MS = 1000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Go's zero time.Time (January 1, year 1, 00:00 UTC): what robfig/cron returns when nothing matches. */
export const ZERO_TIME = -62_135_596_800_000;

/** A time zone as Go's time.Location: a name and its offset from UTC at each instant. */
export interface Location {
  readonly name: string;
  /** The zone's offset from UTC at an instant, in milliseconds. */
  offsetAt(instant: number): number;
}

/** The civil fields of an instant in a zone (month 1-12, weekday 0 = Sunday). */
export interface Civil {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly weekday: number;
}

/** Go's time.UTC. */
export const UTC: Location = { name: 'UTC', offsetAt: () => 0 };

/** A time zone name that cannot be loaded (Go's LoadLocation error). */
export class LocationError extends Error {}

const mod = (a: number, b: number): number => ((a % b) + b) % b;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day count since 1970-01-01 (civil_from_days). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** The civil fields of a UTC-based millisecond count (an instant plus its zone's offset). */
export function civilOfLocalMs(local: number): Civil {
  const days = Math.floor(local / DAY_MS);
  const [year, month, day] = civilFromDays(days);
  const secs = Math.floor((local - days * DAY_MS) / SECOND_MS);
  return {
    year,
    month,
    day,
    hour: Math.floor(secs / 3600),
    minute: Math.floor((secs % 3600) / 60),
    second: secs % 60,
    weekday: mod(days + 4, 7), // 1970-01-01 was a Thursday
  };
}

/** The civil date and time of an instant in a zone (Go's Time.In(loc).Date() and Clock()). */
export function civil(loc: Location, instant: number): Civil {
  return civilOfLocalMs(instant + loc.offsetAt(instant));
}

/**
 * Go's time.Date: fields out of range are normalised (month 13 is January of the next year,
 * day 0 the last day of the previous month); a civil time that does not exist or exists twice
 * takes the offset Go's lookup gives: the offset in force at the civil time read as UTC, unless
 * the instant that yields lies outside that offset's period, then the offset at that instant.
 */
export function date(
  loc: Location,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms = 0,
): number {
  const y = year + Math.floor((month - 1) / 12);
  const m = mod(month - 1, 12) + 1;
  const local = (daysFromCivil(y, m, 1) + day - 1) * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS + second * SECOND_MS + ms;
  const offset = loc.offsetAt(local);
  if (offset === 0 && loc === UTC) return local;
  const utc = local - offset;
  // Within the same period the offset is the same; outside it, the period that holds utc decides.
  const atUtc = loc.offsetAt(utc);
  return local - (atUtc === offset ? offset : atUtc);
}

/** Go's AddDate: the civil fields plus years, months and days, normalised by date(). */
export function addDate(loc: Location, instant: number, years: number, months: number, days: number): number {
  const c = civil(loc, instant);
  return date(loc, c.year + years, c.month + months, c.day + days, c.hour, c.minute, c.second, mod(instant, SECOND_MS));
}

function intlLocation(name: string, fmt: Intl.DateTimeFormat): Location {
  // Offsets change on whole minutes in every zone in use since 1970: a per-minute memo.
  const memo = new Map<number, number>();
  return {
    name,
    offsetAt(instant: number): number {
      const minute = Math.floor(instant / MINUTE_MS);
      const hit = memo.get(minute);
      if (hit !== undefined) return hit;
      const at = minute * MINUTE_MS;
      const f: Record<string, number> = {};
      let bc = false;
      for (const p of fmt.formatToParts(at)) {
        if (p.type === 'era') bc = p.value === 'BC';
        else if (p.type !== 'literal') f[p.type] = Number(p.value);
      }
      // Go's zero time read in a zone west of Greenwich falls in 1 BC (proleptic year 0).
      const year = bc ? 1 - (f.year ?? 1) : (f.year ?? 1970);
      const local =
        daysFromCivil(year, f.month ?? 1, f.day ?? 1) * DAY_MS +
        (f.hour ?? 0) * HOUR_MS +
        (f.minute ?? 0) * MINUTE_MS +
        (f.second ?? 0) * SECOND_MS;
      const offset = local - at;
      if (memo.size > 100_000) memo.clear();
      memo.set(minute, offset);
      return offset;
    },
  };
}

const loaded = new Map<string, Location>();

/**
 * Go's time.LoadLocation: "" and "UTC" are UTC; "Local" is the process's zone, which for
 * kubesim's kube-controller-manager is UTC (as in its container image); any other name must
 * be an IANA zone, spelled as its file in the tz database is (case matters: Go opens
 * /usr/share/zoneinfo/<name>, where Intl would accept any case).
 */
export function loadLocation(name: string): Location {
  if (name === '' || name === 'UTC' || name === 'Local') return UTC;
  const cached = loaded.get(name);
  if (cached !== undefined) return cached;
  if (name.includes('..') || name.startsWith('/') || name.startsWith('\\')) {
    throw new LocationError('time: invalid location name');
  }
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new LocationError(`unknown time zone ${name}`);
  }
  const canonical = fmt.resolvedOptions().timeZone;
  if (canonical !== name && !name.split('/').every((part) => /^[A-Z]/.test(part))) {
    throw new LocationError(`unknown time zone ${name}`);
  }
  const loc = intlLocation(name, fmt);
  loaded.set(name, loc);
  return loc;
}
