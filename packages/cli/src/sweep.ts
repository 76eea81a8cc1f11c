import { closeSync, existsSync, openSync, rmSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import {
  combinations,
  fingerprint,
  formatSummary,
  loadScenario,
  parseParams,
  parseShard,
  runsOf,
  type Shard,
  SWEEP_FORMAT,
  type SweepHeader,
  type SweepLine,
  type SweepSpec,
  scenarioOf,
  shardRuns,
} from '@kubesim/scenarios';
import { OutputError } from './atomicFile.js';
import { type InputFlags, inputFiles, readScenarioText } from './inputs.js';
import { BadInput, type Io } from './io.js';
import { checkOutputTarget, type RunInput } from './outputTarget.js';
import { readResults, writeResults } from './sweepFile.js';
import { type JobFlags, sweepJob } from './sweepJob.js';
import { runHere, runPool } from './sweepPool.js';
import { sweepProgress } from './sweepProgress.js';
import { writeSweepReport } from './sweepReport.js';
import { cliVersion } from './version.js';

export interface SweepFlags extends InputFlags, JobFlags {
  readonly param?: readonly string[];
  readonly seeds?: string;
  readonly seed?: string;
  readonly jobs?: string;
  readonly out?: string;
  readonly report?: string;
  readonly shard?: string;
  readonly resume?: boolean;
  readonly emitJob?: boolean;
}

function count(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text)))
    throw new BadInput(`--${name}: expected a whole number of 1 or more, not ${JSON.stringify(text)}`);
  return Number(text);
}

/** Where results go by default: beside the scenario, `NAME.sweep.jsonl` (a shard's: `NAME.sweep.I-of-N.jsonl`). */
export function defaultOut(file: string, shard: Shard | undefined): string {
  const stem = join(dirname(file), basename(file, extname(file)));
  return shard === undefined ? `${stem}.sweep.jsonl` : `${stem}.sweep.${shard.index}-of-${shard.count}.jsonl`;
}

/**
 * Reads the scenario and every file it reads under each combination, checking each
 * combination loads (a bad path or value stops the sweep here, before any run).
 */
function sweepSpec(file: string, flags: SweepFlags, io: Io, inputs: RunInput[]): SweepSpec {
  const params = parseParams(flags.param ?? []);
  const seeds = count('seeds', flags.seeds, 1);
  const text = readScenarioText(file, flags, io);
  const files = inputFiles(file, flags, io);
  const path = io.resolve(file);
  const read: Record<string, string> = {};
  const reading = {
    readFile: (p: string): string => {
      const t = read[p] ?? files.readFile(p);
      if (read[p] === undefined) inputs.push({ path: resolve(dirname(path), p), what: `the manifest ${p}` });
      read[p] = t;
      return t;
    },
  };
  const base = loadScenario(text, file, reading);
  for (const c of combinations(params)) scenarioOf({ text, name: file, files: reading }, params, c);
  return {
    name: file,
    text,
    files: read,
    params: flags.param ?? [],
    seeds,
    seed: flags.seed ?? base.seed,
    version: cliVersion(),
  };
}

/** One line, written to its end (a short write is continued); a write that fails is an OutputError. */
function appendLine(fd: number, text: string, shown: string): void {
  const bytes = Buffer.from(`${text}\n`, 'utf8');
  let done = 0;
  while (done < bytes.length) {
    let n: number;
    try {
      n = writeSync(fd, bytes, done, bytes.length - done);
    } catch (e) {
      throw new OutputError(`cannot write ${shown}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (!(n > 0)) throw new OutputError(`cannot write ${shown}: no space left on device (ENOSPC)`);
    done += n;
  }
}

/**
 * `kubesim sweep FILE --param PATH=V1,V2 --seeds N`: every combination times N seeds; results
 * as JSON Lines (appended to OUT.partial as runs finish, then put in canonical order in OUT),
 * and a summary table on stdout. Exit 0 when every run held, 1 when one did not.
 */
export function sweepCommand(file: string, flags: SweepFlags, io: Io): number | Promise<number> {
  const jobs = count('jobs', flags.jobs, availableParallelism());
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const inputs: RunInput[] = [{ path: io.resolve(file), what: 'the scenario' }];
  const spec = sweepSpec(file, flags, io, inputs);
  const params = parseParams(spec.params);
  const all = runsOf(params, spec.seeds, spec.seed);
  const header: SweepHeader = {
    kubesim: 'sweep',
    format: SWEEP_FORMAT,
    version: spec.version,
    fingerprint: fingerprint(spec),
    scenario: basename(file),
    params: params.map((p) => ({ path: p.path, values: p.values })),
    seeds: spec.seeds,
    seed: spec.seed,
    runs: all.length,
    ...(shard !== undefined ? { shard: `${shard.index}/${shard.count}` } : {}),
  };
  if (flags.emitJob) {
    io.stdout.write(sweepJob(file, spec, header, flags));
    return 0;
  }
  const out = flags.out ?? defaultOut(file, shard);
  const target = io.resolve(out);
  checkOutputTarget('--out', out, target, inputs);
  if (flags.report !== undefined) {
    checkOutputTarget('--report', flags.report, io.resolve(flags.report), inputs);
    if (io.resolve(flags.report) === target) throw new BadInput(`--out and --report name the same file (${out})`);
  }
  const partial = `${target}.partial`;
  const done = new Map<number, SweepLine>();
  if (flags.resume) {
    // The partial file of an interrupted sweep, else a finished file (nothing left to run).
    const from = existsSync(partial) ? partial : existsSync(target) ? target : undefined;
    if (from !== undefined) {
      const shown = from === partial ? `${out}.partial` : out;
      const found = readResults(from, shown);
      if (found.header.fingerprint !== header.fingerprint || found.header.shard !== header.shard)
        throw new BadInput(
          `--resume: ${shown} holds another sweep's results (${found.header.fingerprint !== header.fingerprint ? 'its scenario, files, parameters, seeds or kubesim version differ' : `shard ${found.header.shard ?? 'none'}, not ${header.shard ?? 'none'}`}); give another --out, or drop --resume to start over`,
        );
      for (const [i, l] of found.lines) done.set(i, l);
    }
  } else if (existsSync(partial)) {
    throw new BadInput(
      `${out}.partial holds the finished runs of an interrupted sweep: add --resume to continue it, or remove the file to start over`,
    );
  }
  const mine = shardRuns(all, shard);
  const todo = mine.filter((r) => !done.has(r.index)).map((r) => r.index);
  if (flags.resume) io.stderr.write(`resuming: ${mine.length - todo.length} of ${mine.length} runs already done\n`);
  // The partial file: the header, the lines already done, then each line as its run finishes
  // (one write each, so an interrupted sweep leaves whole lines).
  writeResults(partial, `${out}.partial`, header, done.values(), io);
  const fd = openSync(partial, 'a');
  const progress = sweepProgress(io.stderr, mine.length, mine.length - todo.length);
  const finish = (): number => {
    progress.stop();
    closeSync(fd);
    writeResults(target, out, header, done.values(), io);
    if (flags.report !== undefined) writeSweepReport(io.resolve(flags.report), flags.report, header, [...done.values()], io);
    rmSync(partial, { force: true });
    const lines = [...done.values()].sort((a, b) => a.index - b.index);
    io.stdout.write(formatSummary(header, lines));
    const failed = lines.filter((l) => !l.ok).length;
    io.stdout.write(
      `${lines.length} runs${shard !== undefined ? ` (shard ${header.shard} of ${all.length})` : ''}, ${failed === 0 ? 'every invariant held' : `${failed} with a violation or stopped early`}; results in ${out}\n`,
    );
    return failed === 0 ? 0 : 1;
  };
  const onLine = (line: SweepLine, text: string): void => {
    appendLine(fd, text, `${out}.partial`);
    done.set(line.index, line);
    progress.tick();
  };
  const fail = (e: unknown): never => {
    progress.stop();
    closeSync(fd);
    throw e;
  };
  // No more threads than runs left (none at all when nothing is left).
  if (jobs <= 1 || todo.length <= 1) {
    try {
      runHere(spec, todo, onLine);
    } catch (e) {
      fail(e);
    }
    return finish();
  }
  return runPool(spec, todo, Math.min(jobs, todo.length), onLine).then(finish, fail);
}
