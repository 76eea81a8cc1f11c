import { type Kind, type KubeObject, kindInfo, parseSelector, type Selector } from '@kubesim/core';
import { asList, toJson, toYaml } from '../printers/apiform.js';
import { eventInterval } from '../printers/describe/events.js';
import { formatLabels, PRINTERS } from '../printers/get.js';
import { formatTable } from '../printers/table.js';
import { bool, flag, flagAll, type ParsedArgs } from './args.js';
import type { KubectlContext } from './context.js';
import { genericRequest, getGenericCmd } from './genericVerbs.js';
import { watchGet } from './getWatch.js';
import { failed, type KubectlOutcome, printed } from './outcome.js';
import { groupResource, isNamespaced, kindGroup, ResourceError, resolveKind } from './resources.js';

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
  readonly kind: Kind;
  /** Named objects; empty for a list. */
  readonly names: readonly string[];
}

/** Parses the positionals into per-kind requests, in the order typed. */
function requests(positionals: readonly string[]): Request[] {
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
      const kind = resolveKind(p.slice(0, slash));
      const last = out.at(-1);
      if (last?.kind === kind) out[out.length - 1] = { kind, names: [...last.names, p.slice(slash + 1)] };
      else out.push({ kind, names: [p.slice(slash + 1)] });
    }
    return out;
  }
  const kinds = first.split(',').flatMap((t) => (t === 'all' ? ALL : [resolveKind(t)]));
  // With several types and names, kubectl fetches each name of each type.
  const names = positionals.slice(1);
  return kinds.map((kind) => ({ kind, names }));
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
  const namespace = allNamespaces ? undefined : ctx.namespace;
  const selectorText = flag(args, 'selector');
  let selector: Selector | undefined;
  if (selectorText !== undefined) {
    try {
      selector = parseSelector(selectorText);
    } catch (e) {
      return failed((e as Error).message);
    }
  }
  const generic = genericRequest(args.positionals, ctx);
  if (generic !== undefined) return getGenericCmd(generic, args, ctx);
  const reqs = requests(args.positionals);
  const multipleKinds = reqs.length > 1 || args.positionals[0]?.split(',').includes('all') === true;

  const found: { kind: Kind; objects: KubeObject[] }[] = [];
  const errors: string[] = [];
  for (const { kind, names } of reqs) {
    const ns = isNamespaced(kind) ? namespace : undefined;
    let objects: KubeObject[];
    if (names.length === 0) {
      objects = ctx.view.list(kind, ns) as KubeObject[];
    } else {
      objects = [];
      for (const name of names) {
        const obj = ctx.view.get(kind, isNamespaced(kind) ? ctx.namespace : undefined, name);
        if (obj === undefined)
          errors.push(`Error from server (NotFound): ${groupResource(kind)} ${JSON.stringify(name)} not found`);
        else objects.push(obj as KubeObject);
      }
    }
    if (selector !== undefined) objects = objects.filter((o) => selector.matches(o.metadata.labels ?? {}));
    found.push({ kind, objects });
  }
  const all = found.flatMap((f) => f.objects);
  const error = errors.length === 0 ? undefined : errors.join('\n');
  const single = reqs.length === 1 && reqs[0]?.names.length === 1 && !multipleKinds;
  let stdout = '';
  if (output === 'yaml' || output === 'json') {
    if (all.length > 0 || error === undefined) {
      const value = single && all.length === 1 ? all[0] : asList(all);
      stdout = output === 'yaml' ? toYaml(value, ctx.view.startTime) : toJson(value, ctx.view.startTime);
    }
  } else if (output === 'name') {
    stdout = all.map((o) => `${kindGroup(o.kind as Kind)}/${o.metadata.name}\n`).join('');
  } else {
    const tables = found
      .filter((f) => f.objects.length > 0)
      .map((f) =>
        table(f.kind, f.objects, ctx, {
          wide: output === 'wide',
          allNamespaces,
          withKind: multipleKinds,
          showLabels: bool(args, 'show-labels'),
          labelColumns: flagAll(args, 'label-columns').flatMap((l) => l.split(',')),
          noHeaders: bool(args, 'no-headers'),
        }),
      );
    stdout = tables.join('\n');
  }
  // The API server's deprecation warning (v1.33+), which kubectl prints on stderr.
  const warning = reqs.some((r) => r.kind === 'Endpoints')
    ? 'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n'
    : '';
  // Only the table printers say so (get.go); -o yaml|json print an empty List, -o name nothing.
  // The namespace is named only when every requested kind is namespaced.
  const listed = reqs.some((r) => r.names.length === 0);
  const humanReadable = output !== 'yaml' && output !== 'json' && output !== 'name';
  const allNamespaced = !allNamespaces && reqs.every((r) => isNamespaced(r.kind));
  const empty =
    all.length === 0 && listed && error === undefined && humanReadable
      ? allNamespaced
        ? `No resources found in ${ctx.namespace} namespace.\n`
        : 'No resources found\n'
      : '';
  const stderr = warning + empty === '' ? undefined : warning + empty;
  return { stdout, writes: [], ...(stderr !== undefined ? { stderr } : {}), ...(error !== undefined ? { error } : {}) };
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
  const printer = PRINTERS[kind] as unknown as {
    columns: readonly string[];
    wide: readonly string[];
    row(o: KubeObject, now: number, view: KubectlContext['view']): { cells: string[]; wide: string[] };
  };
  const namespaced = kindInfo(kind).namespaced;
  const headers = [
    ...(opts.allNamespaces && namespaced ? ['NAMESPACE'] : []),
    ...printer.columns,
    ...(opts.wide ? printer.wide : []),
    ...opts.labelColumns.map((k) => (k.split('/').at(-1) ?? k).toUpperCase()),
    ...(opts.showLabels ? ['LABELS'] : []),
  ];
  const rows = objects.map((o) => {
    const { cells, wide } = printer.row(o, ctx.now, ctx.view);
    // The name column (the first, except for events) carries the kind when several types print.
    if (opts.withKind && kind !== 'Event') cells[0] = `${kindGroup(kind)}/${cells[0]}`;
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
