import { fitsInt, jsonValue } from '../decode.js';
import { fieldsOf, isObject, sortedKeys, typeOfKind } from './schema.js';

/**
 * The API server's decoding error for a value of the wrong JSON type, for any built-in kind,
 * from its v1.34 OpenAPI types: decode.ts's table covers the kinds kubesim models (and is what
 * every write passes through); this covers the rest at the manifest boundary (a ConfigMap's
 * `data: {a: 1}`, an Ingress's `port: {number: "80"}`). Upstream's decoder (sigs.k8s.io/json)
 * keeps the first UnmarshalTypeError of the body, met in kubectl's sorted-key order:
 *   json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32
 * A Quantity (a string or a number) and a Time decode themselves and are left alone.
 */
export interface TypeMismatch {
  /** The decoder's message (after `Kind in version "v1" cannot be handled as a Kind: `). */
  readonly message: string;
  /** Where the value is, list indexes included. */
  readonly at: readonly (string | number)[];
}

type Json = Record<string, unknown>;

/** `V1PodSpec` → `PodSpec`, `AdmissionregistrationV1ServiceReference` → `ServiceReference`. */
function structName(type: string): string {
  return type.replace(/^(?:[A-Z][a-z0-9]*)*?V\d+(?:(?:alpha|beta)\d+)?(?=[A-Z])/, '');
}

/** The Go type a code stands for, as encoding/json names it (`[]v1.Container`, `map[string]string`). */
function goType(code: string): string {
  if (code.startsWith('[')) return `[]${goType(code.slice(1))}`;
  if (code.startsWith('{')) return `map[string]${goType(code.slice(1))}`;
  switch (code) {
    case 'i':
      return 'int32';
    case 'l':
      return 'int64';
    case 'f':
      return 'float64';
    case 'b':
      return 'bool';
    case 's':
      return 'string';
    case 'q':
      return 'resource.Quantity';
    case 't':
      return 'v1.Time';
    case 'o':
      return 'intstr.IntOrString';
    case '*':
      return 'runtime.RawExtension';
    default: {
      const version = /V\d+(?:(?:alpha|beta)\d+)?(?=[A-Z])/.exec(code)?.[0] ?? 'V1';
      return `${version.toLowerCase()}.${structName(code)}`;
    }
  }
}

interface Where {
  readonly struct: string;
  readonly path: string;
  readonly at: (string | number)[];
}

function check(v: unknown, code: string, w: Where): TypeMismatch | undefined {
  // A Quantity and a Time decode themselves (a number is a quantity); null leaves the zero value.
  if (v === null || v === undefined || code === '*' || code === 'q' || code === 't') return undefined;
  const field = `Go struct field ${w.struct}.${w.path}`;
  const mismatch = (literal: boolean): TypeMismatch => ({
    message: `json: cannot unmarshal ${jsonValue(v, literal)} into ${field} of type ${goType(code)}`,
    at: w.at,
  });
  switch (code) {
    case 'i':
    case 'l':
      return typeof v === 'number' && fitsInt(v, code === 'i' ? 'int32' : 'int64') ? undefined : mismatch(true);
    case 'f':
      return typeof v === 'number' ? undefined : mismatch(false);
    case 'b':
      return typeof v === 'boolean' ? undefined : mismatch(false);
    case 's':
      return typeof v === 'string' ? undefined : mismatch(false);
    case 'o':
      // IntOrString unmarshals a non-string with the standard library, whose error names no field.
      if (typeof v === 'string' || (typeof v === 'number' && fitsInt(v, 'int32'))) return undefined;
      return { message: `json: cannot unmarshal ${jsonValue(v, true)} into Go value of type int32`, at: w.at };
  }
  if (code.startsWith('[')) {
    if (!Array.isArray(v)) return mismatch(false);
    for (let i = 0; i < v.length; i++) {
      const err = check(v[i], code.slice(1), { ...w, at: [...w.at, i] });
      if (err !== undefined) return err;
    }
    return undefined;
  }
  if (!isObject(v)) return mismatch(false);
  if (code.startsWith('{')) {
    for (const k of sortedKeys(v)) {
      const err = check(v[k], code.slice(1), { ...w, at: [...w.at, k] });
      if (err !== undefined) return err;
    }
    return undefined;
  }
  return checkStruct(v, code, w.path, w.at);
}

function checkStruct(o: Json, type: string, path: string, at: (string | number)[]): TypeMismatch | undefined {
  const fields = fieldsOf(type);
  if (fields === undefined) return undefined;
  const struct = structName(type);
  for (const k of sortedKeys(o)) {
    const code = fields.get(k);
    if (code === undefined) continue; // an unknown field: unknownFields' business
    const err = check(o[k], code, { struct, path: path === '' ? k : `${path}.${k}`, at: [...at, k] });
    if (err !== undefined) return err;
  }
  return undefined;
}

/** The first value of the wrong JSON type in an object of a built-in kind, or undefined. */
export function typeMismatch(apiVersion: string, kind: string, object: unknown): TypeMismatch | undefined {
  const type = typeOfKind(apiVersion, kind);
  if (type === undefined || !isObject(object)) return undefined;
  return checkStruct(object, type, '', []);
}
