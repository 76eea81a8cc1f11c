import { isKubesimError } from '@kubesim/core';
import { Argument, Command, CommanderError, Option } from 'commander';
import { CHECK_FAULTS_HELP, checkCommand } from './check.js';
import { completionScript, SHELLS, type Shell } from './completion.js';
import { diffCommand } from './diff.js';
import { invariantsCommand } from './invariants.js';
import { BadInput, type Io, processIo } from './io.js';
import { replayCommand } from './replay.js';
import { PROFILES, runCommand } from './run.js';
import { sweepCommand } from './sweep.js';
import { mergeCommand } from './sweepMerge.js';
import { cliVersion } from './version.js';

/**
 * The `kubesim` command. Exit codes, always: 0 when every invariant holds, 1 when one is
 * violated or a bound stopped the run (or a kubectl command in replay fails), 2 for bad input
 * (a scenario, manifest, log, flag or output path that cannot be used), with one message
 * naming the file, line and field; 3 for an internal error: one line, and the stack only
 * with `--debug` (anywhere on the command line).
 */
const CONTROLLERS_HELP =
  'a JS/TS module whose controllers replace the defaults of the same name, or are added (your own, or a modified built-in one)';

/** A repeatable option's values, in order. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function main(args: readonly string[], io: Io = processIo()): number {
  const code = dispatch(args, io);
  if (typeof code === 'number') return code;
  void code.catch(() => 3);
  return failure(new Error('sweep --jobs N (N > 1) finishes later: call mainAsync'), false, io);
}

/** `main` for every command, `sweep` on a pool of threads included (it finishes later): what the executable runs. */
export async function mainAsync(args: readonly string[], io: Io = processIo()): Promise<number> {
  return dispatch(args, io);
}

function dispatch(args: readonly string[], io: Io): number | Promise<number> {
  const debug = args.includes('--debug');
  const argv = args.filter((a) => a !== '--debug');
  try {
    const code = command(argv, io);
    // Errors of a sweep on a pool of threads are told the same way, when they come.
    return typeof code === 'number' ? code : code.catch((e: unknown) => failure(e, debug, io));
  } catch (e) {
    return failure(e, debug, io);
  }
}

function failure(e: unknown, debug: boolean, io: Io): number {
  if (isBadInput(e)) {
    io.stderr.write(`kubesim: ${(e as Error).message}\n`);
    return 2;
  }
  const message = e instanceof Error ? e.message : String(e);
  io.stderr.write(
    debug
      ? `kubesim: internal error: ${e instanceof Error ? (e.stack ?? message) : message}\n`
      : `kubesim: internal error: ${firstLine(message)} (run again with --debug for the stack)\n`,
  );
  return 3;
}

function isBadInput(e: unknown): boolean {
  return (
    e instanceof BadInput || isKubesimError(e, 'E_SCENARIO') || isKubesimError(e, 'E_USAGE') || isKubesimError(e, 'E_REPLAY')
  );
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function command(argv: readonly string[], io: Io): number | Promise<number> {
  const program = new Command('kubesim')
    .description('A deterministic simulator of the Kubernetes workload control plane.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .version(cliVersion(), '--version', 'print the version of kubesim');
  let code: number | Promise<number> = 0;
  program
    .option('--debug', 'on an internal error, print its stack')
    .command('run')
    .description('Run a scenario file: its timeline, the kubectl output of its steps, the tables at the end, the invariants.')
    .argument('<file>', 'the scenario (YAML); - reads it from standard input (its paths then relative to the cwd)')
    .option('--seed <seed>', "override the scenario's seed")
    .option('--until <duration>', 'override when the run ends (a Go duration: 90s, 5m)')
    .option('--control-plane <profile>', "override the scenario's control-plane timing profile: upstream or instant")
    .option('--log <path>', 'write the event log (JSONL) there, atomically: a regular file, not an input of the run')
    .option('--json', 'print one JSON object instead of the text report')
    .option('--allow-path <dir>', 'let the scenario read files in this folder too (repeatable)', collect, [])
    .option('--max-file-size <size>', 'the largest file the run reads (bytes, or 64Mi, 1Gi; default 16Mi)')
    .addOption(new Option('--quiet', "print only the invariants' verdicts").conflicts('json'))
    .option('--report <path>', 'write an HTML report there (self-contained, works offline), atomically')
    .option('--controllers <file>', CONTROLLERS_HELP)
    .action((file: string, flags) => {
      code = runCommand(file, flags, io);
    });
  program
    .command('replay')
    .description('Rebuild the state from an event log; optionally show it with get, describe, rollout status|history or events.')
    .argument('<log>', 'an event log written by run --log')
    .argument(
      '[command...]',
      'a read-only kubectl command: get KIND [NAME] [-l SEL] [-o wide|yaml|json], describe KIND/NAME, ...',
    )
    .option('--at <duration>', 'the state at this simulated time')
    .option('--json', 'print events and stateHash as JSON')
    .option('--report <path>', "write the run's HTML report there, from the log alone")
    .option('--partial', 'read a log without its trailer (a run that was stopped, a copy cut off), saying it is partial')
    .option('--to-event <n>', 'the state right after the log entry with this number (0 is the Start)')
    .option('--to-violation', "the state at the first invariant violation, re-checking the library's invariants at every entry")
    .option('--invariants <names>', 'with --to-violation: the invariants to check, comma-separated (default all)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action((log: string, command: string[], flags) => {
      code = replayCommand(log, flags, command, io);
    });
  program
    .command('check')
    .description(
      'Run a scenario under random seeds and fault schedules until an invariant breaks; shrink it and write the counterexample as a scenario file.',
    )
    .argument('<file>', 'the scenario (YAML)')
    .option('--runs <n>', 'how many runs at most (default 100)')
    .option('--seed <n>', "fast-check's seed: the same seed tries the same variations")
    .option(
      '--faults <profile>',
      'the faults to inject: all (default), nodes, pods, control-plane, none (only the seed varies), or a comma list of profiles and fault kinds',
    )
    .option('--max-faults <n>', 'at most this many faults per run (default 4)')
    .option('--max-shrinks <n>', 'at most this many shrinking runs after the first failure (default: until it is minimal)')
    .option('--no-liveness', 'do not check eventually-stable (on by default: every run must settle after its last input)')
    .option('--same-outcome', 'also compare each settled run with the run without faults (same-outcome)')
    .option('--out <path>', "where to write the counterexample (default FILE.counterexample.yaml, in the scenario's folder)")
    .option('--allow-path <dir>', 'let the scenario read files in this folder too (repeatable)', collect, [])
    .option('--max-file-size <size>', 'the largest file the run reads (bytes, or 64Mi, 1Gi; default 16Mi)')
    .option('--controllers <file>', CONTROLLERS_HELP)
    .addHelpText('after', CHECK_FAULTS_HELP)
    .action((file: string, flags) => {
      code = checkCommand(file, flags, io);
    });
  program
    .command('diff')
    .description('Where two runs part: the first event on which two logs differ, and the objects that differ after it.')
    .argument('<logA>', 'an event log written by run --log')
    .argument('<logB>', 'another')
    .action((a: string, b: string) => {
      code = diffCommand(a, b, io);
    });
  program
    .command('sweep')
    .description(
      'Run a scenario over a grid of parameters times seeds, on all cores: results as JSON Lines, a summary table; `sweep merge` joins shards.',
    )
    .argument('<file>', 'the scenario (YAML); or `merge`, then the results files to join')
    .argument('[files...]', "with merge: the shards' results files")
    .option(
      '--param <path=values>',
      'a field and its values: cluster.nodes=3,5 or Deployment/NAME:spec.replicas=3,10 (repeatable)',
      collect,
      [],
    )
    .option('--seeds <n>', 'runs per combination, seeds <seed>-0 ... <seed>-(n-1) (default 1)')
    .option('--seed <seed>', "the base seed (default: the scenario's)")
    .option('--jobs <n>', 'worker threads (default: the available cores; 1 runs in this thread)')
    .option('--out <path>', 'the results file (default: FILE.sweep.jsonl beside the scenario)')
    .option('--report <path>', 'write an HTML page of the distributions there')
    .option('--shard <i/n>', 'run only shard i of n (0 ≤ i < n): every n-th run from the i-th')
    .option('--resume', 'continue an interrupted sweep: skip the runs already in OUT.partial (or OUT)')
    .option('--emit-job', 'print a Kubernetes Indexed Job that runs the sweep on a cluster, one shard per index')
    .option('--shards <n>', 'with --emit-job: the number of shards (completions; default 4)')
    .option('--image <image>', 'with --emit-job: an image with kubesim on its PATH')
    .option(
      '--input-config-map <name>',
      'with --emit-job: the ConfigMap holding the scenario and its files (default kubesim-sweep-input)',
    )
    .option('--results-claim <name>', 'with --emit-job: the PersistentVolumeClaim for results (default kubesim-sweep-results)')
    .option('--allow-path <dir>', 'let the scenario read files in this folder too (repeatable)', collect, [])
    .option('--max-file-size <size>', 'the largest file the run reads (bytes, or 64Mi, 1Gi; default 16Mi)')
    .action((file: string, files: string[], flags) => {
      if (file === 'merge') code = mergeCommand(files, flags, io);
      else if (files.length > 0) throw new BadInput(`sweep: one scenario at a time (got ${files.length + 1} files)`);
      else code = sweepCommand(file, flags, io);
    });
  program
    .command('invariants')
    .description('List the invariant library: what each promises, and the upstream code it rests on.')
    .option('--json', 'print them as a JSON array')
    .action((flags) => {
      code = invariantsCommand(flags, io);
    });
  program
    .command('completion')
    .description('Print a shell completion script: source <(kubesim completion bash)')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .action((shell: Shell) => {
      io.stdout.write(completionScript(program, shell, { '--control-plane': PROFILES }));
    });
  try {
    program.parse(argv as string[], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
}
