import {
  type GenericObject,
  getGeneric,
  type Kind,
  listGeneric,
  parseSelector,
  resolveResource,
  type ServedKind,
} from '@kubesim/core';
import { asList, toJson, toYaml } from '../printers/apiform.js';
import { genericPrinter } from '../printers/generic.js';
import { formatTable } from '../printers/table.js';
import { bool, flag, type ParsedArgs } from './args.js';
import type { KubectlContext } from './context.js';
import { resolveGeneric } from './genericTargets.js';
import { failed, forEach, type KubectlOutcome, wrote } from './outcome.js';

/**
 * `kubectl get` and `kubectl delete` for the kinds kubesim stores generically (Ingress, Role,
 * CRDs, custom resources, ...): one type per command (`TYPE [NAME...]` or `TYPE/NAME...`).
 */

interface GenericRequest {
  readonly s: ServedKind;
  readonly names: readonly string[];
}

/** The request when the command's type is a generic kind (and not one kubesim types), else undefined. */
export function genericRequest(positionals: readonly string[], ctx: KubectlContext): GenericRequest | undefined {
  const first = positionals[0];
  if (first === undefined || first.includes(',')) return undefined;
  const slash = first.indexOf('/');
  const type = slash < 0 ? first : first.slice(0, slash);
  if (resolveResource(type) !== undefined) return undefined;
  const s = resolveGeneric(ctx, type);
  if (s === undefined) return undefined;
  if (slash < 0) return { s, names: positionals.slice(1) };
  // TYPE/NAME form: every argument must name the same type.
  const names: string[] = [];
  for (const p of positionals) {
    const i = p.indexOf('/');
    if (i < 0 || resolveGeneric(ctx, p.slice(0, i))?.groupKind !== s.groupKind) return undefined;
    names.push(p.slice(i + 1));
  }
  return { s, names };
}

function groupResource(s: ServedKind): string {
  return s.group === '' ? s.resource : `${s.resource}.${s.group}`;
}

function kindGroup(s: ServedKind): string {
  return `${s.kind.toLowerCase()}${s.group === '' ? '' : `.${s.group}`}`;
}

export function getGenericCmd(req: GenericRequest, args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const { s, names } = req;
  const output = flag(args, 'output') ?? '';
  const allNamespaces = bool(args, 'all-namespaces');
  const store = ctx.view.state.store;
  const ns = s.namespaced ? (allNamespaces && names.length === 0 ? undefined : ctx.namespace) : undefined;
  const errors: string[] = [];
  let objects: GenericObject[];
  if (names.length === 0) objects = listGeneric(store, s.groupKind, ns);
  else {
    objects = [];
    for (const n of names) {
      const o = getGeneric(store, s.groupKind, ns, n);
      if (o === undefined) errors.push(`Error from server (NotFound): ${groupResource(s)} ${JSON.stringify(n)} not found`);
      else objects.push(o);
    }
  }
  const selectorText = flag(args, 'selector');
  if (selectorText !== undefined) {
    const sel = parseSelector(selectorText);
    objects = objects.filter((o) => sel.matches(o.metadata.labels ?? {}));
  }
  const error = errors.length === 0 ? undefined : errors.join('\n');
  let stdout = '';
  if (output === 'yaml' || output === 'json') {
    if (objects.length > 0 || error === undefined) {
      const value = names.length === 1 && objects.length === 1 ? objects[0] : asList(objects);
      stdout = output === 'yaml' ? toYaml(value, ctx.view.startTime) : toJson(value, ctx.view.startTime);
    }
  } else if (output === 'name') {
    stdout = objects.map((o) => `${kindGroup(s)}/${o.metadata.name}\n`).join('');
  } else if (objects.length > 0) {
    const printer = genericPrinter(s);
    const wide = output === 'wide';
    const withNs = allNamespaces && s.namespaced;
    const headers = [...(withNs ? ['NAMESPACE'] : []), ...printer.columns, ...(wide ? printer.wide : [])];
    const rows = objects.map((o) => {
      const r = printer.row(o, ctx.now, ctx.view.startTime);
      return [...(withNs ? [o.metadata.namespace ?? ''] : []), ...r.cells, ...(wide ? r.wide : [])];
    });
    stdout = `${formatTable(headers, rows)}\n`;
  }
  const human = output !== 'yaml' && output !== 'json' && output !== 'name';
  const empty =
    objects.length === 0 && names.length === 0 && human
      ? s.namespaced && !allNamespaces
        ? `No resources found in ${ctx.namespace} namespace.\n`
        : 'No resources found\n'
      : '';
  return { stdout, writes: [], ...(empty !== '' ? { stderr: empty } : {}), ...(error !== undefined ? { error } : {}) };
}

export function deleteGeneric(req: GenericRequest, args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const { s, names } = req;
  if (names.length === 0) return failed('resource(s) were provided, but no name was specified');
  const ns = s.namespaced ? ctx.namespace : undefined;
  const cascade = flag(args, 'cascade') ?? 'background';
  const propagationPolicy =
    cascade === 'foreground' ? 'Foreground' : cascade === 'orphan' || cascade === 'false' ? 'Orphan' : 'Background';
  return forEach(names, (n) => {
    if (getGeneric(ctx.view.state.store, s.groupKind, ns, n) === undefined) {
      return failed(`Error from server (NotFound): ${groupResource(s)} ${JSON.stringify(n)} not found`);
    }
    const where = s.namespaced ? ` from ${ctx.namespace} namespace` : '';
    const ref = { kind: s.groupKind as Kind, ...(ns !== undefined ? { namespace: ns } : {}), name: n };
    return wrote(`${kindGroup(s)} ${JSON.stringify(n)} deleted${where}\n`, { type: 'Delete', ref, propagationPolicy });
  });
}
