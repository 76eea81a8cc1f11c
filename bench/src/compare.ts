import { higherIsBetter, type Results, type Unit } from './results.js';

/** Figures that describe the simulated cluster (times, latencies), not kubesim's speed: a change is shown, never flagged. */
const MODEL_OUTPUTS: ReadonlySet<Unit> = new Set(['sim s', 'ms', 'ratio']);

/**
 * Latest against baseline, one line per figure both have: the ratio, and a flag when the
 * figure got worse by more than a quarter. Machines differ, so this reports; it does not fail.
 */
export function compare(baseline: Results, latest: Results): string[] {
  const lines: string[] = [];
  for (const m of latest.measurements) {
    const b = baseline.measurements.find((x) => x.name === m.name);
    if (b === undefined || b.value === 0 || !Number.isFinite(b.value)) continue;
    const ratio = m.value / b.value;
    const worse = !MODEL_OUTPUTS.has(m.unit) && (higherIsBetter(m) ? ratio < 0.75 : ratio > 1.25);
    lines.push(`${worse ? 'WORSE' : '     '} ${m.name.padEnd(78)} ${ratio.toFixed(2)}× baseline`);
  }
  return lines;
}
