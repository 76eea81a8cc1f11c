import { spawn } from 'node:child_process';
import { rmSync, writeSync } from 'node:fs';
import { constants } from 'node:os';
import type { Readable } from 'node:stream';
import { setTempRegistry } from './atomicFile.js';
import { mainAsync } from './main.js';

/**
 * The executable's two processes. A run is one synchronous loop, during which a process
 * cannot act on a signal; so the command runs in a child process (this same executable, with
 * the terminal as its stdio), and the parent only waits: for the child's exit, or for a
 * signal. The child notes each temporary file on a pipe before it creates it and when it is
 * gone; on SIGINT, SIGTERM or SIGHUP the parent stops the child, reads the pipe to its end,
 * removes the temporary files still noted, and exits 128 + the signal's number (130, 143, 129).
 */

const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** The child's fd for noting temporary files. */
const REGISTRY_FD = 3;
const CHILD_ENV = 'KUBESIM_COMMAND_CHILD';

/** True in the child the executable started. */
export function isCommandChild(): boolean {
  return process.env[CHILD_ENV] === '1';
}

/** The parent: runs `entry` (this executable) with `argv` as its child, and handles signals. */
export function launch(argv: readonly string[], entry: string): void {
  const child = spawn(process.execPath, [...process.execArgv, entry, ...argv], {
    stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
    env: { ...process.env, [CHILD_ENV]: '1' },
  });
  const temps = new Set<string>();
  let pending = '';
  const registry = child.stdio[REGISTRY_FD] as Readable;
  registry.setEncoding('utf8');
  registry.on('data', (chunk: string) => {
    pending += chunk;
    let nl = pending.indexOf('\n');
    while (nl >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      const path = JSON.parse(line.slice(1)) as string;
      if (line[0] === '+') temps.add(path);
      else temps.delete(path);
      nl = pending.indexOf('\n');
    }
  });
  let signalled: number | undefined;
  for (const [signal, exit] of Object.entries(SIGNAL_EXIT)) {
    process.on(signal, () => {
      signalled ??= exit;
      child.kill('SIGKILL');
    });
  }
  child.on('error', (e) => {
    process.stderr.write(`kubesim: internal error: cannot start the command: ${e.message}\n`);
    process.exitCode = 3;
  });
  // 'close' comes after the child's pipes are read to their end: every note is in.
  child.on('close', (code, signal) => {
    for (const path of temps) rmSync(path, { force: true });
    const bySignal = signal === null ? undefined : 128 + (constants.signals[signal] ?? 0);
    process.exitCode = signalled ?? code ?? bySignal ?? 3;
  });
}

/** The child: the command itself, noting its temporary files for the parent. */
export function runChild(argv: readonly string[]): Promise<number> {
  delete process.env[CHILD_ENV];
  const note = (line: string): void => {
    try {
      writeSync(REGISTRY_FD, `${line}\n`);
    } catch {
      // No parent to read it (started by hand): the files are still removed on every other path.
    }
  };
  setTempRegistry({ add: (path) => note(`+${JSON.stringify(path)}`), delete: (path) => note(`-${JSON.stringify(path)}`) });
  return mainAsync(argv);
}
