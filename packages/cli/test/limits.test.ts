import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Io, main } from '../src/index.js';

function run(scenario: string, ...flags: string[]): { code: number; out: string; err: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-limits-'));
  writeFileSync(join(dir, 's.yaml'), scenario);
  const c = { out: '', err: '' };
  const io: Io = {
    cwd: dir,
    stdout: { write: (s: string) => (c.out += s) },
    stderr: { write: (s: string) => (c.err += s), isTTY: false },
    resolve: (p: string) => (p.startsWith('/') ? p : join(dir, p)),
  };
  const code = main(['run', 's.yaml', ...flags], io);
  return { code, ...c };
}

describe('kubesim run: limits on work', () => {
  it('replicas: 1000000000 stops at the pod limit at once, with a message, exit 1', () => {
    const started = performance.now();
    const r = run(
      'name: big\nsteps:\n- at: 1s\n  kubectl: create deployment web --image=nginx --replicas=1000000000\n',
      '--json',
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.stoppedBy).toBe('limit');
    expect(report.message).toBe(
      'run stopped at the pod limit (limits.pods: 100000): Deployment default/web asks for 1000000000 pods (spec.replicas)',
    );
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it("the scenario's limits: block, reached by pods the controllers create", () => {
    const r = run(
      'name: pods\nlimits: {pods: 30}\nsteps:\n- at: 1s\n  kubectl: create deployment a --image=nginx --replicas=20\n- at: 1s\n  kubectl: create deployment b --image=nginx --replicas=20\n',
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain('run stopped at the pod limit (limits.pods: 30): 31 pods');
  });

  it('nodes: 100000000 is refused up front (exit 2), at its line', () => {
    const r = run('name: nodes\ncluster:\n  nodes: 100000000\n');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'kubesim: s.yaml:3:3: cluster.nodes: 100000000 nodes are more than the node limit (limits.nodes: 10000)\n',
    );
    expect(run('name: nodes\nlimits: {nodes: 2}\ncluster:\n  nodes: {count: 3}\n').err).toContain('(limits.nodes: 2)');
  });

  it('an unknown limit is an unknown field', () => {
    const r = run('name: x\nlimits: {jobs: 3}\n');
    expect(r.code).toBe(2);
    expect(r.err).toContain('limits.jobs: unknown field "jobs"');
  });
});
