import type { KubeObject } from '@kubesim/core';
import { toJson, toYaml } from '../printers/apiform.js';
import { flag, type ParsedArgs } from './args.js';
import { type KubectlOutcome, printed } from './outcome.js';

/**
 * A `kubectl create` form's --dry-run: the object it built, printed (`-o yaml|json`) or named
 * (`deployment.apps/web created (dry run)`), instead of sent. Undefined when it is no dry run.
 */
export function dryRunOutcome(args: ParsedArgs, obj: KubeObject, resourceName: string): KubectlOutcome | undefined {
  const dryRun = flag(args, 'dry-run');
  if (dryRun === undefined || dryRun === 'none') return undefined;
  const output = flag(args, 'output');
  if (output === 'yaml') return printed(toYaml(obj));
  if (output === 'json') return printed(toJson(obj));
  return printed(`${resourceName} created (${dryRun === 'server' ? 'server dry run' : 'dry run'})\n`);
}
