import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mainAsync } from '../src/index.js';
import { io } from './capture.js';
import { removeFolders } from './helpers.js';
import { GRID, rolloutFolder, SURGE } from './sweepHelpers.js';

/** `kubesim sweep` end to end, in-process (mainAsync), on a 2 × 2 × 2 sweep of a short rolling update. */
let dir: string;
let whole: string;

async function sweep(...args: string[]) {
  const c = io(dir);
  const code = await mainAsync(['sweep', 'rollout.yaml', ...GRID, ...args], c);
  return { code, out: c.out, err: c.err };
}

beforeAll(async () => {
  dir = rolloutFolder();
  const r = await sweep('--jobs', '1', '--out', 'whole.jsonl');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  whole = readFileSync(join(dir, 'whole.jsonl'), 'utf8');
});
afterAll(removeFolders);

describe('kubesim sweep', () => {
  it('writes a header and one line per run, in canonical order, and a summary table', async () => {
    const lines = whole
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ kubesim: 'sweep', format: 1, scenario: 'rollout.yaml', seeds: 2, seed: '42', runs: 8 });
    expect(lines.slice(1).map((l) => [l.run, l.seed])).toEqual([
      ['c0-s0', '42-0'],
      ['c0-s1', '42-1'],
      ['c1-s0', '42-0'],
      ['c1-s1', '42-1'],
      ['c2-s0', '42-0'],
      ['c2-s1', '42-1'],
      ['c3-s0', '42-0'],
      ['c3-s1', '42-1'],
    ]);
    expect(lines[3].params).toEqual({ [SURGE]: 1, 'Deployment/nginx-deployment:spec.strategy.rollingUpdate.maxUnavailable': 1 });
    // The same seed under another maxSurge is another run.
    expect(lines[1].logHash).not.toBe(lines[5].logHash);
    // maxUnavailable 0 keeps every pod available; 1 of 3 lets availability drop to 2/3.
    expect(lines[1].metrics.minAvailability).toBe(1);
    expect(lines[3].metrics.minAvailability).toBe(0.6667);
    expect(lines[1].metrics.rolloutMs).toBeGreaterThan(1000);
    expect(lines[1].metrics.writes.deployment).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'whole.jsonl.partial'))).toBe(false);
  });

  it('matches sweep.v1.schema.json, line by line', () => {
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'schema', 'sweep.v1.schema.json'), 'utf8'));
    const validate = new Ajv2020({ allErrors: true }).compile(schema);
    for (const line of whole.trimEnd().split('\n')) {
      expect(validate(JSON.parse(line)), JSON.stringify(validate.errors)).toBe(true);
    }
    expect(validate({ kubesim: 'sweep', format: 2 })).toBe(false);
  });

  it('prints the summary: a row per combination, median [p5, p95]', async () => {
    const r = await sweep('--jobs', '1', '--out', 'again.jsonl');
    expect(readFileSync(join(dir, 'again.jsonl'), 'utf8')).toBe(whole);
    const rows = r.out.split('\n');
    expect(rows[0]).toMatch(
      /^MAXSURGE +MAXUNAVAILABLE +RUNS +VIOLATED +ROLLOUT +MIN AVAILABLE +UNAVAILABLE FOR +PEAK PODS +WRITES$/,
    );
    expect(rows[1]).toMatch(/^1 +0 +2 +0 +[\d.]+m?s \[/);
    expect(rows[4]).toMatch(/^50% +1 +2 +0 /);
    expect(r.out).toContain('8 runs, every invariant held; results in again.jsonl');
  });

  it('on a pool of 2 threads writes the same bytes', async () => {
    const r = await sweep('--jobs', '2', '--out', 'pool.jsonl');
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'pool.jsonl'), 'utf8')).toBe(whole);
  });

  it('n shards merged equal the whole sweep, byte for byte', async () => {
    for (const i of [0, 1, 2]) expect((await sweep('--jobs', '1', '--shard', `${i}/3`)).code).toBe(0);
    const shard1 = readFileSync(join(dir, 'rollout.sweep.1-of-3.jsonl'), 'utf8').trimEnd().split('\n');
    expect(JSON.parse(shard1[0] as string).shard).toBe('1/3');
    expect(shard1.slice(1).map((l) => JSON.parse(l).index)).toEqual([1, 4, 7]);
    const c = io(dir);
    const code = await mainAsync(
      [
        'sweep',
        'merge',
        'rollout.sweep.2-of-3.jsonl',
        'rollout.sweep.0-of-3.jsonl',
        'rollout.sweep.1-of-3.jsonl',
        '--out',
        'merged.jsonl',
      ],
      c,
    );
    expect(c.err).toBe('');
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'merged.jsonl'), 'utf8')).toBe(whole);
    // A shard short: refused, naming what is missing.
    const m = io(dir);
    expect(await mainAsync(['sweep', 'merge', 'rollout.sweep.0-of-3.jsonl', '--out', 'm2.jsonl'], m)).toBe(2);
    expect(m.err).toContain('5 of 8 runs are missing (run index 1, 2, 4, ...)');
  });

  it('--resume skips the finished runs of an interrupted sweep and ends with the same file', async () => {
    // An interrupted sweep's partial file: the header, three finished runs out of order, and a line cut off.
    const [header, ...runs] = whole.trimEnd().split('\n');
    // A finished line is kept as it is, not run again: one marked here comes back marked.
    const marked = (runs[0] as string).replace(/"events":\d+/, '"events":999999');
    writeFileSync(join(dir, 'r.jsonl.partial'), `${[header, runs[5], marked, runs[2]].join('\n')}\n${runs[1]?.slice(0, 40)}`);
    const refused = await sweep('--jobs', '1', '--out', 'r.jsonl');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('r.jsonl.partial holds the finished runs of an interrupted sweep: add --resume');
    const r = await sweep('--jobs', '1', '--out', 'r.jsonl', '--resume');
    expect(r.code).toBe(0);
    expect(r.err).toBe('resuming: 3 of 8 runs already done\n');
    const resumed = readFileSync(join(dir, 'r.jsonl'), 'utf8');
    expect(resumed).not.toBe(whole);
    expect(resumed.split('\n')[1]).toBe(marked);
    // Rerun from the unmarked partial: the same bytes as the sweep never interrupted.
    writeFileSync(join(dir, 'r.jsonl.partial'), `${[header, runs[5], runs[0], runs[2]].join('\n')}\n${runs[1]?.slice(0, 40)}`);
    expect((await sweep('--jobs', '1', '--out', 'r.jsonl', '--resume')).code).toBe(0);
    expect(readFileSync(join(dir, 'r.jsonl'), 'utf8')).toBe(whole);
    expect(existsSync(join(dir, 'r.jsonl.partial'))).toBe(false);
    // A finished file resumed: nothing left to run, the same bytes.
    expect((await sweep('--jobs', '1', '--out', 'r.jsonl', '--resume')).code).toBe(0);
    expect(readFileSync(join(dir, 'r.jsonl'), 'utf8')).toBe(whole);
  });

  it.each([
    [['--out', 'whole.jsonl', '--resume', '--seeds', '3'], "--resume: whole.jsonl holds another sweep's results"],
    [['--shard', '2/2'], '--shard: expected I/N with 0 ≤ I < N'],
    [['--param', 'cluster.nodes='], '--param cluster.nodes=: no values: nothing to sweep'],
    [['--seeds', '0'], '--seeds: expected a whole number of 1 or more'],
    [['--jobs', 'all'], '--jobs: expected a whole number of 1 or more'],
    [['--out', 'rollout.yaml'], 'is the scenario, an input of this run'],
    [['--out', 'nginx-deployment.yaml'], 'is the manifest nginx-deployment.yaml, an input of this run'],
    [['--param', 'Deployment/nginx:spec.replicas=1'], 'no Deployment named "nginx"'],
  ])('%j: exit 2, %s', async (args, message) => {
    const r = await sweep(...args);
    expect(r.err).toContain(message);
    expect(r.code).toBe(2);
  });

  it('merge refuses files of two sweeps', async () => {
    await sweep('--jobs', '1', '--seeds', '1', '--out', 'other.jsonl');
    const c = io(dir);
    expect(await mainAsync(['sweep', 'merge', 'whole.jsonl', 'other.jsonl', '--out', 'x.jsonl'], c)).toBe(2);
    expect(c.err).toContain('other.jsonl is from another sweep than whole.jsonl');
  });
});
