import { OPENAPI_KINDS, OPENAPI_TYPES } from './data.js';

/**
 * The bundled v1.34 OpenAPI schemas, read lazily: a type's `name:code,...` line is split into a
 * map the first time a walk reaches it (most runs touch a few dozen of the ~600 types).
 */

/** A type's fields: JSON name → type code (see scripts/openapi-data.ts). */
export type Fields = ReadonlyMap<string, string>;

const parsed = new Map<string, Fields>();

/** The fields of a named type, or undefined if the name is not a type of the schema. */
export function fieldsOf(type: string): Fields | undefined {
  const known = parsed.get(type);
  if (known !== undefined) return known;
  const line = OPENAPI_TYPES[type];
  if (line === undefined) return undefined;
  const fields = new Map<string, string>();
  for (const pair of line.split(',')) {
    const colon = pair.indexOf(':');
    fields.set(pair.slice(0, colon), pair.slice(colon + 1));
  }
  parsed.set(type, fields);
  return fields;
}

/** The type of an object of a built-in kind in an API version, or undefined for one v1.34 does not serve. */
export function typeOfKind(apiVersion: string, kind: string): string | undefined {
  return OPENAPI_KINDS[apiVersion]?.[kind];
}

/** Whether v1.34 serves this kind in this API version (CRDs' kinds and `List` are not in the schema). */
export function isBuiltinKind(apiVersion: string, kind: string): boolean {
  return typeOfKind(apiVersion, kind) !== undefined;
}

/** A JSON object (not null, not a list). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** An object's keys in the order kubectl's body has them: json.Marshal sorts a map's keys bytewise. */
export function sortedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
