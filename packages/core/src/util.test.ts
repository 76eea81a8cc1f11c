import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { structuralKey } from './util.js';

const holey: unknown[] = [];
holey[1] = 1;

describe('structuralKey', () => {
  it('is the same for equal JSON trees, and different for different ones', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(structuralKey(structuredClone(a))).toBe(structuralKey(a));
        if (JSON.stringify(a) !== JSON.stringify(b)) expect(structuralKey(a)).not.toBe(structuralKey(b));
      }),
    );
  });

  it.each([
    ['an undefined member from a missing one', { a: 1, b: undefined }, { a: 1 }],
    ['-0 from 0', { n: -0 }, { n: 0 }],
    ['NaN from null', [Number.NaN], [null]],
    ['key order', { a: 1, b: 2 }, { b: 2, a: 1 }],
    ['an array from an object', ['x'], { 0: 'x' }],
    ['a hole from undefined', holey, [undefined, 1]],
    ['a string from a number', ['1'], [1]],
  ])('keeps %s apart (JSON.stringify would not always)', (_, a, b) => {
    expect(structuralKey(a)).not.toBe(structuralKey(b));
    expect(structuralKey(a)).toBeDefined();
  });

  it('has no key for values that are not plain data', () => {
    expect(structuralKey({ f: () => 1 })).toBeUndefined();
    expect(structuralKey([new Date(0)])).toBeUndefined();
    expect(structuralKey({ s: Symbol('x') })).toBeUndefined();
  });
});
