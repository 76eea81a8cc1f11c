import { htmlReport, type RunReport, type RunSeries } from '@kubesim/scenarios';
import { AtomicFile } from './atomicFile.js';
import { BadInput, type Io } from './io.js';
import { checkOutputTarget, type RunInput } from './outputTarget.js';

/**
 * The report's temporary file, opened before the run so that a path that cannot be written
 * stops it; a path the command reads (the scenario, a manifest, the log) or a link, folder or
 * device is refused first, as for --log.
 */
export function openReport(file: string, io: Io, inputs: readonly RunInput[]): AtomicFile {
  checkOutputTarget('--report', file, file === '' ? '' : io.resolve(file), inputs);
  try {
    return new AtomicFile(io.resolve(file));
  } catch (e) {
    throw new BadInput(`--report ${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/**
 * `run --report`: the run's series, its kubectl session and its verdicts, into the temporary
 * file; the caller commits it with the run's other outputs, so all land or none does.
 */
export function writeRunReport(file: AtomicFile, report: RunReport, title: string): void {
  if (report.series === undefined) throw new Error('internal: the run recorded no series');
  file.writeLine(htmlReport({ title, series: report.series, run: report }));
}

/** `replay --report`: what the log alone gives (the series, the events); no session or verdicts. The caller commits. */
export function writeReplayReport(
  file: AtomicFile,
  title: string,
  series: RunSeries,
  replay: { events: number; stateHash: string; seed: string },
): void {
  file.writeLine(htmlReport({ title, series, replay }));
}
