import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { folder, ROOT, removeFolders } from './helpers.js';

afterAll(removeFolders);

/**
 * Issue 14: Ctrl-C, SIGTERM and SIGHUP in the middle of a run leave no temporary file next
 * to the log (and no log): the executable cleans up and exits 128 + the signal's number.
 */

/** A run long enough to be stopped in the middle. */
const LONG = `until: 10h
cluster:
  nodes: 50
steps:
  - at: 0s
    kubectl: create deployment web --image=nginx --replicas=3000
  - at: 10m
    kubectl: scale deployment web --replicas=10
  - at: 20m
    kubectl: scale deployment web --replicas=3000
`;

const TSX = join(ROOT, 'node_modules', 'tsx', 'dist');

/** Starts the executable on LONG, waits for its temporary file, sends the signal; the exit code and what is left. */
async function interrupted(signal: NodeJS.Signals): Promise<{ code: number | null; left: string[] }> {
  const dir = folder({ 'long.yaml': LONG });
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
      'run',
      'long.yaml',
      '--log',
      'run.jsonl',
    ],
    { cwd: dir, stdio: 'ignore' },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!readdirSync(dir).some((n) => n.endsWith('.tmp'))) {
    if (Date.now() > deadline) throw new Error('the run never opened its log');
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 300));
  child.kill(signal);
  const code = await exited;
  return { code, left: readdirSync(dir).filter((n) => n !== 'long.yaml') };
}

describe('a run stopped by a signal', () => {
  it('removes its temporary file and exits 130 (SIGINT), 143 (SIGTERM), 129 (SIGHUP)', async () => {
    const [int, term, hup] = await Promise.all([interrupted('SIGINT'), interrupted('SIGTERM'), interrupted('SIGHUP')]);
    expect(int).toEqual({ code: 130, left: [] });
    expect(term).toEqual({ code: 143, left: [] });
    expect(hup).toEqual({ code: 129, left: [] });
  }, 120_000);
});
