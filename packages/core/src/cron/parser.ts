import { KubesimError } from '../errors.js';
import { parseDuration } from '../time/duration.js';
import { type Location, LocationError, loadLocation, UTC } from './location.js';
import {
  type Bounds,
  ConstantDelaySchedule,
  dom,
  dow,
  type FieldBits,
  hours,
  minutes,
  months,
  type Schedule,
  SpecSchedule,
  seconds,
} from './spec.js';

/**
 * robfig/cron/v3's parser.go as ParseStandard configures it (Minute | Hour | Dom | Month | Dow
 * | Descriptor): five fields, names for months and weekdays, ranges, steps, `?` for `*`, the
 * `@yearly`..`@hourly` descriptors and `@every <duration>`, and a `TZ=`/`CRON_TZ=` prefix. The
 * errors carry the library's own texts, which the API server puts in its Invalid value message
 * (`spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]`).
 */

export class CronParseError extends Error {}

/** Go's %q for the ASCII a schedule holds. */
const goQuote = (s: string): string => JSON.stringify(s);

/** strconv.Atoi, with its error texts. */
function atoi(s: string): number {
  const syntax = (): CronParseError => new CronParseError(`strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`);
  if (!/^[+-]?[0-9]+$/.test(s)) throw syntax();
  const big = BigInt(s);
  if (big > 9223372036854775807n || big < -9223372036854775808n) {
    throw new CronParseError(`strconv.Atoi: parsing ${goQuote(s)}: value out of range`);
  }
  return Number(big);
}

function mustParseInt(expr: string): number {
  let num: number;
  try {
    num = atoi(expr);
  } catch (e) {
    throw new CronParseError(`failed to parse int from ${expr}: ${(e as Error).message}`);
  }
  if (num < 0) throw new CronParseError(`negative number (${num}) not allowed: ${expr}`);
  return num;
}

function parseIntOrName(expr: string, names: Bounds['names']): number {
  const named = names?.[expr.toLowerCase()];
  return named !== undefined ? named : mustParseInt(expr);
}

function bitsOf(min: number, max: number, step: number): boolean[] {
  const bits: boolean[] = [];
  for (let i = min; i <= max; i += step) bits[i] = true;
  return bits;
}

/** getRange: `*`, `?`, `N`, `N-M`, `name`, each optionally `/step`. */
export function getRange(expr: string, r: Bounds): FieldBits {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = (rangeAndStep[0] as string).split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  const low = lowAndHigh[0] as string;
  if (low === '*' || low === '?') {
    start = r.min;
    end = r.max;
    star = true;
  } else {
    start = parseIntOrName(low, r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1] as string, r.names);
    else throw new CronParseError(`too many hyphens: ${expr}`);
  }
  let step: number;
  if (rangeAndStep.length === 1) step = 1;
  else if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1] as string);
    // `N/step` means N through the maximum.
    if (singleDigit) end = r.max;
    if (step > 1) star = false;
  } else throw new CronParseError(`too many slashes: ${expr}`);
  if (start < r.min) throw new CronParseError(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new CronParseError(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) throw new CronParseError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronParseError(`step of range should be a positive number: ${expr}`);
  return { bits: bitsOf(start, end, step), star };
}

/** getField: the union of the comma-separated ranges (empty items are dropped, as FieldsFunc does). */
export function getField(field: string, r: Bounds): FieldBits {
  const bits: boolean[] = [];
  let star = false;
  for (const expr of field.split(',').filter((x) => x !== '')) {
    const one = getRange(expr, r);
    one.bits.forEach((b, i) => {
      if (b) bits[i] = true;
    });
    star ||= one.star;
  }
  return { bits, star };
}

const all = (r: Bounds): FieldBits => ({ bits: bitsOf(r.min, r.max, 1), star: true });
const only = (v: number): FieldBits => ({ bits: bitsOf(v, v, 1), star: false });

function parseDescriptor(descriptor: string, loc: Location): Schedule {
  const zero = only(0);
  switch (descriptor) {
    case '@yearly':
    case '@annually':
      return new SpecSchedule(zero, zero, zero, only(1), only(1), all(dow), loc);
    case '@monthly':
      return new SpecSchedule(zero, zero, zero, only(1), all(months), all(dow), loc);
    case '@weekly':
      return new SpecSchedule(zero, zero, zero, all(dom), all(months), only(0), loc);
    case '@daily':
    case '@midnight':
      return new SpecSchedule(zero, zero, zero, all(dom), all(months), all(dow), loc);
    case '@hourly':
      return new SpecSchedule(zero, zero, all(hours), all(dom), all(months), all(dow), loc);
  }
  const every = '@every ';
  if (descriptor.startsWith(every)) {
    let ms: number;
    try {
      ms = parseDuration(descriptor.slice(every.length));
    } catch (e) {
      if (!(e instanceof KubesimError)) throw e;
      throw new CronParseError(`failed to parse duration ${descriptor}: ${e.message}`);
    }
    return new ConstantDelaySchedule(ms);
  }
  throw new CronParseError(`unrecognized descriptor: ${descriptor}`);
}

/** strings.Fields: split around runs of white space. */
const fields = (s: string): string[] => s.split(/\s+/).filter((x) => x !== '');

/** cron.ParseStandard. Throws CronParseError with the library's message. */
export function parseStandard(spec: string): Schedule {
  if (spec.length === 0) throw new CronParseError('empty spec string');
  let loc: Location = UTC;
  let rest = spec;
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    // Go slices up to the first space; without one it would panic, here it is a bad location.
    const i = rest.indexOf(' ');
    const eq = rest.indexOf('=');
    const name = i < 0 ? rest.slice(eq + 1) : rest.slice(eq + 1, i);
    try {
      loc = loadLocation(name);
    } catch (e) {
      if (!(e instanceof LocationError)) throw e;
      throw new CronParseError(`provided bad location ${name}: ${e.message}`);
    }
    rest = i < 0 ? '' : rest.slice(i).trim();
  }
  if (rest.startsWith('@')) return parseDescriptor(rest, loc);
  const f = fields(rest);
  if (f.length !== 5) throw new CronParseError(`expected exactly 5 fields, found ${f.length}: [${f.join(' ')}]`);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = f as [string, string, string, string, string];
  return new SpecSchedule(
    getField('0', seconds),
    getField(minute, minutes),
    getField(hour, hours),
    getField(dayOfMonth, dom),
    getField(month, months),
    getField(dayOfWeek, dow),
    loc,
  );
}

/** The schedule in a zone, as the controller's formatSchedule builds `TZ=<zone> <schedule>`. */
export function parseStandardIn(spec: string, timeZone: string | undefined): Schedule {
  return parseStandard(timeZone === undefined ? spec : `TZ=${timeZone} ${spec}`);
}
