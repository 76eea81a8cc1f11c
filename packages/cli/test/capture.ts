import { join } from 'node:path';
import type { Io } from '../src/index.js';

/** The repository's root: the examples are under it. */
export const ROOT: string = join(import.meta.dirname, '..', '..', '..');

/** An Io for a test: what the command prints is kept in `out` and `err`. */
export interface Captured extends Io {
  out: string;
  err: string;
}

/** A captured Io working in `cwd`; `stdin` is what `run -` reads. */
export function io(cwd: string = ROOT, stdin?: string): Captured {
  const c: Captured = {
    cwd,
    out: '',
    err: '',
    stdout: { write: (s: string) => (c.out += s) },
    stderr: { write: (s: string) => (c.err += s), isTTY: false },
    resolve: (p: string) => (p.startsWith('/') ? p : join(cwd, p)),
    ...(stdin === undefined ? {} : { readStdin: () => stdin }),
  };
  return c;
}
