import type { ClusterView, Invariant, InvariantContext, InvariantResult, Millis } from '@kubesim/core';

/**
 * An invariant of the library: checked by the engine after every event, looking only at
 * what the event changed (and at objects it can look up by key); some also have a verdict
 * at the end of the run. Each run gets fresh instances, since most keep running counts.
 */
export interface ScenarioInvariant extends Invariant {
  /** What it promises, in a sentence (for reports). */
  readonly description: string;
  /** The upstream code the promise rests on (`kubesim invariants` lists it). */
  readonly upstream: string;
  /** Violations that show only at the end of the run (a liveness property). */
  finish?(view: ClusterView, now: Millis, end?: { readonly idle?: boolean }): readonly Exclude<InvariantResult, undefined>[];
  /** After finish: what it could not judge and why (a liveness property's "not applicable"). */
  notes?(): readonly string[];
}

export type { InvariantContext, InvariantResult };

/** Runs each check over the event's changes and returns the first violation. */
export function firstViolation<T>(items: Iterable<T>, check: (item: T) => InvariantResult): InvariantResult {
  for (const item of items) {
    const r = check(item);
    if (r !== undefined) return r;
  }
  return undefined;
}
