import { describe, expect, it } from 'vitest';
import { isKubesimError } from '../errors.js';
import { getScaledValueFromIntOrPercent, intOrPercentValue, isValidPercent } from './intstr.js';
import type { IntOrString } from './types.js';

function errorOf(value: IntOrString, total: number, roundUp: boolean): string {
  try {
    getScaledValueFromIntOrPercent(value, total, roundUp);
  } catch (e) {
    if (isKubesimError(e, 'E_INT_OR_PERCENT')) return e.message;
    throw e;
  }
  throw new Error(`${JSON.stringify(value)} scaled without error`);
}

describe('TestGetIntFromIntOrPercent / TestGetScaledValueFromIntOrPercent (apimachinery intstr)', () => {
  const table: [IntOrString, number, boolean, number][] = [
    [123, 0, false, 123],
    ['90%', 100, true, 90],
    ['90%', 95, true, 86],
    ['90%', 95, false, 85],
    // the rollout numbers users meet: 25% of 10 replicas
    ['25%', 10, true, 3],
    ['25%', 10, false, 2],
    ['0%', 10, true, 0],
    ['100%', 7, false, 7],
    ['1%', 1, true, 1],
    ['1%', 1, false, 0],
    ['33%', 3, true, 1],
    ['150%', 4, false, 6],
    ['+10%', 10, true, 1],
    [0, 10, true, 0],
  ];
  it.each(table)('GetScaledValueFromIntOrPercent(%j, %d, roundUp=%s) = %d', (value, total, roundUp, want) => {
    expect(getScaledValueFromIntOrPercent(value, total, roundUp)).toBe(want);
  });

  const errors: [string, string][] = [
    ['%', 'invalid value for IntOrString: invalid value "%": strconv.Atoi: parsing "": invalid syntax'],
    ['90#', 'invalid value for IntOrString: invalid type: string is not a percentage'],
    ['#%', 'invalid value for IntOrString: invalid value "#%": strconv.Atoi: parsing "#": invalid syntax'],
    ['90', 'invalid value for IntOrString: invalid type: string is not a percentage'],
    ['40%%', 'invalid value for IntOrString: invalid value "40%%": strconv.Atoi: parsing "40%": invalid syntax'],
    ['a%', 'invalid value for IntOrString: invalid value "a%": strconv.Atoi: parsing "a": invalid syntax'],
    ['1.5%', 'invalid value for IntOrString: invalid value "1.5%": strconv.Atoi: parsing "1.5": invalid syntax'],
    [' 5%', 'invalid value for IntOrString: invalid value " 5%": strconv.Atoi: parsing " 5": invalid syntax'],
    [
      '99999999999999999999%',
      'invalid value for IntOrString: invalid value "99999999999999999999%": strconv.Atoi: parsing "99999999999999999999": value out of range',
    ],
    ['', 'invalid value for IntOrString: invalid type: string is not a percentage'],
  ];
  it.each(errors)('GetScaledValueFromIntOrPercent(%j) fails: %s', (value, message) => {
    expect(errorOf(value, 10, true)).toBe(message);
    expect(errorOf(value, 10, false)).toBe(message);
  });

  it('accepts the int64 bounds and nothing past them', () => {
    expect(getScaledValueFromIntOrPercent('9223372036854775807%', 0, true)).toBe(0);
    expect(getScaledValueFromIntOrPercent('-9223372036854775808%', 0, false) + 0).toBe(0);
    expect(errorOf('9223372036854775808%', 1, true)).toMatch(/value out of range$/);
  });
});

describe('TestGetIntFromIntOrString (apimachinery intstr), as IsValidPercent and intOrPercentValue', () => {
  const table: [IntOrString, number, boolean][] = [
    // value, number, isValidPercent
    [200, 200, false],
    ['40%', 40, true],
    ['0%', 0, true],
  ];
  it.each(table)('%j → %d (valid percent: %s)', (value, n, percent) => {
    expect(intOrPercentValue(value)).toBe(n);
    if (typeof value === 'string') expect(isValidPercent(value)).toBe(percent);
  });

  const notPercents = ['200', '30%0', '%', 'a%', 'a', '40#', '40%%', '-10%', '+10%', '1.5%', ''];
  it.each(notPercents)('IsValidPercent(%j) is false', (value) => {
    expect(isValidPercent(value)).toBe(false);
  });

  it('reads a plain integer string as its number, anything else as 0', () => {
    expect(intOrPercentValue('200')).toBe(200);
    expect(intOrPercentValue('-3')).toBe(-3);
    expect(intOrPercentValue('a')).toBe(0);
    expect(intOrPercentValue('30%0')).toBe(0);
  });
});
