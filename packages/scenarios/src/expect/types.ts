import type { Millis } from '@kubesim/core';
import type { FieldCheck } from './field.js';

/** What a kubectl expectation compares its command's output with. */
export type OutputCheck =
  | { readonly contains: string }
  | { readonly matches: string }
  /** The whole output, exactly (a golden block). */
  | { readonly equals: string };

/**
 * An `expect` step: at a time (or at the first instant `within` a duration after it), an
 * object's field or a read-only kubectl command's output is what the scenario says.
 */
export interface Expectation {
  readonly at: Millis;
  /** Passes at the first instant in [at, at + within] that it holds; without it, at `at` only. */
  readonly within?: Millis;
  readonly check: { readonly field: FieldCheck } | ({ readonly kubectl: string } & OutputCheck);
  /** As written, for the report. */
  readonly text: string;
  /** Where the step is written (`scenario.yaml:31`). */
  readonly location?: string;
}

/** How an expectation came out. */
export interface ExpectationResult {
  readonly at: Millis;
  readonly within?: Millis;
  readonly expectation: string;
  readonly location?: string;
  readonly passed: boolean;
  /** When it was decided: the instant it held, or the instant it was given up on. */
  readonly time: Millis;
  /** What was there when it was decided (the field's value, the command's output). */
  readonly actual: string;
}
