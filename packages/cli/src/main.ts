import { isKubesimError } from '@kubesim/core';
import { Argument, Command, CommanderError, Option } from 'commander';
import { checkCommand } from './check.js';
import { completionScript, SHELLS, type Shell } from './completion.js';
import { diffCommand } from './diff.js';
import { invariantsCommand } from './invariants.js';
import { BadInput, type Io, processIo } from './io.js';
import { replayCommand } from './replay.js';
import { PROFILES, runCommand } from './run.js';
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
  const debug = args.includes('--debug');
  const argv = args.filter((a) => a !== '--debug');
  try {
    return command(argv, io);
  } catch (e) {
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
}

function isBadInput(e: unknown): boolean {
  return (
    e instanceof BadInput || isKubesimError(e, 'E_SCENARIO') || isKubesimError(e, 'E_USAGE') || isKubesimError(e, 'E_REPLAY')
  );
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function command(argv: readonly string[], io: Io): number {
  const program = new Command('kubesim')
    .description('A deterministic simulator of the Kubernetes workload control plane.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .version(cliVersion(), '--version', 'print the version of kubesim');
  let code = 0;
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
    .option('--faults <profile>', 'the faults to inject: all (default), nodes, pods, none (only the seed varies)')
    .option('--max-faults <n>', 'at most this many faults per run (default 4)')
    .option('--out <path>', "where to write the counterexample (default FILE.counterexample.yaml, in the scenario's folder)")
    .option('--allow-path <dir>', 'let the scenario read files in this folder too (repeatable)', collect, [])
    .option('--max-file-size <size>', 'the largest file the run reads (bytes, or 64Mi, 1Gi; default 16Mi)')
    .option('--controllers <file>', CONTROLLERS_HELP)
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
