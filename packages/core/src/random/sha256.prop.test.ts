import { createHash } from 'node:crypto';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Sha256, sha256Hex } from './sha256.js';

/** The reference: Node's own SHA-256 over the same pieces of text. */
function reference(pieces: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of pieces) h.update(p);
  return h.digest('hex');
}

function pure(pieces: readonly string[]): string {
  const h = new Sha256();
  for (const p of pieces) h.update(p);
  return h.digest();
}

describe('sha256 (pure TypeScript)', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('matches node:crypto at every length around the block and padding boundaries', () => {
    for (let n = 0; n <= 200; n++) {
      const text = 'x'.repeat(n);
      expect(sha256Hex(text), `length ${n}`).toBe(reference([text]));
    }
  });

  it('a clone goes on from where it was taken: the original and the clone each hash their own continuation', () => {
    const text = fc.string({ unit: 'binary', maxLength: 200 });
    fc.assert(
      fc.property(fc.array(text, { maxLength: 6 }), text, text, (before, a, b) => {
        const h = new Sha256();
        for (const p of before) h.update(p);
        const c = h.clone();
        expect(h.update(a).digest()).toBe(reference([...before, a]));
        expect(c.update(b).digest()).toBe(reference([...before, b]));
      }),
    );
  });

  it('matches node:crypto on any text, however it is split into updates', () => {
    const text = fc.string({ unit: 'binary', maxLength: 300 }); // surrogates, lone ones included
    fc.assert(
      fc.property(fc.array(text, { maxLength: 8 }), (pieces) => {
        expect(pure(pieces)).toBe(reference(pieces));
      }),
      { numRuns: 500 },
    );
  });

  it('matches node:crypto on input larger than its buffer, in lines and in one piece', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `{"t":${i},"name":"web-${i}","é":"ü€😀"}\n`);
    expect(pure(lines)).toBe(reference(lines));
    const big = lines.join('');
    expect(sha256Hex(big)).toBe(reference([big]));
    const bytes = new TextEncoder().encode(big);
    expect(new Sha256().updateBytes(bytes).digest()).toBe(reference([big]));
  });

  it('refuses input after the digest', () => {
    const h = new Sha256().update('a');
    h.digest();
    expect(() => h.update('b')).toThrow(/digest/);
    expect(() => h.digest()).toThrow(/digest/);
  });
});
