import { htmlReport, type RunReport, type RunSeries } from '@kubesim/scenarios';
import { AtomicFile } from './atomicFile.js';
import { BadInput, type Io } from './io.js';

/** The report's temporary file, opened before the run so that a path that cannot be written stops it. */
export function openReport(file: string, io: Io): AtomicFile {
  try {
    return new AtomicFile(io.resolve(file));
  } catch (e) {
    throw new BadInput(`--report ${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** `run --report`: the run's series, its kubectl session and its verdicts, written whole or not at all. */
export function writeRunReport(file: AtomicFile, report: RunReport, title: string): void {
  if (report.series === undefined) throw new Error('internal: the run recorded no series');
  file.writeLine(htmlReport({ title, series: report.series, run: report }));
  file.commit();
}

/** `replay --report`: what the log alone gives (the series, the events); no session or verdicts. */
export function writeReplayReport(
  file: AtomicFile,
  title: string,
  series: RunSeries,
  replay: { events: number; stateHash: string; seed: string },
): void {
  file.writeLine(htmlReport({ title, series, replay }));
  file.commit();
}
