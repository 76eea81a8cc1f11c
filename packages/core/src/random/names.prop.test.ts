import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveUid, generateName } from './names.js';
import { randomStream } from './streams.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const u32 = fc.integer({ min: 0, max: 0xffffffff });

describe('names properties', () => {
  it('deriveUid is UUID-v4 shaped and unique for distinct counters of one salt', () => {
    fc.assert(
      fc.property(u32, fc.uniqueArray(u32, { minLength: 2, maxLength: 50 }), (salt, counters) => {
        const uids = counters.map((c) => deriveUid(salt, c));
        for (const uid of uids) expect(uid).toMatch(UUID_V4);
        expect(new Set(uids).size).toBe(counters.length);
      }),
    );
  });

  it('generateName keeps at most 58 characters of the base and adds 5 safe ones', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string(), fc.string(), (base, seed, streamName) => {
        const name = generateName(base, randomStream(seed, streamName));
        const kept = base.slice(0, 58);
        expect(name.startsWith(kept)).toBe(true);
        expect(name.slice(kept.length)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      }),
    );
  });
});
