import { isKubesimError } from '@kubesim/core';
import { Command, CommanderError } from 'commander';
import { invariantsCommand } from './invariants.js';
import { BadInput, type Io, processIo } from './io.js';
import { replayCommand } from './replay.js';
import { runCommand } from './run.js';

/**
 * The `kubesim` command. Exit codes, always: 0 when every invariant holds, 1 when one is
 * violated or a bound stopped the run (or a kubectl command in replay fails), 2 for bad input
 * (a scenario, manifest, log, flag or output path that cannot be used), with one message
 * naming the file, line and field; 3 for an internal error: one line, and the stack only
 * with `--debug` (anywhere on the command line).
 */
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
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  let code = 0;
  program
    .option('--debug', 'on an internal error, print its stack')
    .command('run')
    .description('Run a scenario file: its timeline, the kubectl output of its steps, the tables at the end, the invariants.')
    .argument('<file>', 'the scenario (YAML)')
    .option('--seed <seed>', "override the scenario's seed")
    .option('--until <duration>', 'override when the run ends (a Go duration: 90s, 5m)')
    .option('--control-plane <profile>', "override the scenario's control-plane timing profile: upstream or instant")
    .option('--log <path>', 'write the event log (JSONL) there, atomically: a regular file, not an input of the run')
    .option('--json', 'print one JSON object instead of the text report')
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
    .option('--partial', 'read a log without its trailer (a run that was stopped, a copy cut off), saying it is partial')
    .allowUnknownOption()
    .allowExcessArguments()
    .action((log: string, command: string[], flags) => {
      code = replayCommand(log, flags, command, io);
    });
  program
    .command('invariants')
    .description('List the invariant library: what each promises, and the upstream code it rests on.')
    .option('--json', 'print them as a JSON array')
    .action((flags) => {
      code = invariantsCommand(flags, io);
    });
  try {
    program.parse(argv as string[], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
}
