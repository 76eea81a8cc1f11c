import fc from 'fast-check';
import { BASE_SCENARIO, Bench, logMutation, mutate, replayArgs, scenarioText } from './fuzzInputs.js';

/**
 * The long fuzz run of issue 14: `tsx --conditions=source packages/cli/scripts/fuzz.ts [N] [SEED]`
 * feeds N inputs (default 10,000: a quarter scenario documents to `kubesim run`, the rest
 * logs to `kubesim replay`) and prints what it found: exit codes, stack traces, internal
 * errors, hangs past the limit, logs that do not replay. Exits 1 if anything was found.
 */

const total = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? 20261206);
const scenarios = Math.round(total / 4);
const logs = total - scenarios;

const bench = new Bench();
const codes = new Map<number, number>();
const problems: string[] = [];
let slowest = 0;
const note = (kind: string, input: string, r: { outcome: { code: number; err: string; ms: number }; problem?: string }) => {
  codes.set(r.outcome.code, (codes.get(r.outcome.code) ?? 0) + 1);
  slowest = Math.max(slowest, r.outcome.ms);
  if (r.problem !== undefined && problems.length < 20)
    problems.push(`${kind}: ${r.problem}\n  input: ${input.slice(0, 400)}\n  stderr: ${r.outcome.err.slice(0, 400)}`);
  else if (r.problem !== undefined) problems.push(r.problem);
};

const started = performance.now();
for (const text of fc.sample(scenarioText, { numRuns: scenarios, seed })) note('run', text, bench.runScenario(text));
bench.write('base.yaml', BASE_SCENARIO);
if (bench.kubesim(['run', 'base.yaml', '--log', 'base.jsonl']).code !== 0) throw new Error('the base scenario does not run');
const base = bench.read('base.jsonl');
const cases = fc.sample(fc.tuple(logMutation, replayArgs), { numRuns: logs, seed: seed + 1 });
for (const [mutations, args] of cases)
  note('replay', JSON.stringify({ mutations, args }), bench.replayLog(mutate(base, mutations), args));
bench.close();

const seconds = ((performance.now() - started) / 1000).toFixed(0);
process.stdout.write(
  `${total} inputs (${scenarios} scenarios, ${logs} logs), seed ${seed}, ${seconds}s: ` +
    `exit codes ${[...codes.entries()]
      .sort()
      .map(([c, n]) => `${c}×${n}`)
      .join(' ')}; ` +
    `slowest ${Math.round(slowest)}ms; ${problems.length} problems\n`,
);
for (const p of problems.slice(0, 20)) process.stdout.write(`${p}\n`);
process.exitCode = problems.length === 0 ? 0 : 1;
