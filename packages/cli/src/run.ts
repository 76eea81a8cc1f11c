import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { exitCodeOf, formatReport, loadScenario, type RunOptions, reportJson, runScenario } from '@kubesim/scenarios';
import { AtomicFile } from './atomicFile.js';
import { BadInput, durationFlag, type Io } from './io.js';
import { checkOutputTarget, type RunInput } from './outputTarget.js';
import { progressBar } from './progress.js';

export interface RunFlags {
  readonly seed?: string;
  readonly until?: string;
  readonly log?: string;
  readonly json?: boolean;
  readonly controlPlane?: string;
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
  const inputs: RunInput[] = [{ path, what: 'the scenario' }];
  const scenario = loadScenario(text, file, {
    readFile: (p) => {
      const manifest = resolve(dirname(path), p);
      inputs.push({ path: manifest, what: `the manifest ${p}` });
      return readFileSync(manifest, 'utf8');
    },
  });
  const until = flags.until === undefined ? undefined : durationFlag('until', flags.until);
  // Every manifest is read by now: the log may be none of them (nor anything but a file).
  const log = flags.log === undefined ? undefined : openLog(flags.log, io, inputs);
  const progress = io.progress?.() ?? progressBar(io.stderr);
  try {
    const report = runScenario(scenario, {
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(until !== undefined ? { until } : {}),
      ...(controlPlane !== undefined ? { controlPlane } : {}),
      ...(log !== undefined ? { log: (line: string) => log.writeLine(line) } : {}),
      onProgress: (now, end) => progress.update(now, end),
    });
    progress.stop();
    log?.commit();
    io.stdout.write(flags.json ? `${JSON.stringify(reportJson(report), null, 2)}\n` : formatReport(report));
    return exitCodeOf(report);
  } catch (e) {
    progress.stop();
    log?.abort();
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
