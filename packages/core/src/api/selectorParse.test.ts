import { describe, expect, it } from 'vitest';
import { isKubesimError } from '../errors.js';
import type { Operator, Requirement } from './labels.js';
import { parseSelector } from './selectorParse.js';

function req(key: string, operator: Operator, values: string[] = []): Requirement {
  return { key, operator, values: [...values].sort() };
}

function parseError(input: string): string {
  try {
    parseSelector(input);
  } catch (e) {
    if (isKubesimError(e, 'E_SELECTOR')) return e.message;
    throw e;
  }
  throw new Error(`${JSON.stringify(input)} parsed`);
}

describe('TestSelectorParse (apimachinery labels)', () => {
  const good = ['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5'];
  it.each(good)('Parse(%j).String() is the input without spaces', (input) => {
    expect(parseSelector(input).toString()).toBe(input.replaceAll(' ', ''));
  });

  const bad = ['x=a||y=b', 'x==a==b', '!x=a', 'x<a'];
  it.each(bad)('Parse(%j) fails', (input) => {
    expect(() => parseSelector(input)).toThrow();
    expect(parseError(input)).toBeTypeOf('string');
  });
});

describe('TestDeterministicParse (apimachinery labels)', () => {
  it('sorts requirements by key, whatever the input order', () => {
    expect(parseSelector('x=a,a=x').toString()).toBe(parseSelector('a=x,x=a').toString());
    expect(parseSelector('x=a,a=x').toString()).toBe('a=x,x=a');
  });
});

describe('TestSetSelectorParser (apimachinery labels)', () => {
  const valid: [string, Requirement[]][] = [
    ['', []],
    ['\rx', [req('x', 'exists')]],
    ['this-is-a-dns.domain.com/key-with-dash', [req('this-is-a-dns.domain.com/key-with-dash', 'exists')]],
    [
      'this-is-another-dns.domain.com/key-with-dash in (so,what)',
      [req('this-is-another-dns.domain.com/key-with-dash', 'in', ['so', 'what'])],
    ],
    [
      '0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)',
      [req('0.1.2.domain/99', 'notin', ['10.10.100.1', 'tick.tack.clock'])],
    ],
    ['foo  in\t (abc)', [req('foo', 'in', ['abc'])]],
    ['x notin\n (abc)', [req('x', 'notin', ['abc'])]],
    ['x  notin\t\t\t(abc,def)', [req('x', 'notin', ['abc', 'def'])]],
    ['x in (abc,def)', [req('x', 'in', ['abc', 'def'])]],
    ['x in (abc,)', [req('x', 'in', ['abc', ''])]],
    ['x in ()', [req('x', 'in', [''])]],
    [
      'x notin (abc,,def),bar,z in (),w',
      [req('bar', 'exists'), req('w', 'exists'), req('x', 'notin', ['abc', '', 'def']), req('z', 'in', [''])],
    ],
    ['x,y in (a)', [req('x', 'exists'), req('y', 'in', ['a'])]],
    ['x=a', [req('x', '=', ['a'])]],
    ['x>1', [req('x', 'gt', ['1'])]],
    ['x<7', [req('x', 'lt', ['7'])]],
    ['x=a,y!=b', [req('x', '=', ['a']), req('y', '!=', ['b'])]],
    ['x=a,y!=b,z in (h,i,j)', [req('x', '=', ['a']), req('y', '!=', ['b']), req('z', 'in', ['h', 'i', 'j'])]],
    ['x notin ( )', [req('x', 'notin', [''])]],
    ['x notin (, a)', [req('x', 'notin', ['', 'a'])]],
    ['a ', [req('a', 'exists')]],
    // operator 'in' inside list of identifiers
    ['a in (x,y,notin, z,in)', [req('a', 'in', ['in', 'notin', 'x', 'y', 'z'])]],
    // empty values between commas (current upstream parseIdentifiersList)
    ['x in (a,,)', [req('x', 'in', ['', 'a'])]],
    ['x in (a,,,)', [req('x', 'in', ['', 'a'])]],
    ['x in (a,,,,,,)', [req('x', 'in', ['', 'a'])]],
    ['x in (a,,a,,a,,a,,)', [req('x', 'in', ['', 'a'])]],
    ['x in (,,)', [req('x', 'in', [''])]],
    ['x in (abc,abc)', [req('x', 'in', ['abc'])]],
    // 'in' and 'notin' as keys and values
    ['notin=in', [req('notin', '=', ['in'])]],
    ['in in (notin)', [req('in', 'in', ['notin'])]],
    ['x==a', [req('x', '==', ['a'])]],
  ];
  it.each(valid)('Parse(%j)', (input, want) => {
    expect(parseSelector(input).requirements).toEqual(want);
  });

  const invalid = [
    'x=a||y=b',
    'x,y,',
    ',x,y',
    'x nott in (y)',
    'a in (xyz),',
    'a in (xyz)b notin ()',
    'a in (xyz abc)',
    'a notin(',
    'a (',
    '(',
  ];
  it.each(invalid)('Parse(%j) fails', (input) => {
    expect(() => parseSelector(input)).toThrow();
  });
});

describe('Parse error messages (apimachinery labels selector.go)', () => {
  const table: [string, string][] = [
    [',x,y', "found ',', expected: !, identifier, or 'end of string'"],
    ['(', "found '(', expected: !, identifier, or 'end of string'"],
    ['a in (xyz),', "found '', expected: identifier after ','"],
    ['x,,y', "found ',', expected: identifier after ','"],
    ['a in (xyz)b notin ()', "found 'b', expected: ',' or 'end of string'"],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['x nott in (y)', "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt"],
    ['a (', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    ['a in (xyz abc)', "unable to parse requirement: found 'abc', expected: ',' or ')'"],
    ['a notin(', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
    ['a in a', "unable to parse requirement: found 'a' expected: '('"],
    ['a in ', "unable to parse requirement: found '' expected: '('"],
    ['a in (a,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
    ['a in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['x=(', "unable to parse requirement: found '(', expected: identifier"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['!=a', "found '!=', expected: !, identifier, or 'end of string'"], // the lexer is greedy: '!=' is one token
    ['! =a', "unable to parse requirement: found '=', expected: identifier"],
    ['x<a', `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`],
    [
      'x>1.5',
      `unable to parse requirement: values[0]: Invalid value: "1.5": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
    [
      'x>99999999999999999999',
      `unable to parse requirement: values[0]: Invalid value: "99999999999999999999": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
  ];
  it.each(table)('Parse(%j) fails with %j', (input, message) => {
    expect(parseError(input)).toBe(message);
  });

  it('names an invalid key with a nil field path', () => {
    expect(parseError('-x')).toMatch(/^unable to parse requirement: <nil>: Invalid value: "-x": name part must consist of/);
    expect(parseError(`${'a'.repeat(254)}`)).toMatch(
      /^unable to parse requirement: <nil>: Invalid value: "a+": name part must be no more than 63/,
    );
  });

  it('names an invalid value by its index in sorted order and its key', () => {
    expect(parseError('x=-a')).toMatch(
      /^unable to parse requirement: values\[0\]\[x\]: Invalid value: "-a": a valid label must be/,
    );
    // sorted: ["-a", "b"], so the bad value is values[0] although it was written second
    expect(parseError('x in (b,-a)')).toMatch(/^unable to parse requirement: values\[0\]\[x\]: Invalid value: "-a"/);
    expect(parseError('x in (a,b-)')).toMatch(/^unable to parse requirement: values\[1\]\[x\]: Invalid value: "b-"/);
  });

  it('raises E_SELECTOR', () => {
    try {
      parseSelector('x in y');
      expect.unreachable();
    } catch (e) {
      expect(isKubesimError(e, 'E_SELECTOR')).toBe(true);
    }
  });
});

describe('TestRequirementConstructor (apimachinery labels), through Parse', () => {
  const table: [string, boolean][] = [
    ['x in (foo)', true],
    ['x notin (foo)', true],
    ['x', true],
    ['!x', true],
    ['1foo in (bar)', true],
    ['1234 in (bar)', true],
    ['y>1', true],
    ['z<6', true],
    ['foo>bar', false],
    ['barz<blah', false],
    [`${'a'.repeat(254)}`, false], // breaks DNS rule that len(key) <= 253
    ['x>-1', false], // an integer, but not a valid label value
  ];
  it.each(table)('Parse(%j) valid: %s', (input, ok) => {
    if (ok) expect(() => parseSelector(input)).not.toThrow();
    else expect(() => parseSelector(input)).toThrow();
  });
});

describe('TestToString (apimachinery labels), through Parse', () => {
  const table = [
    'x in (abc,def),y notin (jkl),z',
    'x notin (abc,def),y!=jkl,!z',
    'x notin (abc),y in (jkl,mno),z notin ()',
    'x=abc,y==jkl,z!=a,z',
    'x>2,y<8,z',
  ];
  it.each(table)('%j round-trips through String()', (input) => {
    expect(parseSelector(input).toString()).toBe(input);
  });

  it('prints values sorted and deduplicated', () => {
    expect(parseSelector('x in (b,a,b)').toString()).toBe('x in (a,b)');
    expect(parseSelector('x notin (b,,a)').toString()).toBe('x notin (,a,b)');
  });
});
