import { basename, dirname, extname, join, resolve } from 'node:path';
import { loadScenario } from '@kubesim/scenarios';
import { checkScenarioFile, FAULT_KINDS, FAULT_PROFILES, faultKindsOf } from '@kubesim/scenarios/verify';
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
  readonly maxShrinks?: string;
  readonly out?: string;
  /** --no-liveness sets false. */
  readonly liveness?: boolean;
  readonly sameOutcome?: boolean;
  readonly controllers?: string;
}

/** `kubesim check --help`: what each --faults profile and kind injects. */
export const CHECK_FAULTS_HELP: string = `
Fault profiles (--faults):
  all            every kind below (the default)
  nodes          nodeFails, kubeletRestart, nodePartition, clockSkew
  pods           podKilled
  control-plane  controllerLag, controllerRestart, watchFault, apiFaults
  none           no faults: only the seed varies
  a comma list of profiles and kinds, e.g. --faults nodes,controllerRestart
Fault kinds (each one that lasts ends within the run, so the cluster heals):
  nodeFails          a node fails and recovers 10s-5m later (its pods die with it)
  kubeletRestart     a kubelet restarts, down 1s-2m; its containers run on
  nodePartition      a node is cut off from the API server 5s-10m; its pods run on (evicted, replaced)
  clockSkew          a node's clock is off by up to 2m either way, put right 10s-5m later
  podKilled          a pod (not a StatefulSet's) is force-deleted
  controllerLag      a controller's informers lag 1-30s behind, for 5s-5m
  controllerRestart  a controller crashes and restarts
  watchFault         a controller's watch notifications are delayed, dropped or doubled, 5s-2m
  apiFaults          a controller's API writes fail (Conflict, InternalError, Timeout, Rejected), 5s-2m
`;

/** What --faults takes, for its message. */
export const FAULTS_SYNTAX: string = `all (the default), none, ${Object.keys(FAULT_PROFILES).join(', ')}, or a comma list of those and of the kinds ${FAULT_KINDS.join(', ')}`;

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
  const maxShrinks = flags.maxShrinks === undefined ? undefined : count('max-shrinks', flags.maxShrinks, 0, 0);
  const parsed = faultKindsOf(flags.faults ?? 'all');
  if ('unknown' in parsed)
    throw new BadInput(`--faults: unknown fault kind ${JSON.stringify(parsed.unknown)}; expected ${FAULTS_SYNTAX}`);
  const faults = parsed.kinds;
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
    ...(maxShrinks !== undefined ? { maxShrinks } : {}),
    // Liveness is on by default: a run that never settles is as much a bug as one that breaks
    // an invariant, and what never settles by design is reported as not applicable, not failed.
    liveness: flags.liveness !== false,
    sameOutcome: flags.sameOutcome === true,
    ...(controllers !== undefined ? { controllers, reproduce } : {}),
    ...(tty ? { onRun: (n: number) => io.stderr.write(`\rrun ${n}/${runs}`) } : {}),
  });
  if (tty) io.stderr.write('\n');
  const ce = result.counterexample;
  if (result.ok || ce === undefined) {
    const also = [
      ...(flags.liveness !== false ? ['eventually-stable'] : []),
      ...(flags.sameOutcome === true && result.notes === undefined ? ['same-outcome'] : []),
    ];
    for (const note of result.notes ?? []) io.stdout.write(`${note}\n`);
    io.stdout.write(
      `${result.runs} runs (seed ${result.seed}, faults: ${flags.faults ?? 'all'}): every invariant held${also.length > 0 ? ` (${also.join(' and ')} too)` : ''}\n`,
    );
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
