import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { io } from './capture.js';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1.25}]}
`;
const scenario = (extra: string): string => `seed: 1
until: 1m
manifests: [{file: web.yaml}]
steps:
  - {at: 0s, kubectl: apply -f web.yaml}
${extra}`;

describe('kubesim diff', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-diff-'));
  writeFileSync(join(dir, 'web.yaml'), WEB);
  writeFileSync(join(dir, 'a.yaml'), scenario(''));
  writeFileSync(join(dir, 'b.yaml'), scenario('  - {at: 30s, kubectl: scale deployment/web --replicas=3}\n'));
  for (const [s, log] of [
    ['a.yaml', 'a.log'],
    ['a.yaml', 'a2.log'],
    ['b.yaml', 'b.log'],
  ] as const) {
    expect(main(['run', s, '--log', log], io(dir))).toBe(0);
  }
  expect(main(['run', 'a.yaml', '--log', 'i.log', '--control-plane', 'instant'], io(dir))).toBe(0);

  it('says two runs of one scenario and seed are the same, event for event (exit 0)', () => {
    const c = io(dir);
    expect(main(['diff', 'a.log', 'a2.log'], c)).toBe(0);
    expect(c.out).toBe('a.log and a2.log: the same run, event for event\n');
  });

  it('names the first event on which two runs part and the objects that differ after it (exit 1)', () => {
    const c = io(dir);
    expect(main(['diff', 'a.log', 'b.log'], c)).toBe(1);
    const lines = c.out.split('\n');
    expect(lines[0]).toMatch(/^a\.log and b\.log diverge at line \d+ \(a\.log: its end, b\.log: 30s\):$/);
    expect(lines[2]).toMatch(/^ {2}b\.log:\d+: \{"t":\d+,"Scale":"Deployment","key":"default\/web","replicas":3\}$/);
    expect(c.out).toContain('objects that differ after it:\n  Deployment default/web: differs\n');
  });

  it('tells two control-plane profiles apart from their first differing event', () => {
    const c = io(dir);
    expect(main(['diff', 'a.log', 'i.log'], c)).toBe(1);
    expect(c.out).toMatch(/^a\.log and i\.log diverge at line \d+ \((at [0-9.]+m?s|a\.log: [0-9.]+m?s, i\.log: [0-9.]+m?s)\):\n/);
  });

  it('refuses a log it cannot read (exit 2)', () => {
    const c = io(dir);
    expect(main(['diff', 'a.log', 'missing.log'], c)).toBe(2);
    expect(c.err).toBe('kubesim: cannot read missing.log: ENOENT\n');
  });
});

describe('kubesim replay --to-event', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-toevent-'));
  writeFileSync(join(dir, 'web.yaml'), WEB);
  writeFileSync(join(dir, 'b.yaml'), scenario('  - {at: 30s, kubectl: scale deployment/web --replicas=3}\n'));
  expect(main(['run', 'b.yaml', '--log', 'b.log'], io(dir))).toBe(0);

  it('shows the state right after an entry, by its number', () => {
    const start = io(dir);
    expect(main(['replay', 'b.log', '--to-event', '0', '--json'], start)).toBe(0);
    expect(JSON.parse(start.out)).toMatchObject({ events: 1, time: 0 });
    // The user's scale: line 1 is the header, line 2 the Start (entry 0).
    const lines = readFileSync(join(dir, 'b.log'), 'utf8').split('\n');
    const scale = lines.findIndex((l) => l.includes('"Scale":"Deployment"')) + 1 - 2;
    const before = io(dir);
    expect(main(['replay', 'b.log', '--to-event', String(scale - 1), 'get', 'deploy', 'web'], before)).toBe(0);
    expect(before.out).toMatch(/^NAME +READY +UP-TO-DATE +AVAILABLE +AGE\nweb +2\/2 /);
    const after = io(dir);
    expect(main(['replay', 'b.log', '--to-event', String(scale), 'get', 'deploy', 'web'], after)).toBe(0);
    expect(after.out).toMatch(/\nweb +2\/3 /);
  });

  it('refuses a number that is not one, and --at beside it', () => {
    const c = io(dir);
    expect(main(['replay', 'b.log', '--to-event', 'x'], c)).toBe(2);
    expect(c.err).toBe(`kubesim: --to-event: expected an entry's number (0, 1, ...), not "x"\n`);
    const d = io(dir);
    expect(main(['replay', 'b.log', '--to-event', '3', '--at', '1s'], d)).toBe(2);
    expect(d.err).toBe('kubesim: give --at or --to-event, not both\n');
  });
});
