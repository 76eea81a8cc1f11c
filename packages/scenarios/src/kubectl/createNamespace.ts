import type { KubeObject } from '@kubesim/core';
import type { ParsedArgs } from './args.js';
import type { KubectlContext } from './context.js';
import { dryRunOutcome } from './dryRun.js';
import { failed, type KubectlOutcome, wrote } from './outcome.js';

/**
 * `kubectl create namespace NAME [--dry-run=client -o yaml]`, as k8s.io/kubectl/pkg/cmd/create/
 * create_namespace.go builds it. The API server's refusals (AlreadyExists, an invalid name)
 * are printed as kubectl prints them.
 */
export function createNamespace(args: ParsedArgs, _ctx: KubectlContext): KubectlOutcome {
  const names = args.positionals.slice(1, args.dashAt ?? args.positionals.length);
  const name = names[0];
  if (names.length !== 1 || name === undefined) {
    return failed(`exactly one NAME is required, got ${names.length}\nSee 'kubectl create namespace -h' for help and examples`);
  }
  // createNamespace's object: TypeMeta, the name, and empty spec and status.
  const obj = { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, spec: {}, status: {} } as unknown as KubeObject;
  const dry = dryRunOutcome(args, obj, `namespace/${name}`);
  if (dry !== undefined) return dry;
  return wrote(`namespace/${name} created\n`, { type: 'Create', object: obj });
}
