import { type ClusterView, type KubeObject, KubesimError, type Millis, type RandomStream } from '@kubesim/core';
import { ArgError, bool, type FlagSpec, flag, type ParsedArgs, parseArgs } from './args.js';
import { AUTOSCALE_FLAGS, autoscale } from './autoscale.js';
import type { KubectlContext } from './context.js';
import { describe } from './describe.js';
import { DRAIN_FLAGS, drain } from './drain.js';
import { EXEC_FLAGS, exec, RUN_FLAGS, run } from './exec.js';
import { events, GET_FLAGS, get } from './get.js';
import { LOGS_FLAGS, logs } from './logs.js';
import { apply, create } from './manifests.js';
import { cordon, del, label, patch, scale } from './mutate.js';
import { failed, type KubectlOutcome } from './outcome.js';
import { ResourceError } from './resources.js';
import { ROLLOUT_FLAGS, rollout } from './rollout/command.js';
import { setImage, setResources } from './set.js';
import { TAINT_FLAGS, taint } from './taint.js';
import { tokenize } from './tokenize.js';
import { TOP_FLAGS, top } from './top.js';

/**
 * One kubectl command line, as a user types it (with or without the leading `kubectl`),
 * run against the cluster at the step's time. What it prints and the writes it sends come
 * back as a KubectlOutcome; it never changes the state itself.
 */

interface Verb {
  readonly flags: FlagSpec;
  run(args: ParsedArgs, ctx: KubectlContext, line: string): KubectlOutcome;
}

const RECORD = { booleans: ['record'] } as const;

const VERBS: Readonly<Record<string, Verb>> = {
  // --validate takes an optional value (`--validate` alone is strict): a boolean flag keeps `=value`.
  apply: { flags: { values: ['filename'], booleans: ['record', 'validate'], short: { f: 'filename' } }, run: apply },
  create: {
    flags: {
      values: ['filename', 'image', 'replicas', 'port', 'dry-run', 'output', 'schedule', 'restart', 'from', 'hard', 'scopes'],
      booleans: ['record', 'save-config', 'validate'],
      short: { f: 'filename', o: 'output' },
    },
    run: create,
  },
  get: { flags: GET_FLAGS, run: get },
  autoscale: { flags: AUTOSCALE_FLAGS, run: autoscale },
  describe: { flags: { values: ['selector'], short: { l: 'selector' } }, run: describe },
  events: { flags: { values: ['for'], booleans: ['all-namespaces'], short: { A: 'all-namespaces' } }, run: events },
  scale: {
    flags: { values: ['replicas', 'current-replicas', 'filename'], booleans: ['record'], short: { f: 'filename' } },
    run: scale,
  },
  set: {
    flags: {
      values: ['filename', 'containers', 'limits', 'requests'],
      booleans: [...RECORD.booleans, 'all'],
      short: { f: 'filename', c: 'containers' },
    },
    run: (args, ctx, line) => {
      const [what, ...rest] = args.positionals;
      // Nothing silent: the flags kubesim's set does not act on are refused, not ignored.
      if (bool(args, 'all')) return failed("kubesim's kubectl set does not support --all: name the objects");
      if (flag(args, 'filename') !== undefined) return failed("kubesim's kubectl set does not support -f: name the objects");
      if (what === 'image') return setImage({ ...args, positionals: rest }, ctx, line, bool(args, 'record'));
      if (what === 'resources') return setResources({ ...args, positionals: rest }, ctx);
      return failed(`kubesim's kubectl set supports "image" and "resources", not ${JSON.stringify(what ?? '')}`);
    },
  },
  patch: { flags: { values: ['patch', 'type'], booleans: ['record'], short: { p: 'patch' } }, run: patch },
  label: { flags: { booleans: ['overwrite'] }, run: label },
  delete: {
    flags: {
      values: ['cascade', 'grace-period', 'filename', 'timeout', 'selector'],
      booleans: ['force', 'wait', 'now', 'all'],
      short: { f: 'filename', l: 'selector' },
    },
    run: del,
  },
  rollout: { flags: ROLLOUT_FLAGS, run: rollout },
  cordon: { flags: {}, run: (args, ctx) => cordon(args, ctx, true) },
  uncordon: { flags: {}, run: (args, ctx) => cordon(args, ctx, false) },
  drain: { flags: DRAIN_FLAGS, run: drain },
  taint: { flags: TAINT_FLAGS, run: taint },
  exec: { flags: EXEC_FLAGS, run: exec },
  run: { flags: RUN_FLAGS, run },
  logs: { flags: LOGS_FLAGS, run: logs },
  top: { flags: TOP_FLAGS, run: top },
};

/** The kubectl verbs kubesim runs, sorted. */
export const SUPPORTED_VERBS: readonly string[] = Object.keys(VERBS).sort();

/** What a kubectl command runs against: the cluster's view, the time, the default namespace, how to read `-f` files, and a random stream. */
export interface KubectlOptions {
  readonly view: ClusterView;
  readonly now: Millis;
  /** The namespace of kubectl's context; `-n` overrides it. Default `default`. */
  readonly namespace?: string;
  /** Reads the objects of a `-f` file (the scenario's folder is the working directory). */
  readonly readFile: (path: string) => KubeObject[];
  readonly random: RandomStream;
}

/** Splits `kubectl VERB ...` into the verb and its arguments; throws E_USAGE for an unknown verb. */
export function parseCommand(line: string): { verb: string; tokens: string[] } {
  const tokens = tokenize(line);
  if (tokens[0] === 'kubectl') tokens.shift();
  const verb = tokens.shift();
  if (verb === undefined) throw new KubesimError('E_USAGE', 'an empty kubectl command');
  if (!(verb in VERBS)) {
    throw new KubesimError(
      'E_USAGE',
      `unknown kubectl command ${JSON.stringify(verb)}; kubesim supports: ${SUPPORTED_VERBS.join(', ')}`,
    );
  }
  return { verb, tokens };
}

/** Runs one command line. Bad arguments come back as kubectl's error, not as an exception. */
export function kubectl(line: string, opts: KubectlOptions): KubectlOutcome {
  const { verb, tokens } = parseCommand(line);
  const spec = VERBS[verb] as Verb;
  try {
    const args = parseArgs(tokens, spec.flags);
    const ctx: KubectlContext = {
      view: opts.view,
      now: opts.now,
      namespace: flag(args, 'namespace') ?? opts.namespace ?? 'default',
      readFile: opts.readFile,
      random: opts.random,
    };
    const outcome = spec.run(args, ctx, `kubectl ${tokens.length > 0 ? `${verb} ${tokens.join(' ')}` : verb}`);
    if (bool(args, 'record')) {
      return {
        ...outcome,
        stderr: `Flag --record has been deprecated, --record will be removed in the future\n${outcome.stderr ?? ''}`,
      };
    }
    return outcome;
  } catch (e) {
    if (e instanceof ArgError || e instanceof ResourceError) return failed(e.message);
    throw e;
  }
}
