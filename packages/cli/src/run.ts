import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { exitCodeOf, formatReport, loadScenario, type RunOptions, reportJson, runScenario } from '@kubesim/scenarios';
import { AtomicFile } from './atomicFile.js';
import { openReport, writeRunReport } from './htmlReport.js';
import { BadInput, durationFlag, type Io } from './io.js';
import { progressBar } from './progress.js';

export interface RunFlags {
  readonly seed?: string;
  readonly until?: string;
  readonly log?: string;
  readonly json?: boolean;
  readonly controlPlane?: string;
  readonly report?: string;
}

type Profile = NonNullable<RunOptions['controlPlane']>;
const PROFILES: readonly Profile[] = ['instant', 'upstream'];

/** `--control-plane instant|upstream`: the timing profile in place of the scenario's. */
function profileFlag(text: string): Profile {
  const profile = PROFILES.find((p) => p === text);
  if (profile === undefined) {
    throw new BadInput(`--control-plane: expected ${PROFILES.join(' or ')}, not ${JSON.stringify(text)}`);
  }
  return profile;
}

/** `kubesim run FILE`: 0 when every invariant holds, 1 when one does not (or a bound stopped the run). */
export function runCommand(file: string, flags: RunFlags, io: Io): number {
  const controlPlane = flags.controlPlane === undefined ? undefined : profileFlag(flags.controlPlane);
  const path = io.resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new BadInput(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  // Messages name the scenario as the user wrote it, its manifests as the scenario does.
  const scenario = loadScenario(text, file, {
    readFile: (p) => readFileSync(resolve(dirname(path), p), 'utf8'),
  });
  const until = flags.until === undefined ? undefined : durationFlag('until', flags.until);
  const log = flags.log === undefined ? undefined : openLog(flags.log, io);
  const html = flags.report === undefined ? undefined : openReport(flags.report, io);
  const progress = progressBar(io.stderr);
  try {
    const report = runScenario(scenario, {
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(until !== undefined ? { until } : {}),
      ...(controlPlane !== undefined ? { controlPlane } : {}),
      ...(log !== undefined ? { log: (line: string) => log.writeLine(line) } : {}),
      onProgress: (now, end) => progress.update(now, end),
      series: flags.json === true || html !== undefined,
    });
    progress.stop();
    log?.commit();
    if (html !== undefined) writeRunReport(html, report, scenario.name ?? file);
    io.stdout.write(flags.json ? `${JSON.stringify(reportJson(report), null, 2)}\n` : formatReport(report));
    return exitCodeOf(report);
  } catch (e) {
    progress.stop();
    log?.abort();
    html?.abort();
    throw e;
  }
}

/** The log's temporary file, created before the run so a path that cannot be written stops it. */
function openLog(file: string, io: Io): AtomicFile {
  try {
    return new AtomicFile(io.resolve(file));
  } catch (e) {
    throw new BadInput(`--log ${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
