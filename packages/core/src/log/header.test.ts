import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types.js';
import { Simulation } from '../simulation.js';
import { KUBESIM_VERSION } from '../version.js';
import { EventLog, type LogFacts, parseLog, readLog } from './log.js';
import { replay } from './replay.js';
import { stateHash } from './stateHash.js';

/** A finished log: a header naming what wrote it, entries, a trailer vouching for them. */
function finishedRun(): { text: string; hash: string; lines: string[] } {
  const streamed: string[] = [];
  const log = new EventLog({ sink: (l) => streamed.push(l), scenario: 'a'.repeat(64) });
  const sim = new Simulation({ seed: 'x', controllers: [], nodes: ['n1', 'n2'], log });
  sim.apply(
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' },
      spec: { containers: [{ name: 'a', image: 'nginx' }] },
    } as KubeObject,
    '1s',
  );
  sim.failNode('n2', '2s');
  sim.run('5s');
  log.finish(sim.stateHash());
  const text = `${streamed.join('\n')}\n`;
  return { text, hash: sim.stateHash(), lines: streamed };
}

function facts(): LogFacts {
  return { entries: 0, line: 0 };
}

describe('the log header and trailer (format 3)', () => {
  it('the header names the format, the kubesim version, the seed and the scenario; the trailer the count, state hash and checksum', () => {
    const { lines, hash, text } = finishedRun();
    expect(JSON.parse(lines[0] as string)).toEqual({
      kubesim: 'event-log',
      format: 3,
      version: KUBESIM_VERSION,
      seed: 'x',
      scenario: 'a'.repeat(64),
    });
    const trailer = JSON.parse(lines.at(-1) as string);
    expect(trailer).toMatchObject({ kubesim: 'end', events: lines.length - 2, stateHash: hash });
    const f = facts();
    const state = replay(readLog(text.split('\n'), 'run.jsonl', f));
    expect(stateHash(state)).toBe(hash);
    const { kubesim: _k, ...fields } = trailer;
    expect(f.trailer).toEqual({ ...fields, line: lines.length });
    expect(f.entries).toBe(lines.length - 2);
  });

  it('the kept log writes the same trailer as the streamed one', () => {
    const sim = new Simulation({ seed: 'x', controllers: [], nodes: ['n1'] });
    const streamed: string[] = [];
    const other = new EventLog({ sink: (l) => streamed.push(l) });
    sim.run('1s');
    for (const e of sim.log.entries()) other.append(e);
    sim.log.finish(sim.stateHash());
    other.finish(sim.stateHash());
    expect([...sim.log.lines()].at(-1)).toBe(streamed.at(-1));
    expect(() => sim.log.finish(sim.stateHash())).toThrow(/already finished/);
  });

  it('reads a log without a trailer as far as it goes, and says so in its facts', () => {
    const { lines } = finishedRun();
    const f = facts();
    expect([...readLog(lines.slice(0, -3), 'cut.jsonl', f)]).toHaveLength(lines.length - 4);
    expect(f.trailer).toBeUndefined();
  });

  const refuse = (lines: readonly string[]) => () => parseLog(lines.join('\n'), 'run.jsonl');

  it('refuses a trailer whose count or checksum is not that of the lines before it, naming its line', () => {
    const { lines } = finishedRun();
    const n = lines.length;
    const trailer = JSON.parse(lines.at(-1) as string);
    const count = [...lines.slice(0, -1), JSON.stringify({ ...trailer, events: trailer.events + 1 })];
    expect(refuse(count)).toThrow(
      new RegExp(`^run\\.jsonl:${n}: the trailer counts ${trailer.events + 1} entries, the log holds ${trailer.events}$`),
    );
    // One entry line dropped (the count is then off too), or changed in place.
    const dropped = [...lines.slice(0, 3), ...lines.slice(4)];
    expect(refuse(dropped)).toThrow(/the trailer counts/);
    const changed = lines.map((l, i) => (i === 3 ? l.replace('"n2"', '"n3"') : l));
    expect(changed[3]).not.toBe(lines[3]);
    expect(refuse(changed)).toThrow(new RegExp(`^run\\.jsonl:${n}: the trailer's checksum does not match the lines before it`));
    expect(refuse([...lines, '{"t":1,"NodeFails":{"name":"n1"}}'])).toThrow(
      new RegExp(`^run\\.jsonl:${n + 1}: a line after the trailer \\(line ${n}\\)$`),
    );
    expect(refuse([...lines.slice(0, -1), '{"kubesim":"end","events":"all"}'])).toThrow(/the trailer's events must be a count/);
  });

  it('refuses sequence numbers that do not increase and time that runs backwards, naming the line', () => {
    const head = `{"kubesim":"event-log","format":3,"version":"${KUBESIM_VERSION}","seed":"s"}`;
    const start = '{"Start":{"seed":"s","uidSalt":7,"imageProfiles":[]}}';
    expect(refuse([head, start, '{"t":5,"NodeFails":{"name":"n"}}', '{"seq":1,"NodeFails":{"name":"n"}}'])).toThrow(
      /^run\.jsonl:4: seq 1 after seq 1: sequence numbers must increase$/,
    );
    expect(refuse([head, start, '{"t":5,"NodeFails":{"name":"n"}}', '{"t":-2,"NodeFails":{"name":"n"}}'])).toThrow(
      /^run\.jsonl:4: time 3ms after 5ms: time must not run backwards$/,
    );
    expect(refuse([head, start.replace('"s"', '"t"')])).toThrow(
      /^run\.jsonl:2: the Start entry's seed "t" is not the header's "s"$/,
    );
    expect(refuse(['{"kubesim":"event-log","format":3}', start])).toThrow(/^run\.jsonl:1: the header names no kubesim version$/);
  });

  it('still reads format 2: a bare header, no trailer', () => {
    const { lines, hash } = finishedRun();
    const v2 = ['{"kubesim":"event-log","format":2}', ...lines.slice(1, -1)];
    const f = facts();
    expect(stateHash(replay(readLog(v2, 'v2.jsonl', f)))).toBe(hash);
    expect(f.header).toEqual({ format: 2 });
    expect(refuse([...v2, lines.at(-1) as string])).toThrow(/a second header, or a trailer this format does not have/);
  });

  it('names the version the root package.json names', () => {
    const root = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'package.json'), 'utf8'));
    expect(KUBESIM_VERSION).toBe(root.version);
  });
});
