import { fieldsOf, isObject, sortedKeys, typeOfKind } from './schema.js';

/**
 * Strict field validation (KEP-2885), as the API server's strict decoder (sigs.k8s.io/json
 * UnmarshalStrict) reports it: each field of the request body that the kind's schema does not
 * declare, as a path from the object's root with list indexes (`spec.template.spec.
 * containers[0].unknownNested`). The decoder records them as it meets them in the body; kubectl
 * sends the manifest re-encoded from a map (json.Marshal sorts keys bytewise), so its order is
 * a depth-first walk with each object's keys sorted. Below a field that keeps anything
 * (RawExtension, JSON, x-kubernetes-preserve-unknown-fields) nothing is unknown; map keys are
 * not fields (encoding/json puts only struct fields on its path).
 */
export interface UnknownField {
  /** The path as the decoder prints it. */
  readonly path: string;
  /** The same path as keys and indexes, to find the field's line in a manifest. */
  readonly at: readonly (string | number)[];
}

type Json = Record<string, unknown>;

function walk(v: unknown, code: string, path: string, at: (string | number)[], out: UnknownField[]): void {
  if (v === null || v === undefined || code === '*') return;
  const head = code[0];
  if (head === '[') {
    if (!Array.isArray(v)) return;
    for (let i = 0; i < v.length; i++) walk(v[i], code.slice(1), `${path}[${i}]`, [...at, i], out);
    return;
  }
  if (head === '{') {
    if (isObject(v)) for (const k of sortedKeys(v)) walk(v[k], code.slice(1), path, [...at, k], out);
    return;
  }
  const fields = fieldsOf(code);
  if (fields === undefined || !isObject(v)) return; // a scalar, or a value of the wrong type (decode.ts says so)
  for (const k of sortedKeys(v)) {
    const field = path === '' ? k : `${path}.${k}`;
    const c = fields.get(k);
    if (c === undefined) out.push({ path: field, at: [...at, k] });
    else walk(v[k], c, field, [...at, k], out);
  }
}

/**
 * The fields of an object its kind's v1.34 schema does not declare, in the order the API server
 * reports them; undefined when the kind is not a built-in one of that API version.
 */
export function unknownFields(apiVersion: string, kind: string, object: unknown): UnknownField[] | undefined {
  const type = typeOfKind(apiVersion, kind);
  if (type === undefined) return undefined;
  const out: UnknownField[] = [];
  walk(object, type, '', [], out);
  return out;
}

/**
 * The object as the API server stores it under `fieldValidation=Warn` or `Ignore`: the unknown
 * fields dropped (the decoder never sets them), everything else shared with the input.
 */
export function pruneUnknownFields<T>(apiVersion: string, kind: string, object: T): T {
  const type = typeOfKind(apiVersion, kind);
  return type === undefined ? object : (prune(object, type) as T);
}

function prune(v: unknown, code: string): unknown {
  if (v === null || v === undefined || code === '*') return v;
  const head = code[0];
  if (head === '[') {
    if (!Array.isArray(v)) return v;
    const items = v.map((item) => prune(item, code.slice(1)));
    return items.every((x, i) => x === v[i]) ? v : items;
  }
  const fields = head === '{' ? undefined : fieldsOf(code);
  if (!isObject(v) || (head !== '{' && fields === undefined)) return v;
  let changed = false;
  const out: Json = {};
  for (const [k, x] of Object.entries(v)) {
    const c = head === '{' ? code.slice(1) : fields?.get(k);
    if (c === undefined) {
      changed = true;
      continue;
    }
    const y = prune(x, c);
    if (y !== x) changed = true;
    out[k] = y;
  }
  return changed ? out : v;
}

/**
 * The API server's BadRequest for a body with unknown fields under `fieldValidation=Strict`
 * (apimachinery's runtime.NewStrictDecodingError wrapped by the codec's "cannot be handled as"):
 *   Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"
 */
export function strictDecodingError(apiVersion: string, kind: string, fields: readonly UnknownField[]): string {
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  const list = fields.map((f) => `unknown field ${JSON.stringify(f.path)}`).join(', ');
  return `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: strict decoding error: ${list}`;
}

/** The warnings kubectl prints for the same body under `fieldValidation=Warn` (one per field). */
export function unknownFieldWarnings(fields: readonly UnknownField[]): string[] {
  return fields.map((f) => `unknown field ${JSON.stringify(f.path)}`);
}
