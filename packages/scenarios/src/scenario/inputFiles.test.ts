import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readInputFile, scenarioFiles } from './inputFiles.js';
import { loadScenario } from './load.js';

const CM =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n';

let root: string;
let folder: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kubesim-inputs-'));
  folder = join(root, 'scenario');
  mkdirSync(folder);
  mkdirSync(join(root, 'elsewhere'));
  writeFileSync(join(folder, 'web.yaml'), CM);
  writeFileSync(join(root, 'elsewhere', 'secret.yaml'), CM);
});

const load = (manifest: string, opts: Parameters<typeof scenarioFiles>[1] = {}) =>
  loadScenario(`name: t\nmanifests:\n- file: ${manifest}\n`, 'scenario.yaml', scenarioFiles(join(folder, 'scenario.yaml'), opts));

describe('scenarioFiles: inputs stay in the scenario folder', () => {
  it('reads a manifest in the folder', () => {
    expect(load('web.yaml').manifests.get('web.yaml')?.objects).toHaveLength(1);
  });

  it('refuses ../ and absolute paths outside the folder, naming the folder and the flag', () => {
    expect(() => load('../elsewhere/secret.yaml')).toThrow(/is outside the scenario's folder .*--allow-path DIR/);
    expect(() => load('/etc/passwd')).toThrow(/cannot read "\/etc\/passwd": \/etc\/passwd is outside the scenario's folder/);
  });

  it('allowPaths widens it', () => {
    const s = load('../elsewhere/secret.yaml', { allowPaths: [join(root, 'elsewhere')] });
    expect(s.manifests.get('../elsewhere/secret.yaml')?.objects).toHaveLength(1);
  });

  it('resolves a symlink before the check: a link in the folder to a file outside is refused', () => {
    symlinkSync(join(root, 'elsewhere', 'secret.yaml'), join(folder, 'link.yaml'));
    expect(() => load('link.yaml')).toThrow(/elsewhere\/secret.yaml is outside the scenario's folder/);
    // and a folder prefix is not a parent: /x/scenario-2 is not inside /x/scenario
    mkdirSync(join(root, 'scenario-2'));
    writeFileSync(join(root, 'scenario-2', 'a.yaml'), CM);
    expect(() => load('../scenario-2/a.yaml')).toThrow(/is outside the scenario's folder/);
  });
});

describe('readInputFile: only regular files, and never more than the limit', () => {
  it('refuses a character device and a directory', () => {
    expect(() => readInputFile('/dev/zero')).toThrow('not a regular file (a character device)');
    expect(() => readInputFile(folder)).toThrow('not a regular file (a directory)');
  });

  it('refuses a FIFO without hanging', () => {
    const fifo = join(folder, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(() => readInputFile(fifo)).toThrow('not a regular file (a FIFO)');
  });

  it('refuses /proc, whose files stat as regular', () => {
    expect(() => readInputFile('/proc/self/environ')).toThrow('not a regular file (on procfs)');
  });

  it('refuses a file over the limit with a message naming it and the flag', () => {
    writeFileSync(join(folder, 'big.yaml'), 'x'.repeat(2000));
    expect(() => readInputFile(join(folder, 'big.yaml'), 1000)).toThrow(
      'larger than the limit of 1000 bytes (2000 or more); --max-file-size (maxFileBytes) raises it',
    );
    expect(readInputFile(join(folder, 'big.yaml'), 2000)).toHaveLength(2000);
    expect(() => load('big.yaml', { maxFileBytes: 1000 })).toThrow(/cannot read "big.yaml": larger than the limit/);
  });
});
