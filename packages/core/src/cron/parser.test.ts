import { describe, expect, it } from 'vitest';
import { getField, getRange, parseStandard } from './parser.js';

// robfig/cron/v3's parser_test.go (ParseStandard's five fields), and the exact error texts the
// API server puts in `spec.schedule: Invalid value`.

const bitsOf = (f: { bits: readonly boolean[] }): number[] => f.bits.flatMap((b, i) => (b ? [i] : []));

describe('TestRange', () => {
  const ranges: [string, number, number, number[], boolean, string][] = [
    ['5', 0, 7, [5], false, ''],
    ['0', 0, 7, [0], false, ''],
    ['7', 0, 7, [7], false, ''],
    ['5-5', 0, 7, [5], false, ''],
    ['5-6', 0, 7, [5, 6], false, ''],
    ['5-7', 0, 7, [5, 6, 7], false, ''],
    ['5-6/2', 0, 7, [5], false, ''],
    ['5-7/2', 0, 7, [5, 7], false, ''],
    ['5-7/1', 0, 7, [5, 6, 7], false, ''],
    ['*', 1, 3, [1, 2, 3], true, ''],
    ['*/2', 1, 3, [1, 3], false, ''],
    ['5--5', 0, 0, [], false, 'too many hyphens: 5--5'],
    ['jan-x', 0, 0, [], false, 'failed to parse int from jan: strconv.Atoi: parsing "jan": invalid syntax'],
    ['2-x', 1, 5, [], false, 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['*/-12', 0, 0, [], false, 'negative number (-12) not allowed: -12'],
    ['*//2', 0, 0, [], false, 'too many slashes: *//2'],
    ['1', 3, 5, [], false, 'beginning of range (1) below minimum (3): 1'],
    ['6', 3, 5, [], false, 'end of range (6) above maximum (5): 6'],
    ['5-3', 3, 5, [], false, 'beginning of range (5) beyond end of range (3): 5-3'],
    ['*/0', 0, 0, [], false, 'step of range should be a positive number: */0'],
  ];
  it.each(ranges)('%s in %i-%i', (expr, min, max, expected, star, err) => {
    if (err !== '') {
      expect(() => getRange(expr, { min, max })).toThrow(err);
      return;
    }
    const got = getRange(expr, { min, max });
    expect(bitsOf(got)).toEqual(expected);
    expect(got.star).toBe(star);
  });
});

describe('TestField', () => {
  const fields: [string, number[]][] = [
    ['5', [5]],
    ['5,6', [5, 6]],
    ['5,6,7', [5, 6, 7]],
    ['1,5-7/2,3', [1, 3, 5, 7]],
  ];
  it.each(fields)('%s', (expr, expected) => expect(bitsOf(getField(expr, { min: 1, max: 7 }))).toEqual(expected));
});

describe('TestParseScheduleErrors (ParseStandard)', () => {
  const tests: [string, string][] = [
    ['5 j * * *', 'failed to parse int from j: strconv.Atoi: parsing "j": invalid syntax'],
    ['@every Xm', 'failed to parse duration @every Xm: time: invalid duration "Xm"'],
    ['@unrecognized', 'unrecognized descriptor: @unrecognized'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['', 'empty spec string'],
    ['obvious error schedule', 'expected exactly 5 fields, found 3: [obvious error schedule]'],
    ['TZ=Mars/Olympus * * * * *', 'provided bad location Mars/Olympus: unknown time zone Mars/Olympus'],
    ['* * * * * *', 'expected exactly 5 fields, found 6: [* * * * * *]'],
    ['61 * * * *', 'end of range (61) above maximum (59): 61'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
  ];
  it.each(tests)('%j', (expr, err) => expect(() => parseStandard(expr)).toThrow(err));
});

describe('names and descriptors', () => {
  it('reads month and weekday names in any case, and ? as *', () => {
    expect(() => parseStandard('0 9 ? JAN-mar Mon-FRI')).not.toThrow();
    expect(parseStandard('@every 90s').next(0)).toBe(90_000);
  });
});
