import { mkdtempSync, writeFileSync } from 'node:fs';
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
  strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 1}}
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

describe('kubesim replay --to-violation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-toviolation-'));
  writeFileSync(join(dir, 'web.yaml'), WEB);
  writeFileSync(join(dir, 'ok.yaml'), scenario(''));
  expect(main(['run', 'ok.yaml', '--log', 'ok.log'], io(dir))).toBe(0);
  // What a broken controller would do, done by hand: the ReplicaSet asked for more than
  // replicas + maxSurge (deployment-surge), at 30s.
  const names = io(dir);
  main(['replay', 'ok.log', 'get', 'rs', '-o', 'name'], names);
  const rs = names.out.trim();
  writeFileSync(join(dir, 'bad.yaml'), scenario(`  - {at: 30s, kubectl: scale ${rs} --replicas=3}\n`));
  expect(main(['run', 'bad.yaml', '--log', 'bad.log'], io(dir))).toBe(0);

  it('stops at the first violation, prints it, and shows the state there (exit 1)', () => {
    const c = io(dir);
    expect(main(['replay', 'bad.log', '--to-violation'], c)).toBe(1);
    const [line, events, state] = c.out.split('\n');
    expect(line).toMatch(
      /^deployment-surge violated at 30s, at entry \d+ \(Scale\): deployment\/web's ReplicaSets ask for 3 replicas, above replicas \+ maxSurge = 2 \+ 0 = 2$/,
    );
    expect(events).toMatch(/^\d+ events replayed, state at 30000ms$/);
    expect(state).toMatch(/^state [0-9a-f]+$/);
    const get = io(dir);
    expect(main(['replay', 'bad.log', '--to-violation', 'get', 'rs'], get)).toBe(1);
    expect(get.out).toMatch(/\nweb-[a-z0-9]+ +3 +2 +2 /);
    expect(get.err).toMatch(/^deployment-surge violated at 30s/);
    const json = io(dir);
    expect(main(['replay', 'bad.log', '--to-violation', '--json'], json)).toBe(1);
    expect(JSON.parse(json.out).violation).toMatchObject({ invariant: 'deployment-surge', time: 30000, event: 'Scale' });
  });

  it('says so when there is none (exit 0), and checks only what --invariants names', () => {
    const c = io(dir);
    expect(main(['replay', 'ok.log', '--to-violation'], c)).toBe(0);
    expect(c.out).toMatch(/^no invariant was violated \(checked at every one of the \d+ events: deployment-availability, /);
    const only = io(dir);
    expect(main(['replay', 'bad.log', '--to-violation', '--invariants', 'job-parallelism'], only)).toBe(0);
    expect(only.out).toMatch(/^no invariant was violated \(checked at every one of the \d+ events: job-parallelism\)\n/);
  });

  it('refuses an unknown invariant and --at beside it (exit 2)', () => {
    const c = io(dir);
    expect(main(['replay', 'ok.log', '--to-violation', '--invariants', 'nope'], c)).toBe(2);
    expect(c.err).toMatch(/^kubesim: --invariants: unknown invariant "nope"/);
    const d = io(dir);
    expect(main(['replay', 'ok.log', '--to-violation', '--at', '1s'], d)).toBe(2);
    expect(d.err).toBe('kubesim: --to-violation finds its own instant: give it without --at or --to-event\n');
  });
});
