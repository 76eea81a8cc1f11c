import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * A file written as a whole or not at all: lines go to a temporary file next to the target,
 * which replaces the target only once everything is written and synced. A run that crashes
 * or is stopped leaves the old file (or none), never half of a new one.
 */
export class AtomicFile {
  private readonly temp: string;
  private readonly fd: number;
  private buffer: string[] = [];
  private size = 0;
  private open = true;

  constructor(readonly path: string) {
    this.temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    this.fd = openSync(this.temp, 'w');
  }

  writeLine(line: string): void {
    this.buffer.push(line, '\n');
    this.size += line.length + 1;
    if (this.size >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.size = 0;
  }

  /** Writes what is left, syncs, and puts the file in place. */
  commit(): void {
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.open = false;
    renameSync(this.temp, this.path);
  }

  /** Drops the temporary file; the target is untouched. */
  abort(): void {
    if (this.open) closeSync(this.fd);
    this.open = false;
    rmSync(this.temp, { force: true });
  }
}
