import type { Controller } from '@kubesim/core';
import type { RunReport } from '../run/runner.js';
import type { ScenarioFiles } from '../scenario/load.js';
import type { ScenarioFile } from '../scenario/schema.js';
import { runDocument } from './check.js';
import { withLiveness } from './liveness.js';
import { type Outcome, outcome, outcomeDifference } from './livenessOutcome.js';

/**
 * `same-outcome` (Acto's differential oracle, SOSP'23): the settled state, minus names, uids,
 * resourceVersions and times (livenessOutcome.ts), does not depend on the fault schedule or the
 * seed. Only settled runs are compared — those whose `eventually-stable` held with nothing
 * left unjudged — since a state still moving has no outcome yet.
 */

/** Why a run has no settled outcome to compare, or undefined when it has one. */
export function unsettled(report: RunReport): string | undefined {
  const stable = report.invariants.find((i) => i.name.startsWith('eventually-stable'));
  if (stable === undefined) return 'eventually-stable was not checked';
  if (!stable.holds) return `it did not settle: ${stable.violations[0]?.message ?? ''}`;
  if (stable.notes !== undefined) return `it did not settle by design: ${stable.notes[0]}`;
  if (report.stoppedBy !== 'until') return `it stopped early (${report.stoppedBy})`;
  return undefined;
}

/** A settled run's outcome, or why it has none. */
export function settledOutcome(report: RunReport): Outcome | string {
  return unsettled(report) ?? outcome(report.view);
}

/** How two settled runs differ, or undefined when they do not (or either has no outcome). */
export function differentOutcome(a: Outcome | string, b: Outcome | string): string | undefined {
  if (typeof a === 'string' || typeof b === 'string') return undefined;
  return outcomeDifference(a, b);
}

/** One run same-outcome compares: a label for messages and the scenario document to run. */
export interface OutcomeVariant {
  /** For messages: `seed 7`, `node-1 fails at 30s`. */
  readonly label: string;
  /** The document to run: the scenario with another seed, other faults. */
  readonly document: ScenarioFile;
}

/** Whether the variants' settled outcomes agree: the runs compared, the runs skipped, the first difference. */
export interface SameOutcomeResult {
  readonly same: boolean;
  /** Runs whose outcomes were compared (the first is the reference). */
  readonly compared: readonly string[];
  /** Runs with no settled outcome, and why. */
  readonly skipped: readonly { readonly label: string; readonly why: string }[];
  /** The first pair that differs and the first difference between them. */
  readonly difference?: { readonly reference: string; readonly other: string; readonly detail: string };
}

/**
 * Runs each variant (eventually-stable added) and compares the settled outcomes with the first
 * settled one; stops at the first difference.
 */
export function sameOutcome(
  variants: readonly OutcomeVariant[],
  opts: { readonly file?: string; readonly files?: ScenarioFiles; readonly controllers?: readonly Controller[] } = {},
): SameOutcomeResult {
  const compared: string[] = [];
  const skipped: { label: string; why: string }[] = [];
  let reference: { label: string; outcome: Outcome } | undefined;
  for (const v of variants) {
    const result = settledOutcome(runDocument(withLiveness(v.document), opts.file, opts.files, opts.controllers));
    if (typeof result === 'string') {
      skipped.push({ label: v.label, why: result });
      continue;
    }
    compared.push(v.label);
    if (reference === undefined) {
      reference = { label: v.label, outcome: result };
      continue;
    }
    const detail = outcomeDifference(reference.outcome, result);
    if (detail !== undefined) {
      return { same: false, compared, skipped, difference: { reference: reference.label, other: v.label, detail } };
    }
  }
  return { same: true, compared, skipped };
}

/**
 * same-outcome as a property for checkScenarios (`property`): a settled run's outcome is that
 * of the same document run without its faults, when that one settles too. A document with no
 * faults passes as it is; one with costs a second run.
 */
export function sameOutcomeWithoutFaults(
  opts: { readonly file?: string; readonly files?: ScenarioFiles; readonly controllers?: readonly Controller[] } = {},
): (doc: ScenarioFile, report: RunReport) => string | undefined {
  return (doc, report) => {
    const steps = doc.steps ?? [];
    if (!steps.some((s) => 'fault' in s)) return undefined;
    const mine = settledOutcome(report);
    if (typeof mine === 'string') return undefined;
    const calm = { ...doc, steps: steps.filter((s) => !('fault' in s)) };
    const theirs = settledOutcome(runDocument(withLiveness(calm), opts.file, opts.files, opts.controllers));
    const detail = differentOutcome(mine, theirs);
    return detail === undefined
      ? undefined
      : `same-outcome violated: the settled state differs from the same run without its faults: ${detail}`;
  };
}
