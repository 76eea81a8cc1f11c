import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkScenarios, sameOutcomeWithoutFaults, scenarioDocumentArb } from '../src/verify/index.js';

/**
 * The long property run of issue 13 (the scheduled job, not CI): `pnpm verify:long [--runs N]
 * [--chunk N] [--seed S] [--out DIR]` runs N generated scenarios (default 10,000: every
 * workload kind, actions and faults of every kind, every built-in invariant with eventually-stable
 * among them, and same-outcome: each settled run with faults against the same run without
 * them) against kubesim's controllers,
 * in chunks of --chunk runs (default 100), chunk i drawn with fast-check seed S + i. A chunk
 * that fails stops at its first failure, shrinks it, and writes the counterexample to
 * DIR/chunk-<i>.counterexample.yaml (a scenario file `kubesim run` reproduces); the run goes on
 * with the next chunk. DIR/progress.json records each chunk done, so a run stopped part-way
 * resumes where it was (the same flags; --fresh starts over). Progress goes to stderr, the
 * summary to stdout; exits 1 if any chunk failed, 0 when all N runs held.
 */

interface Flags {
  runs: number;
  chunk: number;
  seed: number;
  out: string;
  fresh: boolean;
}

function flags(argv: readonly string[]): Flags {
  const f: Flags = { runs: 10_000, chunk: 100, seed: 20261207, out: 'verify-long', fresh: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--fresh') f.fresh = true;
    else if ((a === '--runs' || a === '--chunk' || a === '--seed') && v !== undefined && /^\d+$/.test(v)) {
      f[a.slice(2) as 'runs' | 'chunk' | 'seed'] = Number(v);
      i++;
    } else if (a === '--out' && v !== undefined) {
      f.out = v;
      i++;
    } else if (a !== '--') throw new Error(`verify-long: unknown or incomplete flag ${a}`);
  }
  if (f.chunk < 1 || f.runs < 1) throw new Error('verify-long: --runs and --chunk must be 1 or more');
  return f;
}

interface ChunkResult {
  readonly chunk: number;
  readonly seed: number;
  readonly runs: number;
  readonly failure?: string;
  readonly file?: string;
}

interface Progress {
  readonly runs: number;
  readonly chunk: number;
  readonly seed: number;
  readonly done: ChunkResult[];
}

const f = flags(process.argv.slice(2));
const dir = resolve(process.env.INIT_CWD ?? process.cwd(), f.out);
mkdirSync(dir, { recursive: true });
const state = join(dir, 'progress.json');
let progress: Progress = { runs: f.runs, chunk: f.chunk, seed: f.seed, done: [] };
if (!f.fresh && existsSync(state)) {
  const saved = JSON.parse(readFileSync(state, 'utf8')) as Progress;
  if (saved.runs === f.runs && saved.chunk === f.chunk && saved.seed === f.seed) progress = saved;
  else process.stderr.write(`verify-long: ${state} is of other flags; starting over\n`);
}

const chunks = Math.ceil(f.runs / f.chunk);
const doneChunks = new Set(progress.done.map((d) => d.chunk));
const arb = scenarioDocumentArb();
const started = performance.now();
let ranNow = 0;
for (let i = 0; i < chunks; i++) {
  if (doneChunks.has(i)) continue;
  const runs = Math.min(f.chunk, f.runs - i * f.chunk);
  const seed = f.seed + i;
  // Both liveness properties: eventually-stable is among each document's invariants, and
  // same-outcome compares each settled run with its faults against the same run without them.
  const r = checkScenarios(arb, { runs, seed, property: sameOutcomeWithoutFaults() });
  let result: ChunkResult = { chunk: i, seed, runs: r.runs };
  if (!r.ok && r.counterexample !== undefined) {
    const file = join(dir, `chunk-${i}.counterexample.yaml`);
    writeFileSync(file, r.counterexample.yaml);
    result = { ...result, failure: r.counterexample.failure, file };
    process.stderr.write(`\nchunk ${i} (seed ${seed}) failed at run ${r.runs}: ${r.counterexample.failure}\n  wrote ${file}\n`);
  }
  progress.done.push(result);
  writeFileSync(state, `${JSON.stringify(progress, null, 1)}\n`);
  ranNow += r.runs;
  const total = progress.done.reduce((n, d) => n + d.runs, 0);
  const rate = ranNow / ((performance.now() - started) / 1000);
  const left = f.runs - progress.done.reduce((n, d) => n + (d.failure === undefined ? d.runs : f.chunk), 0);
  const failed = progress.done.filter((d) => d.failure !== undefined).length;
  process.stderr.write(
    `\rchunk ${progress.done.length}/${chunks}: ${total} runs, ${rate.toFixed(1)} runs/s, ETA ${Math.round(left / rate)}s, ${failed} failed `,
  );
}
process.stderr.write('\n');

const failures = progress.done.filter((d) => d.failure !== undefined);
const total = progress.done.reduce((n, d) => n + d.runs, 0);
const seconds = ((performance.now() - started) / 1000).toFixed(0);
process.stdout.write(
  `${total} generated runs in ${progress.done.length} chunks (seeds ${f.seed}..${f.seed + chunks - 1}), ${seconds}s this session: ${
    failures.length === 0 ? 'every invariant held' : `${failures.length} chunk(s) failed`
  }\n`,
);
for (const d of failures) process.stdout.write(`  chunk ${d.chunk} (seed ${d.seed}): ${d.failure}\n    ${d.file}\n`);
process.exitCode = failures.length === 0 ? 0 : 1;
