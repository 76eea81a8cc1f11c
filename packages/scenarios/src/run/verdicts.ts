import { formatDuration } from '@kubesim/core';
import type { InvariantReport } from './runner.js';

/**
 * The invariants' verdicts as the report prints them: one line each, `holds`, or `violated`
 * with the count and the first violation. Empty when the scenario checks none. `kubesim run
 * --quiet` prints this alone.
 */
export function formatVerdicts(invariants: readonly InvariantReport[]): string {
  if (invariants.length === 0) return '';
  const width = Math.max(...invariants.map((i) => i.name.length)) + 3;
  const lines = invariants.map((i) => {
    // What a liveness property could not judge follows its verdict, one line each.
    const notes = (i.notes ?? []).map((n) => `\n  ${' '.repeat(width)}${n}`).join('');
    if (i.holds) return `  ${i.name.padEnd(width)}holds${notes}`;
    const first = i.violations[0];
    const at = first === undefined ? '' : ` (first at ${formatDuration(first.time)}, ${first.event}: ${first.message})`;
    return `  ${i.name.padEnd(width)}violated ${i.violations.length}×${at}${notes}`;
  });
  return `Invariants:\n${lines.join('\n')}\n`;
}
