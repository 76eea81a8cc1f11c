import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '@kubesim/scenarios';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { io } from './capture.js';
import { removeFolders } from './helpers.js';
import { GRID, rolloutFolder } from './sweepHelpers.js';

afterAll(removeFolders);

function emit(dir: string, ...args: string[]): { code: number; out: string; err: string } {
  const c = io(dir);
  const code = main(['sweep', 'rollout.yaml', ...GRID, '--emit-job', ...args], c);
  return { code, out: c.out, err: c.err };
}

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

describe('kubesim sweep --emit-job', () => {
  const dir = rolloutFolder();
  const job = emit(dir, '--shards', '3', '--image', 'registry.example/kubesim:1', '--results-claim', 'results');

  it('prints an Indexed Job: one shard per completion index, the same sweep', () => {
    expect(job.err).toBe('');
    expect(job.code).toBe(0);
    expect(job.out).toContain('completionMode: "Indexed"');
    expect(job.out).toContain('completions: 3');
    expect(job.out).toContain('"$(JOB_COMPLETION_INDEX)/3"');
    expect(job.out).toContain('image: "registry.example/kubesim:1"');
    expect(job.out).toContain('claimName: "results"');
    expect(job.out).toContain('kubectl create configmap kubesim-sweep-input --from-file=.');
    // Every flag of the sweep, so each pod runs a slice of this very sweep.
    for (const arg of [...GRID, '--seed', '42', '--resume']) expect(job.out).toContain(`- ${JSON.stringify(arg)}`);
  });

  it("passes kubesim's own Job validation: a scenario applies it", () => {
    const d = rolloutFolder();
    writeFileSync(join(d, 'job.yaml'), job.out);
    writeFileSync(join(d, 'apply.yaml'), 'name: j\nseed: 1\nuntil: 10s\nsteps:\n  - at: 0s\n    kubectl: apply -f job.yaml\n');
    const s = loadScenario(readFileSync(join(d, 'apply.yaml'), 'utf8'), 'apply.yaml', {
      readFile: (p) => readFileSync(join(d, p), 'utf8'),
    });
    const objects = s.manifests.get('job.yaml')?.objects ?? [];
    expect(objects.map((o) => o.kind)).toEqual(['Job']);
    expect((objects[0] as { spec: { completionMode: string } }).spec.completionMode).toBe('Indexed');
    // And it runs: kubesim's Job controller makes the three indexed pods.
    const c = io(d);
    main(['run', 'apply.yaml', '--json'], c);
    const pods = (JSON.parse(c.out) as { series?: { pods: { name: string }[] } }).series?.pods ?? [];
    expect(pods.map((p) => p.name.replace(/-[a-z0-9]{5}$/, '')).sort()).toEqual(
      [0, 1, 2].map((i) => `${objects[0]?.metadata.name}-${i}`),
    );
  });

  it.skipIf(!kubectl)('kubectl create --dry-run=client reads it as a batch/v1 Job', (ctx) => {
    const r = spawnSync('kubectl', ['create', '--dry-run=client', '-f', '-', '-o', 'name'], { input: job.out, encoding: 'utf8' });
    if (r.status !== 0 && /connection refused|openapi|server|unable to recognize/i.test(r.stderr)) {
      console.warn(
        `sweepJob.test.ts: kubectl dry-run skipped: it needs an API server here (${r.stderr.trim().split('\n').pop()})`,
      );
      ctx.skip();
    }
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toMatch(/^job\.batch\/kubesim-sweep-[0-9a-f]{12}$/);
  });

  it('refuses a scenario that reads a file outside its folder, and a bad --shards', () => {
    const d = rolloutFolder();
    mkdirSync(join(d, 'sub'));
    writeFileSync(join(d, 'sub', 'app.yaml'), readFileSync(join(d, 'nginx-deployment.yaml'), 'utf8'));
    writeFileSync(
      join(d, 'rollout.yaml'),
      readFileSync(join(d, 'rollout.yaml'), 'utf8').replace('apply -f nginx-deployment.yaml', 'apply -f sub/app.yaml'),
    );
    const r = emit(d);
    expect(r.err).toContain('--emit-job: the scenario reads "sub/app.yaml"');
    expect(r.code).toBe(2);
    expect(emit(dir, '--shards', '0').err).toContain('--shards: expected a whole number from 1 to 100000');
  });
});
