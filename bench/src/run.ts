import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare } from './compare.js';
import { benchDeploymentReconcile, benchDeploymentRollout } from './deployment.bench.js';
import { benchEngine } from './engine.bench.js';
import { benchReplicaSetReconcile, benchReplicaSetScaleUp } from './replicaset.bench.js';
import type { Measurement, Results } from './results.js';
import { benchStatefulSet } from './statefulset.bench.js';
import { benchTimeline } from './timeline.bench.js';

/**
 * Runs the suites and writes bench/results/latest.json, then compares it with the
 * committed bench/baseline.json. `--quick` runs small sizes only (a smoke run);
 * `--update-baseline` writes the results as the new baseline.
 */
const here = dirname(fileURLToPath(import.meta.url));
// Compiled to bench/dist/src/run.js: the bench folder is two levels up.
const root = join(here, '..', '..');
const quick = process.argv.includes('--quick');
const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000, 1_000_000];

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

const measurements: Measurement[] = [];
log('timeline: push+pop against a plain heap');
for (const size of [1_000, 100_000]) measurements.push(...(await benchTimeline(size, quick ? 300 : 2000)));
const timeline = measurements.find((m) => m.name.startsWith('timeline push+pop (heap of 100000)'));
const plain = measurements.find((m) => m.name.startsWith('plain heap push+pop (heap of 100000)'));
if (timeline && plain)
  measurements.push({ name: 'timeline / plain heap (heap of 100000)', unit: 'ratio', value: timeline.value / plain.value });

for (const pods of sizes) {
  log(`engine: ${pods} pods`);
  measurements.push(...(await benchEngine(pods, quick ? 5_000 : 50_000, quick ? 5 : 10)));
}
const first = measurements.find((m) => m.name === `engine ${sizes[0]} pods`);
const last = measurements.find((m) => m.name === `engine ${sizes.at(-1)} pods`);
if (first && last) {
  measurements.push({
    name: `per-event cost, ${sizes.at(-1)} pods / ${sizes[0]} pods`,
    unit: 'ratio',
    value: first.value / last.value,
  });
}

log('replicaset: reconciles, and a scale-up from zero');
measurements.push(...(await benchReplicaSetReconcile([10, 100, 1_000], quick ? 300 : 2000)));
measurements.push(...(await benchReplicaSetScaleUp(quick ? 1_000 : 10_000, quick ? 2 : 3)));

log('deployment: reconciles, a rolling update of one large Deployment, and of many small ones');
measurements.push(...(await benchDeploymentReconcile([10, 100, 1_000], quick ? 300 : 2000)));
measurements.push(...(await benchDeploymentRollout(1, quick ? 1_000 : 10_000)));
measurements.push(...(await benchDeploymentRollout(quick ? 100 : 1_000, 10)));

log('statefulset: created OrderedReady, then rolled to a new image');
measurements.push(...(await benchStatefulSet(quick ? 200 : 1_000, 1)));

const results: Results = {
  generatedAt: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  quick,
  measurements,
};
mkdirSync(join(root, 'results'), { recursive: true });
const out = join(root, 'results', 'latest.json');
// Written to a temporary file and renamed: a crash never leaves half a file.
writeFileSync(`${out}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
renameSync(`${out}.tmp`, out);

for (const m of measurements) {
  const v = m.unit === 'ratio' ? m.value.toFixed(2) : Math.round(m.value).toLocaleString('en-US');
  console.log(`${m.name.padEnd(62)} ${v.padStart(14)} ${m.unit}`);
}
const baselinePath = join(root, 'baseline.json');
if (process.argv.includes('--update-baseline')) {
  writeFileSync(baselinePath, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nbaseline updated: ${baselinePath}`);
} else if (existsSync(baselinePath)) {
  const baseline = JSON.parse(readFileSync(baselinePath, 'utf8')) as Results;
  console.log(`\ncompared with the baseline of ${baseline.generatedAt} (${baseline.node}, ${baseline.cpus} cpus):`);
  console.log(compare(baseline, results).join('\n'));
}
