import { isKubesimError, type Kind, type KubeObject, parseSelector } from '@kubesim/core';
import { describeObject } from '../printers/describe/index.js';
import { flag, type ParsedArgs } from './args.js';
import type { KubectlContext } from './context.js';
import { failed, type KubectlOutcome, printed } from './outcome.js';
import { groupResource, isNamespaced, parseTargets } from './resources.js';

/**
 * `kubectl describe TYPE [NAME_PREFIX]`, `TYPE/NAME`, `-l SELECTOR` (describe.go): several
 * objects are separated by a blank line; a name that does not exist describes every object
 * whose name starts with it, and only when none does is it NotFound.
 */
export function describe(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const { kind, targets } = parseTargets(args.positionals);
  if (kind === undefined) {
    return failed(
      'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.',
    );
  }
  const ns = isNamespaced(kind) ? ctx.namespace : undefined;
  const text = (obj: KubeObject): string => {
    try {
      return describeObject(ctx.view, obj.kind as Kind, obj.metadata.name ?? '', ctx.namespace, ctx.now) ?? '';
    } catch (e) {
      if (isKubesimError(e)) throw new DescribeError(e.message);
      throw e;
    }
  };
  try {
    if (targets.length === 0) {
      const selectorText = flag(args, 'selector');
      const selector = selectorText === undefined ? undefined : parseSelector(selectorText);
      const all = (ctx.view.list(kind, ns) as KubeObject[]).filter((o) => selector?.matches(o.metadata.labels ?? {}) ?? true);
      if (all.length === 0) return { ...printed(''), stderr: `No resources found in ${ctx.namespace} namespace.\n` };
      return printed(all.map(text).join('\n\n'));
    }
    if (targets.length === 1 && !args.positionals[0]?.includes('/')) {
      const name = (targets[0] as { name: string }).name;
      const exact = ctx.view.get(kind, ns, name) as KubeObject | undefined;
      if (exact !== undefined) return printed(text(exact));
      const matching = (ctx.view.list(kind, ns) as KubeObject[]).filter((o) => (o.metadata.name ?? '').startsWith(name));
      if (matching.length === 0)
        return failed(`Error from server (NotFound): ${groupResource(kind)} ${JSON.stringify(name)} not found`);
      return printed(matching.map((o) => `${text(o)}\n`).join(''));
    }
    let out = '';
    for (const [i, t] of targets.entries()) {
      const obj = ctx.view.get(t.kind, isNamespaced(t.kind) ? ctx.namespace : undefined, t.name) as KubeObject | undefined;
      if (obj === undefined)
        return {
          ...printed(out),
          error: `Error from server (NotFound): ${groupResource(t.kind)} ${JSON.stringify(t.name)} not found`,
        };
      out += i === 0 ? text(obj) : `\n\n${text(obj)}`;
    }
    return printed(out);
  } catch (e) {
    if (e instanceof DescribeError) return failed(e.message);
    throw e;
  }
}

class DescribeError extends Error {}
