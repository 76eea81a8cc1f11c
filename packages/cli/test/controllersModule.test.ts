import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { io } from './capture.js';

const SCENARIO = `seed: 1
until: 1m
cluster: {nodes: 1}
manifests: [{file: web.yaml}]
steps: [{at: 0s, kubectl: apply -f web.yaml}]
invariants: [replicaset-convergence]
`;
const RS = `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1.25}]}
`;

/** A folder with the scenario and a module `name` holding `text`. */
function dir(name: string, text: string): string {
  const d = mkdtempSync(join(tmpdir(), 'kubesim-controllers-'));
  writeFileSync(join(d, 'web.yaml'), RS);
  writeFileSync(join(d, 's.yaml'), SCENARIO);
  writeFileSync(join(d, name), text);
  return d;
}

describe('--controllers MODULE', () => {
  it('adds a controller a JavaScript module exports by name, and the run uses it', () => {
    // A controller of the user's own: it labels each pod it sees, once.
    const d = dir(
      'labeller.mjs',
      `export const labeller = {
  name: 'labeller',
  component: 'labeller',
  watches: [{ kind: 'Pod' }],
  reconcile(view, key) {
    const pod = view.getByKey('Pod', key);
    if (pod === undefined || pod.metadata.labels?.seen === 'yes') return [];
    return [{ type: 'patch', ref: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name }, patchType: 'merge', patch: { metadata: { labels: { seen: 'yes' } } } }];
  },
};
`,
    );
    const c = io(d);
    expect(main(['run', 's.yaml', '--json', '--controllers', 'labeller.mjs'], c), c.err).toBe(0);
    const plain = io(d);
    expect(main(['run', 's.yaml', '--json'], plain)).toBe(0);
    // The patches are writes of their own: a different log.
    expect(JSON.parse(c.out).logHash).not.toBe(JSON.parse(plain.out).logHash);
    expect(JSON.parse(c.out).events).toBeGreaterThan(JSON.parse(plain.out).events);
  });

  it('refuses a module that exports nothing usable, with exit 2 and what it expected', () => {
    for (const [name, text, message] of [
      [
        'none.mjs',
        'export const x = 1;\n',
        '--controllers none.mjs: exports no controllers; expected a default or `controllers` export',
      ],
      ['empty.mjs', 'export default [];\n', '--controllers empty.mjs: its default export holds no controllers'],
      [
        'half.mjs',
        "export default [{ name: 'x' }];\n",
        '--controllers half.mjs: default[0] is not a controller: x: no component',
      ],
      [
        'num.mjs',
        'export const controllers = 3;\n',
        '--controllers num.mjs: controllers is not a controller: expected an object, not number',
      ],
      ['throws.mjs', "throw new Error('boom');\n", '--controllers throws.mjs: cannot load: boom'],
      [
        'twice.mjs',
        "const c = { name: 'a', component: 'a', watches: [], reconcile: () => [] };\nexport default [c, c];\n",
        '--controllers twice.mjs: two controllers are named "a"',
      ],
      [
        'fn.mjs',
        "export default () => { throw new Error('no deployment'); };\n",
        '--controllers fn.mjs: its default export threw: no deployment',
      ],
    ] as const) {
      const c = io(dir(name, text));
      expect(main(['run', 's.yaml', '--controllers', name], c), name).toBe(2);
      expect(c.err, name).toContain(message);
    }
    const c = io(dir('x.mjs', ''));
    expect(main(['check', 's.yaml', '--controllers', 'missing.mjs'], c)).toBe(2);
    expect(c.err).toContain('--controllers missing.mjs: no such file');
  });
});
