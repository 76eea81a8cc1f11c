import { describe, expect, it } from 'vitest';
import { parseQuantity, type Quantity } from '../api/quantity.js';
import { add, equals, exceeded, intersection, negativeNames, removeZeros, subtractNonNegative } from './resources.js';

/**
 * k8s.io/apiserver/pkg/quota/v1 resources_test.go (v1.34), for the functions kubesim has.
 * Without a counterpart (kubesim never needs them): TestMax, TestSubtract (the signed one),
 * TestResourceNames, TestContains, TestContainsPrefix, TestIsZero, TestDifference.
 */

const rl = (list: Record<string, string>): Map<string, Quantity> =>
  new Map(Object.entries(list).map(([k, v]) => [k, parseQuantity(v)]));

describe('TestEquals', () => {
  const cases: [string, Record<string, string>, Record<string, string>, boolean][] = [
    ['isEqual', {}, {}, true],
    ['isEqualWithKeys', { cpu: '100m', memory: '1Gi' }, { cpu: '100m', memory: '1Gi' }, true],
    ['isNotEqualSameKeys', { cpu: '200m', memory: '1Gi' }, { cpu: '100m', memory: '1Gi' }, false],
    ['isNotEqualDiffKeys', { cpu: '100m', memory: '1Gi' }, { cpu: '100m', memory: '1Gi', pods: '1' }, false],
  ];
  for (const [name, a, b, expected] of cases) {
    it(name, () => expect(equals(rl(a), rl(b))).toBe(expected));
  }
});

// quota.LessThanOrEqual's (bool, names): kubesim's exceeded returns the names; empty means true.
describe('TestLessThanOrEqual', () => {
  const cases: [string, Record<string, string>, Record<string, string>, boolean, string[]][] = [
    ['isEmpty', {}, {}, true, []],
    ['isEqual', { cpu: '100m' }, { cpu: '100m' }, true, []],
    ['isLessThan', { cpu: '100m' }, { cpu: '200m' }, true, []],
    ['isGreaterThan', { cpu: '200m' }, { cpu: '100m' }, false, ['cpu']],
  ];
  for (const [name, a, b, expected, out] of cases) {
    it(name, () => {
      const names = exceeded(rl(a), rl(b));
      expect(names.length === 0).toBe(expected);
      expect(names).toEqual(out);
    });
  }
});

describe('TestAdd', () => {
  const cases: [string, Record<string, string>, Record<string, string>, Record<string, string>][] = [
    ['noKeys', {}, {}, {}],
    ['toEmpty', { cpu: '100m' }, {}, { cpu: '100m' }],
    ['matching', { cpu: '100m' }, { cpu: '100m' }, { cpu: '200m' }],
  ];
  for (const [name, a, b, expected] of cases) {
    it(name, () => expect(equals(rl(expected), add(rl(a), rl(b)))).toBe(true));
  }
});

describe('TestSubtractWithNonNegativeResult', () => {
  const cases: [string, Record<string, string>, Record<string, string>, Record<string, string>][] = [
    [
      'all resource a > b ',
      { cpu: '200m', memory: '10Gi', storage: '100Gi' },
      { cpu: '100m', memory: '5Gi', storage: '50Gi' },
      { cpu: '100m', memory: '5Gi', storage: '50Gi' },
    ],
    [
      'all resource a < b ',
      { cpu: '20m', memory: '1Gi', storage: '10Gi' },
      { cpu: '100m', memory: '5Gi', storage: '50Gi' },
      { cpu: '0m', memory: '0Gi', storage: '0Gi' },
    ],
    [
      'some resource a < b ',
      { cpu: '200m', memory: '1Gi', storage: '10Gi' },
      { cpu: '100m', memory: '5Gi' },
      { cpu: '100m', memory: '0Gi', storage: '10Gi' },
    ],
  ];
  for (const [name, a, b, want] of cases) {
    it(name, () => expect(equals(subtractNonNegative(rl(a), rl(b)), rl(want))).toBe(true));
  }
});

describe('TestRemoveZeros', () => {
  const cases: [string, Record<string, string>, Record<string, string>][] = [
    ['empty', {}, {}],
    ['all-zeros', { cpu: '0', memory: '0' }, {}],
    ['some-zeros', { cpu: '0', memory: '0', storage: '100Gi' }, { storage: '100Gi' }],
    ['non-zero', { cpu: '200m', memory: '1Gi' }, { cpu: '200m', memory: '1Gi' }],
  ];
  for (const [name, a, expected] of cases) {
    it(name, () => expect(equals(removeZeros(rl(a)), rl(expected))).toBe(true));
  }
});

describe('TestIsNegative', () => {
  const cases: [string, Record<string, string>, string[]][] = [
    ['empty', {}, []],
    ['some-negative', { cpu: '-10', memory: '0' }, ['cpu']],
    ['all-negative', { cpu: '-200m', memory: '-1Gi' }, ['cpu', 'memory']],
  ];
  for (const [name, a, expected] of cases) {
    // Upstream compares sets.
    it(name, () => expect(new Set(negativeNames(rl(a)))).toEqual(new Set(expected)));
  }
});

describe('TestIntersection', () => {
  const cases: [string, string[], string[], string[]][] = [
    ['empty', [], [], []],
    ['equal', ['cpu', 'memory'], ['cpu', 'memory'], ['cpu', 'memory']],
    ['a has extra', ['cpu', 'memory'], ['cpu'], ['cpu']],
    ['b has extra', ['cpu'], ['cpu', 'memory'], ['cpu']],
    ['dedupes', ['cpu', 'cpu', 'memory', 'memory'], ['cpu'], ['cpu']],
    ['sorts', ['memory', 'memory', 'cpu', 'cpu'], ['memory', 'memory', 'cpu', 'cpu'], ['cpu', 'memory']],
  ];
  for (const [name, a, b, expected] of cases) {
    it(name, () => expect(intersection(a, new Set(b))).toEqual(expected));
  }
});
