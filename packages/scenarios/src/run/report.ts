import type { StopReason } from '@kubesim/core';
import { formatDuration } from '@kubesim/core';
import { expectationsJson, formatExpectations } from '../expect/report.js';
import type { ExpectationResult } from '../expect/types.js';
import type { RunSeries } from '../report/series/types.js';
import type { RunReport } from './runner.js';
import { formatTimeline } from './timeline.js';
import { formatVerdicts } from './verdicts.js';

/**
 * The report of `kubesim run`: the timeline, the `kubectl get` tables at the end, and a
 * verdict per invariant; or, with --json, one object a program can read.
 */
export function formatReport(r: RunReport): string {
  const parts = r.warnings.length > 0 ? [`Warnings:\n${r.warnings.map((w) => `  ${w}`).join('\n')}\n`] : [];
  parts.push(formatTimeline(r.timeline));
  if (r.tables !== '') parts.push(`At ${formatDuration(r.simulatedMs)}:\n\n${r.tables}`);
  if (r.invariants.length > 0) parts.push(formatVerdicts(r.invariants));
  if (r.expectations !== undefined && r.expectations.length > 0) parts.push(formatExpectations(r.expectations));
  const stop = r.message === undefined ? '' : `\nStopped early: ${r.message}`;
  parts.push(
    `${r.events} events, ${formatDuration(r.simulatedMs)} simulated, seed ${r.seed}\nlog sha256 ${r.logHash}\nstate ${r.stateHash}${stop}\n`,
  );
  return parts.join('\n');
}

/**
 * The object `kubesim run --json` prints, version 1 (packages/cli/schema/run.v1.schema.json
 * describes the same shape; a test validates every example against it).
 */
export interface RunReportJson {
  /** The scenario's `name`. */
  readonly scenario?: string;
  readonly seed: string;
  /** Log entries written. */
  readonly events: number;
  readonly simulatedMs: number;
  /** sha256 of the event log, hex. */
  readonly logHash: string;
  /** The hash of the state at the end, hex. */
  readonly stateHash: string;
  /** `until` when the run reached its end; otherwise the bound that stopped it. */
  readonly stoppedBy: StopReason;
  /** Why a bound stopped the run early. */
  readonly message?: string;
  readonly warnings: readonly string[];
  readonly invariants: readonly InvariantVerdictJson[];
  readonly steps: readonly StepJson[];
  /** The verdict of each `expect` step, when the scenario has any. */
  readonly expectations?: readonly ExpectationResult[];
  /** The time series the HTML report draws, when the run recorded them. */
  readonly series?: RunSeries;
}

/** One invariant's verdict in the --json report. */
export interface InvariantVerdictJson {
  readonly name: string;
  readonly holds: boolean;
  readonly violations: RunReport['invariants'][number]['violations'];
  /** What the invariant did not judge, and why (eventually-stable's "not applicable"). */
  readonly notes?: readonly string[];
}

/** One kubectl step in the --json report: what it printed and how it exited (null: no exit code). */
export interface StepJson {
  readonly at: number;
  readonly step: string;
  /** Where the step is written (`scenario.yaml:31`). */
  readonly location?: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
}

/** The --json object: what a script needs to compare runs and read verdicts. */
export function reportJson(r: RunReport): RunReportJson {
  return {
    ...(r.scenario !== undefined ? { scenario: r.scenario } : {}),
    seed: r.seed,
    events: r.events,
    simulatedMs: r.simulatedMs,
    logHash: r.logHash,
    stateHash: r.stateHash,
    stoppedBy: r.stoppedBy,
    ...(r.message !== undefined ? { message: r.message } : {}),
    warnings: r.warnings,
    invariants: r.invariants.map((i) => ({
      name: i.name,
      holds: i.holds,
      violations: i.violations,
      ...(i.notes !== undefined ? { notes: i.notes } : {}),
    })),
    ...(r.expectations !== undefined ? { expectations: expectationsJson(r.expectations) } : {}),
    steps: r.steps.map((s) => ({
      at: s.at,
      step: s.step,
      ...(s.location !== undefined ? { location: s.location } : {}),
      stdout: s.stdout,
      stderr: s.stderr,
      exitCode: s.exitCode ?? null,
    })),
    ...(r.series !== undefined ? { series: r.series } : {}),
  };
}

/** 0 when every invariant holds, every expectation passed and the run reached its end; 1 otherwise. */
export function exitCodeOf(r: RunReport): 0 | 1 {
  const expected = (r.expectations ?? []).every((e) => e.passed);
  return r.invariants.every((i) => i.holds) && expected && r.stoppedBy === 'until' ? 0 : 1;
}
