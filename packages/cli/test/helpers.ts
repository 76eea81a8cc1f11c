import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Io } from '../src/index.js';

export const ROOT: string = join(import.meta.dirname, '..', '..', '..');

export interface Captured extends Io {
  out: string;
  err: string;
}

/** An Io that keeps what the command prints. */
export function captured(cwd: string = ROOT, extra: Partial<Io> = {}): Captured {
  const c: Captured = {
    cwd,
    out: '',
    err: '',
    stdout: { write: (s: string) => (c.out += s) },
    stderr: { write: (s: string) => (c.err += s), isTTY: false },
    resolve: (p: string) => (p.startsWith('/') ? p : join(cwd, p)),
    ...extra,
  };
  return c;
}

const made: string[] = [];

/** A fresh folder with these files in it (removed by removeFolders). */
export function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-rel-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Removes the folders made so far (a test file's afterAll). */
export function removeFolders(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A small scenario: two nodes, a Deployment of two pods, 20 simulated seconds. */
export const SMALL = `name: small
seed: 1
until: 20s
cluster:
  nodes: 2
steps:
  - at: 0s
    kubectl: create deployment web --image=nginx --replicas=2
`;
