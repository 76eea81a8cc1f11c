import { KubesimError } from '../errors.js';
import { qualifiedKind } from './kinds.js';
import type { Kind } from './types.js';

/**
 * Field errors in the API server's words (k8s.io/apimachinery/pkg/util/validation/field),
 * with bad values rendered as current releases render them: strings quoted, numbers and
 * booleans plain, everything else as JSON.
 */
export type FieldErrorType =
  | 'Not found'
  | 'Required value'
  | 'Duplicate value'
  | 'Invalid value'
  | 'Unsupported value'
  | 'Forbidden'
  | 'Too long'
  | 'Too many'
  | 'Internal error';

export interface FieldError {
  readonly type: FieldErrorType;
  readonly field: string;
  readonly value?: unknown;
  readonly detail?: string;
}

/** Types whose body never prints the bad value. */
const VALUELESS: ReadonlySet<FieldErrorType> = new Set(['Required value', 'Forbidden', 'Too long', 'Internal error']);

export function renderValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'null';
  return JSON.stringify(value);
}

/** field.Error.ErrorBody(): the part after `<field>: `. */
export function errorBody(e: FieldError): string {
  let s: string = e.type;
  if (!VALUELESS.has(e.type)) s = `${e.type}: ${renderValue(e.value)}`;
  if (e.detail !== undefined && e.detail !== '') s += `: ${e.detail}`;
  return s;
}

/** field.Error.Error(). */
export function fieldErrorString(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}

export const field = {
  invalid: (path: string, value: unknown, detail: string): FieldError => ({
    type: 'Invalid value',
    field: path,
    value,
    detail,
  }),
  required: (path: string, detail = ''): FieldError => ({ type: 'Required value', field: path, detail }),
  forbidden: (path: string, detail: string): FieldError => ({ type: 'Forbidden', field: path, detail }),
  duplicate: (path: string, value: unknown): FieldError => ({ type: 'Duplicate value', field: path, value }),
  notFound: (path: string, value: unknown): FieldError => ({ type: 'Not found', field: path, value }),
  notSupported: (path: string, value: unknown, supported: readonly string[]): FieldError => ({
    type: 'Unsupported value',
    field: path,
    value,
    detail: supported.length ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : '',
  }),
  tooLong: (path: string, max: number): FieldError => ({
    type: 'Too long',
    field: path,
    detail: `may not be more than ${max} byte${max === 1 ? '' : 's'}`,
  }),
};

/** ErrorList.ToAggregate(): duplicates (same full text) dropped, order kept. */
export function dedupeErrors(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors) {
    const s = fieldErrorString(e);
    if (!seen.has(s)) {
      seen.add(s);
      out.push(e);
    }
  }
  return out;
}

/**
 * A write the API server rejects as Invalid (HTTP 422). `message` is the server's Status
 * message (`Deployment.apps "web" is invalid: [a, b]`); kubectlMessage() is what kubectl
 * prints for it.
 */
export class InvalidObjectError extends KubesimError {
  readonly kind: Kind;
  readonly objectName: string;
  readonly errors: readonly FieldError[];

  constructor(kind: Kind, name: string, errors: readonly FieldError[]) {
    const list = dedupeErrors(errors);
    const body = list.length === 1 ? fieldErrorString(list[0] as FieldError) : `[${list.map(fieldErrorString).join(', ')}]`;
    super('E_INVALID', `${qualifiedKind(kind)} ${JSON.stringify(name)} is invalid: ${body}`);
    this.kind = kind;
    this.objectName = name;
    this.errors = list;
  }

  /**
   * kubectl's rendering (cmdutil.checkErr): `The Deployment "web" is invalid: <error>`, or with
   * several errors the header (with its trailing space) and one `* <error>` line each.
   */
  kubectlMessage(): string {
    const head = `The ${this.kind} ${JSON.stringify(this.objectName)} is invalid: `;
    if (this.errors.length === 1) return head + fieldErrorString(this.errors[0] as FieldError);
    return [head, ...this.errors.map((e) => `* ${fieldErrorString(e)}`)].join('\n');
  }
}
