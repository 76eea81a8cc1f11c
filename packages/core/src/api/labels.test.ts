import { describe, expect, it } from 'vitest';
import { isKubesimError } from '../errors.js';
import { labelSelectorAsSelector, labelsContain, Selector, selectorFromSet, selectorFromSetOrNothing } from './labels.js';
import { parseSelector } from './selectorParse.js';
import type { LabelSelector } from './types.js';

type Set = Record<string, string>;

describe('TestSelectorMatches (apimachinery labels)', () => {
  const matches: [string, Set][] = [
    ['', { x: 'y' }],
    ['x=y', { x: 'y' }],
    ['x=y,z=w', { x: 'y', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'a' }],
    ['notin=in', { notin: 'in' }], // in and notin in exactMatch
    ['x', { x: 'z' }],
    ['!x', { y: 'z' }],
    ['x>1', { x: '2' }],
    ['x<1', { x: '0' }],
    ['foo=bar', { foo: 'bar', baz: 'blah' }],
    ['baz=blah', { foo: 'bar', baz: 'blah' }],
    ['foo=bar,baz=blah', { foo: 'bar', baz: 'blah' }],
  ];
  it.each(matches)('%j matches %o', (selector, labels) => {
    expect(parseSelector(selector).matches(labels)).toBe(true);
  });

  const noMatches: [string, Set][] = [
    ['x=z', {}],
    ['x=y', { x: 'z' }],
    ['x=y,z=w', { x: 'w', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'w' }],
    ['x', { y: 'z' }],
    ['!x', { x: 'z' }],
    ['x>1', { x: '0' }],
    ['x<1', { x: '2' }],
    ['foo=blah', { foo: 'bar', baz: 'blah' }],
    ['baz=bar', { foo: 'bar', baz: 'blah' }],
    ['foo=bar,foobar=bar,baz=blah', { foo: 'bar', baz: 'blah' }],
  ];
  it.each(noMatches)('%j does not match %o', (selector, labels) => {
    expect(parseSelector(selector).matches(labels)).toBe(false);
  });
});

describe('TestRequirementSelectorMatching (apimachinery labels)', () => {
  const table: [string, Set, boolean][] = [
    ['x in (foo),y notin (alpha)', { x: 'foo', y: 'baz' }, true],
    ['x in (foo),y in (alpha)', { x: 'foo', y: 'baz' }, false],
    ['x notin (),y', { y: '' }, true],
    ['!x,y', { y: '' }, true],
    ['x notin (),!y', { y: '' }, false],
    ['x in ()', { y: 'baz' }, false],
    ['z>1', { z: '2' }, true],
    ['z>1', { z: 'v2' }, false],
    // strconv.ParseInt on the label value: not a number, no match
    ['z>1', { z: '1.5' }, false],
    ['z<9', { z: '2abc' }, false],
    ['z<9', { z: '0x1' }, false],
    ['z>9007199254740992', { z: '9007199254740993' }, true], // compared as int64, not float64
    ['z<1', { z: '99999999999999999999' }, false], // out of int64 range
    // an empty value is a value
    ['x=', { x: '' }, true],
    ['x!=', { x: '' }, false],
    ['x in (a,,b)', { x: '' }, true],
    ['x notin (a,,b)', { x: '' }, false],
  ];
  it.each(table)('%j on %o → %s', (selector, labels, want) => {
    expect(parseSelector(selector).matches(labels)).toBe(want);
  });

  it('compares negative bounds numerically (a Requirement built in code, as NewRequirement allows)', () => {
    const gt = new Selector([{ key: 'z', operator: 'gt', values: ['-5'] }]);
    expect(gt.matches({})).toBe(false);
    expect(gt.matches({ z: '-4' })).toBe(true);
    expect(gt.matches({ z: '-6' })).toBe(false);
    expect(new Selector([{ key: 'z', operator: 'lt', values: ['-5'] }]).matches({ z: '-6' })).toBe(true);
    // a Gt/Lt requirement without exactly one value matches nothing
    expect(new Selector([{ key: 'z', operator: 'gt', values: [] }]).matches({ z: '1' })).toBe(false);
    expect(new Selector([{ key: 'z', operator: 'gt', values: ['1', '2'] }]).matches({ z: '5' })).toBe(false);
  });

  it('looks up own labels only', () => {
    expect(parseSelector('constructor').matches({})).toBe(false);
    expect(parseSelector('!toString').matches({ a: 'b' })).toBe(true);
    expect(parseSelector('x').matches(undefined)).toBe(false);
    expect(parseSelector('!x').matches(undefined)).toBe(true);
  });
});

describe('TestSetMatches / TestNilMapIsValid / TestSetIsEmpty (apimachinery labels)', () => {
  const labelset = { foo: 'bar', baz: 'blah' };
  const matching: Set[] = [{}, { foo: 'bar' }, { baz: 'blah' }, { foo: 'bar', baz: 'blah' }];
  it.each(matching)('SelectorFromSet(%o) matches {foo: bar, baz: blah}', (set) => {
    expect(selectorFromSet(set).matches(labelset)).toBe(true);
  });

  it('does not match a differing or missing label', () => {
    expect(selectorFromSet({ foo: 'blah' }).matches(labelset)).toBe(false);
    expect(selectorFromSet({ foo: 'bar', foobar: 'bar' }).matches(labelset)).toBe(false);
  });

  it('treats a nil or empty set as Everything', () => {
    expect(selectorFromSet(undefined).isEmpty).toBe(true);
    expect(selectorFromSet({}).isEmpty).toBe(true);
    expect(selectorFromSet(undefined).matches({ x: 'y' })).toBe(true);
    expect(selectorFromSet({}).matches(undefined)).toBe(true);
    expect(Selector.EVERYTHING.matches({ x: 'y' })).toBe(true);
    expect(Selector.EVERYTHING.isEmpty).toBe(true);
    expect(parseSelector('').isEmpty).toBe(true);
  });

  it('prints equality requirements sorted by key', () => {
    expect(selectorFromSet({ tier: 'web', app: 'nginx' }).toString()).toBe('app=nginx,tier=web');
  });

  it('selectorFromSetOrNothing: an absent or empty selector selects nothing', () => {
    expect(selectorFromSetOrNothing(undefined).matches({ a: 'b' })).toBe(false);
    expect(selectorFromSetOrNothing({}).matches({})).toBe(false);
    expect(selectorFromSetOrNothing({}).isEmpty).toBe(false);
    expect(selectorFromSetOrNothing({ a: 'b' }).matches({ a: 'b', c: 'd' })).toBe(true);
  });
});

describe('metav1.LabelSelectorAsSelector', () => {
  it('a nil selector matches nothing; an empty one matches everything', () => {
    expect(labelSelectorAsSelector(undefined).matches({ a: 'b' })).toBe(false);
    expect(labelSelectorAsSelector(null).matches({})).toBe(false);
    expect(labelSelectorAsSelector(undefined).isEmpty).toBe(false);
    expect(labelSelectorAsSelector({}).matches({ a: 'b' })).toBe(true);
    expect(labelSelectorAsSelector({}).matches(undefined)).toBe(true);
    expect(labelSelectorAsSelector({ matchLabels: {}, matchExpressions: [] }).isEmpty).toBe(true);
    expect(Selector.NOTHING.toString()).toBe('');
  });

  it('ANDs matchLabels and matchExpressions', () => {
    const ls: LabelSelector = {
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['frontend', 'edge'] },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'track', operator: 'Exists' },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    };
    const s = labelSelectorAsSelector(ls);
    expect(s.toString()).toBe('app=web,!canary,env notin (prod),tier in (edge,frontend),track');
    expect(s.matches({ app: 'web', tier: 'edge', track: 'x' })).toBe(true); // NotIn true when env is absent
    expect(s.matches({ app: 'web', tier: 'edge', track: 'x', env: 'dev' })).toBe(true);
    expect(s.matches({ app: 'web', tier: 'edge', track: 'x', env: 'prod' })).toBe(false);
    expect(s.matches({ app: 'web', tier: 'edge', track: 'x', canary: '' })).toBe(false);
    expect(s.matches({ app: 'web', tier: 'back', track: 'x' })).toBe(false);
    expect(s.matches({ app: 'web', tier: 'edge' })).toBe(false);
    expect(s.matches({ tier: 'edge', track: 'x' })).toBe(false);
  });

  const errors: [LabelSelector, RegExp][] = [
    [{ matchExpressions: [{ key: 'x', operator: 'In' }] }, /for 'in', 'notin' operators, values set can't be empty/],
    [
      { matchExpressions: [{ key: 'x', operator: 'NotIn', values: [] }] },
      /for 'in', 'notin' operators, values set can't be empty/,
    ],
    [
      { matchExpressions: [{ key: 'x', operator: 'Exists', values: ['a'] }] },
      /values set must be empty for exists and does not exist/,
    ],
    [
      { matchExpressions: [{ key: 'x', operator: 'DoesNotExist', values: ['a'] }] },
      /values set must be empty for exists and does not exist/,
    ],
    [
      { matchExpressions: [{ key: 'x', operator: 'Gt' as 'In', values: ['1'] }] },
      /^"Gt" is not a valid label selector operator$/,
    ],
  ];
  it.each(errors)('rejects %o', (ls, message) => {
    try {
      labelSelectorAsSelector(ls);
      expect.unreachable();
    } catch (e) {
      expect(isKubesimError(e, 'E_SELECTOR')).toBe(true);
      expect((e as Error).message).toMatch(message);
    }
  });

  // Upstream builds each requirement with labels.NewRequirement, which also validates the key and
  // values (`a b` is not a label key). kubesim validates selectors where objects enter (field
  // validation), not here; left as a known difference.
  it.skip('rejects an invalid key or value like NewRequirement', () => {
    expect(() => labelSelectorAsSelector({ matchLabels: { 'a b': 'c' } })).toThrow();
    expect(() => labelSelectorAsSelector({ matchExpressions: [{ key: 'x', operator: 'In', values: ['-a'] }] })).toThrow();
  });
});

describe('labelsContain', () => {
  it('is true when every label of the subset is present with the same value', () => {
    expect(labelsContain({ a: '1', b: '2' }, { a: '1' })).toBe(true);
    expect(labelsContain({ a: '1' }, { a: '2' })).toBe(false);
    expect(labelsContain({ a: '1' }, { b: '' })).toBe(false);
    expect(labelsContain(undefined, { a: '1' })).toBe(false);
    expect(labelsContain(undefined, undefined)).toBe(true);
    expect(labelsContain({ a: '1' }, {})).toBe(true);
  });
});
