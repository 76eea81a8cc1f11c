import { type FieldError, field } from '../fieldErrors.js';
import type { JSONSchemaProps } from './crd.js';

/**
 * A custom resource against its CRD's structural schema, as apiextensions-apiserver does on
 * create and update: unknown fields are pruned (pkg/apiserver/schema/pruning), then the rest
 * is validated (kube-openapi's validate, its errors converted to field errors by
 * apiservervalidation.ConvertToFieldErrors), in upstream's words.
 */

/** kube-openapi's name of a JSON value's type. */
function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'object') return 'object';
  return typeof v; // string, boolean
}

function typeMatches(type: string, v: unknown): boolean {
  const t = typeName(v);
  return t === type || (type === 'number' && t === 'integer');
}

/** The root's implicit fields: metadata is validated as ObjectMeta, apiVersion and kind by the server. */
const ROOT_KEPT: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * Prunes what the schema does not declare (no x-kubernetes-preserve-unknown-fields, no
 * additionalProperties), returning a new value; the original is left as it was.
 */
export function prune(value: unknown, schema: JSONSchemaProps | undefined, root = false): unknown {
  if (schema === undefined || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((x) => prune(x, schema.items));
  if (schema['x-kubernetes-embedded-resource'] === true && !root) {
    // An embedded object keeps apiVersion, kind and metadata as at the root.
    return pruneObject(value as Record<string, unknown>, schema, true);
  }
  return pruneObject(value as Record<string, unknown>, schema, root);
}

function pruneObject(obj: Record<string, unknown>, schema: JSONSchemaProps, root: boolean): Record<string, unknown> {
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (root && ROOT_KEPT.has(k)) {
      out[k] = v;
      continue;
    }
    const declared = schema.properties?.[k];
    if (declared !== undefined) out[k] = prune(v, declared);
    else if (typeof schema.additionalProperties === 'object') out[k] = prune(v, schema.additionalProperties);
    else if (preserve || schema.additionalProperties === true) out[k] = v;
  }
  return out;
}

function quoted(s: string): string {
  return JSON.stringify(s);
}

/** The errors of a (pruned) value against its schema; `path` is the value's field path. */
export function validateAgainstSchema(
  value: unknown,
  schema: JSONSchemaProps | undefined,
  path: string,
  root = false,
): FieldError[] {
  if (schema === undefined) return [];
  const errs: FieldError[] = [];
  const where = path === '' ? '<root>' : path;
  if (value === null) {
    if (schema.nullable === true || schema.type === undefined) return [];
    return [field.invalid(where, 'null', `${where} in body must be of type ${schema.type}: "null"`)];
  }
  if (schema['x-kubernetes-int-or-string'] === true) {
    if (!Number.isInteger(value) && typeof value !== 'string') {
      return [
        field.invalid(where, typeName(value), `${where} in body must be of type integer,string: ${quoted(typeName(value))}`),
      ];
    }
  } else if (schema.type !== undefined && !typeMatches(schema.type, value)) {
    return [field.invalid(where, typeName(value), `${where} in body must be of type ${schema.type}: ${quoted(typeName(value))}`)];
  }
  if (schema.enum !== undefined && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errs.push(
      field.notSupported(
        where,
        value,
        schema.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))),
      ),
    );
  }
  if (typeof value === 'number') {
    const { minimum, maximum } = schema;
    if (minimum !== undefined) {
      if (schema.exclusiveMinimum === true ? value <= minimum : value < minimum) {
        const rel = schema.exclusiveMinimum === true ? 'greater than' : 'greater than or equal to';
        errs.push(field.invalid(where, value, `${where} in body should be ${rel} ${minimum}`));
      }
    }
    if (maximum !== undefined) {
      if (schema.exclusiveMaximum === true ? value >= maximum : value > maximum) {
        const rel = schema.exclusiveMaximum === true ? 'less than' : 'less than or equal to';
        errs.push(field.invalid(where, value, `${where} in body should be ${rel} ${maximum}`));
      }
    }
  }
  if (typeof value === 'string') {
    // kube-openapi counts characters (utf8.RuneCountInString).
    const length = [...value].length;
    if (schema.maxLength !== undefined && length > schema.maxLength) errs.push(field.tooLong(where, schema.maxLength));
    if (schema.minLength !== undefined && length < schema.minLength) {
      errs.push(field.invalid(where, value, `${where} in body should be at least ${schema.minLength} chars long`));
    }
    if (schema.pattern !== undefined && !safeTest(schema.pattern, value)) {
      errs.push(field.invalid(where, value, `${where} in body should match '${schema.pattern}'`));
    }
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      errs.push({ type: 'Too many', field: where, value: value.length, detail: `must have at most ${schema.maxItems} items` });
    }
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      errs.push(field.invalid(where, value, `${where} in body should have at least ${schema.minItems} items`));
    }
    value.forEach((item, i) => {
      errs.push(...validateAgainstSchema(item, schema.items, `${path}[${i}]`));
    });
  } else if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) {
      if (!(r in obj)) errs.push(field.required(path === '' ? r : `${path}.${r}`));
    }
    for (const [k, v] of Object.entries(obj)) {
      if (root && ROOT_KEPT.has(k)) continue;
      const sub =
        schema.properties?.[k] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      errs.push(...validateAgainstSchema(v, sub, path === '' ? k : `${path}.${k}`));
    }
  }
  return errs;
}

function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true; // the CRD's own validation refuses a pattern that does not compile
  }
}
