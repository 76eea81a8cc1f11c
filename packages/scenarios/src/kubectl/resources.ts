import { type Kind, kindInfo, resolveResource } from '@kubesim/core';

/** Naming objects as kubectl does on its command line and in its output. */
export interface Target {
  readonly kind: Kind;
  readonly name: string;
}

export class ResourceError extends Error {}

export function resolveKind(type: string): Kind {
  const kind = resolveResource(type);
  if (kind === undefined) throw new ResourceError(`the server doesn't have a resource type ${JSON.stringify(type)}`);
  return kind;
}

/**
 * `TYPE/NAME [TYPE/NAME...]` or `TYPE NAME [NAME...]` (kubectl's resource builder). An empty
 * list means only a type was given.
 */
export function parseTargets(positionals: readonly string[]): { kind: Kind | undefined; targets: Target[] } {
  if (positionals.length === 0) return { kind: undefined, targets: [] };
  const first = positionals[0] as string;
  if (first.includes('/')) {
    const targets = positionals.map((p) => {
      const slash = p.indexOf('/');
      if (slash < 0)
        throw new ResourceError(
          `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
        );
      return { kind: resolveKind(p.slice(0, slash)), name: p.slice(slash + 1) };
    });
    return { kind: targets[0]?.kind, targets };
  }
  const kind = resolveKind(first);
  return { kind, targets: positionals.slice(1).map((name) => ({ kind, name })) };
}

/** The name printer's `deployment.apps/nginx`, `pod/web-0`. */
export function resourceName(kind: Kind, name: string): string {
  return `${kindGroup(kind)}/${name}`;
}

/** The kind as the delete printer names it: `deployment.apps`, `pod`. */
export function kindGroup(kind: Kind): string {
  const { group } = kindInfo(kind);
  return `${kind.toLowerCase()}${group === '' ? '' : `.${group}`}`;
}

/** schema.GroupResource's String(): `deployments.apps`, `pods`. */
export function groupResource(kind: Kind): string {
  const { group, resource } = kindInfo(kind);
  return group === '' ? resource : `${resource}.${group}`;
}

export function isNamespaced(kind: Kind): boolean {
  return kindInfo(kind).namespaced;
}
