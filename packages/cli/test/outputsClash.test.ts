import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { io } from './capture.js';

/**
 * Outputs never overwrite what a command reads, nor each other (found by review): check's
 * counterexample, replay's report over its log, run's log over a scenario piped from that
 * file, --log and --report naming one file; replay --partial reads a copy cut off mid-line.
 */
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
const SCENARIO = `seed: 1
until: 1m
manifests: [{file: web.yaml}]
steps: [{at: 0s, kubectl: apply -f web.yaml}]
invariants: [replicaset-convergence]
`;

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-clash-'));
  writeFileSync(join(dir, 'web.yaml'), WEB);
  writeFileSync(join(dir, 's.yaml'), SCENARIO);
  return dir;
}

describe('outputs that would destroy an input or each other are refused before anything runs', () => {
  it('check --out naming a manifest', () => {
    const dir = folder();
    const c = io(dir);
    expect(main(['check', 's.yaml', '--runs', '1', '--out', 'web.yaml'], c)).toBe(2);
    expect(c.err).toContain('--out "web.yaml": is the manifest web.yaml, an input of this run');
    expect(readFileSync(join(dir, 'web.yaml'), 'utf8')).toBe(WEB);
  });

  it('check reads only inside the scenario folder, as run does', () => {
    const dir = folder();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'out.yaml'), SCENARIO.replace('file: web.yaml', 'file: ../web.yaml'));
    const c = io(dir);
    expect(main(['check', 'sub/out.yaml', '--runs', '1'], c)).toBe(2);
    expect(c.err).toContain("outside the scenario's folder");
  });

  it('replay --report naming the log itself', () => {
    const dir = folder();
    expect(main(['run', 's.yaml', '--log', 'r.log'], io(dir))).toBe(0);
    const before = readFileSync(join(dir, 'r.log'), 'utf8');
    const c = io(dir);
    expect(main(['replay', 'r.log', '--report', 'r.log'], c)).toBe(2);
    expect(c.err).toContain('--report "r.log": is the log, an input of this run');
    expect(readFileSync(join(dir, 'r.log'), 'utf8')).toBe(before);
  });

  it('run --log and --report naming one file', () => {
    const dir = folder();
    const c = io(dir);
    expect(main(['run', 's.yaml', '--log', 'x', '--report', 'x'], c)).toBe(2);
    expect(c.err).toContain('--log and --report name the same file (x)');
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('replay --report with a command it does not run writes nothing', () => {
    const dir = folder();
    expect(main(['run', 's.yaml', '--log', 'r.log'], io(dir))).toBe(0);
    const c = io(dir);
    expect(main(['replay', 'r.log', '--report', 'r.html', 'apply', '-f', 'web.yaml'], c)).toBe(2);
    expect(existsSync(join(dir, 'r.html'))).toBe(false);
  });

  it('run - --log FILE with standard input redirected from FILE', () => {
    const dir = folder();
    const tsx = join(import.meta.dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx');
    const bin = join(import.meta.dirname, '..', 'src', 'bin.ts');
    const fd = openSync(join(dir, 's.yaml'), 'r');
    const r = spawnSync(tsx, ['--conditions=source', bin, 'run', '-', '--log', 's.yaml'], {
      cwd: dir,
      stdio: [fd, 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    closeSync(fd);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--log "s.yaml": is the scenario (standard input), an input of this run');
    expect(readFileSync(join(dir, 's.yaml'), 'utf8')).toBe(SCENARIO);
  }, 30_000);
});

describe('replay --partial', () => {
  it('reads a copy cut off mid-line, leaving out the half line', () => {
    const dir = folder();
    expect(main(['run', 's.yaml', '--log', 'r.log'], io(dir))).toBe(0);
    const text = readFileSync(join(dir, 'r.log'), 'utf8');
    writeFileSync(join(dir, 'cut.log'), text.slice(0, Math.floor(text.length / 2)));
    const c = io(dir);
    expect(main(['replay', 'cut.log', '--partial'], c)).toBe(0);
    expect(c.out).toMatch(/^\d+ events replayed \(a partial log: no trailer; read to line \d+\)/);
  });
});

describe('run - (found by review)', () => {
  it('holds standard input to --max-file-size too', () => {
    const dir = folder();
    const c = Object.assign(io(dir), { readStdin: () => `# ${'x'.repeat(2048)}\n${SCENARIO}` });
    expect(main(['run', '-', '--max-file-size', '1024'], c)).toBe(2);
    expect(c.err).toBe('kubesim: <stdin>: larger than --max-file-size (1024)\n');
    expect(main(['run', '-'], Object.assign(io(dir), { readStdin: () => SCENARIO }))).toBe(0);
  });
});

describe('replay without --at (found by review)', () => {
  it('is as of the run’s end, its until from the trailer, not its last entry', () => {
    const dir = folder();
    const run = io(dir);
    expect(main(['run', 's.yaml', '--log', 'r.log', '--json'], run)).toBe(0);
    const ran = JSON.parse(run.out);
    const c = io(dir);
    expect(main(['replay', 'r.log', '--json'], c)).toBe(0);
    const replayed = JSON.parse(c.out);
    expect(replayed.time).toBe(60_000);
    expect(replayed.series.end).toBe(ran.series.end);
    expect(replayed.stateHash).toBe(ran.stateHash);
  });
});
