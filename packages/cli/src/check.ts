import { basename, dirname, extname, join, resolve } from 'node:path';
import { loadScenario } from '@kubesim/scenarios';
import { checkScenarioFile, type FaultKind } from '@kubesim/scenarios/verify';
import { AtomicFile } from './atomicFile.js';
import { loadControllers } from './controllersModule.js';
import { type InputFlags, inputFiles, readScenarioText } from './inputs.js';
import { BadInput, type Io } from './io.js';
import { checkOutputTarget, type RunInput } from './outputTarget.js';

export interface CheckFlags extends InputFlags {
  readonly runs?: string;
  readonly seed?: string;
  readonly faults?: string;
  readonly maxFaults?: string;
  readonly out?: string;
  readonly controllers?: string;
}

const FAULT_PROFILES: Readonly<Record<string, readonly FaultKind[]>> = {
  all: ['nodes', 'pods'],
  nodes: ['nodes'],
  pods: ['pods'],
  none: [],
};

function count(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min)
    throw new BadInput(`--${name}: expected a whole number of ${min} or more, not ${JSON.stringify(text)}`);
  return Number(text);
}

/**
 * `kubesim check FILE`: runs the scenario under random seeds and fault schedules until an
 * invariant breaks, shrinks the failure, and writes it as a scenario file next to FILE (so
 * the manifests it names resolve the same): 0 when every run held, 1 with a counterexample.
 */
export function checkCommand(file: string, flags: CheckFlags, io: Io): number {
  const runs = count('runs', flags.runs, 100, 1);
  const seed = flags.seed === undefined ? undefined : count('seed', flags.seed, 0, 0);
  const maxFaults = count('max-faults', flags.maxFaults, 4, 0);
  const faults = FAULT_PROFILES[flags.faults ?? 'all'];
  if (faults === undefined)
    throw new BadInput(`--faults: expected ${Object.keys(FAULT_PROFILES).join(', ')}, not ${JSON.stringify(flags.faults)}`);
  const path = io.resolve(file);
  // Read as `run` reads it: inside the scenario's folder (or --allow-path), regular files, sized.
  const text = readScenarioText(file, flags, io);
  const files = inputFiles(file, flags, io);
  const inputs: RunInput[] = [{ path, what: 'the scenario' }];
  const reading = {
    readFile: (p: string): string => {
      const t = files.readFile(p);
      inputs.push({ path: resolve(dirname(path), p), what: `the manifest ${p}` });
      return t;
    },
  };
  const out = flags.out ?? join(dirname(file), `${basename(file, extname(file))}.counterexample.yaml`);
  const target = io.resolve(out);
  // A counterexample is run from beside the scenario: its manifest paths must mean the same.
  if (dirname(target) !== dirname(path))
    throw new BadInput(`--out ${out}: must be in the scenario's folder (${dirname(file) || '.'}), where the files it names are`);
  // Loaded once up front: bad input stops it here, and every file it names is known, so the
  // counterexample's path is checked (none of them, a regular file) before the first run.
  loadScenario(text, file, reading);
  checkOutputTarget('--out', out, target, inputs);
  const controllers = flags.controllers === undefined ? undefined : loadControllers(flags.controllers, io);
  const reproduce = flags.controllers === undefined ? 'kubesim run' : `kubesim run --controllers ${flags.controllers}`;
  const tty = 'isTTY' in io.stderr && io.stderr.isTTY === true;
  const result = checkScenarioFile(text, file, reading, {
    runs,
    ...(seed !== undefined ? { seed } : {}),
    faults,
    maxFaults,
    ...(controllers !== undefined ? { controllers, reproduce } : {}),
    ...(tty ? { onRun: (n: number) => io.stderr.write(`\rrun ${n}/${runs}`) } : {}),
  });
  if (tty) io.stderr.write('\n');
  const ce = result.counterexample;
  if (result.ok || ce === undefined) {
    io.stdout.write(`${result.runs} runs (seed ${result.seed}, faults: ${flags.faults ?? 'all'}): every invariant held\n`);
    return 0;
  }
  const f = new AtomicFile(target);
  try {
    f.writeLine(ce.yaml.replace(/\n$/, ''));
    f.commit();
  } catch (e) {
    f.abort();
    throw new BadInput(`--out ${out}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const faultSteps = (ce.document.steps ?? []).filter((s) => 'fault' in s).length;
  io.stdout.write(
    [
      `run ${result.runs} of ${runs} failed (seed ${result.seed}); shrunk in ${result.shrinks} steps to seed ${ce.document.seed} and ${faultSteps} fault(s):`,
      `  ${ce.failure}`,
      `wrote ${out}; reproduce with: ${reproduce} ${out}`,
      '',
    ].join('\n'),
  );
  return 1;
}
