import { isKubesimError, type Kind, type KubeObject, parseSelector } from '@kubesim/core';
import { toApiForm } from '../printers/apiform.js';
import { describeGeneric } from '../printers/describe/generic.js';
import { describeObject, isDescribable } from '../printers/describe/index.js';
import { flag, type ParsedArgs } from './args.js';
import type { KubectlContext } from './context.js';
import { failed, type KubectlOutcome, printed } from './outcome.js';
import { ResourceError } from './resources.js';
import { getOfType, listOfType, type ResourceType, resolveType, typeGroupResource } from './resourceTypes.js';

/**
 * `kubectl describe TYPE [NAME_PREFIX]`, `TYPE/NAME`, `-l SELECTOR` (describe.go): several
 * objects are separated by a blank line; a name that does not exist describes every object
 * whose name starts with it, and only when none does is it NotFound. A kind with no describer
 * here (custom resources, generic kinds, ControllerRevisions, ...) gets the generic describer,
 * as DescriberFn falls back to GenericDescriberFor. Upstream has dedicated describers for some
 * of those (Ingress, NetworkPolicy, the RBAC kinds, PriorityClass, PersistentVolume,
 * StorageClass, Endpoints, ServiceAccount, ...); kubesim prints them the generic way.
 */
export function describe(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const first = args.positionals[0];
  if (first === undefined) {
    return failed(
      'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.',
    );
  }
  const text = (type: ResourceType, obj: KubeObject): string => {
    if (type.typed !== undefined && isDescribable(type.typed)) {
      try {
        return describeObject(ctx.view, obj.kind as Kind, obj.metadata.name ?? '', ctx.namespace, ctx.now) ?? '';
      } catch (e) {
        if (isKubesimError(e)) throw new DescribeError(e.message);
        throw e;
      }
    }
    const apiForm = toApiForm(obj, undefined, ctx.view.startTime) as Record<string, unknown>;
    return describeGeneric(apiForm, ctx.view.eventsFor(obj.metadata.uid ?? ''), ctx.now);
  };
  try {
    if (first.includes('/')) return describeNamed(args.positionals, ctx, text);
    const types = first.split(',').map((t) => resolveType(ctx, t));
    const names = args.positionals.slice(1);
    const type = types[0] as ResourceType;
    if (names.length === 0) {
      const selectorText = flag(args, 'selector');
      const selector = selectorText === undefined ? undefined : parseSelector(selectorText);
      const all = types.flatMap((t) =>
        listOfType(ctx, t, ctx.namespace)
          .filter((o) => selector?.matches(o.metadata.labels ?? {}) ?? true)
          .map((o) => text(t, o)),
      );
      if (all.length === 0) return { ...printed(''), stderr: `No resources found in ${ctx.namespace} namespace.\n` };
      return printed(all.join('\n\n'));
    }
    if (types.length === 1 && names.length === 1) {
      const name = names[0] as string;
      const exact = getOfType(ctx, type, ctx.namespace, name);
      if (exact !== undefined) return printed(text(type, exact));
      // DescribeMatchingResources: every object whose name starts with the one given.
      const matching = listOfType(ctx, type, ctx.namespace).filter((o) => (o.metadata.name ?? '').startsWith(name));
      if (matching.length === 0)
        return failed(`Error from server (NotFound): ${typeGroupResource(type)} ${JSON.stringify(name)} not found`);
      return printed(matching.map((o) => `${text(type, o)}\n`).join(''));
    }
    return describeNamed(
      types.flatMap((t) => names.map((n) => `${typeGroupResource(t)}/${n}`)),
      ctx,
      text,
    );
  } catch (e) {
    if (e instanceof DescribeError || e instanceof ResourceError) return failed(e.message);
    throw e;
  }
}

/** `TYPE/NAME...`: each in turn, stopping at the first that does not exist. */
function describeNamed(
  positionals: readonly string[],
  ctx: KubectlContext,
  text: (type: ResourceType, obj: KubeObject) => string,
): KubectlOutcome {
  let out = '';
  for (const [i, p] of positionals.entries()) {
    const slash = p.indexOf('/');
    if (slash < 0)
      throw new ResourceError(
        `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
      );
    const type = resolveType(ctx, p.slice(0, slash));
    const name = p.slice(slash + 1);
    const obj = getOfType(ctx, type, ctx.namespace, name);
    if (obj === undefined)
      return {
        ...printed(out),
        error: `Error from server (NotFound): ${typeGroupResource(type)} ${JSON.stringify(name)} not found`,
      };
    out += i === 0 ? text(type, obj) : `\n\n${text(type, obj)}`;
  }
  return printed(out);
}

class DescribeError extends Error {}
