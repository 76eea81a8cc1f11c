import * as fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { randomStream } from './streams.js';

/** The reference: what kubesim's streams drew when they were seedrandom.alea over `<seed>\0<name>`. */
function reference(seed: string | number, name: string, n: number): number[] {
  const prng = seedrandom.alea(`${seed}\u0000${name}`);
  return Array.from({ length: n }, () => prng.quick());
}

function draws(seed: string | number, name: string, n: number): number[] {
  const s = randomStream(seed, name);
  return Array.from({ length: n }, () => s.next());
}

describe('Alea streams', () => {
  it('draw exactly what seedrandom.alea draws for the same seed text', () => {
    const text = fc.string({ unit: 'binary', maxLength: 80 });
    fc.assert(
      fc.property(fc.oneof(text, fc.integer()), text, (seed, name) => {
        expect(draws(seed, name, 12)).toEqual(reference(seed, name, 12));
      }),
      { numRuns: 300 },
    );
  });

  it('keep drawing the reference sequence when runs of different seeds interleave', () => {
    // The per-run prefix state is cached; alternating seeds must not mix it up.
    const names = ['names', 'kubelet/0b6c1f2e-5eb5-4113-9ccf-2d814db42b2b/app/start/0', '', 'x'];
    for (let i = 0; i < 8; i++) {
      const seed = i % 2 === 0 ? 'bench' : 2024;
      for (const name of names) expect(draws(seed, name, 3)).toEqual(reference(seed, name, 3));
    }
  });

  it('int(n) floors the same draws', () => {
    const s = randomStream('ints', 'k');
    const prng = seedrandom.alea('ints\u0000k');
    for (let i = 0; i < 1000; i++) expect(s.int(27)).toBe(Math.floor(prng.quick() * 27));
  });
});
