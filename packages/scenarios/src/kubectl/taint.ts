import { isQualifiedName, isValidLabelValue, type Node, parseSelector, type Taint, type TaintEffect } from '@kubesim/core';
import { bool, type FlagSpec, flag, type ParsedArgs } from './args.js';
import type { KubectlContext } from './context.js';
import { failed, type KubectlOutcome, type KubectlWrite, printed } from './outcome.js';
import { resolveKind } from './resources.js';

/**
 * `kubectl taint nodes NAME... KEY[=VALUE]:EFFECT [KEY[:EFFECT]-]... [--overwrite] [-l SEL | --all]`,
 * as kubectl v1.34 (pkg/cmd/taint/taint.go, utils.go): the node's taints are read, changed
 * and sent back as a strategic merge patch of spec.taints (a list without a merge key, so the
 * patch carries the whole list), printing `node/NAME tainted|untainted|modified`.
 */

export const TAINT_FLAGS: FlagSpec = { values: ['selector'], booleans: ['overwrite', 'all'], short: { l: 'selector' } };

/** What reorganizeTaints says it did. */
export type TaintOperation = 'modified' | 'tainted' | 'untainted';

const EFFECTS: ReadonlySet<string> = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

/** A taint as a command line names it: no effect means every effect (removals only). */
export interface TaintSpec {
  readonly key: string;
  readonly value?: string;
  readonly effect?: TaintEffect;
}

/** v1.Taint's ToString. */
export function taintString(t: TaintSpec): string {
  const value = t.value ?? '';
  if (t.effect === undefined) return value === '' ? t.key : `${t.key}=${value}:`;
  return value === '' ? `${t.key}:${t.effect}` : `${t.key}=${value}:${t.effect}`;
}

/** parseTaint: `key[=value][:effect]`. */
export function parseTaint(st: string): TaintSpec {
  const parts = st.split(':');
  let key: string;
  let value = '';
  let effect: TaintEffect | undefined;
  if (parts.length === 1) key = parts[0] as string;
  else if (parts.length === 2) {
    effect = parts[1] as TaintEffect;
    if (!EFFECTS.has(effect)) throw new Error(`invalid taint effect: ${effect}, unsupported taint effect`);
    const kv = (parts[0] as string).split('=');
    if (kv.length > 2) throw new Error(`invalid taint spec: ${st}`);
    key = kv[0] as string;
    if (kv.length === 2) {
      value = kv[1] as string;
      const errs = isValidLabelValue(value);
      if (errs.length > 0) throw new Error(`invalid taint spec: ${st}, ${errs.join('; ')}`);
    }
  } else throw new Error(`invalid taint spec: ${st}`);
  const errs = isQualifiedName(key);
  if (errs.length > 0) throw new Error(`invalid taint spec: ${st}, ${errs.join('; ')}`);
  return { key, ...(value !== '' ? { value } : {}), ...(effect !== undefined ? { effect } : {}) };
}

/** parseTaints: the taints to add (each with an effect, no key and effect twice) and to remove (`...-`). */
export function parseTaints(specs: readonly string[]): { add: Taint[]; remove: TaintSpec[] } {
  const add: Taint[] = [];
  const remove: TaintSpec[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const t = parseTaint(spec.slice(0, -1));
      remove.push({ key: t.key, ...(t.effect !== undefined ? { effect: t.effect } : {}) });
      continue;
    }
    const t = parseTaint(spec);
    if (t.effect === undefined) throw new Error(`invalid taint spec: ${spec}`);
    if (seen.has(`${t.effect}\0${t.key}`)) {
      // fmt's %v of a v1.Taint value: its fields in order, timeAdded a nil pointer.
      throw new Error(`duplicated taints with the same key and effect: {${t.key} ${t.value ?? ''} ${t.effect} <nil>}`);
    }
    seen.add(`${t.effect}\0${t.key}`);
    add.push({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect });
  }
  return { add, remove };
}

const matches = (a: TaintSpec, b: TaintSpec): boolean => a.key === b.key && a.effect === b.effect;

/**
 * reorganizeTaints: the new list is the taints to add, then the node's others (those not
 * replaced by key and effect), minus the removals; a removal that finds nothing is an error.
 */
export function reorganizeTaints(
  old: readonly Taint[],
  overwrite: boolean,
  add: readonly Taint[],
  remove: readonly TaintSpec[],
): { operation: TaintOperation; taints: Taint[]; errors: string[] } {
  let taints: Taint[] = [...add];
  for (const o of old) if (!taints.some((t) => matches(t, o))) taints.push(o);
  const added = old.length !== taints.length;
  const errors: string[] = [];
  let deleted = false;
  for (const r of remove) {
    const before = taints.length;
    taints = taints.filter((t) => (r.effect === undefined ? t.key !== r.key : !matches(t, r)));
    // deleteTaints reports whether the last removal found something.
    deleted = taints.length !== before;
    if (!deleted) errors.push(`taint ${JSON.stringify(taintString(r))} not found`);
  }
  const operation: TaintOperation = (added && deleted) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { operation, taints, errors };
}

/** Complete and Validate, then RunTaint over the nodes named or selected. */
export function taint(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const resources: string[] = [];
  const specs: string[] = [];
  for (const s of args.positionals) {
    const isTaint = s.includes('=') || s.includes(':') || s.endsWith('-');
    if (isTaint) specs.push(s);
    else if (specs.length > 0) return failed(`all resources must be specified before taint changes: ${s}`);
    else resources.push(s);
  }
  if (resources.length < 1) return failed('one or more resources must be specified as <resource> <name>');
  if (specs.length < 1) return failed('at least one taint update is required');
  let parsed: { add: Taint[]; remove: TaintSpec[] };
  try {
    parsed = parseTaints(specs);
  } catch (e) {
    return failed(`${(e as Error).message}\nSee 'kubectl taint -h' for help and examples`);
  }
  const type = (resources[0] as string).toLowerCase();
  if (resolveKind(type) !== 'Node') return failed(`invalid resource type ${type}, only node types are supported`);
  const conflicts: string[] = [];
  for (const a of parsed.add) {
    for (const r of parsed.remove) {
      if (a.key === r.key && (r.effect === undefined || a.effect === r.effect)) conflicts.push(`${r.key}=${r.effect ?? ''}`);
    }
  }
  if (conflicts.length > 0) {
    return failed(`can not both modify and remove the following taint(s) in the same command: ${conflicts.join(', ')}`);
  }
  const all = bool(args, 'all');
  const selectorText = flag(args, 'selector');
  if (all && selectorText !== undefined && selectorText !== '') {
    return failed("setting 'all' parameter with a non empty selector is prohibited");
  }
  let nodes: (Node | string)[];
  if (all || (selectorText !== undefined && selectorText !== '')) {
    let selector: ReturnType<typeof parseSelector>;
    try {
      selector = parseSelector(selectorText ?? '');
    } catch (e) {
      return failed((e as Error).message);
    }
    nodes = ctx.view.list('Node').filter((n) => selector.matches(n.metadata.labels ?? {}));
    if (nodes.length === 0) return printed('');
  } else {
    if (resources.length < 2) return failed("at least one resource name must be specified since 'all' parameter is not set");
    nodes = resources.slice(1).map((name) => ctx.view.get('Node', undefined, name) ?? name);
  }
  const overwrite = bool(args, 'overwrite');
  // The builder continues on error (ContinueOnErrorVisitor): every node is visited, each
  // failure kept; a node's own failure may be several (reorganizeTaints' aggregate).
  const errors: string[][] = [];
  const writes: KubectlWrite[] = [];
  for (const node of nodes) {
    if (typeof node === 'string') {
      errors.push([`Error from server (NotFound): nodes ${JSON.stringify(node)} not found`]);
      continue;
    }
    const name = node.metadata.name as string;
    const old = node.spec.taints ?? [];
    const exists = overwrite ? [] : parsed.add.filter((t) => old.some((o) => matches(t, o))).map((t) => t.key);
    if (exists.length > 0) {
      errors.push([`node ${name} already has ${exists.join(',')} taint(s) with same effect(s) and --overwrite is false`]);
      continue;
    }
    const r = reorganizeTaints(old, overwrite, parsed.add, parsed.remove);
    if (r.errors.length > 0) {
      errors.push(r.errors);
      continue;
    }
    writes.push({
      event: {
        type: 'Patch',
        ref: { kind: 'Node', name },
        patchType: 'strategic',
        patch: { spec: { taints: r.taints.length > 0 ? r.taints : null } },
      },
      printed: `node/${name} ${r.operation}\n`,
    });
  }
  return { stdout: '', writes, ...taintErrors(errors) };
}

/**
 * How cmdutil.CheckErr prints what the visitor returned: one error as any error (`error: `
 * before it); an aggregate one line each, as it is (MultipleErrors), a nested aggregate in
 * its `[a, b]` form.
 */
function taintErrors(errors: readonly (readonly string[])[]): Pick<KubectlOutcome, 'error' | 'errorVerbatim'> {
  if (errors.length === 0) return {};
  const only = errors.length === 1 ? (errors[0] as readonly string[]) : undefined;
  if (only?.length === 1) return { error: only[0] as string };
  const lines = only ?? errors.map((e) => (e.length === 1 ? (e[0] as string) : `[${e.join(', ')}]`));
  return { error: lines.join('\n'), errorVerbatim: true };
}
