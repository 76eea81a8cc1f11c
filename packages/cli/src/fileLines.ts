import { readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { BadInput } from './io.js';

/**
 * The lines of an open file, read in chunks, without their newlines. `partial`: a last line
 * with no newline (a copy cut off mid-line) is left out, as a line not yet written.
 */
export function* fileLines(fd: number, logFile: string, partial = false): Generator<string> {
  const buffer = Buffer.alloc(1 << 16);
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buffer, 0, buffer.length, null);
    } catch (e) {
      throw new BadInput(`cannot read ${logFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (n === 0) break;
    pending += decoder.write(buffer.subarray(0, n));
    let start = 0;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
      yield pending.slice(start, nl);
      start = nl + 1;
    }
    pending = pending.slice(start);
  }
  pending += decoder.end();
  if (pending !== '' && !partial) yield pending;
}
