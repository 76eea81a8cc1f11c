import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { captured, folder, ROOT, removeFolders, SMALL } from './helpers.js';

afterAll(removeFolders);

/**
 * Issue 14: a log that vouches for itself. `replay` refuses a log whose header, sequence,
 * time order or trailer does not check out, naming the line; reads one without a trailer
 * only with --partial, saying so; and streams the file in bounded memory.
 */

function runLog(): { dir: string; lines: string[]; facts: { events: number; stateHash: string; logHash: string } } {
  const dir = folder({ 's.yaml': SMALL });
  const c = captured(dir);
  expect(main(['run', 's.yaml', '--log', 'run.jsonl', '--json'], c)).toBe(0);
  const lines = readFileSync(join(dir, 'run.jsonl'), 'utf8').split('\n');
  expect(lines.pop()).toBe('');
  return { dir, lines, facts: JSON.parse(c.out) };
}

function replayLines(dir: string, lines: readonly string[], ...args: string[]): { code: number; out: string; err: string } {
  writeFileSync(join(dir, 'x.jsonl'), `${lines.join('\n')}\n`);
  const c = captured(dir);
  const code = main(['replay', 'x.jsonl', ...args], c);
  return { code, out: c.out, err: c.err };
}

/** The checksum a trailer gives the lines before it. */
function sha256Of(lines: readonly string[]): string {
  return createHash('sha256')
    .update(lines.map((l) => `${l}\n`).join(''))
    .digest('hex');
}

describe('kubesim replay checks the log', () => {
  it('a whole log replays to the state its trailer names', () => {
    const { dir, lines, facts } = runLog();
    const r = replayLines(dir, lines, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ events: facts.events, stateHash: facts.stateHash });
    expect(JSON.parse(r.out).partial).toBeUndefined();
  });

  it('a log without its trailer: refused, or read with --partial, which says so', () => {
    const { dir, lines } = runLog();
    const cut = lines.slice(0, 20);
    expect(replayLines(dir, cut)).toEqual({
      code: 2,
      out: '',
      err: 'kubesim: x.jsonl: the log has no trailer: it was cut short after line 20 (a run that was stopped, a copy cut off); replay --partial reads what there is\n',
    });
    const partial = replayLines(dir, cut, '--partial');
    expect(partial.code).toBe(0);
    expect(partial.out).toMatch(/^19 events replayed \(a partial log: no trailer; read to line 20\), state at \d+ms\n/);
    expect(JSON.parse(replayLines(dir, cut, '--partial', '--json').out).partial).toBe(true);
    const get = replayLines(dir, cut, '--partial', 'get', 'nodes');
    expect(get.code).toBe(0);
    expect(get.err).toBe('kubesim: x.jsonl: (a partial log: no trailer; read to line 20)\n');
  });

  it('a line changed in place: the trailer checksum, naming the trailer line', () => {
    const { dir, lines } = runLog();
    const changed = lines.map((l, i) => (i === 2 ? l.replace('"node-1"', '"node-9"') : l));
    expect(changed[2]).not.toBe(lines[2]);
    expect(replayLines(dir, changed)).toMatchObject({
      code: 2,
      err: `kubesim: x.jsonl:${lines.length}: the trailer's checksum does not match the lines before it: the log was changed\n`,
    });
  });

  it('time running backwards, naming the line', () => {
    const { dir, lines } = runLog();
    const i = lines.findIndex((l, n) => n > 3 && l.startsWith('{"t":'));
    const back = lines.map((l, n) => (n === i ? l.replace(/^\{"t":\d+/, '{"t":-100000') : l));
    const r = replayLines(dir, back);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      new RegExp(`^kubesim: x\\.jsonl:${i + 1}: time -?\\d+ms after \\d+ms: time must not run backwards\\n$`),
    );
  });

  it('sequence numbers that do not increase, naming the line', () => {
    const { dir, lines } = runLog();
    const r = replayLines(dir, [...lines.slice(0, 5), lines[4]?.replace(/^\{/, '{"seq":2,') as string]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('kubesim: x.jsonl:6: seq 2 after seq 3: sequence numbers must increase\n');
  });

  it('a renamed header field, or a header of no format it reads', () => {
    const { dir, lines } = runLog();
    const renamed = [(lines[0] as string).replace('"version"', '"versoin"'), ...lines.slice(1)];
    expect(replayLines(dir, renamed).err).toBe('kubesim: x.jsonl:1: the header names no kubesim version\n');
    const future = [(lines[0] as string).replace('"format":3', '"format":9'), ...lines.slice(1)];
    expect(replayLines(dir, future).err).toBe('kubesim: x.jsonl:1: unknown log format 9; this kubesim reads formats 2 and 3\n');
  });

  it("a trailer whose state hash is not the replay's (its checksum made to fit)", () => {
    const { dir, lines } = runLog();
    const trailer = JSON.parse(lines.at(-1) as string);
    const forged = [
      ...lines.slice(0, -1),
      JSON.stringify({ ...trailer, stateHash: 'f'.repeat(64), sha256: sha256Of(lines.slice(0, -1)) }),
    ];
    expect(replayLines(dir, forged).err).toMatch(
      new RegExp(
        `^kubesim: x\\.jsonl:${lines.length}: the trailer's state hash f{64} is not that of the replayed state, [0-9a-f]{64}\\n$`,
      ),
    );
  });

  it('--at still checks the lines after it and the trailer', () => {
    const { dir, lines } = runLog();
    const cut = lines.slice(0, -1);
    expect(replayLines(dir, cut, '--at', '1s').code).toBe(2);
    expect(replayLines(dir, lines, '--at', '1s').code).toBe(0);
  });
});

describe('kubesim replay streams the file', () => {
  /**
   * A synthetic partial log of about `mb` megabytes: a node that fails and recovers, each
   * entry padded (its `skipped` reason, which replay does not check) to 1 KB.
   */
  function bigLog(path: string, mb: number): void {
    const fd = openSync(path, 'w');
    const pad = 'x'.repeat(1000);
    writeSync(fd, '{"kubesim":"event-log","format":3,"version":"0.1.0","seed":"1"}\n');
    writeSync(fd, '{"Start":{"seed":"1","uidSalt":1,"imageProfiles":[]}}\n');
    writeSync(fd, '{"NodeAdded":{"node":{"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"},"spec":{}}}}\n');
    const chunk: string[] = [];
    for (let i = 0; i < 1024; i++)
      chunk.push(`{"t":1,"${i % 2 ? 'NodeRecovers' : 'NodeFails'}":{"name":"n1"},"skipped":"${pad}"}\n`);
    const block = chunk.join('');
    for (let i = 0; i < mb; i++) writeSync(fd, block);
    closeSync(fd);
  }

  /**
   * Replays the file in a child whose heap is capped at `heapMb`: the exit code (0 when it
   * replayed, something else when it ran out of memory). Without --json: its `series` is the
   * run's time series, output that grows with the log by nature.
   */
  function replayCapped(path: string, heapMb: number): number | null {
    const script = `import { main } from ${JSON.stringify(join(ROOT, 'packages/cli/src/index.ts'))};
process.exitCode = main(['replay', ${JSON.stringify(path)}, '--partial'], { cwd: '/', stdout: { write: () => true }, stderr: process.stderr, resolve: (p) => p });`;
    const file = join(folder(), 'capped.ts');
    writeFileSync(file, script);
    // Small young generations too: garbage is collected as it goes, so what stays is what is held.
    const env = { ...process.env, NODE_OPTIONS: `--max-old-space-size=${heapMb} --max-semi-space-size=1` };
    const r = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['--conditions=source', file], { encoding: 'utf8', env });
    return r.status;
  }

  it('a log larger than the heap replays: 96 MB with the heap capped at 64 MB', () => {
    const dir = folder();
    bigLog(join(dir, 'large.jsonl'), 96);
    // Read whole, the file would be a string of 96 MB (and its lines as many again): out of
    // memory (exit 134). Streamed, it replays in what the CLI itself takes (about 30 MB of
    // heap at rest, the report's charting library among it) and a little more.
    expect(replayCapped(join(dir, 'large.jsonl'), 64)).toBe(0);
  }, 60_000);
});
