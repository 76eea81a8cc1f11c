import { KubesimError } from '../errors.js';
import { qualifiedKind } from './kinds.js';
import type { Kind } from './types.js';

/**
 * Field errors in the API server's words (k8s.io/apimachinery/pkg/util/validation/field),
 * with bad values rendered as current releases render them (k/k PR #132314): strings quoted,
 * numbers and booleans plain, everything else as JSON.
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

/** One field error as apimachinery's field.Error carries it: the type, the path, the bad value and the detail. */
export interface FieldError {
  readonly type: FieldErrorType;
  readonly field: string;
  readonly value?: unknown;
  readonly detail?: string;
}

/** Types whose body never prints the bad value. */
const VALUELESS: ReadonlySet<FieldErrorType> = new Set(['Required value', 'Forbidden', 'Too long', 'Internal error']);

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const GO_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/** Go's strconv.Quote (`%q`): printable runes kept, the rest escaped the way Go does. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === ' ' || PRINTABLE.test(ch)) out += ch;
    else if (GO_ESCAPES[ch] !== undefined) out += GO_ESCAPES[ch];
    else if (c < 0x80) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c < 0x10000) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/**
 * encoding/json as Go writes it: map keys sorted (a plain object whose values are all strings
 * is taken to be a map, such as labels or a resource list; other objects keep their key
 * order, as struct fields do), and `<`, `>`, `&`, U+2028 and U+2029 escaped.
 */
export function goJson(value: unknown): string {
  return jsonOf(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`);
}

function jsonOf(v: unknown): string {
  if (v === null || v === undefined || typeof v === 'function' || typeof v === 'symbol') return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(jsonOf).join(',')}]`;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.every(([, x]) => typeof x === 'string')) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${jsonOf(x)}`).join(',')}}`;
}

/**
 * How field.Error renders a bad value in current releases: strings quoted as Go's %q, numbers
 * and booleans plain, everything else (nil included) as JSON.
 */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'null';
  return goJson(value);
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

/** Constructors for each field.Error type, as apimachinery's field.Invalid, field.Required, ... build them. */
export const field = {
  /** field.Invalid: the value is not acceptable, for the reason given. */
  invalid: (path: string, value: unknown, detail: string): FieldError => ({
    type: 'Invalid value',
    field: path,
    value,
    detail,
  }),
  /** field.Required: the field must be set. */
  required: (path: string, detail = ''): FieldError => ({ type: 'Required value', field: path, detail }),
  /** field.Forbidden: the field may not be set (or changed) here. */
  forbidden: (path: string, detail: string): FieldError => ({ type: 'Forbidden', field: path, detail }),
  /** field.Duplicate: the value appears twice where it must be unique. */
  duplicate: (path: string, value: unknown): FieldError => ({ type: 'Duplicate value', field: path, value }),
  /** field.NotFound: the value names something that does not exist. */
  notFound: (path: string, value: unknown): FieldError => ({ type: 'Not found', field: path, value }),
  /** field.NotSupported: the value is not one of the supported values (listed in the message). */
  notSupported: (path: string, value: unknown, supported: readonly string[]): FieldError => ({
    type: 'Unsupported value',
    field: path,
    value,
    detail: supported.length ? `supported values: ${supported.map(goQuote).join(', ')}` : '',
  }),
  /** field.TooLong: the value is longer than the maximum. */
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
    const head = `${qualifiedKind(kind)} ${goQuote(name)} is invalid`;
    // errors.NewInvalid: no `: <aggregate>` when the list is empty.
    const body =
      list.length === 0
        ? ''
        : list.length === 1
          ? `: ${fieldErrorString(list[0] as FieldError)}`
          : `: [${list.map(fieldErrorString).join(', ')}]`;
    super('E_INVALID', head + body);
    this.kind = kind;
    this.objectName = name;
    this.errors = list;
  }

  /**
   * kubectl's rendering (cmdutil.checkErr): `The Deployment "web" is invalid: <error>`, or with
   * several errors the header (with its trailing space) and one `* <error>` line each.
   */
  kubectlMessage(): string {
    const head = `The ${this.kind} ${goQuote(this.objectName)} is invalid`;
    if (this.errors.length === 0) return head;
    if (this.errors.length === 1) return `${head}: ${fieldErrorString(this.errors[0] as FieldError)}`;
    return [`${head}: `, ...this.errors.map((e) => `* ${fieldErrorString(e)}`)].join('\n');
  }
}
