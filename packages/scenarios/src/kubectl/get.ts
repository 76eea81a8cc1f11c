import { type GenericObject, type Kind, type KubeObject, parseSelector, type Selector } from '@kubesim/core';
import { asList, toJson, toYaml } from '../printers/apiform.js';
import { eventInterval } from '../printers/describe/events.js';
import { genericPrinter } from '../printers/generic.js';
import { formatLabels, PRINTERS } from '../printers/get.js';
import { formatTable } from '../printers/table.js';
import { bool, flag, flagAll, type ParsedArgs } from './args.js';
import type { KubectlContext } from './context.js';
import { watchGet } from './getWatch.js';
import { failed, type KubectlOutcome, printed } from './outcome.js';
import { ResourceError, resolveKind } from './resources.js';
import {
  getOfType,
  listOfType,
  type ResourceType,
  resolveType,
  typeGroupResource,
  typeKey,
  typeKindGroup,
  typeNamespaced,
} from './resourceTypes.js';

/**
 * `kubectl get`: `TYPE[,TYPE...] [NAME...]`, `TYPE/NAME...`, `all`, with `-l`, `-A`, `-o
 * wide|yaml|json|name` and `--show-labels`. Tables come from the server-side printers; with
 * more than one type each gets its own table and names carry the kind (`deployment.apps/x`).
 */

/** The `all` category, in the order discovery lists it. */
const ALL: readonly Kind[] = [
  'Pod',
  'ReplicationController',
  'Service',
  'DaemonSet',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'HorizontalPodAutoscaler',
  'CronJob',
  'Job',
];

export const GET_FLAGS = {
  values: ['selector', 'output', 'label-columns'],
  booleans: ['all-namespaces', 'show-labels', 'watch', 'no-headers'],
  short: { l: 'selector', o: 'output', A: 'all-namespaces', w: 'watch', L: 'label-columns' },
} as const;

interface Request {
  readonly type: ResourceType;
  /** Named objects; empty for a list. */
  readonly names: readonly string[];
}

/** Parses the positionals into per-type requests, in the order typed (the builder's ResourceTypeOrNameArgs). */
function requests(positionals: readonly string[], ctx: KubectlContext): Request[] {
  const first = positionals[0];
  if (first === undefined) {
    throw new ResourceError(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.',
    );
  }
  if (first.includes('/')) {
    const out: Request[] = [];
    for (const p of positionals) {
      const slash = p.indexOf('/');
      if (slash < 0)
        throw new ResourceError(
          `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
        );
      const type = resolveType(ctx, p.slice(0, slash));
      const last = out.at(-1);
      if (last !== undefined && typeKey(last.type) === typeKey(type))
        out[out.length - 1] = { type, names: [...last.names, p.slice(slash + 1)] };
      else out.push({ type, names: [p.slice(slash + 1)] });
    }
    return out;
  }
  const types = first
    .split(',')
    .flatMap((t): ResourceType[] => (t === 'all' ? ALL.map((typed) => ({ typed })) : [resolveType(ctx, t)]));
  // With several types and names, kubectl fetches each name of each type.
  const names = positionals.slice(1);
  return types.map((type) => ({ type, names }));
}

export function get(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  if (bool(args, 'watch')) return watchGet(args, ctx);
  const output = flag(args, 'output') ?? '';
  if (!['', 'wide', 'yaml', 'json', 'name'].includes(output)) {
    return failed(
      `unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,wide,yaml`,
    );
  }
  const allNamespaces = bool(args, 'all-namespaces');
  const selectorText = flag(args, 'selector');
  let selector: Selector | undefined;
  if (selectorText !== undefined) {
    try {
      selector = parseSelector(selectorText);
    } catch (e) {
      return failed((e as Error).message);
    }
  }
  const reqs = requests(args.positionals, ctx);

  // The builder's infos: a list request is one info (the server's Table) even when empty; a
  // named request is one info per object found.
  const found: { type: ResourceType; objects: KubeObject[] }[] = [];
  const errors: string[] = [];
  for (const { type, names } of reqs) {
    if (names.length === 0) {
      const objects = listOfType(ctx, type, allNamespaces ? undefined : ctx.namespace);
      found.push({ type, objects: filtered(objects, selector) });
      continue;
    }
    for (const name of names) {
      const obj = getOfType(ctx, type, ctx.namespace, name);
      if (obj === undefined)
        errors.push(`Error from server (NotFound): ${typeGroupResource(type)} ${JSON.stringify(name)} not found`);
      else found.push({ type, objects: filtered([obj], selector) });
    }
  }
  const all = found.flatMap((f) => f.objects);
  const error = errors.length === 0 ? undefined : errors.join('\n');
  const single = reqs.length === 1 && reqs[0]?.names.length === 1;
  let stdout = '';
  if (output === 'yaml' || output === 'json') {
    if (all.length > 0 || error === undefined) {
      const value = single && all.length === 1 ? all[0] : asList(all);
      stdout = output === 'yaml' ? toYaml(value, ctx.view.startTime) : toJson(value, ctx.view.startTime);
    }
  } else if (output === 'name') {
    stdout = found.flatMap((f) => f.objects.map((o) => `${typeKindGroup(f.type)}/${o.metadata.name}\n`)).join('');
  } else {
    stdout = tables(found, ctx, {
      wide: output === 'wide',
      allNamespaces,
      // multipleGVKsRequested(infos): kinds are named once the infos hold more than one type.
      withKind: new Set(found.map((f) => typeKey(f.type))).size > 1,
      showLabels: bool(args, 'show-labels'),
      labelColumns: flagAll(args, 'label-columns').flatMap((l) => l.split(',')),
      noHeaders: bool(args, 'no-headers'),
    });
  }
  // The API server's deprecation warning (v1.33+), which kubectl prints on stderr.
  const warning = reqs.some((r) => r.type.typed === 'Endpoints')
    ? 'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n'
    : '';
  // Only the table printers say so (get.go); -o yaml|json print an empty List, -o name nothing.
  // The namespace is named only when every info's type is namespaced.
  const humanReadable = output !== 'yaml' && output !== 'json' && output !== 'name';
  const allNamespaced = !allNamespaces && found.every((f) => typeNamespaced(f.type));
  const empty =
    stdout === '' && error === undefined && humanReadable
      ? allNamespaced
        ? `No resources found in ${ctx.namespace} namespace.\n`
        : 'No resources found\n'
      : '';
  const stderr = warning + empty === '' ? undefined : warning + empty;
  return { stdout, writes: [], ...(stderr !== undefined ? { stderr } : {}), ...(error !== undefined ? { error } : {}) };
}

function filtered(objects: KubeObject[], selector: Selector | undefined): KubeObject[] {
  return selector === undefined ? objects : objects.filter((o) => selector.matches(o.metadata.labels ?? {}));
}

/**
 * The human-readable printing loop of get.go: a new printer (and header) whenever the type
 * changes, consecutive infos of one type sharing a table; an empty table prints nothing; a
 * blank line before a block when something was printed already, unless --no-headers.
 */
function tables(
  found: readonly { type: ResourceType; objects: KubeObject[] }[],
  ctx: KubectlContext,
  opts: TableOptions,
): string {
  const blocks: { type: ResourceType; objects: KubeObject[] }[] = [];
  for (const f of found) {
    const last = blocks.at(-1);
    if (last !== undefined && typeKey(last.type) === typeKey(f.type)) last.objects = [...last.objects, ...f.objects];
    else blocks.push({ type: f.type, objects: [...f.objects] });
  }
  let out = '';
  for (const b of blocks) {
    if (b.objects.length === 0) continue;
    if (out !== '' && !opts.noHeaders) out += '\n';
    out += typeTable(b.type, b.objects, ctx, opts);
  }
  return out;
}

export interface TableOptions {
  readonly wide: boolean;
  readonly allNamespaces: boolean;
  readonly withKind: boolean;
  readonly showLabels: boolean;
  /** `-L key`: a column per label, headed by the key's last path segment in upper case. */
  readonly labelColumns: readonly string[];
  readonly noHeaders: boolean;
}

export function table(kind: Kind, objects: readonly KubeObject[], ctx: KubectlContext, opts: TableOptions): string {
  return typeTable({ typed: kind }, objects, ctx, opts);
}

/** A type's table printer: the server-side printers for typed kinds, generic.ts's for the rest. */
function printerOf(
  type: ResourceType,
  ctx: KubectlContext,
): { columns: readonly string[]; wide: readonly string[]; row(o: KubeObject): { cells: string[]; wide: string[] } } {
  if (type.typed === undefined) {
    const p = genericPrinter(type.generic);
    return { ...p, row: (o) => p.row(o as unknown as GenericObject, ctx.now, ctx.view.startTime) };
  }
  const p = PRINTERS[type.typed] as unknown as {
    columns: readonly string[];
    wide: readonly string[];
    row(o: KubeObject, now: number, view: KubectlContext['view']): { cells: string[]; wide: string[] };
  };
  return { ...p, row: (o) => p.row(o, ctx.now, ctx.view) };
}

function typeTable(type: ResourceType, objects: readonly KubeObject[], ctx: KubectlContext, opts: TableOptions): string {
  const printer = printerOf(type, ctx);
  const namespaced = typeNamespaced(type);
  const headers = [
    ...(opts.allNamespaces && namespaced ? ['NAMESPACE'] : []),
    ...printer.columns,
    ...(opts.wide ? printer.wide : []),
    ...opts.labelColumns.map((k) => (k.split('/').at(-1) ?? k).toUpperCase()),
    ...(opts.showLabels ? ['LABELS'] : []),
  ];
  const rows = objects.map((o) => {
    const { cells, wide } = printer.row(o);
    // The name column (the first, except for events) carries the kind when several types print.
    if (opts.withKind && type.typed !== 'Event') cells[0] = `${typeKindGroup(type)}/${cells[0]}`;
    return [
      ...(opts.allNamespaces && namespaced ? [o.metadata.namespace ?? ''] : []),
      ...cells,
      ...(opts.wide ? wide : []),
      ...opts.labelColumns.map((k) => o.metadata.labels?.[k] ?? ''),
      ...(opts.showLabels ? [formatLabels(o.metadata.labels)] : []),
    ];
  });
  // --no-headers: the header is never written to the tabwriter, so it does not widen the columns.
  if (opts.noHeaders) return rows.length === 0 ? '' : `${formatTable(rows[0] as string[], rows.slice(1))}\n`;
  return `${formatTable(headers, rows)}\n`;
}

/** `kubectl events`: the namespace's events, oldest first, with the involved object as `Kind/name`. */
export function events(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const allNamespaces = bool(args, 'all-namespaces');
  const list = ctx.view
    .list('Event', allNamespaces ? undefined : ctx.namespace)
    .filter((e) => {
      const forObject = flag(args, 'for');
      if (forObject === undefined) return true;
      const [type, name] = forObject.split('/');
      return e.involvedObject.name === name && e.involvedObject.kind === resolveKind(type ?? '');
    })
    .sort((a, b) => (a.lastTimestamp ?? a.firstTimestamp) - (b.lastTimestamp ?? b.firstTimestamp));
  if (list.length === 0) {
    return {
      stdout: '',
      writes: [],
      stderr: allNamespaces ? 'No events found.\n' : `No events found in ${ctx.namespace} namespace.\n`,
    };
  }
  const headers = [...(allNamespaces ? ['NAMESPACE'] : []), 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
  const rows = list.map((e) => {
    return [
      ...(allNamespaces ? [e.metadata.namespace ?? ''] : []),
      // getInterval (cmd/events/event_printer.go)
      eventInterval(e, ctx.now),
      e.type,
      e.reason,
      `${e.involvedObject.kind}/${e.involvedObject.name}`,
      e.message.trim(),
    ];
  });
  return printed(`${formatTable(headers, rows)}\n`);
}
