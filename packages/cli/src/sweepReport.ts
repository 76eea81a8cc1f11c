import { type SweepHeader, type SweepLine, sweepHtml } from '@kubesim/scenarios';
import { AtomicFile } from './atomicFile.js';
import { BadInput, type Io } from './io.js';

/** `--report`: the sweep's distributions as one offline HTML page, written whole or not at all. */
export function writeSweepReport(path: string, shown: string, header: SweepHeader, lines: readonly SweepLine[], io: Io): void {
  let f: AtomicFile;
  try {
    f = new AtomicFile(path, io.writeOutput !== undefined ? { write: io.writeOutput } : {});
  } catch (e) {
    throw new BadInput(`--report ${shown}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    f.writeLine(sweepHtml(header, lines));
    f.commit();
  } catch (e) {
    f.abort();
    throw e;
  }
}
