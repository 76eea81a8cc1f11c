import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getScaledValueFromIntOrPercent } from './intstr.js';

describe('GetScaledValueFromIntOrPercent properties', () => {
  it('percent scaling: floor <= exact <= ceil, and they differ by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 10_000 }), (percent, total) => {
        const up = getScaledValueFromIntOrPercent(`${percent}%`, total, true);
        const down = getScaledValueFromIntOrPercent(`${percent}%`, total, false);
        expect(up).toBe(Math.ceil((percent * total) / 100));
        expect(down).toBe(Math.floor((percent * total) / 100));
        expect(down * 100 <= percent * total && percent * total <= up * 100).toBe(true);
        expect(up - down).toBe((percent * total) % 100 === 0 ? 0 : 1);
      }),
    );
  });
});
