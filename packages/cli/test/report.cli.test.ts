import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { io } from './reportHelpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubesim-report-cli-'));
});

/** The part of a page between two section ids. */
function part(html: string, id: string): string {
  const start = html.indexOf(`<section class="part" id="${id}">`);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('--report', () => {
  it('writes the page whole, with nothing left beside it, and the same exit code as without', () => {
    const out = join(dir, 'report.html');
    const c = io();
    expect(main(['run', 'examples/job/failing-job.yaml', '--report', out], c)).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(readdirSync(dir)).toEqual(['report.html']);
    // The text report still goes to stdout.
    expect(c.out).toContain('Invariants:');
    expect(html).toContain('BackoffLimitExceeded');
  });

  it('stops before running when the path cannot be written', () => {
    const c = io();
    expect(main(['run', 'examples/job/pi.yaml', '--report', join(dir, 'missing', 'r.html')], c)).toBe(2);
    expect(c.err).toMatch(/^kubesim: --report .*missing\/r\.html": its folder cannot be used \(ENOENT\)/);
    expect(c.out).toBe('');
  });

  it('replay --report draws from the log what the run drew; the session and verdicts it cannot', () => {
    const log = join(dir, 'run.jsonl');
    const ran = join(dir, 'run.html');
    const replayed = join(dir, 'replay.html');
    expect(main(['run', 'examples/nginx-deployment/rolling-update.yaml', '--log', log, '--report', ran], io())).toBe(0);
    const r = io();
    expect(main(['replay', log, '--report', replayed], r)).toBe(0);
    expect(r.out).toMatch(/^\d+ events replayed/);
    const a = readFileSync(ran, 'utf8');
    const b = readFileSync(replayed, 'utf8');
    expect(part(b, 'events-part')).toBe(part(a, 'events-part'));
    expect(part(b, 'events-part')).toContain('ScalingReplicaSet');
    expect((b.match(/class="pt-row"/g) ?? []).length).toBe((a.match(/class="pt-row"/g) ?? []).length);
    expect(part(b, 'session')).toContain('not in the event log');
    expect(part(b, 'invariants')).toContain('not in the event log');
    expect(part(a, 'invariants')).toContain('deployment-surge');
    // Replay marks the user's writes from the log: the apply and the image change.
    expect(part(b, 'workloads')).toContain('Apply Deployment/nginx-deployment');
    expect(part(b, 'workloads')).toContain('Patch Deployment/nginx-deployment');
  });

  it('marks a violation on its workload chart and lists it with its objects', () => {
    const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
`;
    const scenario = `seed: 1
until: 3m
cluster:
  nodes: 2
images:
  - match: "nginx:1.26"
    pullError: "manifest for nginx:1.26 not found"
steps:
  - at: 0s
    kubectl: apply -f web.yaml
  - at: 30s
    kubectl: set image deployment/web web=nginx:1.26
  - at: 31s
    fault:
      nodeFails: node-1
invariants:
  - eventual-convergence
`;
    writeFileSync(join(dir, 'web.yaml'), manifest);
    writeFileSync(join(dir, 's.yaml'), scenario);
    const out = join(dir, 'r.html');
    expect(main(['run', join(dir, 's.yaml'), '--report', out], io())).toBe(1);
    const html = readFileSync(out, 'utf8');
    expect(part(html, 'workloads')).toContain('>!</text>');
    expect(part(html, 'workloads')).toContain('node node-1 fails');
    const inv = part(html, 'invariants');
    expect(inv).toContain('violated 1×');
    expect(inv).toContain('data-object="deployment/web"');
    expect(inv).toMatch(
      /at log entry <a href="#events" class="at" data-time="180000">#\d+<\/a> \(End\): deployment\/web has not converged/,
    );
  });

  it('replay --report of a log that is not one writes nothing', () => {
    const out = join(dir, 'r.html');
    const c = io();
    expect(main(['replay', join(dir, 'nope.jsonl'), '--report', out], c)).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});
