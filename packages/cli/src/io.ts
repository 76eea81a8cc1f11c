import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Millis, parseDuration } from '@kubesim/core';
import type { WriteFn } from './atomicFile.js';
import type { Progress } from './progress.js';

/** Where the command reads and writes: the process's, or a test's. */
export interface Io {
  readonly cwd: string;
  readonly stdout: { write(s: string): unknown };
  readonly stderr: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
  resolve(path: string): string;
  /** All of standard input, for `kubesim run -`. */
  readStdin?(): string;
  /** The progress display, when not a bar on stderr (bin.ts's worker hands it to the main thread). */
  readonly progress?: () => Progress;
  /** The write(2) output files go through (a test's full disk); the system's when absent. */
  readonly writeOutput?: WriteFn;
}

/** Input the command cannot work with (exit code 2). */
export class BadInput extends Error {}

/** A duration flag (`--until 2m`, `--at 35s`): a Go duration, not negative. */
export function durationFlag(name: string, text: string): Millis {
  let ms: Millis;
  try {
    ms = parseDuration(text);
  } catch (e) {
    throw new BadInput(`--${name}: ${(e as Error).message}`);
  }
  if (ms < 0) throw new BadInput(`--${name}: must not be negative: ${text}`);
  return ms;
}

export function processIo(): Io {
  // Under `pnpm kubesim`, the script runs at the repository root; paths are the user's.
  const cwd = process.env.npm_lifecycle_event === 'kubesim' && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
  return {
    cwd,
    stdout: process.stdout,
    stderr: process.stderr,
    resolve: (p) => resolve(cwd, p),
    readStdin: () => readFileSync(0, 'utf8'),
  };
}
