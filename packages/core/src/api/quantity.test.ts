import { describe, expect, it } from 'vitest';
import { isKubesimError } from '../errors.js';
import {
  canonicalQuantity,
  formatQuantity,
  integerValue,
  milliValue,
  parseQuantity,
  type Quantity,
  type QuantityFormat,
} from './quantity.js';

/** upstream's decQuantity(i, exponent, format): i * 10^exponent, here in nano-units. */
function dec(i: bigint | number, exponent: number, format: QuantityFormat): Quantity {
  const e = exponent + 9;
  const nanos = e >= 0 ? BigInt(i) * 10n ** BigInt(e) : BigInt(i) / 10n ** BigInt(-e);
  return { nanos, format };
}

const MAX_ALLOWED: Quantity = { nanos: ((1n << 63n) - 1n) * 1_000_000_000n, format: 'BinarySI' };
const FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX_ERROR = "unable to parse quantity's suffix";

function errorOf(text: string): string {
  try {
    parseQuantity(text);
  } catch (e) {
    if (isKubesimError(e, 'E_QUANTITY')) return e.message;
    throw e;
  }
  throw new Error(`${JSON.stringify(text)} parsed`);
}

describe('TestQuantityParse (apimachinery api/resource)', () => {
  const table: [string, Quantity][] = [
    ['0', dec(0, 0, 'DecimalSI')],
    ['0n', dec(0, 0, 'DecimalSI')],
    ['0u', dec(0, 0, 'DecimalSI')],
    ['0m', dec(0, 0, 'DecimalSI')],
    ['0Ki', dec(0, 0, 'BinarySI')],
    ['0k', dec(0, 0, 'DecimalSI')],
    ['0Mi', dec(0, 0, 'BinarySI')],
    ['0M', dec(0, 0, 'DecimalSI')],
    ['0Gi', dec(0, 0, 'BinarySI')],
    ['0G', dec(0, 0, 'DecimalSI')],
    ['0Ti', dec(0, 0, 'BinarySI')],
    ['0T', dec(0, 0, 'DecimalSI')],
    // Quantity less numbers are allowed
    ['1', dec(1, 0, 'DecimalSI')],
    // Binary suffixes
    ['1Ki', dec(1024, 0, 'BinarySI')],
    ['8Ki', dec(8 * 1024, 0, 'BinarySI')],
    ['7Mi', dec(7 * 1024 * 1024, 0, 'BinarySI')],
    ['6Gi', dec(6 * 1024 ** 3, 0, 'BinarySI')],
    ['5Ti', dec(5 * 1024 ** 4, 0, 'BinarySI')],
    ['4Pi', dec(4n * 1024n ** 5n, 0, 'BinarySI')],
    ['3Ei', dec(3n * 1024n ** 6n, 0, 'BinarySI')],
    ['10Ti', dec(10 * 1024 ** 4, 0, 'BinarySI')],
    ['100Ti', dec(100 * 1024 ** 4, 0, 'BinarySI')],
    // Decimal suffixes
    ['5n', dec(5, -9, 'DecimalSI')],
    ['4u', dec(4, -6, 'DecimalSI')],
    ['3m', dec(3, -3, 'DecimalSI')],
    ['9', dec(9, 0, 'DecimalSI')],
    ['8k', dec(8, 3, 'DecimalSI')],
    ['50k', dec(5, 4, 'DecimalSI')],
    ['7M', dec(7, 6, 'DecimalSI')],
    ['6G', dec(6, 9, 'DecimalSI')],
    ['5T', dec(5, 12, 'DecimalSI')],
    ['40T', dec(4, 13, 'DecimalSI')],
    ['300T', dec(3, 14, 'DecimalSI')],
    ['2P', dec(2, 15, 'DecimalSI')],
    ['1E', dec(1, 18, 'DecimalSI')],
    // Decimal exponents
    ['1E-3', dec(1, -3, 'DecimalExponent')],
    ['1e3', dec(1, 3, 'DecimalExponent')],
    ['1E6', dec(1, 6, 'DecimalExponent')],
    ['1e9', dec(1, 9, 'DecimalExponent')],
    ['1E12', dec(1, 12, 'DecimalExponent')],
    ['1e15', dec(1, 15, 'DecimalExponent')],
    ['1E18', dec(1, 18, 'DecimalExponent')],
    // Nonstandard but still parsable
    ['1e14', dec(1, 14, 'DecimalExponent')],
    ['1e13', dec(1, 13, 'DecimalExponent')],
    ['100.035k', dec(100035, 0, 'DecimalSI')],
    // Things that look like floating point
    ['0.001', dec(1, -3, 'DecimalSI')],
    ['0.0005k', dec(5, -1, 'DecimalSI')],
    ['0.005', dec(5, -3, 'DecimalSI')],
    ['0.05', dec(5, -2, 'DecimalSI')],
    ['0.5', dec(5, -1, 'DecimalSI')],
    ['0.00050k', dec(5, -1, 'DecimalSI')],
    ['0.00500', dec(5, -3, 'DecimalSI')],
    ['0.05000', dec(5, -2, 'DecimalSI')],
    ['0.50000', dec(5, -1, 'DecimalSI')],
    ['0.5e0', dec(5, -1, 'DecimalExponent')],
    ['0.5e-1', dec(5, -2, 'DecimalExponent')],
    ['0.5e-2', dec(5, -3, 'DecimalExponent')],
    ['10.035M', dec(10035, 3, 'DecimalSI')],
    ['1.2e3', dec(12, 2, 'DecimalExponent')],
    ['1.3E+6', dec(13, 5, 'DecimalExponent')],
    ['1.40e9', dec(14, 8, 'DecimalExponent')],
    ['1.53E12', dec(153, 10, 'DecimalExponent')],
    ['1.6e15', dec(16, 14, 'DecimalExponent')],
    ['1.7E18', dec(17, 17, 'DecimalExponent')],
    ['9.01', dec(901, -2, 'DecimalSI')],
    ['8.1k', dec(81, 2, 'DecimalSI')],
    ['7.123456M', dec(7123456, 0, 'DecimalSI')],
    ['6.987654321G', dec(6987654321, 0, 'DecimalSI')],
    ['5.444T', dec(5444, 9, 'DecimalSI')],
    ['40.1T', dec(401, 11, 'DecimalSI')],
    ['300.2T', dec(3002, 11, 'DecimalSI')],
    ['2.5P', dec(25, 14, 'DecimalSI')],
    ['1.01E', dec(101, 16, 'DecimalSI')],
    // Things that saturate/round
    ['3.001n', dec(4, -9, 'DecimalSI')],
    ['1.1E-9', dec(2, -9, 'DecimalExponent')],
    ['0.0000000001', dec(1, -9, 'DecimalSI')],
    ['0.0000000005', dec(1, -9, 'DecimalSI')],
    ['0.00000000050', dec(1, -9, 'DecimalSI')],
    ['0.5e-9', dec(1, -9, 'DecimalExponent')],
    ['0.9n', dec(1, -9, 'DecimalSI')],
    ['0.00000012345', dec(124, -9, 'DecimalSI')],
    ['0.00000012354', dec(124, -9, 'DecimalSI')],
    ['9Ei', MAX_ALLOWED],
    ['9223372036854775807Ki', MAX_ALLOWED],
    ['12E', dec(12, 18, 'DecimalSI')],
    // We'll accept fractional binary stuff, too.
    ['100.035Ki', dec(10243584, -2, 'BinarySI')],
    ['0.5Mi', dec(0.5 * 1024 * 1024, 0, 'BinarySI')],
    ['0.05Gi', dec(536870912, -1, 'BinarySI')],
    ['0.025Ti', dec(274877906944, -1, 'BinarySI')],
    // Things written by trolls
    ['0.000000000001Ki', dec(2, -9, 'DecimalSI')], // rounds up, changes format
    ['.001', dec(1, -3, 'DecimalSI')],
    ['.0001k', dec(100, -3, 'DecimalSI')],
    ['1.', dec(1, 0, 'DecimalSI')],
    ['1.G', dec(1, 9, 'DecimalSI')],
  ];

  it.each(table)('ParseQuantity(%j)', (input, want) => {
    expect(parseQuantity(input)).toEqual(want);
  });
  it.each(table)('ParseQuantity("-" + %j) is the negation, same format', (input, want) => {
    expect(parseQuantity(`-${input}`)).toEqual({ nanos: -want.nanos, format: want.format });
  });
  it.each(table)('ParseQuantity("+" + %j) is the same value', (input, want) => {
    expect(parseQuantity(`+${input}`)).toEqual(want);
  });

  it('rejects the empty string', () => {
    expect(errorOf('')).toBe(FORMAT_ERROR);
  });

  // Upstream's invalid list, with the error each gets (ErrFormatWrong or ErrSuffix).
  const invalid: [string, string][] = [
    ['1.1.M', FORMAT_ERROR],
    ['1+1.0M', FORMAT_ERROR],
    ['0.1mi', SUFFIX_ERROR],
    ['0.1am', FORMAT_ERROR],
    ['aoeu', FORMAT_ERROR],
    ['.5i', SUFFIX_ERROR],
    ['1i', SUFFIX_ERROR],
    ['-3.01i', SUFFIX_ERROR],
    ['-3.01e-', SUFFIX_ERROR],
    // an exponent outside the int32 scale is rejected rather than truncated
    ['1e4294967297', SUFFIX_ERROR],
    ['1E2147483648', SUFFIX_ERROR],
    ['1E-2147483648', SUFFIX_ERROR],
    ['1E9223372036854775808', SUFFIX_ERROR],
    // more shapes
    ['1Ki5', SUFFIX_ERROR],
    ['1e', SUFFIX_ERROR],
    ['1KiB', FORMAT_ERROR],
    ['Ki1', FORMAT_ERROR],
    ['--1', FORMAT_ERROR],
  ];
  it.each(invalid)('ParseQuantity(%j) fails: %s', (input, message) => {
    expect(errorOf(input)).toBe(message);
  });

  it('trims surrounding whitespace, as Quantity.UnmarshalJSON does before parsing a manifest value', () => {
    // Upstream's ParseQuantity itself rejects " 1" and "1 "; the API server trims JSON/YAML values first.
    expect(canonicalQuantity(' 1')).toBe('1');
    expect(canonicalQuantity('500m \n')).toBe('500m');
  });

  it('reads a YAML number the way the API server reads a JSON number', () => {
    expect(canonicalQuantity(0.5)).toBe('500m');
    expect(canonicalQuantity(2)).toBe('2');
    expect(canonicalQuantity(1e21)).toBe('1e21');
    expect(canonicalQuantity(0.000001)).toBe('1u');
  });

  // Upstream's parseQuantityString turns a missing numerator into "0", so ParseQuantity(".")
  // and ParseQuantity("-.") give a zero quantity. kubesim rejects them: a user who writes
  // `cpu: .` meant something else. Left as a known difference.
  it.skip('ParseQuantity(".") and ("-.") are zero upstream', () => {
    expect(canonicalQuantity('.')).toBe('0');
    expect(canonicalQuantity('-.')).toBe('0');
  });
});

describe('TestQuantityString (apimachinery api/resource)', () => {
  const table: [Quantity, string, string][] = [
    [dec(1024 * 1024 * 1024, 0, 'BinarySI'), '1Gi', '1024Mi'],
    [dec(300 * 1024 * 1024, 0, 'BinarySI'), '300Mi', '307200Ki'],
    [dec(6 * 1024, 0, 'BinarySI'), '6Ki', ''],
    [dec(1001 * 1024 ** 3, 0, 'BinarySI'), '1001Gi', '1025024Mi'],
    [dec(1024 ** 4, 0, 'BinarySI'), '1Ti', '1024Gi'],
    [dec(5, 0, 'BinarySI'), '5', '5000m'],
    [dec(500, -3, 'BinarySI'), '500m', '0.5'],
    [dec(1, 9, 'DecimalSI'), '1G', '1000M'],
    [dec(1000, 6, 'DecimalSI'), '1G', '0.001T'],
    [dec(1000000, 3, 'DecimalSI'), '1G', ''],
    [dec(1000000000, 0, 'DecimalSI'), '1G', ''],
    [dec(1, -3, 'DecimalSI'), '1m', '1000u'],
    [dec(80, -3, 'DecimalSI'), '80m', ''],
    [dec(1080, -3, 'DecimalSI'), '1080m', '1.08'],
    [dec(108, -2, 'DecimalSI'), '1080m', '1080000000n'],
    [dec(10800, -4, 'DecimalSI'), '1080m', ''],
    [dec(300, 6, 'DecimalSI'), '300M', ''],
    [dec(1, 12, 'DecimalSI'), '1T', ''],
    [dec(1, 18, 'DecimalSI'), '1E', ''],
    [dec(1234567, 6, 'DecimalSI'), '1234567M', ''],
    [dec(1234567, -3, 'BinarySI'), '1234567m', ''],
    [dec(3, 3, 'DecimalSI'), '3k', ''],
    [dec(1025, 0, 'BinarySI'), '1025', ''],
    [dec(0, 0, 'DecimalSI'), '0', ''],
    [dec(0, 0, 'BinarySI'), '0', ''],
    [dec(1, 9, 'DecimalExponent'), '1e9', '.001e12'],
    [dec(1, -3, 'DecimalExponent'), '1e-3', '0.001e0'],
    [dec(1, -9, 'DecimalExponent'), '1e-9', '1000e-12'],
    [dec(80, -3, 'DecimalExponent'), '80e-3', ''],
    [dec(300, 6, 'DecimalExponent'), '300e6', ''],
    [dec(1, 12, 'DecimalExponent'), '1e12', ''],
    [dec(1, 3, 'DecimalExponent'), '1e3', ''],
    [dec(3, 3, 'DecimalExponent'), '3e3', ''],
    [dec(3, 3, 'DecimalSI'), '3k', ''],
    [dec(0, 0, 'DecimalExponent'), '0', '00'],
    [dec(1, -9, 'DecimalSI'), '1n', ''],
    [dec(80, -9, 'DecimalSI'), '80n', ''],
    [dec(1080, -9, 'DecimalSI'), '1080n', ''],
    [dec(108, -8, 'DecimalSI'), '1080n', ''],
    [dec(10800, -10, 'DecimalSI'), '1080n', ''],
    [dec(1, -6, 'DecimalSI'), '1u', ''],
    [dec(80, -6, 'DecimalSI'), '80u', ''],
    [dec(1080, -6, 'DecimalSI'), '1080u', ''],
  ];
  it.each(table)('%o.String() = %j (alternate %j)', (q, want, alternate) => {
    expect(formatQuantity(q)).toBe(want);
    // The canonical string parses back to itself ...
    expect(canonicalQuantity(want)).toBe(want);
    expect(parseQuantity(want).nanos).toBe(q.nanos);
    // ... and so does every alternate spelling.
    if (alternate !== '') expect(canonicalQuantity(alternate)).toBe(want);
    // Never "-0"; otherwise the negation prints with a leading "-".
    if (q.nanos !== 0n) expect(formatQuantity({ nanos: -q.nanos, format: q.format })).toBe(`-${want}`);
  });

  it('TestBinarySIZeroExponentString: 2000 in BinarySI prints as 2000', () => {
    expect(formatQuantity(dec(2000, 0, 'BinarySI'))).toBe('2000');
    expect(formatQuantity(dec(-2000, 0, 'BinarySI'))).toBe('-2000');
  });

  it('prints the MaxInt64 cap of a binary quantity in full', () => {
    expect(canonicalQuantity('9Ei')).toBe('9223372036854775807');
    expect(canonicalQuantity('-9Ei')).toBe('-9223372036854775807');
    expect(canonicalQuantity('7Ei')).toBe('7Ei');
  });

  // Current upstream (after the fix that stopped "1000E" printing as "1") falls back to exponent
  // notation past E and past Ei: 10^21 prints "1e21", 10^70 BinarySI "10e69". kubesim prints
  // "1000E" for 10^21, which parses back to the same value. Unreachable for BinarySI from a
  // parse (capped at MaxInt64); left until kubesim decides which upstream release to follow.
  it.skip('DecimalSI past E and BinarySI past Ei fall back to exponent notation (upstream master)', () => {
    expect(formatQuantity(dec(1, 21, 'DecimalSI'))).toBe('1e21');
    expect(formatQuantity(dec(5, 21, 'DecimalSI'))).toBe('5e21');
    expect(formatQuantity(dec(1, 24, 'DecimalSI'))).toBe('1e24');
    expect(formatQuantity(dec(1, 70, 'BinarySI'))).toBe('10e69');
    expect(formatQuantity(dec(1, 72, 'BinarySI'))).toBe('1e72');
  });
});

describe('TestQuantityParseEmit (apimachinery api/resource)', () => {
  const table: [string, string][] = [
    ['1Ki', '1Ki'],
    ['1Mi', '1Mi'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1000M', '1G'],
    ['.001Ki', '1024m'],
    ['.000001Ki', '1024u'],
    ['.000000001Ki', '1024n'],
    ['.000000000001Ki', '2n'],
    // the canonical forms kubectl users see most
    ['1.5Gi', '1536Mi'],
    ['0.5', '500m'],
    ['1000', '1k'],
    ['0.5Ki', '512'],
    ['1e3', '1e3'],
    ['100M', '100M'],
    ['1.5', '1500m'],
    ['2048Ki', '2Mi'],
    ['1536', '1536'],
    ['0.1', '100m'],
    ['250m', '250m'],
    ['1.2e3', '1200'],
  ];
  it.each(table)('%j → %j', (input, want) => {
    expect(canonicalQuantity(input)).toBe(want);
    if (want !== '0') expect(canonicalQuantity(`-${input}`)).toBe(`-${want}`);
  });
});

describe('Quantity.MilliValue / Quantity.Value (apimachinery api/resource)', () => {
  const table: [string, number, number][] = [
    // input, MilliValue, Value
    ['0', 0, 0],
    ['1', 1000, 1],
    ['100m', 100, 1],
    ['1500m', 1500, 2],
    ['1.5', 1500, 2],
    ['0.0001', 1, 1],
    ['1n', 1, 1],
    ['1.0001', 1001, 2],
    ['2', 2000, 2],
    ['1Ki', 1024000, 1024],
    ['1Gi', 1073741824000, 1073741824],
    ['128974848', 128974848000, 128974848],
    ['129e6', 129000000000, 129000000],
    ['123Mi', 128974848000, 128974848],
    ['110', 110000, 110],
  ];
  it.each(table)('%j: MilliValue %d, Value %d (rounded up)', (input, milli, value) => {
    const q = parseQuantity(input);
    expect(milliValue(q)).toBe(milli);
    expect(integerValue(q)).toBe(value);
  });
});

describe('quantities past what kubesim expands (bounded work)', () => {
  it('refuses a huge exponent at once instead of computing 10^100000000', () => {
    expect(() => parseQuantity('1e100000000')).toThrow('quantities larger than 1e1000 are not supported by kubesim');
    expect(parseQuantity('1e1000').nanos).toBe(10n ** 1009n);
  });

  it('a tiny non-zero value is the least one, as upstream rounds it up, without computing 10^-100000000', () => {
    expect(parseQuantity('1e-100000000').nanos).toBe(1n);
    expect(parseQuantity('-5e-2000').nanos).toBe(-1n);
    expect(parseQuantity('0e-100000000').nanos).toBe(0n);
  });
});
