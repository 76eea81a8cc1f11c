import { readFileSync } from 'node:fs';
import type { Measurement, Results } from './results.js';

/**
 * Prints a results file (bench/results/latest.json, a baseline) as the Markdown tables of the
 * bench README: every figure with its ratio to the floor, then the targets.
 *
 *   node dist/src/table.js baseline.json [--match churn]
 */
const args = process.argv.slice(2);
const file = args.find((a) => a.endsWith('.json'));
if (file === undefined) throw new Error('usage: table.js RESULTS.json [--match TEXT]');
const matchAt = args.indexOf('--match');
const match = matchAt >= 0 ? args[matchAt + 1] : undefined;
const r = JSON.parse(readFileSync(file, 'utf8')) as Results;

function value(m: Measurement): string {
  const v = m.value;
  if (!Number.isFinite(v)) return '—';
  if (m.unit === 'ratio' || m.unit === 'sim s/wall s' || m.unit === 'wall s' || m.unit === 'sim s' || Math.abs(v) < 10) {
    return `${v.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: Math.abs(v) < 10 ? 2 : 0 })}`;
  }
  return Math.round(v).toLocaleString('en-US');
}

function ratio(x: number | undefined): string {
  if (x === undefined) return '';
  if (x >= 0.1) return `${x.toFixed(2)}×`;
  return `1/${Math.round(1 / x).toLocaleString('en-US')}`;
}

console.log(
  `${r.quick ? 'quick' : 'full'} run of ${r.generatedAt}, Node ${r.node}, ${r.cpus} CPUs, packages at ${r.commit ?? '?'}\n`,
);
console.log('| figure | value | unit | ÷ floor |');
console.log('| --- | ---: | --- | ---: |');
for (const m of r.measurements) {
  if (match !== undefined && !m.name.includes(match)) continue;
  console.log(`| ${m.name} | ${value(m)} | ${m.unit} | ${ratio(m.floor)} |`);
}
if (match === undefined) {
  console.log('\n| target | value | bound | met |');
  console.log('| --- | ---: | ---: | --- |');
  for (const t of r.targets) {
    const v = t.value < 10 ? t.value.toFixed(2) : Math.round(t.value).toLocaleString('en-US');
    const b = `${t.direction === 'atMost' ? '≤' : '≥'} ${t.bound < 10 ? t.bound.toFixed(2) : t.bound.toLocaleString('en-US')} ${t.unit}`;
    console.log(`| ${t.name} | ${v} | ${b} | ${t.met ? 'met' : '**missed**'}${t.note ? ` (${t.note})` : ''} |`);
  }
  for (const n of r.notes) console.log(`\n- ${n}`);
}
