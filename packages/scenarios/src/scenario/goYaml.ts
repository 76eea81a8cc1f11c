import type { ScalarTag, Tags } from 'yaml';

/**
 * kubectl reads YAML with sigs.k8s.io/yaml over go-yaml v2, which is YAML 1.1 but not all of
 * it, and resolves a plain integer with Go's strconv.ParseInt(s, 0, 64) after dropping `_`
 * (go-yaml v2 resolve.go). Against the `yaml` package's YAML 1.1 schema that means:
 * - no base 60: go-yaml v2 never had it, so `1:30` and `190:20:30.15` are strings, not 90
 *   and 685230.15 (an int32 field given one is then refused, as kubectl's server refuses it);
 * - Go's prefixes besides YAML 1.1's: `0o17` and `0O17` (octal), `0X1F`, `0B101` are ints;
 * - a timestamp is one of go-yaml v2's four layouts (allowedTimestampFormats) and becomes the
 *   text time.Time's MarshalJSON writes (RFC 3339, the zone kept): `2015-1-2` is the string
 *   "2015-01-02T00:00:00Z", not a JS Date; `2001-12-14 21:59:43.10 -5` stays a string.
 * The rest agrees: `042` is octal 34, `0x1F`, `0b101`, `1_000`, `+42`, `1e3`, `.5`, `.nan`.
 */
const GO_PREFIXED_INT: ScalarTag = {
  tag: 'tag:yaml.org,2002:int',
  default: true,
  format: 'GO',
  test: /^[-+]?0(?:[oO][0-7_]+|[xX][0-9a-fA-F_]+|[bB][01_]+)$/,
  resolve(source: string): number {
    const text = source.replace(/_/g, '');
    const sign = text.startsWith('-') ? -1 : 1;
    const digits = text.replace(/^[-+]/, '');
    const radix = { o: 8, x: 16, b: 2 }[(digits[1] as string).toLowerCase() as 'o' | 'x' | 'b'];
    return sign * Number.parseInt(digits.slice(2), radix);
  },
};

// "2006-1-2T15:4:5.999999999Z07:00" (also with `t`), "2006-1-2 15:4:5.999999999", "2006-1-2".
const GO_TIMESTAMP =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.([0-9]+))?(Z|[-+][0-9]{2}:[0-9]{2}))|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.([0-9]+))?))?$/;

const pad = (n: string | undefined): string => (n ?? '0').padStart(2, '0');

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** time.Parse with go-yaml's layouts, then MarshalJSON's RFC3339Nano; undefined if Go would not parse it. */
export function goTimestamp(text: string): string | undefined {
  const m = GO_TIMESTAMP.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const h = m[4] ?? m[9];
  const mi = m[5] ?? m[10];
  const sec = m[6] ?? m[11];
  const frac = (m[7] ?? m[12] ?? '').slice(0, 9).replace(/0+$/, '');
  const zone = m[8] ?? 'Z';
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > daysIn(Number(y), Number(mo))) return undefined;
  if (Number(h ?? 0) > 23 || Number(mi ?? 0) > 59 || Number(sec ?? 0) > 59) return undefined;
  if (zone !== 'Z' && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4)) > 59)) return undefined;
  // A zero offset prints as Z, as Go's Z07:00 does.
  const z = zone === 'Z' || /^[-+]00:00$/.test(zone) ? 'Z' : zone;
  return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(sec)}${frac === '' ? '' : `.${frac}`}${z}`;
}

const GO_TIMESTAMP_TAG: ScalarTag = {
  tag: 'tag:yaml.org,2002:timestamp',
  default: true,
  format: 'GO',
  test: GO_TIMESTAMP,
  // One Go cannot parse (2015-02-30) falls through to a string there, as here.
  resolve: (source: string): string => goTimestamp(source) ?? source,
};

/** The YAML 1.1 tags as go-yaml v2 resolves them: base-60 forms dropped, Go's int prefixes and timestamps. */
export function goYamlTags(tags: Tags): Tags {
  const kept = tags.filter(
    (t) => !(typeof t === 'object' && (('format' in t && t.format === 'TIME') || t.tag === 'tag:yaml.org,2002:timestamp')),
  );
  return [GO_PREFIXED_INT, GO_TIMESTAMP_TAG, ...kept];
}
