import type { ClusterView, Kind, KubeObject } from '@kubesim/core';
import { bool, flag, flagAll, type ParsedArgs } from './args.js';
import type { KubectlContext } from './context.js';
import { table } from './get.js';
import { failed, type KubectlOutcome, printed, type Watcher } from './outcome.js';
import { isNamespaced, parseTargets } from './resources.js';
import { resolveType } from './resourceTypes.js';

/**
 * `kubectl get TYPE [NAME...] -w` (get.go watch): the table first, then one row for every
 * watch event on a listed object — an update (a new resourceVersion), a creation, a deletion
 * (the object's last state) — each flushed through the tabwriter on its own, so a row is
 * aligned only within itself, as kubectl's are. It watches until the run ends.
 */
export function watchGet(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const output = flag(args, 'output') ?? '';
  if (output !== '' && output !== 'wide') return failed("kubesim's kubectl get -w prints tables only (no -o yaml|json|name)");
  // The builder's SingleResourceType(), then watch's own check on what it found.
  if (args.positionals[0]?.includes(',') || args.positionals[0] === 'all') {
    return failed('you may only specify a single resource type');
  }
  // Nothing silent: kinds kubesim stores untyped make no watch events, so they cannot be watched.
  const word = args.positionals[0]?.split('/')[0];
  const generic = word === undefined ? undefined : genericType(ctx, word);
  if (generic !== undefined) {
    return failed(
      `kubesim's kubectl get -w watches the kinds it models; ${generic} objects are stored untyped and make no watch events (get them without -w)`,
    );
  }
  const { kind, targets } = parseTargets(args.positionals);
  if (kind === undefined) {
    return failed(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.',
    );
  }
  if (targets.some((t) => t.kind !== kind)) {
    return failed('watch is only supported on individual resources and resource collections - more than 1 resource was found');
  }
  const allNamespaces = bool(args, 'all-namespaces');
  const names = new Set(targets.map((t) => t.name));
  const ns = isNamespaced(kind) && !allNamespaces ? ctx.namespace : undefined;
  const opts = {
    wide: output === 'wide',
    allNamespaces,
    withKind: false,
    showLabels: bool(args, 'show-labels'),
    labelColumns: flagAll(args, 'label-columns').flatMap((l) => l.split(',')),
    noHeaders: bool(args, 'no-headers'),
  };
  const listed = (view: ClusterView): KubeObject[] =>
    (view.list(kind, ns) as KubeObject[]).filter((o) => names.size === 0 || names.has(o.metadata.name ?? ''));
  const first = listed(ctx.view);
  const seen = new Map<string, KubeObject>(first.map((o) => [o.metadata.uid ?? '', o]));
  const stdout = first.length === 0 ? '' : table(kind, first, ctx, opts);
  const watcher: Watcher = {
    timeoutError: '',
    concerns: (k: Kind) => k === kind,
    next(view) {
      const now = listed(view);
      const rows: string[] = [];
      const rowCtx = { ...ctx, view, now: view.now };
      for (const o of now) {
        const before = seen.get(o.metadata.uid ?? '');
        if (before !== undefined && before.metadata.resourceVersion === o.metadata.resourceVersion) continue;
        seen.set(o.metadata.uid ?? '', o);
        rows.push(table(kind, [o], rowCtx, { ...opts, noHeaders: true }));
      }
      const alive = new Set(now.map((o) => o.metadata.uid ?? ''));
      for (const [uid, o] of seen) {
        if (alive.has(uid)) continue;
        seen.delete(uid);
        rows.push(table(kind, [o], rowCtx, { ...opts, noHeaders: true }));
      }
      return { output: rows.join(''), done: false };
    },
  };
  return { ...printed(stdout), watch: watcher };
}

/** The group-resource of a generic kind the word names, if it names one. */
function genericType(ctx: KubectlContext, word: string): string | undefined {
  try {
    const t = resolveType(ctx, word);
    return t.generic === undefined
      ? undefined
      : t.generic.group === ''
        ? t.generic.resource
        : `${t.generic.resource}.${t.generic.group}`;
  } catch {
    return undefined;
  }
}
