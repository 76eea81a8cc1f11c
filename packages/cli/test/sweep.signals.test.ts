import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { mainAsync } from '../src/index.js';
import { io, ROOT } from './capture.js';
import { removeFolders } from './helpers.js';
import { rolloutFolder, SURGE } from './sweepHelpers.js';

afterAll(removeFolders);

const TSX = join(ROOT, 'node_modules', 'tsx', 'dist');
const ARGS = ['sweep', 'rollout.yaml', '--param', `${SURGE}=1,2`, '--seeds', '10', '--jobs', '1'];

/** Lines of a file that end with a newline (a cut-off last line left out). */
function wholeLines(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter(Boolean);
}

describe('interrupting a sweep', () => {
  it('SIGINT keeps every finished run, whole; --resume finishes it as if never stopped', async () => {
    const dir = rolloutFolder();
    // node itself, not the tsx wrapper, so the signal reaches kubesim's own process.
    const child = spawn(
      process.execPath,
      [
        '--require',
        join(TSX, 'preflight.cjs'),
        '--import',
        pathToFileURL(join(TSX, 'loader.mjs')).href,
        '--conditions=source',
        join(ROOT, 'packages/cli/src/bin.ts'),
        ...ARGS,
        '--out',
        'out.jsonl',
      ],
      { cwd: dir, stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const partial = join(dir, 'out.jsonl.partial');
    const deadline = Date.now() + 120_000;
    while (!existsSync(partial) || wholeLines(partial).length < 4) {
      if (Date.now() > deadline) throw new Error('the sweep never finished three runs');
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    // Every line there is whole JSON; nothing else is left (no temporary file, no results file).
    const text = readFileSync(partial, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    for (const l of lines) JSON.parse(l);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.length).toBeLessThan(21);
    expect(readdirSync(dir).sort()).toEqual(['nginx-deployment.yaml', 'out.jsonl.partial', 'rollout.yaml']);

    const resumed = io(dir);
    expect(await mainAsync([...ARGS, '--out', 'out.jsonl', '--resume'], resumed)).toBe(0);
    expect(resumed.err).toBe(`resuming: ${lines.length - 1} of 20 runs already done\n`);
    const fresh = io(dir);
    expect(await mainAsync([...ARGS, '--out', 'fresh.jsonl'], fresh)).toBe(0);
    expect(readFileSync(join(dir, 'out.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'fresh.jsonl'), 'utf8'));
  }, 240_000);
});
