import { higherIsBetter, type Results } from './results.js';

/**
 * Latest against baseline, one line per figure both have: the ratio, and a flag when the
 * figure got worse by more than a quarter. Machines differ, so this reports; it does not fail.
 */
export function compare(baseline: Results, latest: Results): string[] {
  const lines: string[] = [];
  for (const m of latest.measurements) {
    const b = baseline.measurements.find((x) => x.name === m.name);
    if (b === undefined || b.value === 0 || m.unit === 'ratio') continue;
    const ratio = m.value / b.value;
    const worse = higherIsBetter(m) ? ratio < 0.75 : ratio > 1.25;
    lines.push(`${worse ? 'WORSE' : '     '} ${m.name.padEnd(62)} ${ratio.toFixed(2)}× baseline`);
  }
  return lines;
}
