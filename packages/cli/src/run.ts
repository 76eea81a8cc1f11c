import { dirname, resolve } from 'node:path';
import {
  exitCodeOf,
  formatExpectations,
  formatReport,
  formatVerdicts,
  loadScenario,
  type RunOptions,
  type RunReport,
  reportJson,
  runScenario,
} from '@kubesim/scenarios';
import { AtomicFile } from './atomicFile.js';
import { loadControllers } from './controllersModule.js';
import { openReport, writeRunReport } from './htmlReport.js';
import { type InputFlags, inputFiles, maxFileSizeFlag, readScenarioText } from './inputs.js';
import { BadInput, durationFlag, type Io } from './io.js';
import { checkOutputTarget, type RunInput } from './outputTarget.js';
import { progressBar } from './progress.js';
import { manifestHint, readScenarioSource, STDIN_NAME } from './source.js';

export interface RunFlags extends InputFlags {
  readonly seed?: string;
  readonly until?: string;
  readonly log?: string;
  readonly json?: boolean;
  readonly controlPlane?: string;
  readonly quiet?: boolean;
  readonly report?: string;
  readonly controllers?: string;
}

type Profile = NonNullable<RunOptions['controlPlane']>;
export const PROFILES: readonly Profile[] = ['instant', 'upstream'];

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
  // `-` is standard input: its text as given, the files it names relative to the working folder.
  const stdin = file === '-';
  const source = stdin ? readScenarioSource(file, io) : { text: readScenarioText(file, flags, io), name: file };
  if (stdin && Buffer.byteLength(source.text) > maxFileSizeFlag(flags.maxFileSize)) {
    throw new BadInput(`${STDIN_NAME}: larger than --max-file-size (${flags.maxFileSize ?? '16Mi'})`);
  }
  // Messages name the scenario as the user wrote it, its manifests as the scenario does.
  const scenarioPath = io.resolve(stdin ? STDIN_NAME : file);
  const files = inputFiles(stdin ? STDIN_NAME : file, flags, io);
  // What the run reads, so that no output (--log, --report) can be one of them.
  // Standard input redirected from a file is that file (/dev/stdin leads to it).
  const inputs: RunInput[] = [
    stdin ? { path: '/dev/stdin', what: 'the scenario (standard input)' } : { path: scenarioPath, what: 'the scenario' },
  ];
  let scenario: ReturnType<typeof loadScenario>;
  try {
    scenario = loadScenario(source.text, source.name, {
      readFile: (p) => {
        const text = files.readFile(p);
        inputs.push({ path: resolve(dirname(scenarioPath), p), what: `the manifest ${p}` });
        return text;
      },
    });
  } catch (e) {
    const hint = manifestHint(source.text, source.name);
    if (hint !== undefined) throw new BadInput(hint);
    throw e;
  }
  const until = flags.until === undefined ? undefined : durationFlag('until', flags.until);
  const controllers = flags.controllers === undefined ? undefined : loadControllers(flags.controllers, io);
  // Every manifest is read by now: an output may be none of them (nor anything but a file),
  // nor the other output.
  if (flags.log !== undefined && flags.report !== undefined && io.resolve(flags.log) === io.resolve(flags.report)) {
    throw new BadInput(`--log and --report name the same file (${flags.log}): each needs its own`);
  }
  const html = flags.report === undefined ? undefined : openReport(flags.report, io, inputs);
  let log: AtomicFile | undefined;
  try {
    log = flags.log === undefined ? undefined : openLog(flags.log, io, inputs);
  } catch (e) {
    html?.abort();
    throw e;
  }
  const progress = flags.quiet ? progressBar({ write: () => true }) : (io.progress?.() ?? progressBar(io.stderr));
  try {
    const report = runScenario(scenario, {
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(until !== undefined ? { until } : {}),
      ...(controlPlane !== undefined ? { controlPlane } : {}),
      ...(controllers !== undefined ? { controllers } : {}),
      ...(log !== undefined ? { log: (line: string) => log?.writeLine(line) } : {}),
      onProgress: (now, end) => progress.update(now, end),
      series: flags.json === true || html !== undefined,
    });
    progress.stop();
    // Both outputs written in full first, then put in place: a report that cannot be written
    // leaves the old log (or none), not a new log without its report.
    if (html !== undefined) writeRunReport(html, report, scenario.name ?? (stdin ? STDIN_NAME : file));
    log?.commit();
    html?.commit();
    io.stdout.write(
      flags.json ? `${JSON.stringify(reportJson(report), null, 2)}\n` : flags.quiet ? quietReport(report) : formatReport(report),
    );
    return exitCodeOf(report);
  } catch (e) {
    progress.stop();
    log?.abort();
    html?.abort();
    throw e;
  }
}

/** The log's temporary file, created before the run so a path that cannot be written stops it. */
function openLog(file: string, io: Io, inputs: readonly RunInput[]): AtomicFile {
  const path = file === '' ? '' : io.resolve(file);
  checkOutputTarget('--log', file, path, inputs);
  try {
    return new AtomicFile(path, io.writeOutput !== undefined ? { write: io.writeOutput } : {});
  } catch (e) {
    throw new BadInput(`--log ${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** `--quiet`: the verdicts alone (and why the run stopped early, if it did). */
function quietReport(report: RunReport): string {
  return `${formatVerdicts(report.invariants)}${formatExpectations(report.expectations)}${report.message === undefined ? '' : `Stopped early: ${report.message}\n`}`;
}
