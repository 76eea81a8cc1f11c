import { base64Decode } from './base64.js';

/**
 * How the API server's JSON decoder takes a ConfigMap's or a Secret's data maps: `data` of a
 * ConfigMap and `stringData` of a Secret are map[string]string; a ConfigMap's `binaryData` and
 * a Secret's `data` are map[string][]byte, whose values must be padded standard base64.
 */

type JsonName = 'number' | 'bool' | 'array' | 'object' | 'string';

function jsonName(v: unknown): JsonName {
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'string' ? 'string' : 'object';
}

/** The decoder's message for one map field, and the path of the value it stopped at. */
function mapError(
  kind: string,
  name: string,
  v: unknown,
  bytes: boolean,
): { message: string; path: (string | number)[] } | undefined {
  if (v === null || v === undefined) return undefined;
  const type = bytes ? 'map[string][]uint8' : 'map[string]string';
  if (typeof v !== 'object' || Array.isArray(v)) {
    return {
      message: `json: cannot unmarshal ${jsonName(v)} into Go struct field ${kind}.${name} of type ${type}`,
      path: [name],
    };
  }
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (x === null) continue;
    if (typeof x !== 'string') {
      const of = bytes ? '[]uint8' : 'string';
      return {
        message: `json: cannot unmarshal ${jsonName(x)} into Go struct field ${kind}.${name} of type ${of}`,
        path: [name, k],
      };
    }
    if (bytes) {
      const d = base64Decode(x);
      if ('error' in d) return { message: d.error, path: [name, k] };
    }
  }
  return undefined;
}

/** The decoding failure of a ConfigMap's or Secret's data, or undefined (also for other kinds). */
export function dataDecodeFailure(
  o: Record<string, unknown>,
  kind: string,
  version: string,
): { message: string; path: readonly (string | number)[] } | undefined {
  const fields: readonly (readonly [string, boolean])[] =
    kind === 'ConfigMap'
      ? [
          ['data', false],
          ['binaryData', true],
        ]
      : kind === 'Secret'
        ? [
            ['data', true],
            ['stringData', false],
          ]
        : [];
  for (const [name, bytes] of fields) {
    const err = mapError(kind, name, o[name], bytes);
    if (err !== undefined) {
      return {
        message: `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: ${err.message}`,
        path: err.path,
      };
    }
  }
  return undefined;
}
