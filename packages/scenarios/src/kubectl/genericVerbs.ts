import { getGeneric, type Kind, resolveResource, type ServedKind } from '@kubesim/core';
import { flag, type ParsedArgs } from './args.js';
import type { KubectlContext } from './context.js';
import { resolveGeneric } from './genericTargets.js';
import { failed, forEach, type KubectlOutcome, wrote } from './outcome.js';

/**
 * `kubectl delete` for the kinds kubesim stores generically (Ingress, Role, CRDs, custom
 * resources, ...): one type per command (`TYPE [NAME...]` or `TYPE/NAME...`). `kubectl get`
 * handles them with the typed kinds (get.ts, resourceTypes.ts).
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
