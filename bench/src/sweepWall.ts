/**
 * The wall time of the README's sweep (the seed's rolling update, maxSurge × maxUnavailable ×
 * 100 seeds, 600 runs) as a whole process: `--jobs 1` (one thread) against `--jobs 2` (the
 * piscina pool), run in turn — 1, 2, 1, 2, ... — so that drift in the machine's speed falls on
 * both; prints each one's min / median / max and the median of the pairwise ratios.
 *
 *   pnpm -r build && node bench/dist/src/sweepWall.js [--runs 3] [--seeds 100]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Run from bench/dist/src/.
const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'packages', 'cli', 'dist', 'src', 'bin.js');

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

const runs = flag('runs', 3);
const seeds = flag('seeds', 100);
const out = mkdtempSync(join(tmpdir(), 'kubesim-sweep-wall-'));

/** One whole sweep in a process of its own: seconds of wall, from spawn to exit. */
function sweep(jobs: number): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    [
      BIN,
      'sweep',
      join(ROOT, 'examples/nginx-deployment/rolling-update.yaml'),
      '--param',
      'Deployment/nginx-deployment:spec.strategy.rollingUpdate.maxSurge=1,2,3',
      '--param',
      'Deployment/nginx-deployment:spec.strategy.rollingUpdate.maxUnavailable=0,1',
      '--seeds',
      String(seeds),
      '--jobs',
      String(jobs),
      '--out',
      join(out, `jobs-${jobs}.jsonl`),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`the sweep with --jobs ${jobs} exited ${r.status}`);
  return s;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1
    ? (s[(s.length - 1) / 2] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
const row = (name: string, xs: readonly number[]): string =>
  `${name.padEnd(12)} min ${Math.min(...xs).toFixed(1)} s, median ${median(xs).toFixed(1)} s, max ${Math.max(...xs).toFixed(1)} s`;

const one: number[] = [];
const two: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    one.push(sweep(1));
    two.push(sweep(2));
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
console.log(row('--jobs 1', one));
console.log(row('--jobs 2', two));
console.log(`jobs 1 / jobs 2, median of the pairs: ${median(one.map((a, i) => a / (two[i] as number))).toFixed(2)}×`);
