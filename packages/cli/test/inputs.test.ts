import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { io } from './capture.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx}]}
`;

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kubesim-cli-inputs-'));
  mkdirSync(join(root, 's'));
  mkdirSync(join(root, 'shared'));
  writeFileSync(join(root, 'shared', 'web.yaml'), DEPLOYMENT);
  writeFileSync(join(root, 's', 'run.yaml'), 'name: t\nsteps:\n- at: 1s\n  kubectl: apply -f ../shared/web.yaml\n');
});

describe('kubesim run: inputs stay in the scenario folder', () => {
  it('refuses a step that reads outside it (exit 2, located), and --allow-path widens it', () => {
    const a = io(root);
    expect(main(['run', 's/run.yaml', '--until', '5s'], a)).toBe(2);
    expect(a.err).toMatch(
      /^kubesim: s\/run.yaml:4:3: steps\[0\]\.kubectl: cannot read "..\/shared\/web.yaml": .* is outside the scenario's folder .*--allow-path DIR/,
    );
    const b = io(root);
    expect(main(['run', 's/run.yaml', '--until', '5s', '--allow-path', 'shared'], b)).toBe(0);
    expect(b.out).toContain('deployment.apps/web created');
  });

  it('refuses /etc/passwd, /proc/self/environ and /dev/zero named by a step', () => {
    for (const f of ['/etc/passwd', '/proc/self/environ', '/dev/zero']) {
      writeFileSync(join(root, 's', 'bad.yaml'), `name: t\nsteps:\n- at: 1s\n  kubectl: apply -f ${f}\n`);
      const a = io(root);
      expect(main(['run', 's/bad.yaml'], a)).toBe(2);
      expect(a.err).toContain(`cannot read "${f}": `);
      expect(a.err.split('\n')).toHaveLength(2);
    }
  });

  it('reads the scenario itself only if it is a regular file within the size limit', () => {
    const a = io(root);
    expect(main(['run', '/dev/zero'], a)).toBe(2);
    expect(a.err).toBe('kubesim: cannot read /dev/zero: not a regular file (a character device)\n');
    const b = io(root);
    expect(main(['run', 's/run.yaml', '--max-file-size', '10'], b)).toBe(2);
    expect(b.err).toMatch(/cannot read s\/run.yaml: larger than the limit of 10 bytes/);
    const c = io(root);
    expect(main(['run', 's/run.yaml', '--max-file-size', 'lots'], c)).toBe(2);
    expect(c.err).toContain('--max-file-size: expected a size in bytes');
    const d = io(root);
    expect(main(['run', 's/run.yaml', '--max-file-size', '1Mi', '--allow-path', 'shared', '--until', '2s'], d)).toBe(0);
  });
});
