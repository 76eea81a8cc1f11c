import { type KubeObject, parseQuantity } from '@kubesim/core';
import { flag, type ParsedArgs } from './args.js';
import type { KubectlContext } from './context.js';
import { dryRunOutcome } from './dryRun.js';
import { failed, type KubectlOutcome, wrote } from './outcome.js';

/**
 * `kubectl create quota NAME [--hard=key1=value1,...] [--scopes=Scope1,...] [--dry-run=client
 * -o yaml]`, as k8s.io/kubectl/pkg/cmd/create/create_quota.go builds it: the scopes are not
 * checked (the API server does that); an API error is wrapped as `failed to create quota: ...`.
 */

/** populateResourceListV1: `name=quantity` pairs; a bad pair or quantity ends the command. */
function resourceList(spec: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const statement of spec.split(',')) {
    const parts = statement.split('=');
    if (parts.length !== 2) return `Invalid argument syntax ${statement}, expected <resource>=<value>`;
    const [name, value] = parts as [string, string];
    try {
      parseQuantity(value);
    } catch (e) {
      return (e as Error).message;
    }
    out[name] = value;
  }
  return out;
}

export function createQuota(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const names = args.positionals.slice(1, args.dashAt ?? args.positionals.length);
  const name = names[0];
  if (names.length !== 1 || name === undefined) {
    return failed(`exactly one NAME is required, got ${names.length}\nSee 'kubectl create quota -h' for help and examples`);
  }
  const hardFlag = flag(args, 'hard') ?? '';
  const hard = hardFlag === '' ? undefined : resourceList(hardFlag);
  if (typeof hard === 'string') return failed(hard);
  const scopesFlag = flag(args, 'scopes') ?? '';
  const scopes = scopesFlag === '' ? undefined : scopesFlag.split(',');
  if (scopes?.includes('')) return failed('invalid resource quota scope ""');
  // createQuota's object: TypeMeta, the name, the spec, an empty status.
  const spec = { ...(hard !== undefined ? { hard } : {}), ...(scopes !== undefined ? { scopes } : {}) };
  const obj = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name }, spec, status: {} } as unknown as KubeObject;
  const dry = dryRunOutcome(args, obj, `resourcequota/${name}`);
  if (dry !== undefined) return dry;
  const placed = { ...obj, metadata: { name, namespace: ctx.namespace } } as KubeObject;
  return wrote(`resourcequota/${name} created\n`, { type: 'Create', object: placed }, 'failed to create quota');
}
