import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civil, loadLocation, MINUTE_MS } from './location.js';
import { parseStandard } from './parser.js';

/**
 * Next(t) against a brute-force walk: every whole minute after t, in order, read in the
 * schedule's zone, until one matches the five fields (cron's rule: with a `*` day field both
 * day fields must match, otherwise either). Instants that a DST gap skips are never walked and
 * an hour that repeats is walked twice, which is what robfig/cron's Next does too.
 */

const WINDOW_DAYS = 40;

const item = (min: number, max: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.integer({ min, max }).map(String),
    fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    fc.integer({ min: 2, max: Math.max(2, Math.ceil((max - min) / 2)) }).map((s) => `*/${s}`),
    fc.tuple(fc.integer({ min, max }), fc.integer({ min: 1, max: 7 })).map(([a, s]) => `${a}/${s}`),
  );
const fieldOf = (min: number, max: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant('*'),
    fc.array(item(min, max), { minLength: 1, maxLength: 3 }).map((xs) => xs.join(',')),
  );

/** Month stays `*` so that a match is never far away (the walk covers WINDOW_DAYS). */
const schedule: fc.Arbitrary<string> = fc
  .tuple(fieldOf(0, 59), fieldOf(0, 23), fieldOf(1, 31), fieldOf(0, 6))
  .map(([m, h, dom, dow]) => `${m} ${h} ${dom} * ${dow}`);

interface Parsed {
  readonly values: readonly Set<number>[];
  readonly domStar: boolean;
  readonly dowStar: boolean;
}

/** The fields as sets, computed independently of the parser under test. */
function expand(spec: string): Parsed {
  const bounds: [number, number][] = [
    [0, 59],
    [0, 23],
    [1, 31],
    [1, 12],
    [0, 6],
  ];
  const fields = spec.split(' ');
  const values = fields.map((f, i) => {
    const [lo, hi] = bounds[i] as [number, number];
    const out = new Set<number>();
    for (const part of f.split(',')) {
      const [range, stepText] = part.split('/');
      const step = stepText === undefined ? 1 : Number(stepText);
      let a = lo;
      let b = hi;
      if (range !== '*') {
        const [x, y] = (range as string).split('-').map(Number) as [number, number | undefined];
        a = x;
        b = y ?? (stepText === undefined ? x : hi);
      }
      for (let v = a; v <= b; v += step) out.add(v);
    }
    return out;
  });
  // robfig's star bit: a `*` (or `*/1`) anywhere in the field; `*/2` clears it.
  const star = (f: string): boolean => f.split(',').some((p) => p === '*' || p === '*/1');
  return { values, domStar: star(fields[2] as string), dowStar: star(fields[4] as string) };
}

function bruteForce(spec: string, zone: string, from: number): number | undefined {
  const p = expand(spec);
  const loc = loadLocation(zone);
  const [mins, hrs, doms, mons, dows] = p.values as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  let t = Math.floor(from / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  for (let i = 0; i < WINDOW_DAYS * 1440; i++, t += MINUTE_MS) {
    const c = civil(loc, t);
    if (!mins.has(c.minute) || !hrs.has(c.hour) || !mons.has(c.month)) continue;
    const domMatch = doms.has(c.day);
    const dowMatch = dows.has(c.weekday);
    if (p.domStar || p.dowStar ? domMatch && dowMatch : domMatch || dowMatch) return t;
  }
  return undefined;
}

const instant = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 0, 1) });

describe('Next against a brute-force minute walk', () => {
  it('in UTC', () => {
    fc.assert(
      fc.property(schedule, instant, (spec, from) => {
        const got = parseStandard(spec).next(from);
        const want = bruteForce(spec, 'UTC', from);
        if (want === undefined) expect(got).toBeGreaterThan(from + WINDOW_DAYS * 86_400_000 - MINUTE_MS);
        else expect(got).toBe(want);
      }),
      { numRuns: 200 },
    );
  });

  // Not Lord Howe: its DST moves clocks by 30 minutes, and robfig's Next, stepping whole hours
  // from midnight, lands on the half hour after a fall-back (see the example below), where a
  // minute walk finds the full hour. kubesim follows robfig.
  it.each(['America/New_York', 'Europe/Berlin'])('in %s, across DST changes', (zone) => {
    // Start within a few days of a DST change half the time.
    const near = fc.oneof(
      instant,
      fc.integer({ min: Date.UTC(2026, 2, 5), max: Date.UTC(2026, 3, 10) }),
      fc.integer({ min: Date.UTC(2026, 9, 1), max: Date.UTC(2026, 10, 5) }),
    );
    fc.assert(
      fc.property(schedule, near, (spec, from) => {
        const got = parseStandard(`TZ=${zone} ${spec}`).next(from);
        const want = bruteForce(spec, zone, from);
        if (want === undefined) expect(got).toBeGreaterThan(from + WINDOW_DAYS * 86_400_000 - MINUTE_MS);
        else expect(got).toBe(want);
      }),
      { numRuns: 25 },
    );
  });

  it("Lord Howe's 30-minute fall-back: robfig's hour steps from midnight land on 02:30, not 02:00", () => {
    // 2026-04-05 02:00 LHDT → 01:30 LHST. From 00:00 (+11) robfig adds an hour at a time:
    // 01:00, then 01:30 (+10:30), then 02:30 — hour 2, minute 30 even: a match.
    const from = Date.parse('2026-03-31T15:58:00Z'); // 2026-04-01 02:58 local
    expect(new Date(parseStandard('TZ=Australia/Lord_Howe */2 2 */4 * *').next(from)).toISOString()).toBe(
      '2026-04-04T16:00:00.000Z',
    );
  });
});
