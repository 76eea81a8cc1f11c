import type { CronJob, KubeObject } from '@kubesim/core';
import { flag, type ParsedArgs } from './args.js';
import type { KubectlContext } from './context.js';
import { dryRunOutcome } from './dryRun.js';
import { failed, type KubectlOutcome, wrote } from './outcome.js';

/**
 * `kubectl create cronjob NAME --image=IMG --schedule=S [--restart=R] [-- COMMAND...]` and
 * `kubectl create job NAME (--image=IMG [-- COMMAND...] | --from=cronjob/X)`, as
 * k8s.io/kubectl/pkg/cmd/create's create_cronjob.go and create_job.go build them.
 */

/** The words after `--`: the container's command. */
function commandOf(args: ParsedArgs): string[] {
  return args.dashAt === undefined ? [] : args.positionals.slice(args.dashAt);
}

/** NameFromCommandArgs: exactly one NAME before `--`. */
function nameOf(args: ParsedArgs): string | { error: string } {
  const names = args.positionals.slice(1, args.dashAt ?? args.positionals.length);
  if (names.length !== 1) {
    const verb = args.positionals[0] ?? '';
    return { error: `exactly one NAME is required, got ${names.length}\nSee 'kubectl create ${verb} -h' for help and examples` };
  }
  return names[0] as string;
}

/** --dry-run prints instead of sending; otherwise the create goes to the API server. */
function send(args: ParsedArgs, ctx: KubectlContext, obj: KubeObject, resource: string): KubectlOutcome {
  const name = obj.metadata.name ?? '';
  const dry = dryRunOutcome(args, obj, `${resource}/${name}`);
  if (dry !== undefined) return dry;
  const kind = obj.kind as 'Job' | 'CronJob';
  if (ctx.view.get(kind, ctx.namespace, name) !== undefined) {
    // create_job.go / create_cronjob.go wrap the API server's error.
    const what = kind === 'Job' ? 'job' : 'cronjob';
    return failed(`failed to create ${what}: ${what}s.batch ${JSON.stringify(name)} already exists`);
  }
  return wrote(
    `${resource}/${name} created\n`,
    { type: 'Create', object: { ...obj, metadata: { ...obj.metadata, namespace: ctx.namespace } } as KubeObject },
    `failed to create ${kind === 'Job' ? 'job' : 'cronjob'}`,
  );
}

function container(name: string, image: string, command: string[]) {
  return { ...(command.length > 0 ? { command } : {}), image, name, resources: {} };
}

export function createCronJob(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const image = flag(args, 'image');
  const schedule = flag(args, 'schedule');
  const missing = [image === undefined ? '"image"' : '', schedule === undefined ? '"schedule"' : ''].filter((x) => x);
  if (missing.length > 0) return failed(`required flag(s) ${missing.join(', ')} not set`);
  const name = nameOf(args);
  if (typeof name !== 'string') return failed(name.error);
  const restart = flag(args, 'restart') ?? 'OnFailure';
  const obj = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: {
      jobTemplate: {
        metadata: { name },
        spec: {
          template: {
            metadata: {},
            spec: { containers: [container(name, image as string, commandOf(args))], restartPolicy: restart },
          },
        },
      },
      schedule,
    },
    status: {},
  } as unknown as KubeObject;
  return send(args, ctx, obj, 'cronjob.batch');
}

export function createJob(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const name = nameOf(args);
  if (typeof name !== 'string') return failed(name.error);
  const image = flag(args, 'image');
  const from = flag(args, 'from');
  const command = commandOf(args);
  if ((image === undefined) === (from === undefined)) return failed('either --image or --from must be specified');
  if (command.length > 0 && from !== undefined) return failed('cannot specify --from and command');
  if (image !== undefined) {
    const obj = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name },
      spec: { template: { metadata: {}, spec: { containers: [container(name, image, command)], restartPolicy: 'Never' } } },
      status: {},
    } as unknown as KubeObject;
    return send(args, ctx, obj, 'job.batch');
  }
  const [resource, cronName] = (from as string).split('/');
  if (cronName === undefined || !['cronjob', 'cronjobs', 'cj', 'cronjob.batch', 'cronjobs.batch'].includes(resource ?? '')) {
    return failed(`from must be an existing cronjob`);
  }
  const cj = ctx.view.get('CronJob', ctx.namespace, cronName) as CronJob | undefined;
  if (cj === undefined) return failed(`Error from server (NotFound): cronjobs.batch ${JSON.stringify(cronName)} not found`);
  const template = cj.spec.jobTemplate;
  // createJobFromCronJob: the template's labels, its annotations plus the manual-run marker, and the CronJob as controller.
  const obj = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      annotations: { 'cronjob.kubernetes.io/instantiate': 'manual', ...(template.metadata?.annotations ?? {}) },
      ...(template.metadata?.labels !== undefined ? { labels: template.metadata.labels } : {}),
      ownerReferences: [
        { apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name, uid: cj.metadata.uid, controller: true },
      ],
    },
    spec: template.spec,
    status: {},
  } as unknown as KubeObject;
  return send(args, ctx, obj, 'job.batch');
}
