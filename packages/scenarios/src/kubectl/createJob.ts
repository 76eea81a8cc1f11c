import type { KubeObject } from '@kubesim/core';
import { toJson, toYaml } from '../printers/apiform.js';
import { flag, type ParsedArgs } from './args.js';
import type { KubectlContext } from './context.js';
import { failed, type KubectlOutcome, printed, wrote } from './outcome.js';

/**
 * `kubectl create job NAME --image=IMAGE [-- COMMAND [ARGS...]]` (kubectl's create_job.go):
 * one container named after the Job, the command after `--`, restartPolicy Never.
 */
export function createJob(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const name = args.positionals[1];
  if (name === undefined) return failed('NAME is required for job');
  if (flag(args, 'from') !== undefined) return failed("kubesim's kubectl create job does not support --from");
  const image = flag(args, 'image');
  if (image === undefined) return failed('--image must be specified');
  const command = args.dashAt !== undefined ? args.positionals.slice(args.dashAt) : [];
  const container = { ...(command.length > 0 ? { command } : {}), image, name, resources: {} };
  // Field order and the empty objects are what kubectl's generator writes.
  const obj = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { template: { metadata: {}, spec: { containers: [container], restartPolicy: 'Never' } } },
    status: {},
  } as unknown as KubeObject;
  const dryRun = flag(args, 'dry-run');
  const output = flag(args, 'output');
  if (dryRun !== undefined && dryRun !== 'none') {
    if (output === 'yaml') return printed(toYaml(obj));
    if (output === 'json') return printed(toJson(obj));
    return printed(`job.batch/${name} created (${dryRun === 'server' ? 'server dry run' : 'dry run'})\n`);
  }
  if (ctx.view.get('Job', ctx.namespace, name) !== undefined) {
    return failed(`failed to create job: jobs.batch ${JSON.stringify(name)} already exists`);
  }
  const withNs = { ...obj, metadata: { ...obj.metadata, namespace: ctx.namespace } } as KubeObject;
  return wrote(`job.batch/${name} created\n`, { type: 'Create', object: withNs });
}
