import { closeSync, openSync } from 'node:fs';
import { headerText, lineText, type SweepHeader, type SweepLine } from '@kubesim/scenarios';
import { AtomicFile } from './atomicFile.js';
import { fileLines } from './fileLines.js';
import { BadInput, type Io } from './io.js';

/** A results file read back: its header and its run lines by index. */
export interface SweepResults {
  readonly header: SweepHeader;
  readonly lines: Map<number, SweepLine>;
}

/**
 * Reads a results file (or the `.partial` of an interrupted sweep). A last line without its
 * newline is a line the sweep was writing when it stopped: left out, its run is run again.
 */
export function readResults(path: string, shown: string): SweepResults {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new BadInput(`cannot read ${shown}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    let header: SweepHeader | undefined;
    const lines = new Map<number, SweepLine>();
    let n = 0;
    for (const text of fileLines(fd, shown, true)) {
      n++;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new BadInput(`${shown}:${n}: not a JSON line`);
      }
      if (header === undefined) {
        const h = value as Partial<SweepHeader>;
        if (h.kubesim !== 'sweep' || typeof h.fingerprint !== 'string')
          throw new BadInput(`${shown}:${n}: not a kubesim sweep results file (its first line is no sweep header)`);
        if (h.format !== 1) throw new BadInput(`${shown}:${n}: sweep results format ${h.format}; this kubesim reads format 1`);
        header = h as SweepHeader;
        continue;
      }
      const line = value as SweepLine;
      if (typeof line.index !== 'number' || typeof line.run !== 'string') throw new BadInput(`${shown}:${n}: not a run line`);
      lines.set(line.index, line);
    }
    if (header === undefined) throw new BadInput(`${shown}: empty: not a kubesim sweep results file`);
    return { header, lines };
  } finally {
    closeSync(fd);
  }
}

/**
 * The results in their canonical order (the header, then each run by index), written whole
 * or not at all: a sweep's file is the same bytes however its runs were scheduled, sharded
 * and merged, or interrupted and resumed.
 */
export function writeResults(path: string, shown: string, header: SweepHeader, lines: Iterable<SweepLine>, io: Io): void {
  let f: AtomicFile;
  try {
    f = new AtomicFile(path, io.writeOutput !== undefined ? { write: io.writeOutput } : {});
  } catch (e) {
    throw new BadInput(`--out ${shown}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    f.writeLine(headerText(header));
    for (const l of [...lines].sort((a, b) => a.index - b.index)) f.writeLine(lineText(l));
    f.commit();
  } catch (e) {
    f.abort();
    throw e;
  }
}
