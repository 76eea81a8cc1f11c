import { describe, expect, it } from 'vitest';
import { PMap, prefixEnd } from './pmap.js';

describe('PMap', () => {
  it('iterates in key order whatever the insertion order', () => {
    const a = PMap.from([
      ['b', 2],
      ['a', 1],
      ['c', 3],
    ]);
    const b = PMap.from([
      ['c', 3],
      ['b', 2],
      ['a', 1],
    ]);
    expect([...a.keys()]).toEqual(['a', 'b', 'c']);
    expect([...a.entries()]).toEqual([...b.entries()]);
  });

  it('returns the same instance for a no-op set or delete, a new one otherwise', () => {
    const v = { x: 1 };
    const m = PMap.empty<{ x: number }>().set('k', v);
    expect(m.set('k', v)).toBe(m);
    expect(m.delete('missing')).toBe(m);
    expect(m.set('k', { x: 1 })).not.toBe(m); // equal by value is not the same value
    expect(m.delete('k')).not.toBe(m);
    expect(PMap.empty<number>().delete('x')).toBe(PMap.empty<number>());
  });

  it('keeps a snapshot unchanged by later writes', () => {
    const v1 = PMap.from([
      ['ns/a', 1],
      ['ns/b', 2],
    ]);
    const v2 = v1.set('ns/c', 3).delete('ns/a').set('ns/b', 20);
    expect([...v1.entries()]).toEqual([
      ['ns/a', 1],
      ['ns/b', 2],
    ]);
    expect([...v2.entries()]).toEqual([
      ['ns/b', 20],
      ['ns/c', 3],
    ]);
  });

  it('answers prefix and range queries over namespaced keys', () => {
    const m = PMap.from(
      ['default/web-1', 'default/web-2', 'kube-system/dns', 'other/x', 'default2/y'].map((k, i) => [k, i] as const),
    );
    expect(m.keysWithPrefix('default/')).toEqual(['default/web-1', 'default/web-2']);
    expect(m.countPrefix('default')).toBe(3);
    expect(m.countPrefix('')).toBe(5);
    expect(m.countPrefix('nope/')).toBe(0);
    expect(m.countRange('default/', 'kube-system/')).toBe(3);
    expect(m.countRange('z', 'a')).toBe(0);
    expect(m.ceiling('default/web-10')?.[0]).toBe('default/web-2');
    expect(m.ceiling('zzz')).toBeUndefined();
    const firstTwo: string[] = [];
    m.forEachRange(undefined, undefined, (_v, k) => {
      firstTwo.push(k);
      return firstTwo.length < 2;
    });
    expect(firstTwo).toEqual(['default/web-1', 'default/web-2']);
  });

  it('counts and lists keys whose prefix is followed by U+FFFF', () => {
    // Appending U+FFFF to the prefix as an upper bound would miss 'a\uffffb'.
    const m = PMap.from([
      ['a', 1],
      ['a\uffff', 2],
      ['a\uffffb', 3],
      ['b', 4],
      ['\uffff', 5],
    ]);
    expect(m.keysWithPrefix('a')).toEqual(['a', 'a\uffff', 'a\uffffb']);
    expect(m.countPrefix('a')).toBe(3);
    expect(m.countPrefix('a\uffff')).toBe(2);
    expect(m.countPrefix('\uffff')).toBe(1);
    expect(m.valuesWithPrefix('')).toEqual([1, 2, 3, 4, 5]);
  });

  it('prefixEnd raises the last code unit, or has no bound', () => {
    expect(prefixEnd('ab')).toBe('ac');
    expect(prefixEnd('a\uffff')).toBe('b');
    expect(prefixEnd('ns\u0000')).toBe('ns\u0001');
    expect(prefixEnd('')).toBeUndefined();
    expect(prefixEnd('\uffff\uffff')).toBeUndefined();
  });

  it('stays balanced under sequential inserts (the worst case for a plain BST)', () => {
    let m = PMap.empty<number>();
    for (let i = 0; i < 10_000; i++) m = m.set(String(i).padStart(5, '0'), i);
    expect(m.size).toBe(10_000);
    expect(m.depth).toBeLessThanOrEqual(Math.ceil(1.45 * Math.log2(10_002)));
    expect(m.get('04242')).toBe(4242);
  });
});
