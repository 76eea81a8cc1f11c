import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, HOUR, MINUTE, parseDuration, SECOND } from './duration.js';

/** Go's time.Duration range, in whole milliseconds. */
const MAX_MS = 9_223_372_036_854;

describe('parseDuration / formatDuration properties', () => {
  it('parseDuration(formatDuration(ms)) === ms', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_MS, max: MAX_MS }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
    );
  });

  it('a composite duration is the sum of its parts, in any order', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 10_000 }),
        fc.nat({ max: 59 }),
        fc.nat({ max: 59 }),
        fc.nat({ max: 999 }),
        fc.boolean(),
        (h, m, s, ms, negative) => {
          const sum = h * HOUR + m * MINUTE + s * SECOND + ms;
          const sign = negative ? '-' : '';
          const want = negative ? -sum : sum;
          // want + 0 turns -0 into 0: parseDuration never returns -0.
          expect(parseDuration(`${sign}${h}h${m}m${s}s${ms}ms`)).toBe(want + 0);
          expect(parseDuration(`${sign}${ms}ms${s}s${m}m${h}h`)).toBe(want + 0);
          expect(parseDuration(`${sign}${h}h${m}m${s}.${String(ms).padStart(3, '0')}s`)).toBe(want + 0);
        },
      ),
    );
  });

  it('a sub-millisecond remainder is always rejected', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999 }), fc.constantFrom('ns', 'us', 'µs'), (n, unit) => {
        const size = unit === 'ns' ? 1_000_000 : 1_000;
        if (n % size === 0) expect(parseDuration(`${n}${unit}`)).toBe(n / size);
        else expect(() => parseDuration(`${n}${unit}`)).toThrow(/resolution of 1ms/);
      }),
    );
  });
});
