import { isKubesimError } from '@kubesim/core';
import { Command, CommanderError } from 'commander';
import { invariantsCommand } from './invariants.js';
import { BadInput, type Io, processIo } from './io.js';
import { replayCommand } from './replay.js';
import { runCommand } from './run.js';

/**
 * The `kubesim` command. Exit codes: 0 when every invariant holds, 1 when one is violated
 * (or a kubectl command in replay fails), 2 for bad input (a scenario, manifest, log or flag
 * that cannot be used), with one message naming the file, line and field.
 */
export function main(argv: readonly string[], io: Io = processIo()): number {
  const program = new Command('kubesim')
    .description('A deterministic simulator of the Kubernetes workload control plane.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  let code = 0;
  program
    .command('run')
    .description('Run a scenario file: its timeline, the kubectl output of its steps, the tables at the end, the invariants.')
    .argument('<file>', 'the scenario (YAML)')
    .option('--seed <seed>', "override the scenario's seed")
    .option('--until <duration>', 'override when the run ends (a Go duration: 90s, 5m)')
    .option('--control-plane <profile>', "override the scenario's control-plane timing profile: upstream or instant")
    .option('--log <path>', 'write the event log (JSONL) there, atomically')
    .option('--json', 'print one JSON object instead of the text report')
    .option('--report <path>', 'write an HTML report there (self-contained, works offline), atomically')
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
    if (
      e instanceof BadInput ||
      isKubesimError(e, 'E_SCENARIO') ||
      isKubesimError(e, 'E_USAGE') ||
      isKubesimError(e, 'E_REPLAY')
    ) {
      io.stderr.write(`kubesim: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  }
}
