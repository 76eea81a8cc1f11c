import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalQuantity, formatQuantity, integerValue, milliValue, parseQuantity } from './quantity.js';

const SUFFIXES = ['', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'e0', 'e3', 'E-2', 'e+6'];

const quantityText: fc.Arbitrary<string> = fc
  .tuple(
    fc.stringMatching(/^[0-9]{1,7}$/),
    fc.option(fc.stringMatching(/^[0-9]{0,5}$/), { nil: undefined }),
    fc.constantFrom(...SUFFIXES),
  )
  .map(([whole, frac, suffix]) => `${whole}${frac === undefined ? '' : `.${frac}`}${suffix}`);

describe('Quantity properties', () => {
  it('the canonical form is a fixed point and keeps the value', () => {
    fc.assert(
      fc.property(quantityText, (text) => {
        const q = parseQuantity(text);
        const canonical = formatQuantity(q);
        expect(canonicalQuantity(canonical)).toBe(canonical);
        expect(parseQuantity(canonical).nanos).toBe(q.nanos);
      }),
    );
  });

  it('a leading "-" negates the value and the canonical text', () => {
    fc.assert(
      fc.property(quantityText, (text) => {
        const q = parseQuantity(text);
        const neg = parseQuantity(`-${text}`);
        expect(neg.nanos).toBe(-q.nanos);
        expect(neg.format).toBe(q.format);
        expect(formatQuantity(neg)).toBe(q.nanos === 0n ? '0' : `-${formatQuantity(q)}`);
      }),
    );
  });

  it('MilliValue and Value round up: never below the exact value, by less than one unit', () => {
    fc.assert(
      fc.property(quantityText, (text) => {
        const q = parseQuantity(text);
        const milli = BigInt(milliValue(q));
        const units = BigInt(integerValue(q));
        if (q.nanos < 2n ** 52n * 1_000_000n) {
          expect(milli * 1_000_000n >= q.nanos).toBe(true);
          expect(milli * 1_000_000n - q.nanos < 1_000_000n).toBe(true);
        }
        if (q.nanos < 2n ** 52n * 1_000_000_000n) {
          expect(units * 1_000_000_000n >= q.nanos).toBe(true);
          expect(units * 1_000_000_000n - q.nanos < 1_000_000_000n).toBe(true);
        }
      }),
    );
  });
});
