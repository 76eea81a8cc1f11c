import {
  type KubeObject,
  pruneUnknownFields,
  strictDecodingError,
  type UnknownField,
  unknownFields,
  unknownFieldWarnings,
} from '@kubesim/core';

/**
 * Server-side field validation as kubectl v1.34 asks for it (`--validate`, default strict): the
 * manifest loader notes each object's unknown fields (core's OpenAPI schemas) when it reads
 * the file, and `kubectl apply/create -f` decides at the step what the API server would do with
 * them under the step's directive.
 */

/** The fieldValidation directive kubectl sends. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

interface Noted {
  readonly fields: readonly UnknownField[];
  /** `file:line:col` of the first unknown field. */
  readonly where: string;
  /** apiVersion and kind as written (an autoscaling/v1 HPA is stored converted). */
  readonly apiVersion: string;
  readonly kind: string;
}

const noted = new WeakMap<object, Noted>();

/** Remembers the unknown fields of an object read from a manifest. */
export function noteUnknownFields(object: KubeObject, note: Noted): void {
  if (note.fields.length > 0) noted.set(object, note);
}

/** The unknown fields noted for an object read from a manifest, if it has any. */
export function notedUnknownFields(object: KubeObject): Noted | undefined {
  return noted.get(object);
}

/** The unknown fields of an object a scenario's builder was given (not read from a file). */
function noteOf(object: KubeObject): Noted | undefined {
  const fields = unknownFields(object.apiVersion, object.kind, object) ?? [];
  return fields.length === 0 ? undefined : { fields, where: '', apiVersion: object.apiVersion, kind: object.kind };
}

/**
 * kubectl's GetValidationDirective: `--validate` alone or `true`/`strict` is Strict, `warn` is
 * Warn, `false`/`ignore` is Ignore; anything else is kubectl's error.
 */
export function validationDirective(flag: string | undefined): FieldValidation | { error: string } {
  switch ((flag ?? 'strict').toLowerCase()) {
    case 'true':
    case 'strict':
      return 'Strict';
    case 'warn':
      return 'Warn';
    case 'false':
    case 'ignore':
      return 'Ignore';
    default:
      return {
        error: `invalid - validate option ${JSON.stringify(flag)}; must be one of: strict (or true), warn, ignore (or false)`,
      };
  }
}

/** What the API server does with an object's unknown fields under a directive. */
export interface Validated {
  /** The object it stores (the unknown fields dropped under Warn and Ignore). */
  readonly object: KubeObject;
  /** The warnings kubectl prints (`Warning: unknown field "spec.replica"`), under Warn. */
  readonly warnings: string;
  /** The BadRequest kubectl prints, under Strict. */
  readonly error?: string;
}

export function validateFields(object: KubeObject, directive: FieldValidation, file: string): Validated {
  const note = notedUnknownFields(object) ?? noteOf(object);
  if (note === undefined) return { object, warnings: '' };
  if (directive === 'Strict') {
    const message = strictDecodingError(note.apiVersion, note.kind, note.fields);
    return {
      object,
      warnings: '',
      error: `Error from server (BadRequest): error when creating ${JSON.stringify(file)}: ${message}`,
    };
  }
  const pruned = pruneUnknownFields(object.apiVersion, object.kind, object);
  const warnings =
    directive === 'Warn'
      ? unknownFieldWarnings(note.fields)
          .map((w) => `Warning: ${w}\n`)
          .join('')
      : '';
  return { object: pruned, warnings };
}

/**
 * A manifest applied by the scenario itself (`apply: true`) is applied the way `kubectl apply`
 * is, strictly: its first object with unknown fields stops the load, at the first field's line.
 */
export function strictLoadError(objects: readonly KubeObject[], file: string): string | undefined {
  for (const o of objects) {
    const note = notedUnknownFields(o);
    if (note === undefined) continue;
    const message = strictDecodingError(note.apiVersion, note.kind, note.fields);
    return `${note.where}: Error from server (BadRequest): error when creating ${JSON.stringify(file)}: ${message}`;
  }
  return undefined;
}
