import { describe, expect, it } from 'vitest';
import { isKubesimError, type KubesimError } from '../errors.js';
import { formatDuration, HOUR, MINUTE, parseDuration, SECOND } from './duration.js';

function thrown(fn: () => unknown): KubesimError {
  try {
    fn();
  } catch (e) {
    if (isKubesimError(e)) return e;
    throw e;
  }
  throw new Error('expected a KubesimError, got none');
}

const MS = 1;

describe('TestParseDuration (golang time)', () => {
  // Go's parseDurationTests, the entries that are whole milliseconds.
  const table: [string, number][] = [
    // simple
    ['0', 0],
    ['5s', 5 * SECOND],
    ['30s', 30 * SECOND],
    ['1478s', 1478 * SECOND],
    // sign
    ['-5s', -5 * SECOND],
    ['+5s', 5 * SECOND],
    ['-0', 0],
    ['+0', 0],
    // decimal
    ['5.0s', 5 * SECOND],
    ['5.6s', 5 * SECOND + 600 * MS],
    ['5.s', 5 * SECOND],
    ['.5s', 500 * MS],
    ['1.0s', 1 * SECOND],
    ['1.00s', 1 * SECOND],
    ['1.004s', 1 * SECOND + 4 * MS],
    ['1.0040s', 1 * SECOND + 4 * MS],
    ['100.00100s', 100 * SECOND + 1 * MS],
    // different units
    ['13ms', 13 * MS],
    ['14s', 14 * SECOND],
    ['15m', 15 * MINUTE],
    ['16h', 16 * HOUR],
    // composite durations
    ['3h30m', 3 * HOUR + 30 * MINUTE],
    ['10.5s4m', 4 * MINUTE + 10 * SECOND + 500 * MS],
    ['-2m3.4s', -(2 * MINUTE + 3 * SECOND + 400 * MS)],
    ['39h9m14.425s', 39 * HOUR + 9 * MINUTE + 14 * SECOND + 425 * MS],
    // more than 9 digits after decimal point, see https://golang.org/issue/6617
    ['0.3333333333333333333h', 20 * MINUTE],
    // huge string; issue 15011.
    ['0.100000000000000000000h', 6 * MINUTE],
  ];
  it.each(table)('parseDuration(%j) = %d', (input, want) => {
    expect(parseDuration(input)).toBe(want);
  });

  it('never returns negative zero ("-0s", "-0ms")', () => {
    expect(Object.is(parseDuration('-0s'), 0)).toBe(true);
    expect(Object.is(parseDuration('-0ms'), 0)).toBe(true);
  });

  it('adds whole-millisecond parts exactly at the top of the int64 range', () => {
    // Go's largest duration, cut to whole milliseconds: 9223372036854ms.
    expect(parseDuration('2562047h47m16.854s')).toBe(9_223_372_036_854);
    expect(parseDuration('-2562047h47m16.854s')).toBe(-9_223_372_036_854);
    expect(parseDuration('9223372036854ms')).toBe(9_223_372_036_854);
    // A long duration plus 1ms: float addition would leave a sub-millisecond error.
    expect(parseDuration('100000h0.001s')).toBe(100_000 * HOUR + 1);
  });

  // Go parses these; they are finer than a millisecond, which simulated time cannot hold.
  const subMillisecond = [
    '10ns',
    '11us',
    '12µs', // U+00B5
    '12μs', // U+03BC
    '1h2m3s4ms5us6ns',
    '52763797000ns', // Go's "large value" entry: 52763.797ms
    '9007199254740993ns',
    '9223372036854775807ns',
    '9223372036854775.807us',
    '9223372036s854ms775us807ns',
    '-9223372036854775808ns',
    '-9223372036854775.808us',
    '-9223372036s854ms775us808ns',
    '-2562047h47m16.854775808s',
    '0.830103483285477580700h',
  ];
  it.each(subMillisecond)('rejects %j: finer than the 1ms resolution', (input) => {
    const e = thrown(() => parseDuration(input));
    expect(e.code).toBe('E_DURATION');
    expect(e.message).toBe(`invalid duration "${input}": simulated time has a resolution of 1ms`);
  });

  it('accepts every unit spelling at whole milliseconds', () => {
    expect(parseDuration('1000000ns')).toBe(1);
    expect(parseDuration('1000us')).toBe(1);
    expect(parseDuration('1000µs')).toBe(1);
    expect(parseDuration('1000μs')).toBe(1);
    expect(() => parseDuration('1.5ms')).toThrow(/resolution of 1ms/);
  });
});

describe('TestParseDurationErrors (golang time)', () => {
  // Go's parseDurationErrorTests, with the full message. Go checks `strings.Contains(err, quoted)`;
  // here the whole text is pinned. (Go's byte-level inputs such as "\x85\x85" are not
  // representable in a JavaScript string and are left out.)
  const table: [string, string][] = [
    // invalid
    ['', 'time: invalid duration ""'],
    ['3', 'time: missing unit in duration "3"'],
    ['-', 'time: invalid duration "-"'],
    ['s', 'time: invalid duration "s"'],
    ['.', 'time: invalid duration "."'],
    ['-.', 'time: invalid duration "-."'],
    ['.s', 'time: invalid duration ".s"'],
    ['+.s', 'time: invalid duration "+.s"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['\uFFFD', 'time: invalid duration "\\xef\\xbf\\xbd"'], // utf8.RuneError
    ['\uFFFD hello \uFFFD world', 'time: invalid duration "\\xef\\xbf\\xbd hello \\xef\\xbf\\xbd world"'],
    // overflow
    ['9223372036854775810ns', 'time: invalid duration "9223372036854775810ns"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    ['-9223372036854775809ns', 'time: invalid duration "-9223372036854775809ns"'],
    ['9223372036854776us', 'time: invalid duration "9223372036854776us"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
    ['9223372036854775.808us', 'time: invalid duration "9223372036854775.808us"'],
    ['9223372036854ms775us808ns', 'time: invalid duration "9223372036854ms775us808ns"'],
    // more shapes, same rules
    ['1h30', 'time: missing unit in duration "1h30"'],
    ['5 s', 'time: unknown unit " s" in duration "5 s"'],
    ['1.5.5s', 'time: missing unit in duration "1.5.5s"'],
    ['10sec', 'time: unknown unit "sec" in duration "10sec"'],
    ['9223372036855s', 'time: invalid duration "9223372036855s"'],
    ['2562048h', 'time: invalid duration "2562048h"'],
  ];
  it.each(table)('parseDuration(%j) throws %j', (input, message) => {
    const e = thrown(() => parseDuration(input));
    expect(e.code).toBe('E_DURATION');
    expect(e.message).toBe(message);
  });

  it('quotes non-ASCII units and escapes quotes the way Go does', () => {
    expect(thrown(() => parseDuration('5é')).message).toBe('time: unknown unit "\\xc3\\xa9" in duration "5\\xc3\\xa9"');
    expect(thrown(() => parseDuration('5"')).message).toBe('time: unknown unit "\\"" in duration "5\\""');
    expect(thrown(() => parseDuration('5\\')).message).toBe('time: unknown unit "\\\\" in duration "5\\\\"');
    expect(thrown(() => parseDuration('5\t')).message).toBe('time: unknown unit "\\x09" in duration "5\\x09"');
  });
});

describe('TestDurationString (golang time), at millisecond resolution', () => {
  // Go's durationTests whose values are whole milliseconds, plus Go's max/min cut to ms.
  const table: [string, number][] = [
    ['0s', 0],
    ['3.3s', 3300 * MS],
    ['4m5s', 4 * MINUTE + 5 * SECOND],
    ['4m5.001s', 4 * MINUTE + 5001 * MS],
    ['5h6m7.001s', 5 * HOUR + 6 * MINUTE + 7001 * MS],
    ['8m0.001s', 8 * MINUTE + 1 * MS],
    ['2562047h47m16.854s', 9_223_372_036_854],
    // Go's other well-known forms
    ['1ms', 1],
    ['999ms', 999],
    ['1s', SECOND],
    ['1.5s', 1500],
    ['1.05s', 1050],
    ['1m0s', MINUTE],
    ['1h0m0s', HOUR],
    ['1h30m0s', HOUR + 30 * MINUTE],
    ['49h0m0.01s', 49 * HOUR + 10],
  ];
  it.each(table)('formatDuration → %j', (want, ms) => {
    expect(formatDuration(ms)).toBe(want);
    if (ms > 0) expect(formatDuration(-ms)).toBe(`-${want}`);
  });

  it('formats negative zero as 0s', () => {
    expect(formatDuration(-0)).toBe('0s');
  });
});
