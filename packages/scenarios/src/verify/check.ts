import type { Controller } from '@kubesim/core';
import fc from 'fast-check';
import { type RunReport, runScenario } from '../run/runner.js';
import { loadScenario, type ScenarioFiles } from '../scenario/load.js';
import type { ScenarioFile } from '../scenario/schema.js';
import { withLiveness } from './liveness.js';
import { minimize } from './minimize.js';
import { scenarioYaml } from './scenario.arb.js';

/**
 * Property checks over generated scenarios: run each, and a scenario fails when an invariant
 * is violated or the run stops at a bound (a hot loop, too many events). The shrunk
 * counterexample comes back as the text of a scenario file — the one that was run, so
 * `kubesim run` on it reproduces the failing run byte for byte (the same log hash).
 */

const NO_FILES = {
  readFile: (name: string): string => {
    throw new Error(`a generated scenario reads no files (${name})`);
  },
};

/**
 * Runs a scenario document exactly as `kubesim run` runs its file; `files` reads what it names
 * (relative to where the file is, or will be written).
 */
export function runDocument(
  doc: ScenarioFile,
  file = 'counterexample.yaml',
  files: ScenarioFiles = NO_FILES,
  controllers?: readonly Controller[],
): RunReport {
  return runScenario(loadScenario(scenarioYaml(doc), file, files), controllers !== undefined ? { controllers } : {});
}

/** Why a run fails the property, or undefined when every invariant held and the run ended normally. */
export function failureOf(report: RunReport): string | undefined {
  const broken = report.invariants.filter((i) => !i.holds);
  if (broken.length > 0) {
    const v = broken[0]?.violations[0];
    return `${broken.map((i) => i.name).join(', ')} violated${v ? ` at ${(v.time / 1000).toFixed(3)}s: ${v.message}` : ''}`;
  }
  if (report.stoppedBy !== 'until' && report.stoppedBy !== 'quiet') {
    return `the run stopped early (${report.stoppedBy})${report.message ? `: ${report.message}` : ''}`;
  }
  return undefined;
}

export interface CheckOptions {
  /** How many scenarios to run. Default 100. */
  readonly runs?: number;
  /** fast-check's seed: the same seed draws the same scenarios. */
  readonly seed?: number;
  /** Called after each run (for a progress line). */
  readonly onRun?: (run: number) => void;
  /** Called with each run's report, shrinking runs included (events counted for a benchmark). */
  readonly onReport?: (report: RunReport) => void;
  /** The scenario file's name, for messages, and how to read the files it names. */
  readonly file?: string;
  readonly files?: ScenarioFiles;
  /**
   * Controllers in place of the defaults of the same name, or added (a user's own controller,
   * or a modified built-in one): every run uses them. See withControllers.
   */
  readonly controllers?: readonly Controller[];
  /**
   * After fast-check's shrinking, drop the steps, workload objects and nodes the failure does
   * not need (minimize.ts). Default true; `kubesim check FILE` keeps the user's own scenario.
   */
  readonly minimize?: boolean;
  /** How to run the counterexample, for its comment (default `kubesim run`): `kubesim run --controllers my.ts`. */
  readonly reproduce?: string;
  /**
   * Check `eventually-stable` in every run too (added to each document's invariants, so the
   * counterexample reproduces it). Default false: a generated document's own list decides.
   */
  readonly liveness?: boolean;
  /** A property of the run beyond its invariants (same-outcome): why it fails, or undefined. */
  readonly property?: (doc: ScenarioFile, report: RunReport) => string | undefined;
  /** At most this many shrink attempts after the first failure (each a run). Default: no limit. */
  readonly maxShrinks?: number;
}

export interface Counterexample {
  readonly document: ScenarioFile;
  /** The scenario file to write: a comment saying what failed, then the document. */
  readonly yaml: string;
  readonly failure: string;
  readonly report: RunReport;
}

export interface CheckResult {
  readonly ok: boolean;
  /** Scenarios run before the first failure (or all of them). */
  readonly runs: number;
  readonly seed: number;
  /** fast-check's replay path of the failure. */
  readonly path?: string;
  readonly shrinks: number;
  readonly counterexample?: Counterexample;
  /** What was asked for and could not be checked, and why. */
  readonly notes?: readonly string[];
}

/** Runs generated scenarios until one fails, shrinks it, and returns it as a scenario file. */
export function checkScenarios(arb: fc.Arbitrary<ScenarioFile>, opts: CheckOptions = {}): CheckResult {
  let run = 0;
  const docs = opts.liveness === true ? arb.map(withLiveness) : arb;
  const failing = (doc: ScenarioFile, report: RunReport): string | undefined => failureOf(report) ?? opts.property?.(doc, report);
  // After the first failure every call is a shrink attempt; past maxShrinks the rest pass
  // unrun, so fast-check ends with the smallest failure found so far.
  let failed = false;
  let shrinks = 0;
  const property = fc.property(docs, (doc) => {
    if (failed && ++shrinks > (opts.maxShrinks ?? Number.POSITIVE_INFINITY)) return true;
    run++;
    opts.onRun?.(run);
    const report = runDocument(doc, opts.file, opts.files, opts.controllers);
    opts.onReport?.(report);
    const ok = failing(doc, report) === undefined;
    if (!ok) failed = true;
    return ok;
  });
  const details = fc.check(property, {
    numRuns: opts.runs ?? 100,
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
  });
  if (!details.failed || details.counterexample === null) {
    return { ok: true, runs: details.numRuns, seed: details.seed, shrinks: 0 };
  }
  const rerun = (d: ScenarioFile): RunReport => runDocument(d, opts.file, opts.files, opts.controllers);
  // Then steps, objects and nodes it does not need (see minimize.ts).
  const { document, removed } =
    opts.minimize === false ? { document: details.counterexample[0], removed: 0 } : minimize(details.counterexample[0], rerun);
  const report = rerun(document);
  const failure = failing(document, report) ?? 'the property failed (it did not fail again when rerun: not deterministic?)';
  const comment = [
    `A counterexample kubesim check found and shrank (fast-check seed ${details.seed}, path ${details.counterexamplePath}).`,
    failure,
    `Reproduce: ${opts.reproduce ?? 'kubesim run'} <this file>  (log hash ${report.logHash})`,
  ].join('\n');
  return {
    ok: false,
    runs: details.numRuns,
    seed: details.seed,
    ...(details.counterexamplePath !== null ? { path: details.counterexamplePath } : {}),
    shrinks: details.numShrinks + removed,
    counterexample: { document, yaml: scenarioYaml(document, comment), failure, report },
  };
}
