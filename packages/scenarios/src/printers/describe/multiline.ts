import { LAST_APPLIED, type Taint, type Toleration } from '@kubesim/core';
import { LEVEL_0, type PrefixWriter } from './writer.js';

/**
 * The `Title:\tfirst\n\tsecond\n` lists of describe.go: the first entry on the title's line,
 * each later one after a tab so that it lines up under the first; `<none>` when empty.
 */

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** printLabelsMultilineWithIndent: sorted `k=v` lines. */
export function printLabelsMultiline(
  w: PrefixWriter,
  title: string,
  labels: Readonly<Record<string, string>> | undefined,
  initialIndent = '',
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort(byString);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}\t`);
    w.write(LEVEL_0, `${key}=${labels?.[key]}\n`);
  });
}

const MAX_ANNOTATION_LEN = 140;

const shorten = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max)}...` : s);

/**
 * printAnnotationsMultiline: sorted `k: v` lines without kubectl's own last-applied record; a
 * value that is long or has several lines goes under its key, each line cut at 138 characters.
 */
export function printAnnotationsMultiline(
  w: PrefixWriter,
  title: string,
  annotations: Readonly<Record<string, string>> | undefined,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => k !== LAST_APPLIED)
    .sort(byString);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const raw = annotations?.[key] ?? '';
    const value = raw.endsWith('\n') ? raw.slice(0, -1) : raw;
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

/** One toleration as describe prints it: `key[=value][:Effect][ op=Exists][ for Ns]`. */
export function tolerationString(t: Toleration): string {
  let s = t.key ?? '';
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  // A bare `operator: Exists` tolerates everything and prints as just `op=Exists`.
  if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
  if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`;
  return s;
}

/** printTolerationsMultilineWithIndent: sorted by key (Go's sort.Slice; ties keep their order here). */
export function printTolerationsMultiline(
  w: PrefixWriter,
  title: string,
  tolerations: readonly Toleration[] | undefined,
  initialIndent = '',
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  const sorted = [...(tolerations ?? [])].sort((a, b) => byString(a.key ?? '', b.key ?? ''));
  if (sorted.length === 0) {
    w.writeLine('<none>');
    return;
  }
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}\t`);
    w.write(LEVEL_0, `${tolerationString(t)}\n`);
  });
}

/** Taint.ToString(): `key=value:Effect`, `key:Effect` without a value. */
export function taintString(t: Taint): string {
  const kv = t.value ? `${t.key}=${t.value}` : t.key;
  return t.effect ? `${kv}:${t.effect}` : kv;
}

/** printTaintsMultilineWithIndent: sorted by `effect,key`. */
export function printTaintsMultiline(w: PrefixWriter, title: string, taints: readonly Taint[] | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const sorted = [...(taints ?? [])].sort((a, b) => byString(`${a.effect},${a.key}`, `${b.effect},${b.key}`));
  if (sorted.length === 0) {
    w.writeLine('<none>');
    return;
  }
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

/** printPodsMultilineWithIndent: names, sorted. */
export function printNamesMultiline(w: PrefixWriter, title: string, names: readonly string[]): void {
  w.write(LEVEL_0, `${title}:\t`);
  const sorted = [...names].sort(byString);
  if (sorted.length === 0) {
    w.writeLine('<none>');
    return;
  }
  sorted.forEach((n, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${n}\n`);
  });
}
