import type { RunMetrics } from './metrics.js';
import type { ParamValue } from './params.js';

/**
 * The results file: JSON Lines, a header line and then one line per run. SWEEP_FORMAT changes
 * when a field's meaning changes; packages/cli/schema/sweep.v1.schema.json describes both lines.
 */
export const SWEEP_FORMAT = 1;

/**
 * The first line of a sweep's results file: what was swept (scenario, parameters, seeds), by which
 * version, and its fingerprint.
 */
export interface SweepHeader {
  readonly kubesim: 'sweep';
  readonly format: typeof SWEEP_FORMAT;
  /** kubesim's version. */
  readonly version: string;
  /** sha256 of the scenario, its files, the parameters, the seeds and the version (--resume and merge compare it). */
  readonly fingerprint: string;
  readonly scenario: string;
  readonly params: readonly { readonly path: string; readonly values: readonly ParamValue[] }[];
  readonly seeds: number;
  readonly seed: string;
  /** Every run of the sweep (of all shards). */
  readonly runs: number;
  /** The slice this file holds, `i/n`; absent for the whole sweep (and a merge). */
  readonly shard?: string;
}

/**
 * One run's line in a sweep's results file: its parameters and seed, whether it passed, its hashes,
 * invariant violation counts and metrics.
 */
export interface SweepLine {
  /** `c<combination>-s<seed number>`: stable across shards, resumes and machines. */
  readonly run: string;
  /** The run's place in the canonical order (combination-major, then seed number). */
  readonly index: number;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly seed: string;
  /** Every invariant held and the run reached its end. */
  readonly ok: boolean;
  readonly stoppedBy: string;
  readonly message?: string;
  readonly events: number;
  readonly simulatedMs: number;
  /** sha256 of the run's event log and its final state: equal hashes, equal runs. */
  readonly logHash: string;
  readonly stateHash: string;
  /** Each invariant's violations (0: it held). */
  readonly invariants: Readonly<Record<string, number>>;
  readonly metrics: RunMetrics;
}

/** A line's text: keys in the order above, so equal runs give equal bytes. */
export function lineText(l: SweepLine): string {
  return JSON.stringify({
    run: l.run,
    index: l.index,
    params: l.params,
    seed: l.seed,
    ok: l.ok,
    stoppedBy: l.stoppedBy,
    ...(l.message !== undefined ? { message: l.message } : {}),
    events: l.events,
    simulatedMs: l.simulatedMs,
    logHash: l.logHash,
    stateHash: l.stateHash,
    invariants: l.invariants,
    metrics: l.metrics,
  });
}

/** A header line's text: keys in a fixed order, so equal sweeps give equal bytes. */
export function headerText(h: SweepHeader): string {
  return JSON.stringify({
    kubesim: h.kubesim,
    format: h.format,
    version: h.version,
    fingerprint: h.fingerprint,
    scenario: h.scenario,
    params: h.params,
    seeds: h.seeds,
    seed: h.seed,
    runs: h.runs,
    ...(h.shard !== undefined ? { shard: h.shard } : {}),
  });
}
