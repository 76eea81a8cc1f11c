import type { KubeEvent, Millis } from '@kubesim/core';
import { describeEvents } from './events.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { LEVEL_0, type PrefixWriter, tabbedString } from './writer.js';

/**
 * describe.go's genericDescriber, what `kubectl describe` prints for a kind it has no
 * describer for (custom resources, ControllerRevisions, ...): Name, Namespace, Labels,
 * Annotations, then the object's remaining fields as printUnstructuredContent walks them, then
 * the events. `obj` is the object as the API serves it (times as RFC 3339 strings).
 */

type Json = Record<string, unknown>;

export function describeGeneric(obj: Json, events: readonly KubeEvent[], now: Millis): string {
  const meta = (obj.metadata ?? {}) as { name?: string; namespace?: string; labels?: Record<string, string> };
  const annotations = (obj.metadata as { annotations?: Record<string, string> } | undefined)?.annotations;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', annotations);
    printUnstructuredContent(
      w,
      LEVEL_0,
      obj,
      '',
      '.metadata.managedFields',
      '.metadata.name',
      '.metadata.namespace',
      '.metadata.labels',
      '.metadata.annotations',
    );
    // ShowEvents is on by default: searchEvents' list, `Events: <none>` when it is empty.
    describeEvents(events, w, now);
  });
}

const isMap = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Go's sort.Strings: byte order (UTF-16 order agrees for the keys objects have). */
const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * printUnstructuredContent: keys sorted; a map is a `Label:` line and its fields one level
 * deeper; a list is a `Label:` line and each item one level deeper (a map item's fields with no
 * separator between items, a scalar item by `%v`); a scalar is `Label:\tvalue`. A path in
 * `skip` (`.metadata.name`) is left out.
 */
export function printUnstructuredContent(
  w: PrefixWriter,
  level: number,
  content: Json,
  skipPrefix: string,
  ...skip: string[]
): void {
  for (const field of Object.keys(content).sort(byteOrder)) {
    const value = content[field];
    // A field the API would not serve (kubesim's undefined) is not in the unstructured content.
    if (value === undefined) continue;
    const skipExpr = `${skipPrefix}.${field}`;
    if (skip.includes(skipExpr)) continue;
    if (isMap(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructuredContent(w, level + 1, value, skipExpr, ...skip);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (isMap(child)) printUnstructuredContent(w, level + 1, child, skipExpr, ...skip);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`);
    }
  }
}

const COMMON_ACRONYMS: readonly string[] = ['API', 'URL', 'UID', 'OSB', 'GUID'];

/**
 * smartLabelFor: `apiVersion` → `API Version`, `dummy-dummy` → `Dummy - Dummy`; a field with
 * any character but letters and `-` is printed as it is.
 */
export function smartLabelFor(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  const result: string[] = [];
  for (const part of camelcaseSplit(field)) {
    if (part === '_') continue;
    const upper = part.toUpperCase();
    // strings.Title: the first letter of the (single-class) part upper-cased.
    result.push(COMMON_ACRONYMS.includes(upper) ? upper : title(part));
  }
  return result.join(' ');
}

function title(part: string): string {
  const first = String.fromCodePoint(part.codePointAt(0) ?? 0);
  return /\p{L}/u.test(first) ? first.toUpperCase() + part.slice(first.length) : part;
}

/**
 * github.com/fatih/camelcase Split: runs of lower-case, upper-case, digits and other
 * characters, then the last upper-case letter of a run moved onto a following lower-case run
 * (`PDFLoader` → `PDF`, `Loader`).
 */
export function camelcaseSplit(src: string): string[] {
  const classOf = (r: string): number => (/\p{Ll}/u.test(r) ? 1 : /\p{Lu}/u.test(r) ? 2 : /\p{Nd}/u.test(r) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const r of src) {
    const c = classOf(r);
    if (c === last) runs[runs.length - 1]?.push(r);
    else runs.push([r]);
    last = c;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    const cur = runs[i] as string[];
    const next = runs[i + 1] as string[];
    if (classOf(cur[0] as string) === 2 && classOf(next[0] as string) === 1) {
      next.unshift(cur.pop() as string);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}

/**
 * Go's `%v` of a JSON value in an unstructured object: integers as int64, other numbers as
 * float64's %g (exponent form below 1e-4 and from 1e6 on: `1.5e+06`), `<nil>`, `[a b]`, and
 * `map[k:v]` with sorted keys.
 */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return goNumber(v);
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (isMap(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort(byteOrder);
    return `map[${keys.map((k) => `${k}:${goValue(v[k])}`).join(' ')}]`;
  }
  return String(v);
}

function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  const [mantissa, e] = n.toExponential().split('e') as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(n);
}
