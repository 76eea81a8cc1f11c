import { describe, expect, it } from 'vitest';
import { canonicalJson, computeHash, fnv32a, SAFE_ALPHABET, safeEncodeString } from './hash.js';

describe('rand.SafeEncodeString (apimachinery util/rand)', () => {
  it('uses the vowel-free alphabet', () => {
    expect(SAFE_ALPHABET).toBe('bcdfghjklmnpqrstvwxz2456789');
    expect(SAFE_ALPHABET).toHaveLength(27);
  });

  const digits: [string, string][] = [
    ['0', '4'],
    ['1', '5'],
    ['2', '6'],
    ['3', '7'],
    ['4', '8'],
    ['5', '9'],
    ['6', 'b'],
    ['7', 'c'],
    ['8', 'd'],
    ['9', 'f'],
  ];
  it.each(digits)('maps digit %s to %s', (digit, want) => {
    expect(safeEncodeString(digit)).toBe(want);
  });

  it('encodes a decimal hash one character per digit', () => {
    expect(safeEncodeString('')).toBe('');
    expect(safeEncodeString('3735928559')).toBe('7c79f6d99f');
    expect(safeEncodeString('4294967295')).toBe('86f8fbc6f9');
  });
});

describe('hash/fnv golden32a (golang hash/fnv)', () => {
  const table: [string, number][] = [
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['ab', 0x4d2505ca],
    ['abc', 0x1a47e90b],
  ];
  it.each(table)('fnv32a(%j) = %i', (text, want) => {
    expect(fnv32a(text)).toBe(want);
  });

  it('hashes extra bytes after the text, as a second Write would', () => {
    expect(fnv32a('a', new TextEncoder().encode('bc'))).toBe(0x1a47e90b);
    expect(fnv32a('', new Uint8Array([0x61]))).toBe(0xe40c292c);
  });

  it('hashes the UTF-8 bytes of the text', () => {
    expect(fnv32a('é')).toBe(fnv32a('', new Uint8Array([0xc3, 0xa9])));
  });
});

describe('canonicalJson', () => {
  it('sorts object keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"e":2,"f":1}]},"b":1}');
    expect(canonicalJson([undefined, null])).toBe('[null,null]');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('x"y')).toBe('"x\\"y"');
  });
});

describe('controller.ComputeHash (pod-template-hash)', () => {
  const template = {
    metadata: { labels: { app: 'web', tier: 'fe' } },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] },
  };
  const reordered = {
    spec: { containers: [{ ports: [{ containerPort: 80 }], image: 'nginx:1.25', name: 'nginx' }] },
    metadata: { labels: { tier: 'fe', app: 'web' } },
  };

  it('is stable for equal templates regardless of key order', () => {
    expect(computeHash(template)).toBe(computeHash(reordered));
    expect(computeHash(template, 3)).toBe(computeHash(reordered, 3));
  });

  it('is a decimal FNV-32a sum in the safe alphabet, 1 to 10 characters', () => {
    const h = computeHash(template);
    expect(h).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(h).toBe(safeEncodeString(String(fnv32a(canonicalJson(template)))));
  });

  it('changes with the template and with the collision count', () => {
    const other = structuredClone(template);
    (other.spec.containers[0] as { image: string }).image = 'nginx:1.26';
    expect(computeHash(other)).not.toBe(computeHash(template));
    const hashes = new Set([undefined, 0, 1, 2, 3].map((c) => computeHash(template, c)));
    expect(hashes.size).toBe(5);
  });

  it('mixes in the collision count as 8 little-endian bytes of its uint32 value', () => {
    const bytes = new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(computeHash(template, 1)).toBe(safeEncodeString(String(fnv32a(canonicalJson(template), bytes))));
    // int32 -1 is uint32 0xffffffff, as Go's uint32(*collisionCount)
    const minusOne = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
    expect(computeHash(template, -1)).toBe(safeEncodeString(String(fnv32a(canonicalJson(template), minusOne))));
  });
});
