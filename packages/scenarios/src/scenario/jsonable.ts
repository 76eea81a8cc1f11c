/**
 * kubectl turns each YAML document into JSON (sigs.k8s.io/yaml) before anything else, and
 * JSON has no NaN or infinities: json.Marshal fails on `.nan`, `.inf` and `-.inf` wherever
 * they are, and kubectl stops with
 *   error parsing FILE: error converting YAML to JSON: json: unsupported value: NaN
 * (Go writes the value as strconv.FormatFloat does: NaN, +Inf, -Inf). This finds the first.
 */
export function unsupportedNumber(value: unknown): { path: (string | number)[]; text: string } | undefined {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return undefined;
    return { path: [], text: Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf' };
  }
  if (value === null || typeof value !== 'object') return undefined;
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value as Record<string, unknown>);
  for (const [key, v] of entries) {
    const found = unsupportedNumber(v);
    if (found !== undefined) return { path: [key, ...found.path], text: found.text };
  }
  return undefined;
}
