import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The packages as a user gets them: every package packed the way it is published (`pnpm pack`,
 * which builds it first through `prepack`), the tarballs installed with npm into an empty
 * project outside the workspace, then a TypeScript program type-checked and run against them
 * and a plain JavaScript one run, and the installed `kubesim` command run on a scenario.
 * npm fetches immer, seedrandom, yaml, zod, commander and cli-progress from the registry (or
 * its cache): with neither, the test skips and says so.
 */

const root = fileURLToPath(new URL('../../..', import.meta.url));
const PACKAGES = ['core', 'controllers', 'scenarios', 'cli'] as const;
const NETWORK = /ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNREFUSED|ECONNRESET|ENETUNREACH|network|offline|getaddrinfo/i;

interface Ran {
  readonly status: number | null;
  readonly out: string;
}

function run(cmd: string, args: readonly string[], cwd: string, timeout = 90_000): Ran {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, CI: '1' } });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

const scratch = mkdtempSync(join(tmpdir(), 'kubesim-pack-'));
// Removing the installed tree takes seconds on a busy machine.
afterAll(() => rmSync(scratch, { recursive: true, force: true }), 120_000);

const SCENARIO = `name: one pod
seed: 7
until: 1m
cluster:
  nodes: 1
manifests:
  - name: pod.yaml
    inline:
      apiVersion: v1
      kind: Pod
      metadata: { name: web }
      spec:
        containers: [{ name: nginx, image: "nginx:1.25.3" }]
steps:
  - at: 0s
    kubectl: apply -f pod.yaml
  - at: 30s
    kubectl: get pods
invariants: [eventual-convergence]
`;

const TS_PROGRAM = `import { defaultControllers } from '@kubesim/controllers';
import { type Pod, Simulation } from '@kubesim/core';
import { exitCodeOf, loadScenario, runScenario } from '@kubesim/scenarios';

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web' },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.25.3' }] },
};
const sim = new Simulation({
  seed: 7,
  controllers: defaultControllers(),
  nodes: [{ name: 'node-1', cpu: '2', memory: '4Gi' }],
  objects: [pod],
});
sim.run('1m');
const phase: string | undefined = sim.list('Pod')[0]?.status?.phase;
const scenario = loadScenario(${JSON.stringify(SCENARIO)}, 'one-pod.yaml', {
  readFile: (p: string): string => {
    throw new Error(\`no file \${p}\`);
  },
});
const code: number = exitCodeOf(runScenario(scenario));
console.log(JSON.stringify({ phase, code, logHash: sim.log.hash().length }));
`;

const JS_PROGRAM = `import { defaultControllers } from '@kubesim/controllers';
import { Simulation } from '@kubesim/core';
import { formatTable, podRow } from '@kubesim/scenarios';

const sim = new Simulation({
  seed: 7,
  controllers: defaultControllers(),
  nodes: [{ name: 'node-1', cpu: '2', memory: '4Gi' }],
  objects: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25.3' }] } }],
});
sim.run('1m');
console.log(formatTable(['NAME', 'READY', 'STATUS'], sim.list('Pod').map((p) => podRow(p, sim.now).slice(0, 3))));
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: false, // the declarations check on their own, without @types/node
    types: [],
    outDir: 'out',
  },
  files: ['main.ts'],
};

describe('packed packages in a project outside the workspace', () => {
  it('each package builds itself before it is packed', () => {
    // pnpm drops lifecycle scripts from the packed manifest: the workspace's is what runs.
    for (const p of PACKAGES) {
      const manifest = JSON.parse(readFileSync(join(root, 'packages', p, 'package.json'), 'utf8'));
      expect(manifest.scripts?.prepack, p).toBe('tsc -b');
    }
  });

  it('pack, install with npm, then a TypeScript and a JavaScript program and the kubesim command run', (ctx) => {
    const tarballs = join(scratch, 'tarballs');
    mkdirSync(tarballs);
    const pnpm = ['--yes', 'pnpm@10', '--filter', './packages/*', '--workspace-concurrency=1', 'pack'];
    const packed = run('npx', [...pnpm, '--pack-destination', tarballs], root);
    if (packed.status !== 0 && NETWORK.test(packed.out)) ctx.skip(`pnpm is neither cached nor reachable: ${packed.out}`);
    expect(packed.status, packed.out).toBe(0);
    const files = readdirSync(tarballs);
    expect(files.sort()).toEqual(PACKAGES.map((p) => `kubesim-${p}-0.1.0.tgz`).sort());

    const project = join(scratch, 'project');
    mkdirSync(project);
    const dependencies = Object.fromEntries(
      PACKAGES.map((p) => [`@kubesim/${p}`, `file:${join(tarballs, `kubesim-${p}-0.1.0.tgz`)}`]),
    );
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'scratch', private: true, type: 'module', dependencies }),
    );
    const installed = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], project);
    if (installed.status !== 0 && NETWORK.test(installed.out))
      ctx.skip(`the npm registry is unreachable and its cache lacks immer/seedrandom/yaml/zod/commander: ${installed.out}`);
    expect(installed.status, installed.out).toBe(0);

    // What each tarball holds: its build with declarations and maps, no tests, the licence.
    for (const p of PACKAGES) {
      const dir = join(project, 'node_modules', '@kubesim', p);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      expect(JSON.stringify(manifest.exports), p).not.toContain('source');
      expect(manifest.exports['.'].types, p).toBe('./dist/src/index.d.ts');
      expect(manifest.repository?.url, p).toMatch(/kubesim/);
      expect(manifest.license, p).toBe('Apache-2.0');
      expect(readFileSync(join(dir, 'LICENSE'), 'utf8'), p).toContain('Apache License');
      for (const f of ['index.js', 'index.d.ts', 'index.js.map', 'index.d.ts.map'])
        expect(existsSync(join(dir, 'dist', 'src', f)), `${p}: dist/src/${f}`).toBe(true);
      const all = readdirSync(dir, { recursive: true }).map(String);
      expect(
        all.filter((f) => /\.test\.|(^|\/)test(\/|$)|tsbuildinfo/.test(f)),
        `${p} ships tests`,
      ).toEqual([]);
    }

    // TypeScript: the declarations type-check on their own (no @types/node, skipLibCheck off).
    writeFileSync(join(project, 'main.ts'), TS_PROGRAM);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    const tsc = run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], project);
    expect(tsc.status, tsc.out).toBe(0);
    const ts = run(process.execPath, ['out/main.js'], project);
    expect(ts.status, ts.out).toBe(0);
    expect(JSON.parse(ts.out)).toEqual({ phase: 'Running', code: 0, logHash: 64 });

    // Plain JavaScript, with Node's default conditions.
    writeFileSync(join(project, 'plain.mjs'), JS_PROGRAM);
    const js = run(process.execPath, ['plain.mjs'], project);
    expect(js.status, js.out).toBe(0);
    expect(js.out).toMatch(/web\s+1\/1\s+Running/);

    // The installed command.
    writeFileSync(join(project, 'one-pod.yaml'), SCENARIO);
    const bin = join(project, 'node_modules', '.bin', 'kubesim');
    const version = run(bin, ['--version'], project);
    expect(version.out).toBe('0.1.0\n');
    const cli = run(bin, ['run', 'one-pod.yaml'], project);
    expect(cli.status, cli.out).toBe(0);
    expect(cli.out).toMatch(/eventual-convergence\s+holds/);
  }, 180_000);
});
