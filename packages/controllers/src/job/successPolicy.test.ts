import type { SuccessPolicy } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import type { Interval } from './indexedJobUtils.js';
import { matchSuccessPolicy } from './successPolicy.js';

// success_policy_test.go, TestMatchSuccessPolicy: [name, policy, succeeded intervals, met].
const iv = (...pairs: [number, number][]): Interval[] => pairs.map(([first, last]) => ({ first, last }));
const idx = (succeededIndexes: string, succeededCount?: number): SuccessPolicy => ({
  rules: [{ succeededIndexes, ...(succeededCount !== undefined ? { succeededCount } : {}) }],
});
const S = 'rules.succeededIndexes is specified; succeededIndexes';
const SC = 'rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes';

const rows: [string, SuccessPolicy | undefined, Interval[], boolean][] = [
  ['successPolicy is null', undefined, iv([0, 0]), false],
  ['any rules are nothing', { rules: [] }, iv([0, 0]), false],
  ['rules.succeededIndexes is invalid format', idx('invalid-form'), iv([0, 0]), false],
  [`${S} matched rules`, idx('0-2'), iv([0, 2], [4, 7]), true],
  [`${S} didn't match rules`, idx('3'), iv([0, 2]), false],
  ['rules.succeededCount is specified; succeededIndexes matched rules', { rules: [{ succeededCount: 2 }] }, iv([0, 2]), true],
  [
    "rules.succeededCount is specified; succeededIndexes didn't match rules",
    { rules: [{ succeededCount: 4 }] },
    iv([0, 2]),
    false,
  ],
  [`${SC} met all rules`, idx('3-6', 2), iv([0, 2], [4, 7]), true],
  [`${SC} didn't match rules`, idx('3-6', 2), iv([0, 2], [6, 7]), false],
  [`${S} are nothing`, { rules: [{ succeededCount: 4 }] }, [], false],
  [`${S} matched rules; rules is proper subset of succeededIndexes`, idx('2-4,6-8'), iv([1, 5], [6, 9]), true],
  [`${S} matched rules; rules equals succeededIndexes`, idx('2-4,6-9'), iv([2, 4], [6, 9]), true],
  [`${S} matched rules; rules is subset of succeededIndexes`, idx('2-4,8-12'), iv([2, 5], [7, 15]), true],
  [`${S} didn't match rules; rules is an empty set`, idx(''), iv([1, 3]), false],
  [`${S} didn't match rules; succeededIndexes is an empty set`, idx(''), [], false],
  [`${S} didn't match rules; rules and succeededIndexes are empty set`, idx(''), [], false],
  [
    `${S} didn't match rules; all elements of rules.succeededIndexes aren't included in succeededIndexes`,
    idx('10-12,14-16'),
    iv([1, 3], [5, 7]),
    false,
  ],
  [`${S} didn't match rules; rules overlaps succeededIndexes at first`, idx('1-3,5-7'), iv([2, 4], [6, 8]), false],
  [`${SC} matched rules; rules overlaps succeededIndexes at first`, idx('1-3,5-7', 4), iv([2, 4], [6, 8]), true],
  [`${S} didn't match rules; rules overlaps succeededIndexes at last`, idx('2-4,6-9'), iv([1, 3], [5, 7]), false],
  [`${SC} matched rules; rules overlaps succeededIndexes at last`, idx('2-4,6-9', 4), iv([1, 3], [5, 7]), true],
  [`${S} didn't match rules; rules completely overlaps succeededIndexes`, idx('0-4,6-9'), iv([1, 3], [7, 8]), false],
  [`${SC} matched rules; rules completely overlaps succeededIndexes`, idx('0-4,6-9', 5), iv([1, 3], [7, 8]), true],
  [`${S} didn't match rules; rules overlaps multiple succeededIndexes at last`, idx('0-6,8-9'), iv([1, 3], [5, 9]), false],
  [`${SC} matched rules; rules overlaps multiple succeededIndexes at last`, idx('0-6,8-9', 7), iv([1, 3], [5, 9]), true],
  [
    `${S} didn't match rules; rules overlaps succeededIndexes at first, and rules equals succeededIndexes at last`,
    idx('0-5,7-9'),
    iv([1, 5], [7, 10]),
    false,
  ],
  [
    `${SC} matched rules; rules overlaps succeededIndexes at first, and rules equals succeededIndexes at last`,
    idx('0-5,7-9', 8),
    iv([1, 5], [7, 10]),
    true,
  ],
  [`${S} didn't match rules; the first rules overlaps succeededIndexes at first`, idx('0-3,6-9'), iv([1, 10]), false],
  [`${SC} matched rules; the first rules overlaps succeededIndexes at first`, idx('0-3,6-9', 7), iv([1, 10]), true],
];

describe('TestMatchSuccessPolicy', () => {
  it.each(rows)('%s', (_name, policy, succeeded, met) => {
    expect(matchSuccessPolicy(policy, 10, succeeded)).toEqual({ message: met ? 'Matched rules at index 0' : '', met });
  });
  it('multiple rules; rules.succeededIndexes is specified; succeededIndexes met one of rules', () => {
    const policy = { rules: [{ succeededIndexes: '9' }, { succeededIndexes: '4,6' }] };
    expect(matchSuccessPolicy(policy, 10, iv([0, 2], [4, 7]))).toEqual({ message: 'Matched rules at index 1', met: true });
  });
  it('multiple rules; rules.succeededIndexes is specified; succeededIndexes met all rules', () => {
    const policy = { rules: [{ succeededIndexes: '0,1' }, { succeededIndexes: '5' }] };
    expect(matchSuccessPolicy(policy, 10, iv([0, 2], [4, 7]))).toEqual({ message: 'Matched rules at index 0', met: true });
  });
  // JobSuccessPolicy is GA and locked on in v1.34.
  it.skip('JobSuccessPolicy is disabled', () => {});
});
