import type { ScalarTag, Tags } from 'yaml';

/**
 * kubectl reads YAML with sigs.k8s.io/yaml over go-yaml v2, which is YAML 1.1 but not all of
 * it, and resolves a plain integer with Go's strconv.ParseInt(s, 0, 64) after dropping `_`
 * (go-yaml v2 resolve.go). Against the `yaml` package's YAML 1.1 schema that means:
 * - no base 60: go-yaml v2 never had it, so `1:30` and `190:20:30.15` are strings, not 90
 *   and 685230.15 (an int32 field given one is then refused, as kubectl's server refuses it);
 * - Go's prefixes besides YAML 1.1's: `0o17` and `0O17` (octal), `0X1F`, `0B101` are ints.
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

/** The YAML 1.1 tags as go-yaml v2 resolves them: base-60 forms dropped, Go's int prefixes added. */
export function goYamlTags(tags: Tags): Tags {
  const kept = tags.filter((t) => !(typeof t === 'object' && 'format' in t && t.format === 'TIME'));
  return [GO_PREFIXED_INT, ...kept];
}
