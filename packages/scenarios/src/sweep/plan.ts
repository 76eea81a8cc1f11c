import { KubesimError, sha256Hex } from '@kubesim/core';
import { type Combination, combinations, parseParams, type SweepParam } from './params.js';

/**
 * A sweep as data a worker thread can be handed: the scenario's text and every file it reads
 * (so workers read no files, and the sweep cannot change under them), the --param texts, and
 * the seeds. Everything a run depends on is here, so its fingerprint names the sweep.
 */
export interface SweepSpec {
  readonly name: string;
  readonly text: string;
  /** Every file the scenario reads under any combination, by the name it reads it with. */
  readonly files: Readonly<Record<string, string>>;
  readonly params: readonly string[];
  /** Seeds per combination. */
  readonly seeds: number;
  /** The base seed the runs' seeds derive from (the scenario's, or --seed). */
  readonly seed: string;
  /** The kubesim version: results of another version are another sweep. */
  readonly version: string;
}

/** One run of the sweep: its place in the canonical order, id, combination and seed. */
export interface RunSpec {
  readonly index: number;
  readonly id: string;
  readonly combination: Combination;
  readonly seedIndex: number;
  readonly seed: string;
}

/**
 * Run k of the sweep is combination ⌊k / seeds⌋ with seed number k mod seeds. Its seed is
 * `<base>-<j>` (base 42, seed number 7: "42-7"): the same seeds for every combination, so
 * combinations are compared on the same draws, and `kubesim run FILE --seed 42-7` replays
 * a run whose parameters are the file's own.
 */
export function runsOf(params: readonly SweepParam[], seeds: number, seed: string): RunSpec[] {
  const runs: RunSpec[] = [];
  for (const c of combinations(params)) {
    for (let j = 0; j < seeds; j++) {
      runs.push({ index: runs.length, id: `c${c.index}-s${j}`, combination: c, seedIndex: j, seed: `${seed}-${j}` });
    }
  }
  return runs;
}

/** `--shard i/n`: 0 ≤ i < n, as a Job's completion index counts. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `--shard I/N` (0 ≤ I < N); throws E_USAGE otherwise. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || !Number.isSafeInteger(count) || count < 1 || index >= count) {
    throw new KubesimError(
      'E_USAGE',
      `--shard: expected I/N with 0 ≤ I < N (the shard's index counts from 0, like JOB_COMPLETION_INDEX), not ${JSON.stringify(text)}`,
    );
  }
  return { index, count };
}

/**
 * The runs of one shard: every n-th run from the i-th, so each shard gets a share of every
 * combination (a slow combination does not land on one machine).
 */
export function shardRuns(runs: readonly RunSpec[], shard: Shard | undefined): RunSpec[] {
  return shard === undefined ? [...runs] : runs.filter((r) => r.index % shard.count === shard.index);
}

/** sha256 over everything the results depend on: a file of another sweep is refused by --resume and merge. */
export function fingerprint(spec: SweepSpec): string {
  const files = Object.keys(spec.files)
    .sort()
    .map((k) => [k, spec.files[k]]);
  return sha256Hex(
    JSON.stringify({
      sweep: 1,
      version: spec.version,
      text: spec.text,
      files,
      params: parseParams(spec.params).map((p) => [p.path, p.values]),
      seeds: spec.seeds,
      seed: spec.seed,
    }),
  );
}
