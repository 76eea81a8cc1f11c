import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Distribution, randomStream, sample } from './streams.js';

const ms = fc.integer({ min: 0, max: 600_000 });
const distArb: fc.Arbitrary<Distribution> = fc.oneof(
  ms.map((value) => ({ kind: 'fixed' as const, value })),
  fc.tuple(ms, ms).map(([a, b]) => ({ kind: 'uniform' as const, min: Math.min(a, b), max: Math.max(a, b) })),
  ms.map((mean) => ({ kind: 'exponential' as const, mean })),
  fc.tuple(ms, ms).map(([mean, stddev]) => ({ kind: 'normal' as const, mean, stddev })),
  fc
    .tuple(ms, fc.double({ min: 0, max: 3, noNaN: true }))
    .map(([median, sigma]) => ({ kind: 'lognormal' as const, median, sigma })),
);

describe('random stream properties', () => {
  it('every distribution samples non-negative whole milliseconds, deterministically', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer()), fc.string(), distArb, (seed, name, dist) => {
        const a = randomStream(seed, name);
        const b = randomStream(seed, name);
        for (let i = 0; i < 20; i++) {
          const x = sample(dist, a);
          expect(Number.isSafeInteger(x) && x >= 0 && !Object.is(x, -0)).toBe(true);
          expect(sample(dist, b)).toBe(x);
        }
      }),
    );
  });

  it('streams with different names draw different sequences', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (seed, n1, n2) => {
        fc.pre(n1 !== n2);
        const a = randomStream(seed, n1);
        const b = randomStream(seed, n2);
        const xs = Array.from({ length: 4 }, () => a.next());
        const ys = Array.from({ length: 4 }, () => b.next());
        expect(xs).not.toEqual(ys);
      }),
    );
  });
});
