import { describe, expect, it } from 'vitest';
import { SAFE_ALPHABET } from './hash.js';
import { deriveUid, generateName } from './names.js';
import { type RandomStream, randomStream } from './streams.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A stream that returns fixed draws, to pin down which character each draw picks. */
function fixedStream(draws: number[]): RandomStream {
  let i = 0;
  return {
    next: () => draws[i++ % draws.length] as number,
    int: (n) => Math.floor((draws[i++ % draws.length] as number) * n),
  };
}

describe('names.SimpleNameGenerator (apiserver storage/names)', () => {
  it('appends 5 characters from the safe alphabet to the base', () => {
    const name = generateName('web-7d4b9c-', randomStream(1, 'names'));
    expect(name).toMatch(/^web-7d4b9c-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('cuts the base to 58 characters (63 - 5) before appending', () => {
    const base = 'a'.repeat(70);
    const name = generateName(base, randomStream(1, 'names'));
    expect(name).toHaveLength(63);
    expect(name.slice(0, 58)).toBe('a'.repeat(58));
    expect(name.slice(58)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(generateName('b'.repeat(58), randomStream(1, 'names'))).toHaveLength(63);
    expect(generateName('c'.repeat(57), randomStream(1, 'names'))).toHaveLength(62);
  });

  it('picks alphabet[floor(draw * 27)] for each character', () => {
    expect(generateName('x-', fixedStream([0, 0.999, 0.5, 0.04, 0.75]))).toBe(
      `x-${SAFE_ALPHABET[0]}${SAFE_ALPHABET[26]}${SAFE_ALPHABET[13]}${SAFE_ALPHABET[1]}${SAFE_ALPHABET[20]}`,
    );
  });

  it('is deterministic for a given stream and differs along it', () => {
    const a = randomStream('seed', 'names');
    const b = randomStream('seed', 'names');
    const namesA = [generateName('p-', a), generateName('p-', a), generateName('p-', a)];
    const namesB = [generateName('p-', b), generateName('p-', b), generateName('p-', b)];
    expect(namesA).toEqual(namesB);
    expect(new Set(namesA).size).toBe(3);
  });
});

describe('deriveUid', () => {
  it('is shaped like a version-4 UUID', () => {
    for (const [salt, counter] of [
      [0, 0],
      [1, 1],
      [0xffffffff, 0xffffffff],
      [12345, 678],
    ] as const) {
      expect(deriveUid(salt, counter)).toMatch(UUID_V4);
    }
  });

  it('is a pure function of salt and counter', () => {
    expect(deriveUid(42, 7)).toBe(deriveUid(42, 7));
    expect(deriveUid(42, 7)).not.toBe(deriveUid(43, 7));
    expect(deriveUid(42, 7)).not.toBe(deriveUid(42, 8));
  });

  it('never repeats over the first 100k counters of a run', () => {
    const seen = new Set<string>();
    for (let c = 0; c < 100_000; c++) seen.add(deriveUid(0x5eed, c));
    expect(seen.size).toBe(100_000);
  });
});
