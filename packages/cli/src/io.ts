import { resolve } from 'node:path';

/** Where the command reads and writes: the process's, or a test's. */
export interface Io {
  readonly cwd: string;
  readonly stdout: { write(s: string): unknown };
  readonly stderr: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
  resolve(path: string): string;
}

/** Input the command cannot work with (exit code 2). */
export class BadInput extends Error {}

export function processIo(): Io {
  // Under `pnpm kubesim`, the script runs at the repository root; paths are the user's.
  const cwd = process.env.npm_lifecycle_event === 'kubesim' && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
  return { cwd, stdout: process.stdout, stderr: process.stderr, resolve: (p) => resolve(cwd, p) };
}
