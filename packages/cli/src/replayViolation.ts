import { type Change, type ClusterState, ClusterView, formatDuration, type LogEntry, type Violation } from '@kubesim/core';
import { createInvariants, INVARIANT_NAMES, invariantProblem, type ScenarioInvariant } from '@kubesim/scenarios';
import { BadInput } from './io.js';

/**
 * `replay --to-violation`: the library's invariants re-checked on every entry as the log is
 * folded, as the engine checks them during a run, stopping at the first violation. A log
 * records no sync's view, so an invariant that judges a write by what its controller could see
 * (`decidedOn`) judges it by the state the write landed on.
 */
export class ViolationWatch {
  private readonly invariants: ScenarioInvariant[];
  found: Violation | undefined;

  constructor(names: readonly string[]) {
    this.invariants = createInvariants(names);
  }

  /** replay()'s onEntry: checks the entry, remembering the first violation. */
  observe(entry: LogEntry, changes: readonly Change[], state: ClusterState, prev: ClusterState): void {
    if (this.found !== undefined || entry.event.type === 'Reconcile') return;
    const view = new ClusterView(state);
    for (const inv of this.invariants) {
      const r = inv.check({ prev, state, entry, changes, view });
      if (r === undefined) continue;
      this.found = {
        invariant: inv.name,
        time: entry.time,
        seq: entry.seq,
        event: entry.event.type,
        message: typeof r === 'string' ? r : r.message,
        objects: typeof r === 'string' ? [] : [...(r.objects ?? [])],
      };
      return;
    }
  }

  /** At the end of the log, with no violation on the way: the verdicts the run gives at its end. */
  finish(state: ClusterState, end: number): void {
    if (this.found !== undefined) return;
    const view = new ClusterView(state);
    for (const inv of this.invariants) {
      const r = inv.finish?.(view, end)?.[0];
      if (r === undefined) continue;
      this.found = {
        invariant: inv.name,
        time: end,
        seq: -1,
        event: 'End',
        message: typeof r === 'string' ? r : r.message,
        objects: typeof r === 'string' ? [] : [...(r.objects ?? [])],
      };
      return;
    }
  }
}

/** `--invariants a,b`: names from the library; default all of them. */
export function watchedInvariants(text: string | undefined): string[] {
  if (text === undefined) return [...INVARIANT_NAMES];
  const names = text
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  for (const n of names) {
    const problem = invariantProblem(n);
    if (problem !== undefined) throw new BadInput(`--invariants: ${problem}`);
  }
  if (names.length === 0) throw new BadInput('--invariants: expected names from the library, comma-separated');
  return names;
}

/** The line replay prints for a violation. */
export function violationLine(v: Violation): string {
  const where = v.seq < 0 ? 'at the end of the log' : `at entry ${v.seq} (${v.event})`;
  return `${v.invariant} violated at ${formatDuration(v.time)}, ${where}: ${v.message}`;
}
