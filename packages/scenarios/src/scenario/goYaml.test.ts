import { describe, expect, it } from 'vitest';
import { goTimestamp } from './goYaml.js';
import { parseYamlDocuments } from './yamlDoc.js';

const read = (text: string): unknown => parseYamlDocuments(text, 't.yaml')[0]?.value;

/**
 * go-yaml's unmarshalTests (decode_test.go), the rows that decide how a plain scalar resolves
 * into an untyped value (what sigs.k8s.io/yaml turns into JSON): numbers in every base, base 60
 * left as a string, and the near-numbers that stay strings. Rows for typed Go targets (int8
 * overflow, time.Duration, structs) have no counterpart: kubesim's values are untyped.
 */
describe('TestUnmarshal (go-yaml unmarshalTests: scalars into interface{})', () => {
  it.each([
    ['v: 10', { v: 10 }],
    ['v: 0b10', { v: 2 }],
    ['v: 0xA', { v: 10 }],
    ['v: 4294967296', { v: 4294967296 }],
    ['v: 0.1', { v: 0.1 }],
    ['v: .1', { v: 0.1 }],
    ['v: .Inf', { v: Number.POSITIVE_INFINITY }],
    ['v: -.Inf', { v: Number.NEGATIVE_INFINITY }],
    ['v: -10', { v: -10 }],
    ['v: -.1', { v: -0.1 }],
    ['canonical: 6.8523e+5', { canonical: 6.8523e5 }],
    ['expo: 685.230_15e+03', { expo: 685.23015e3 }],
    ['fixed: 685_230.15', { fixed: 685230.15 }],
    ['neginf: -.inf', { neginf: Number.NEGATIVE_INFINITY }],
    ['canonical: 685230', { canonical: 685230 }],
    ['decimal: +685_230', { decimal: 685230 }],
    ['octal: 02472256', { octal: 685230 }],
    ['octal: -02472256', { octal: -685230 }],
    ['octal: 0o2472256', { octal: 685230 }],
    ['octal: -0o2472256', { octal: -685230 }],
    ['hexa: 0x_0A_74_AE', { hexa: 685230 }],
    ['bin: 0b1010_0111_0100_1010_1110', { bin: 685230 }],
    ['bin: -0b101010', { bin: -42 }],
    ['a: -b_c', { a: '-b_c' }],
    ['a: +b_c', { a: '+b_c' }],
    ['a: 50cent_of_dollar', { a: '50cent_of_dollar' }],
    // "Base 60 floats are obsolete and unsupported."
    ['a: 1:1\n', { a: '1:1' }],
    // the commented-out rows: {"sexa: 190:20:30.15", ...} // Unsupported
    ['sexa: 190:20:30.15', { sexa: '190:20:30.15' }],
    ['sexa: 190:20:30', { sexa: '190:20:30' }],
  ])('%s', (data, value) => {
    expect(read(data)).toEqual(value);
  });
});

/**
 * go-yaml's timestamp rows, as sigs.k8s.io/yaml hands them on: a time.Time becomes the text
 * its MarshalJSON writes (RFC3339Nano), so an unquoted date in a manifest is that string.
 */
describe('TestUnmarshal (go-yaml unmarshalTests: timestamps, as JSON text)', () => {
  it.each([
    ['a: 2015-01-01\n', '2015-01-01T00:00:00Z'], // Date only.
    ['a: 2015-02-24T18:19:39.12Z\n', '2015-02-24T18:19:39.12Z'], // RFC3339
    ['a: 2015-2-3T3:4:5Z', '2015-02-03T03:04:05Z'], // RFC3339 with short dates.
    ['a: 2015-02-24t18:19:39Z\n', '2015-02-24T18:19:39Z'], // ISO8601 lower case t
    ['a: 2015-02-24 18:19:39\n', '2015-02-24T18:19:39Z'], // space separate, no time zone
    ['a: "2015-01-01"', '2015-01-01'], // quoted string that's a valid timestamp
    // "Some cases not currently handled": go-yaml leaves them strings.
    ['a: 2001-12-14 21:59:43.10 -5', '2001-12-14 21:59:43.10 -5'],
    ['a: 2026-03-08T01:59:00-05:00', '2026-03-08T01:59:00-05:00'],
    ['a: 2026-03-08T01:59:00+00:00', '2026-03-08T01:59:00Z'],
    ['a: 2015-02-30', '2015-02-30'], // time.Parse refuses it: a string
  ])('%s', (data, a) => {
    expect(read(data)).toEqual({ a });
  });
});

describe('goTimestamp: calendar checks as time.Parse makes them', () => {
  it.each([
    ['2024-02-29', '2024-02-29T00:00:00Z'],
    ['2023-02-29', undefined],
    ['1900-02-29', undefined],
    ['2000-02-29', '2000-02-29T00:00:00Z'],
    ['2026-04-31', undefined],
    ['2026-12-31T23:59:59.500000000+05:30', '2026-12-31T23:59:59.5+05:30'],
  ])('%s', (text, out) => {
    expect(goTimestamp(text)).toBe(out);
  });
});
