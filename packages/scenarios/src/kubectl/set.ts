import { deploymentutil } from '@kubesim/controllers';
import { type Container, canonicalQuantity, type KubeObject, type PodSpec, type SimEvent } from '@kubesim/core';
import { flag, type ParsedArgs } from './args.js';
import type { KubectlContext } from './context.js';
import { failed, forEach, type KubectlOutcome, printed, wrote } from './outcome.js';
import { groupResource, isNamespaced, parseTargets, resourceName, type Target } from './resources.js';

/**
 * `kubectl set image` and `kubectl set resources` (set_image.go, set_resources.go): a
 * strategic-merge patch of the named containers of a pod or a pod template. A change that is
 * already in place makes an empty patch, and kubectl then prints nothing for that object.
 */

/** Where an object keeps its pod spec. */
function podSpecOf(obj: KubeObject): { spec: PodSpec; path: (patch: unknown) => unknown } | undefined {
  switch (obj.kind) {
    case 'Pod':
      return { spec: obj.spec, path: (p) => ({ spec: p }) };
    case 'CronJob':
      return {
        spec: obj.spec.jobTemplate.spec.template.spec,
        path: (p) => ({ spec: { jobTemplate: { spec: { template: { spec: p } } } } }),
      };
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      return { spec: obj.spec.template.spec, path: (p) => ({ spec: { template: { spec: p } } }) };
    case 'ReplicationController':
      return obj.spec.template === undefined
        ? undefined
        : { spec: obj.spec.template.spec, path: (p) => ({ spec: { template: { spec: p } } }) };
    default:
      return undefined;
  }
}

export function setImage(args: ParsedArgs, ctx: KubectlContext, commandLine: string, record: boolean): KubectlOutcome {
  const pairs = args.positionals.filter((p) => p.includes('='));
  const rest = args.positionals.filter((p) => !p.includes('='));
  if (pairs.length === 0) return failed('at least one image update is required');
  const images = new Map<string, string>();
  for (const p of pairs) {
    const eq = p.indexOf('=');
    images.set(p.slice(0, eq), p.slice(eq + 1));
  }
  const { targets } = parseTargets(rest);
  if (targets.length === 0) return failed('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  return forEach(targets, (t) => one(t, images, ctx, record ? commandLine : undefined));
}

function one(
  t: Target,
  images: ReadonlyMap<string, string>,
  ctx: KubectlContext,
  changeCause: string | undefined,
): KubectlOutcome {
  const obj = ctx.view.get(t.kind, isNamespaced(t.kind) ? ctx.namespace : undefined, t.name) as KubeObject | undefined;
  if (obj === undefined)
    return failed(`Error from server (NotFound): ${groupResource(t.kind)} ${JSON.stringify(t.name)} not found`);
  const where = podSpecOf(obj);
  if (where === undefined) return failed(`the object ${resourceName(t.kind, t.name)} does not have a pod spec`);
  const { spec } = where;
  const all = [...(spec.initContainers ?? []), ...spec.containers];
  for (const name of images.keys()) {
    if (name !== '*' && !all.some((c) => c.name === name))
      return failed(`unable to find container named ${JSON.stringify(name)}`);
  }
  const changed = (list: readonly Container[] | undefined): { name: string; image: string }[] =>
    (list ?? []).flatMap((c) => {
      const image = images.get(c.name) ?? images.get('*');
      return image === undefined || image === c.image ? [] : [{ name: c.name, image }];
    });
  const containers = changed(spec.containers);
  const initContainers = changed(spec.initContainers);
  if (containers.length === 0 && initContainers.length === 0) return printed('');
  const patch: Record<string, unknown> = where.path({
    ...(initContainers.length > 0 ? { initContainers } : {}),
    ...(containers.length > 0 ? { containers } : {}),
  }) as Record<string, unknown>;
  if (changeCause !== undefined) patch.metadata = { annotations: { [deploymentutil.CHANGE_CAUSE_ANNOTATION]: changeCause } };
  const ref = isNamespaced(t.kind) ? { kind: t.kind, namespace: ctx.namespace, name: t.name } : { kind: t.kind, name: t.name };
  const write: SimEvent = { type: 'Patch', ref, patchType: 'strategic', patch };
  return wrote(`${resourceName(t.kind, t.name)} image updated\n`, write);
}

function globMatch(glob: string, name: string): boolean {
  const re = new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(name);
}

/** `cpu=200m,memory=512Mi` as a resource list; a bad quantity is kubectl's error. */
function resourceList(text: string | undefined): Record<string, string> | string | undefined {
  if (text === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    if (eq < 0) return `invalid resource specification ${JSON.stringify(pair)}, expected name=quantity`;
    try {
      out[pair.slice(0, eq)] = canonicalQuantity(pair.slice(eq + 1));
    } catch {
      return `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`;
    }
  }
  return out;
}

/** `kubectl set resources TYPE NAME [-c CONTAINERS] [--limits=...] [--requests=...]`. */
export function setResources(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const limits = resourceList(flag(args, 'limits'));
  const requests = resourceList(flag(args, 'requests'));
  if (typeof limits === 'string') return failed(limits);
  if (typeof requests === 'string') return failed(requests);
  if (limits === undefined && requests === undefined) {
    return failed('you must specify an update to requests or limits (in the form of --requests/--limits)');
  }
  const selector = flag(args, 'containers') ?? '*';
  const { targets } = parseTargets(args.positionals);
  if (targets.length === 0) return failed('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  return forEach(targets, (t) => {
    const obj = ctx.view.get(t.kind, isNamespaced(t.kind) ? ctx.namespace : undefined, t.name) as KubeObject | undefined;
    if (obj === undefined)
      return failed(`Error from server (NotFound): ${groupResource(t.kind)} ${JSON.stringify(t.name)} not found`);
    const where = podSpecOf(obj);
    if (where === undefined) return failed(`the object ${resourceName(t.kind, t.name)} does not have a pod spec`);
    // Init containers and containers alike (set_resources.go selects from both).
    const all = [...(where.spec.initContainers ?? []), ...where.spec.containers];
    if (!all.some((c) => globMatch(selector, c.name))) return failed(`unable to find container named ${selector}`);
    const updated = (list: readonly Container[] | undefined): { name: string; resources: unknown }[] =>
      (list ?? [])
        .filter((c) => globMatch(selector, c.name))
        .flatMap((c) => {
          const resources = {
            ...(limits !== undefined ? { limits: { ...(c.resources?.limits ?? {}), ...limits } } : {}),
            ...(requests !== undefined ? { requests: { ...(c.resources?.requests ?? {}), ...requests } } : {}),
          };
          const same =
            (limits === undefined || Object.entries(limits).every(([k, v]) => c.resources?.limits?.[k] === v)) &&
            (requests === undefined || Object.entries(requests).every(([k, v]) => c.resources?.requests?.[k] === v));
          return same ? [] : [{ name: c.name, resources }];
        });
    const containers = updated(where.spec.containers);
    const initContainers = updated(where.spec.initContainers);
    if (containers.length === 0 && initContainers.length === 0) return printed('');
    const ref = isNamespaced(t.kind) ? { kind: t.kind, namespace: ctx.namespace, name: t.name } : { kind: t.kind, name: t.name };
    return wrote(`${resourceName(t.kind, t.name)} resource requirements updated\n`, {
      type: 'Patch',
      ref,
      patchType: 'strategic',
      patch: where.path({
        ...(initContainers.length > 0 ? { initContainers } : {}),
        ...(containers.length > 0 ? { containers } : {}),
      }),
    });
  });
}
