import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { io, ROOT } from './capture.js';

// Issue 15's additions to the command: --version, completion, `run -`, --quiet, and the hint
// for a manifest given where a scenario belongs.

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubesim-cmd-'));
});

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: web
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

const SCENARIO = `name: web
until: 2m
steps:
  - at: 0s
    kubectl: apply -f deployment.yaml
  - at: 1m
    kubectl: get pods
invariants: [deployment-availability, eventual-convergence]
`;

describe('kubesim --version', () => {
  it("prints the package's version", () => {
    const c = io();
    expect(main(['--version'], c)).toBe(0);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8'));
    expect(c.out).toBe(`${pkg.version}\n`);
  });
});

describe('kubesim completion', () => {
  function script(shell: string): string {
    const c = io();
    expect(main(['completion', shell], c), c.err).toBe(0);
    return c.out;
  }

  /** What bash offers for the words typed so far (the last one being completed). */
  function complete(words: readonly string[]): string[] {
    const path = join(dir, 'kubesim.bash');
    writeFileSync(path, script('bash'));
    const quoted = words.map((w) => `'${w}'`).join(' ');
    const r = spawnSync(
      'bash',
      [
        '-c',
        `source '${path}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _kubesim; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ],
      { encoding: 'utf8', cwd: dir },
    );
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.split('\n').filter((l) => l !== '');
  }

  it.skipIf(spawnSync('bash', ['--version']).status !== 0)('bash: completes commands, flags and their values', () => {
    expect(complete(['kubesim', ''])).toEqual([
      'run',
      'replay',
      'check',
      'diff',
      'sweep',
      'invariants',
      'completion',
      '--version',
      '--debug',
      '--help',
    ]);
    expect(complete(['kubesim', 're'])).toEqual(['replay']);
    expect(complete(['kubesim', 'run', '--'])).toEqual([
      '--seed',
      '--until',
      '--control-plane',
      '--log',
      '--json',
      '--allow-path',
      '--max-file-size',
      '--quiet',
      '--report',
      '--controllers',
      '--help',
    ]);
    expect(complete(['kubesim', 'run', '--control-plane', ''])).toEqual(['instant', 'upstream']);
    expect(complete(['kubesim', 'run', '--seed', ''])).toEqual([]);
    expect(complete(['kubesim', 'completion', ''])).toEqual(['bash', 'zsh']);
    expect(complete(['kubesim', 'invariants', '--'])).toEqual(['--json', '--help']);
    writeFileSync(join(dir, 'scenario.yaml'), SCENARIO);
    expect(complete(['kubesim', 'run', 'sce'])).toEqual(['scenario.yaml']);
  });

  it('zsh: a compdef script describing every command and flag', () => {
    const zsh = script('zsh');
    expect(zsh.startsWith('#compdef kubesim\n')).toBe(true);
    for (const command of ['run', 'replay', 'invariants', 'completion']) expect(zsh).toContain(`    '${command}:`);
    for (const flag of ['--seed', '--until', '--control-plane', '--log', '--json', '--quiet', '--at'])
      expect(zsh).toContain(`'${flag}[`);
    expect(zsh).toContain(':control-plane:(instant upstream)');
    expect(zsh).toContain("'1:completion:(bash zsh)'");
    expect(zsh).toContain('compdef _kubesim kubesim');
    const path = join(dir, '_kubesim');
    writeFileSync(path, zsh);
    if (spawnSync('zsh', ['--version']).status === 0) {
      const r = spawnSync('zsh', ['-n', path], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    }
  });

  it('refuses a shell it has no script for', () => {
    const c = io();
    expect(main(['completion', 'fish'], c)).toBe(2);
    expect(c.err).toContain('Allowed choices are bash, zsh');
  });
});

describe('kubesim run - (the scenario from standard input)', () => {
  it('runs it, its manifest paths relative to the working directory', () => {
    writeFileSync(join(dir, 'deployment.yaml'), DEPLOYMENT);
    const c = io(dir, SCENARIO);
    expect(main(['run', '-'], c), c.err).toBe(0);
    expect(c.out).toMatch(/deployment\.apps\/web created/);
    expect(c.out).toMatch(/deployment-availability\s+holds/);
  });

  it("names standard input in a scenario's error", () => {
    const c = io(dir, 'name: x\nsteps: 3\n');
    expect(main(['run', '-'], c)).toBe(2);
    expect(c.err).toMatch(/^kubesim: <stdin>:2:/);
  });

  it('reads the real standard input in the built command', () => {
    writeFileSync(join(dir, 'deployment.yaml'), DEPLOYMENT);
    const bin = join(ROOT, 'packages/cli/src/bin.ts');
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href,
        '--conditions=source',
        bin,
        'run',
        '-',
        '--quiet',
      ],
      {
        cwd: dir,
        input: SCENARIO,
        encoding: 'utf8',
      },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Invariants:\n {2}deployment-availability\s+holds\n {2}eventual-convergence\s+holds\n$/);
  });
});

describe('kubesim run --quiet', () => {
  it('prints the verdicts and nothing else', () => {
    writeFileSync(join(dir, 'deployment.yaml'), DEPLOYMENT);
    writeFileSync(join(dir, 'scenario.yaml'), SCENARIO);
    const full = io(dir);
    expect(main(['run', 'scenario.yaml'], full)).toBe(0);
    const quiet = io(dir);
    expect(main(['run', 'scenario.yaml', '--quiet'], quiet)).toBe(0);
    expect(quiet.out).toBe(
      full.out.slice(full.out.indexOf('Invariants:\n'), full.out.indexOf('\n\n', full.out.indexOf('Invariants:\n')) + 1),
    );
    expect(quiet.out.split('\n')).toHaveLength(4);
    expect(quiet.err).toBe('');
  });

  it('cannot be combined with --json', () => {
    const c = io();
    expect(main(['run', 'examples/nginx-deployment/rolling-update.yaml', '--quiet', '--json'], c)).toBe(2);
    expect(c.err).toMatch(/--quiet.*cannot be used with.*--json/);
  });
});

describe('kubesim run MANIFEST', () => {
  it('says it is a manifest and shows a scenario that wraps it, one that runs as shown', () => {
    writeFileSync(join(dir, 'deployment.yaml'), DEPLOYMENT);
    const c = io(dir);
    expect(main(['run', 'deployment.yaml'], c)).toBe(2);
    expect(c.err).toContain('kubesim: deployment.yaml is a Kubernetes manifest (Deployment "web"), not a kubesim scenario.');
    expect(c.err).toContain('kubectl: apply -f deployment.yaml');
    // The lines shown are a scenario: saved as the message says, it runs.
    const shown = c.err
      .split('\n')
      .filter((l) => l.startsWith('  '))
      .map((l) => l.slice(2))
      .join('\n');
    writeFileSync(join(dir, 'scenario.yaml'), `${shown}\n`);
    const run = io(dir);
    expect(main(['run', 'scenario.yaml'], run), run.err).toBe(0);
    expect(run.out).toMatch(/web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running/);
  });

  it('from standard input, says to save it first', () => {
    const c = io(dir, DEPLOYMENT);
    expect(main(['run', '-'], c)).toBe(2);
    expect(c.err).toContain('standard input is a Kubernetes manifest (Deployment "web")');
    expect(c.err).toContain('save the manifest as manifest.yaml first');
    expect(existsSync(join(dir, 'manifest.yaml'))).toBe(false);
  });
});
