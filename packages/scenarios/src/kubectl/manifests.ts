import { applyPatch, deepEqual, type Kind, type KubeObject, kindInfo, LAST_APPLIED } from '@kubesim/core';
import { type FieldValidation, type Validated, validateFields, validationDirective } from '../scenario/fieldValidation.js';
import { bool, flag, flagAll, intFlag, type ParsedArgs } from './args.js';
import type { KubectlContext } from './context.js';
import { createCronJob, createJob } from './createJob.js';
import { createNamespace } from './createNamespace.js';
import { createQuota } from './createQuota.js';
import { dryRunOutcome } from './dryRun.js';
import {
  genericResourceName,
  isGenericObject,
  liveGeneric,
  mappingNotFound,
  mappingOf,
  placedGeneric,
} from './genericTargets.js';
import { failed, type KubectlOutcome, type KubectlWrite, wrote } from './outcome.js';
import { resourceName } from './resources.js';

/** kubectl apply -f, create -f and create deployment. */

function namespaced(obj: KubeObject, ns: string): KubeObject {
  if (!kindInfo(obj.kind as Kind).namespaced || obj.metadata?.namespace) return obj;
  return { ...obj, metadata: { ...obj.metadata, namespace: ns } } as KubeObject;
}

function filesOf(args: ParsedArgs): string[] | string {
  const files = flagAll(args, 'filename');
  return files.length === 0 ? 'must specify one of -f and -k' : files;
}

/**
 * `kubectl apply -f`: created, configured, or unchanged when kubectl would send no patch.
 */
export function apply(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const files = filesOf(args);
  if (typeof files === 'string') return failed(files);
  const directive = validationDirective(flag(args, 'validate'));
  if (typeof directive !== 'string') return failed(directive.error);
  let stdout = '';
  let stderr = '';
  const writes: KubectlWrite[] = [];
  const errors: string[] = [];
  // ApplyOptions.Run gets every object (and every mapping error) before it sends any: the
  // mapping errors come first, then the server's, each object's in file order.
  const mappingErrors: string[] = [];
  for (const file of files) {
    for (const read of ctx.readFile(file)) {
      if (isGenericObject(read) && mappingOf(ctx, read) === undefined) {
        mappingErrors.push(`error: ${mappingNotFound(read, read.metadata?.namespace ?? '', file)}`);
        continue;
      }
      const checked = validated(read, directive, file, errors);
      if (checked === undefined) continue;
      stderr += checked.warnings;
      const raw = checked.object;
      if (isGenericObject(raw)) {
        const g = applyGeneric(raw, file, ctx);
        if (g.error !== undefined) errors.push(`error: ${g.error}`);
        else if (g.stdout !== undefined) stdout += g.stdout;
        else if (g.write !== undefined) writes.push(g.write);
        continue;
      }
      const obj = namespaced(raw, ctx.namespace);
      const kind = obj.kind as Kind;
      const live = ctx.view.get(kind, obj.metadata.namespace, obj.metadata.name ?? '');
      const name = resourceName(kind, obj.metadata.name ?? '');
      const lastApplied = live?.metadata.annotations?.[LAST_APPLIED];
      // The three-way patch is empty only when the manifest is the one last applied and the live
      // object still has every field it sets (a `kubectl scale` since then makes it `configured`).
      if (live !== undefined && lastApplied === JSON.stringify(obj) && deepEqual(applyPatch(live, 'strategic', obj), live)) {
        stdout += `${name} unchanged\n`;
        continue;
      }
      if (live !== undefined && lastApplied === undefined) stderr += missingLastApplied(kind, obj.metadata.name ?? '');
      writes.push({
        event: { type: 'Apply', object: obj },
        printed: `${name} ${live === undefined ? 'created' : 'configured'}\n`,
        ...(live === undefined ? { createdFrom: file } : {}),
      });
    }
  }
  return { stdout, ...(stderr ? { stderr } : {}), writes, ...refused([...mappingErrors, ...errors]) };
}

/**
 * An object as the server takes it under the step's --validate: it refuses (Strict) or drops
 * (Warn, Ignore) the fields the kind's schema does not declare. A refusal goes to `errors`.
 */
function validated(object: KubeObject, directive: FieldValidation, file: string, errors: string[]): Validated | undefined {
  const checked = validateFields(object, directive, file);
  if (checked.error === undefined) return checked;
  errors.push(checked.error);
  return undefined;
}

/** Objects the server refused: kubectl goes on with the others and prints the errors last. */
function refused(errors: readonly string[]): Pick<KubectlOutcome, 'error' | 'errorVerbatim'> {
  return errors.length === 0 ? {} : { error: errors.join('\n'), errorVerbatim: true };
}

/** `kubectl apply` of one object of a kind kubesim stores generically. */
function applyGeneric(
  raw: KubeObject,
  file: string,
  ctx: KubectlContext,
): { error?: string; stdout?: string; write?: KubectlWrite } {
  const s = mappingOf(ctx, raw);
  if (s === undefined) return { error: mappingNotFound(raw, raw.metadata?.namespace ?? '', file) };
  const obj = placedGeneric(raw, s, ctx.namespace);
  const live = liveGeneric(ctx, s, obj);
  const name = genericResourceName(s, obj.metadata.name ?? '');
  if (live !== undefined && live.metadata.annotations?.[LAST_APPLIED] === JSON.stringify(obj))
    return { stdout: `${name} unchanged\n` };
  return {
    write: {
      event: { type: 'Apply', object: obj },
      printed: `${name} ${live === undefined ? 'created' : 'configured'}\n`,
      ...(live === undefined ? { createdFrom: file } : {}),
    },
  };
}

/** apply.go's warningNoLastAppliedConfigAnnotation, for an object made by create or the API. */
function missingLastApplied(kind: Kind, name: string): string {
  return (
    `Warning: resource ${kindInfo(kind).resource}/${name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. ` +
    'kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. ' +
    'The missing annotation will be patched automatically.\n'
  );
}

function createFromFiles(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const files = filesOf(args);
  if (typeof files === 'string') return failed(files);
  const directive = validationDirective(flag(args, 'validate'));
  if (typeof directive !== 'string') return failed(directive.error);
  const stdout = '';
  let stderr = '';
  const writes: KubectlWrite[] = [];
  const errors: string[] = [];
  for (const file of files) {
    for (const read of ctx.readFile(file)) {
      // RunCreate visits with ContinueOnError: an object that fails is reported at the end and
      // the others are still created.
      if (isGenericObject(read) && mappingOf(ctx, read) === undefined) {
        errors.push(`error: ${mappingNotFound(read, read.metadata?.namespace ?? '', file)}`);
        continue;
      }
      const checked = validated(read, directive, file, errors);
      if (checked === undefined) continue;
      stderr += checked.warnings;
      if (isGenericObject(checked.object)) {
        const s = mappingOf(ctx, checked.object);
        if (s === undefined) continue;
        const obj = placedGeneric(checked.object, s, ctx.namespace);
        writes.push({
          event: { type: 'Create', object: obj },
          printed: `${genericResourceName(s, obj.metadata.name ?? '')} created\n`,
          createdFrom: file,
        });
        continue;
      }
      const obj = namespaced(checked.object, ctx.namespace);
      const kind = obj.kind as Kind;
      const name = obj.metadata.name ?? '';
      // A name already taken is the server's answer (AlreadyExists), after its admission: a
      // full quota refuses first.
      writes.push({
        event: { type: 'Create', object: obj },
        printed: `${resourceName(kind, name)} created\n`,
        createdFrom: file,
      });
    }
  }
  return { stdout, ...(stderr ? { stderr } : {}), writes, ...refused(errors) };
}

/**
 * The container name `kubectl create deployment` derives from an image: the last path
 * element without tag or digest; one with `.` or `_` gets them turned to `-` and a random
 * suffix, as kubectl does to keep it a DNS label.
 */
function containerName(image: string, ctx: KubectlContext): string {
  const last = image.split('/').at(-1) ?? image;
  const base = last.split('@')[0]?.split(':')[0] ?? last;
  if (!/[._]/.test(base)) return base;
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += alphabet[ctx.random.int(alphabet.length)];
  return `${base.replace(/[._]/g, '-')}-${suffix}`;
}

/** `kubectl create deployment NAME --image=IMG [--replicas=N] [--port=P] [--dry-run=client -o yaml]`. */
function createDeployment(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  // NameFromCommandArgs: exactly one NAME (before any `--`), a usage error otherwise.
  const names = args.positionals.slice(1, args.dashAt ?? args.positionals.length);
  const name = names[0];
  if (names.length !== 1 || name === undefined) {
    return failed(`exactly one NAME is required, got ${names.length}\nSee 'kubectl create deployment -h' for help and examples`);
  }
  const images = flagAll(args, 'image');
  if (images.length === 0) return failed('required flag(s) "image" not set');
  // --replicas is an Int32Var: pflag refuses what strconv.ParseInt(s, 0, 32) cannot read.
  const replicas = intFlag(args, 'replicas', 1);
  if (typeof replicas === 'string') return failed(replicas);
  if (replicas > 2 ** 31 - 1 || replicas < -(2 ** 31)) {
    const text = JSON.stringify(flag(args, 'replicas'));
    return failed(`invalid argument ${text} for "--replicas" flag: strconv.ParseInt: parsing ${text}: value out of range`);
  }
  const port = flag(args, 'port');
  const labels = { app: name };
  const containers = images.map((image) => ({
    image,
    name: containerName(image, ctx),
    ...(port !== undefined ? { ports: [{ containerPort: Number(port) }] } : {}),
    resources: {},
  }));
  // Field order and the empty objects are what kubectl's generator writes (v1.33+: no creationTimestamp).
  const obj = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { labels, name },
    spec: { replicas, selector: { matchLabels: labels }, strategy: {}, template: { metadata: { labels }, spec: { containers } } },
    status: {},
  } as unknown as KubeObject;
  const dry = dryRunOutcome(args, obj, `deployment.apps/${name}`);
  if (dry !== undefined) return dry;
  if (ctx.view.get('Deployment', ctx.namespace, name) !== undefined) {
    return failed(`failed to create deployment: deployments.apps ${JSON.stringify(name)} already exists`);
  }
  return wrote(
    `deployment.apps/${name} created\n`,
    { type: 'Create', object: namespaced(obj, ctx.namespace) },
    'failed to create deployment',
  );
}

/**
 * The value flags each `create` form has of those kubesim's parser takes for all of them
 * (cobra does not share a subcommand's flags): another is refused as kubectl refuses it.
 */
const CREATE_FLAGS: Readonly<Record<string, readonly string[]>> = {
  deployment: ['image', 'replicas', 'port'],
  cronjob: ['image', 'schedule', 'restart'],
  job: ['image', 'from'],
  namespace: [],
  quota: ['hard', 'scopes'],
};
const CREATE_ALIASES: Readonly<Record<string, string>> = {
  deploy: 'deployment',
  cj: 'cronjob',
  ns: 'namespace',
  resourcequota: 'quota',
};
const FORM_FLAGS = new Set(Object.values(CREATE_FLAGS).flat());

function unknownCreateFlag(args: ParsedArgs): string | undefined {
  const first = args.positionals[0] ?? '';
  const form = CREATE_ALIASES[first] ?? first;
  const allowed = CREATE_FLAGS[form] ?? ['filename'];
  for (const name of args.flags.keys()) {
    if ((FORM_FLAGS.has(name) || name === 'filename') && !allowed.includes(name)) return `unknown flag: --${name}`;
  }
  return undefined;
}

export function create(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const unknown = unknownCreateFlag(args);
  if (unknown !== undefined) return failed(unknown);
  if (args.positionals[0] === 'deployment' || args.positionals[0] === 'deploy') return createDeployment(args, ctx);
  if (args.positionals[0] === 'cronjob' || args.positionals[0] === 'cj') return createCronJob(args, ctx);
  if (args.positionals[0] === 'job') return createJob(args, ctx);
  if (args.positionals[0] === 'namespace' || args.positionals[0] === 'ns') return createNamespace(args, ctx);
  if (args.positionals[0] === 'quota' || args.positionals[0] === 'resourcequota') return createQuota(args, ctx);
  if (args.positionals.length === 0 || bool(args, 'filename') || flagAll(args, 'filename').length > 0)
    return createFromFiles(args, ctx);
  return failed(
    `kubesim's kubectl create supports -f FILE, "deployment NAME --image=IMAGE", "cronjob NAME --image=IMAGE --schedule=SCHEDULE" "job NAME (--image=IMAGE | --from=cronjob/NAME)", "namespace NAME" and "quota NAME [--hard=R=Q,...] [--scopes=S,...]", not ${JSON.stringify(args.positionals[0])}`,
  );
}
