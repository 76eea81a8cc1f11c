import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BadInput } from './io.js';

/** How the file's bytes reach the disk; a test swaps in one that writes short or fills the disk. */
export type WriteFn = (fd: number, buffer: Uint8Array, offset: number, length: number) => number;

const systemWrite: WriteFn = (fd, buffer, offset, length) => writeSync(fd, buffer, offset, length);

/** An output that could not be written (a full disk, an I/O error): exit 2, with the reason. */
export class OutputError extends BadInput {}

/**
 * Where temporary files are noted while they exist, so that whoever handles a signal can
 * remove them (bin.ts: the run goes on in a worker while the main thread waits for signals).
 */
export interface TempRegistry {
  add(path: string): void;
  delete(path: string): void;
}

const open = new Set<AtomicFile>();
let registry: TempRegistry | undefined;

/** Notes every temporary file made from now on (and those open now) there. */
export function setTempRegistry(r: TempRegistry | undefined): void {
  registry = r;
  for (const f of open) r?.add(f.temp);
}

/** Drops every temporary file still open: the targets are untouched. */
export function abortAll(): void {
  for (const f of [...open]) f.abort();
}

let counter = 0;

/**
 * A file written as a whole or not at all: lines go to a temporary file next to the target,
 * which replaces the target only once everything is written and synced. Every write is
 * checked (a short write is retried with the rest, a write that makes no progress or fails
 * — ENOSPC, EIO — is an OutputError); a run that fails, crashes or is stopped leaves the old
 * file (or none), never half of a new one, and no temporary file.
 */
export class AtomicFile {
  readonly temp: string;
  private readonly fd: number;
  private buffer: string[] = [];
  private size = 0;
  private isOpen = true;
  private readonly write: WriteFn;

  constructor(
    readonly path: string,
    opts: { write?: WriteFn } = {},
  ) {
    this.write = opts.write ?? systemWrite;
    this.temp = join(dirname(path), `.${basename(path)}.${process.pid}.${++counter}.tmp`);
    // Noted before it exists, so a signal never finds a file it does not know of.
    registry?.add(this.temp);
    try {
      // wx: a new file, never one (or a symlink) already there.
      this.fd = openSync(this.temp, 'wx', 0o644);
    } catch (e) {
      registry?.delete(this.temp);
      throw e;
    }
    open.add(this);
  }

  writeLine(line: string): void {
    this.buffer.push(line, '\n');
    this.size += line.length + 1;
    if (this.size >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    const bytes = Buffer.from(this.buffer.join(''), 'utf8');
    this.buffer = [];
    this.size = 0;
    let done = 0;
    while (done < bytes.length) {
      let n: number;
      try {
        n = this.write(this.fd, bytes, done, bytes.length - done);
      } catch (e) {
        throw this.failed(e);
      }
      // No progress at all: the disk takes nothing more (what ENOSPC looks like on some systems).
      if (!(n > 0)) throw this.failed(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
      done += n;
    }
  }

  private failed(e: unknown): OutputError {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOSPC' ? 'no space left on device (ENOSPC)' : (code ?? (e as Error).message);
    this.abort();
    return new OutputError(`cannot write ${this.path}: ${reason}; it was left as it was`);
  }

  /** Writes what is left, syncs, and puts the file in place. */
  commit(): void {
    this.flush();
    try {
      fsyncSync(this.fd);
      closeSync(this.fd);
      this.isOpen = false;
      renameSync(this.temp, this.path);
    } catch (e) {
      throw this.failed(e);
    }
    open.delete(this);
    registry?.delete(this.temp);
  }

  /** Drops the temporary file; the target is untouched. Safe to call more than once. */
  abort(): void {
    if (this.isOpen) {
      this.isOpen = false;
      try {
        closeSync(this.fd);
      } catch {
        // Closing can fail only on an fd already bad; the file is removed below either way.
      }
    }
    if (open.delete(this)) {
      rmSync(this.temp, { force: true });
      registry?.delete(this.temp);
    }
  }
}
