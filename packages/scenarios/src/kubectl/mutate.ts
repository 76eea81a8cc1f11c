import { applyPatch, deepEqual, type KubeObject, type PatchType, parseSelector, type SimEvent } from '@kubesim/core';
import { parse as parseYaml } from 'yaml';
import { bool, flag, flagAll, intFlag, type ParsedArgs } from './args.js';
import type { KubectlContext } from './context.js';
import { deleteGeneric, genericRequest } from './genericVerbs.js';
import { failed, forEach, type KubectlOutcome, printed, wrote } from './outcome.js';
import { groupResource, isNamespaced, kindGroup, parseTargets, ResourceError, resourceName, type Target } from './resources.js';

/** kubectl scale, patch, label, delete, cordon and uncordon. */

function get(ctx: KubectlContext, t: Target): KubeObject | undefined {
  return ctx.view.get(t.kind, isNamespaced(t.kind) ? ctx.namespace : undefined, t.name);
}

function notFound(t: Target): string {
  return `Error from server (NotFound): ${groupResource(t.kind)} ${JSON.stringify(t.name)} not found`;
}

function ref(ctx: KubectlContext, t: Target): { kind: Target['kind']; namespace?: string; name: string } {
  return isNamespaced(t.kind) ? { kind: t.kind, namespace: ctx.namespace, name: t.name } : { kind: t.kind, name: t.name };
}

function targetsOf(args: ParsedArgs): Target[] {
  const { targets } = parseTargets(args.positionals);
  if (targets.length === 0) throw new ResourceError('resource(s) were provided, but no name was specified');
  return targets;
}

const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet']);

export function scale(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  // cobra's required flag, pflag's integer parsing, then scale's own check.
  if (flag(args, 'replicas') === undefined) return failed('required flag(s) "replicas" not set');
  const replicas = intFlag(args, 'replicas', 0);
  if (typeof replicas === 'string') return failed(replicas);
  if (replicas < 0) return failed('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const current = flag(args, 'current-replicas');
  return forEach(targetsOf(args), (t) => {
    if (!SCALABLE.has(t.kind)) return failed(`cannot scale ${groupResource(t.kind)}`);
    const obj = get(ctx, t) as (KubeObject & { spec: { replicas?: number } }) | undefined;
    if (obj === undefined) return failed(notFound(t));
    if (current !== undefined && String(obj.spec.replicas ?? 1) !== current) {
      return failed(`Expected replicas to be ${current}, was ${obj.spec.replicas ?? 1}`);
    }
    return wrote(`${resourceName(t.kind, t.name)} scaled\n`, { type: 'Scale', ref: ref(ctx, t), replicas });
  });
}

export function patch(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const body = flag(args, 'patch');
  if (body === undefined) return failed('must specify --patch or --patch-file containing the contents of the patch');
  const patchType = (flag(args, 'type') ?? 'strategic') as PatchType;
  if (!['strategic', 'merge', 'json'].includes(patchType)) {
    return failed(`--type must be one of [json merge strategic], not ${JSON.stringify(patchType)}`);
  }
  // kubectl reads -p as YAML (yaml.ToJSON), so `{spec: {replicas: 3}}` works as JSON does.
  let parsed: unknown;
  try {
    parsed = parseYaml(body);
  } catch (e) {
    return failed(`unable to parse ${JSON.stringify(body)}: ${(e as Error).message}`);
  }
  return forEach(targetsOf(args), (t) => {
    const obj = get(ctx, t);
    if (obj === undefined) return failed(notFound(t));
    let unchanged = false;
    try {
      unchanged = deepEqual(applyPatch(obj, patchType, parsed), obj);
    } catch {
      // The API server reports a bad patch; kubectl sends it anyway.
    }
    const write: SimEvent = { type: 'Patch', ref: ref(ctx, t), patchType, patch: parsed };
    const line = `${resourceName(t.kind, t.name)} patched${unchanged ? ' (no change)' : ''}\n`;
    return unchanged ? printed(line) : wrote(line, write);
  });
}

/** `kubectl label TYPE NAME k=v k2-` (v1.34 wording: labeled / unlabeled / not labeled). */
export function label(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const changes = args.positionals.filter((p) => /^[^=/]+=/.test(p) || /^[^=/]+-$/.test(p));
  const rest = args.positionals.filter((p) => !changes.includes(p));
  if (changes.length === 0) return failed('at least one label update is required');
  const overwrite = bool(args, 'overwrite');
  return forEach(targetsOf({ ...args, positionals: rest }), (t) => {
    const obj = get(ctx, t);
    if (obj === undefined) return failed(notFound(t));
    const current = obj.metadata.labels ?? {};
    const next: Record<string, string> = { ...current };
    let notes = '';
    for (const c of changes) {
      if (c.endsWith('-') && !c.includes('=')) {
        const key = c.slice(0, -1);
        if (!(key in next)) notes += `label ${JSON.stringify(key)} not found.\n`;
        delete next[key];
        continue;
      }
      const eq = c.indexOf('=');
      const key = c.slice(0, eq);
      const value = c.slice(eq + 1);
      if (current[key] !== undefined && current[key] !== value && !overwrite) {
        return failed(`'${key}' already has a value (${current[key]}), and --overwrite is false`);
      }
      next[key] = value;
    }
    const name = resourceName(t.kind, t.name);
    if (deepEqual(next, current)) return printed(`${notes}${name} not labeled\n`);
    const removedOnly =
      Object.keys(next).length < Object.keys(current).length && Object.entries(next).every(([k, v]) => current[k] === v);
    const patchBody: Record<string, string | null> = {};
    for (const k of new Set([...Object.keys(current), ...Object.keys(next)]))
      if (current[k] !== next[k]) patchBody[k] = next[k] ?? null;
    const write: SimEvent = { type: 'Patch', ref: ref(ctx, t), patchType: 'merge', patch: { metadata: { labels: patchBody } } };
    return { ...wrote(`${name} ${removedOnly && !overwrite ? 'unlabeled' : 'labeled'}\n`, write), stdout: notes };
  });
}

const CASCADE: Readonly<Record<string, 'Background' | 'Foreground' | 'Orphan'>> = {
  background: 'Background',
  true: 'Background',
  foreground: 'Foreground',
  orphan: 'Orphan',
  false: 'Orphan',
};

/** `kubectl delete TYPE NAME [--cascade=...] [--grace-period=N] [--force]`, and `delete -f FILE`. */
export function del(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const cascade = flag(args, 'cascade') ?? 'background';
  const propagationPolicy = CASCADE[cascade];
  if (propagationPolicy === undefined) {
    return failed(`invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan".`);
  }
  // delete.go Complete and Validate: --grace-period=0 without --force becomes 1 (no accidental
  // immediate deletion); --force alone means 0; --force with a positive period is refused.
  const force = bool(args, 'force');
  let grace = intFlag(args, 'grace-period', -1);
  if (typeof grace === 'string') return failed(grace);
  if (grace === 0 && !force) grace = 1;
  if (force && grace < 0) grace = 0;
  if (force && grace > 0) return failed('--force and --grace-period greater than 0 cannot be specified together');
  const files = flagAll(args, 'filename');
  const selector = flag(args, 'selector');
  const generic = files.length === 0 && selector === undefined ? genericRequest(args.positionals, ctx) : undefined;
  if (generic !== undefined) return deleteGeneric(generic, args, ctx);
  let targets: Target[];
  if (files.length > 0) {
    targets = files.flatMap((f) => ctx.readFile(f).map((o) => ({ kind: o.kind as Target['kind'], name: o.metadata.name ?? '' })));
  } else if (selector !== undefined || bool(args, 'all')) {
    // `delete TYPE -l SELECTOR` / `--all`: every object of the type in the namespace that matches.
    const { kind, targets: named } = parseTargets(args.positionals);
    if (kind === undefined) return failed('resource(s) were provided, but no name was specified');
    if (named.length > 0) return failed('name cannot be provided when a selector is specified');
    const sel = selector === undefined ? undefined : parseSelector(selector);
    targets = ctx.view
      .list(kind, isNamespaced(kind) ? ctx.namespace : undefined)
      .filter((o) => sel === undefined || sel.matches(o.metadata.labels ?? {}))
      .map((o) => ({ kind, name: o.metadata.name ?? '' }));
    if (targets.length === 0) return printed('No resources found\n');
  } else {
    targets = targetsOf(args);
  }
  let stderr = '';
  // -1: the object's own terminationGracePeriodSeconds.
  const gracePeriodSeconds = grace >= 0 ? grace : undefined;
  if (gracePeriodSeconds === 0) {
    stderr =
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n';
  }
  const r = forEach(targets, (t) => {
    if (get(ctx, t) === undefined) return failed(notFound(t));
    const where = isNamespaced(t.kind) ? ` from ${ctx.namespace} namespace` : '';
    const verb = gracePeriodSeconds === 0 ? 'force deleted' : 'deleted';
    return wrote(`${kindGroup(t.kind)} ${JSON.stringify(t.name)} ${verb}${where}\n`, {
      type: 'Delete',
      ref: ref(ctx, t),
      propagationPolicy,
      ...(gracePeriodSeconds !== undefined ? { gracePeriodSeconds } : {}),
    });
  });
  return stderr === '' ? r : { ...r, stderr };
}

/** `kubectl cordon` / `uncordon`. */
export function cordon(args: ParsedArgs, ctx: KubectlContext, unschedulable: boolean): KubectlOutcome {
  const verb = unschedulable ? 'cordoned' : 'uncordoned';
  return forEach(
    args.positionals.map((name) => ({ kind: 'Node' as const, name })),
    (t) => {
      const node = ctx.view.get('Node', undefined, t.name);
      if (node === undefined) return failed(notFound(t));
      if ((node.spec.unschedulable ?? false) === unschedulable) return printed(`node/${t.name} already ${verb}\n`);
      return wrote(`node/${t.name} ${verb}\n`, {
        type: 'Patch',
        ref: { kind: 'Node', name: t.name },
        patchType: 'strategic',
        patch: { spec: { unschedulable: unschedulable ? true : null } },
      });
    },
  );
}
