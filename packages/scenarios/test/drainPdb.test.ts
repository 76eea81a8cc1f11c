import type { KubeObject } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { runScenario, scenario } from '../src/index.js';

/** kubectl drain against a PodDisruptionBudget: the eviction API's 429 and drain's retries. */

const web = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
  },
} as unknown as KubeObject;

const budget = {
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'web' },
  spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } },
} as unknown as KubeObject;

function drainUnderBudget(timeout?: string, second = false) {
  const base = scenario('drain-pdb')
    .seed(3)
    .nodes(2)
    .image('*', { pull: '1s', start: '500ms', stop: '2s' })
    .manifest('web.yaml', web)
    .manifest('pdb.yaml', budget)
    .kubectl(0, 'cordon node-2')
    .kubectl(0, 'apply -f web.yaml')
    .kubectl(0, 'apply -f pdb.yaml');
  const s = (
    second
      ? base.manifest('pdb2.yaml', { ...budget, metadata: { name: 'web-2' } } as KubeObject).kubectl(0, 'apply -f pdb2.yaml')
      : base
  )
    .kubectl('15s', 'get pdb')
    .kubectl('15s', 'uncordon node-2')
    .kubectl('20s', `drain node-1${timeout !== undefined ? ` --timeout=${timeout}` : ''}`)
    .kubectl('1m', 'get pdb web')
    .until('2m')
    .build();
  return runScenario(s);
}

const REFUSED =
  /^error when evicting pods\/"web-[a-z0-9-]+" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\.$/;

describe('kubectl drain under a PodDisruptionBudget', () => {
  it('evicts one pod at a time as the budget allows, retrying the refused ones every 5s, then drains', () => {
    const r = drainUnderBudget();
    const [, , , got, , drain, after] = r.steps;
    expect(got?.stdout).toBe(
      'NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE\nweb    2               N/A               1                     15s\n',
    );
    expect(drain?.exitCode).toBe(0);
    const err = drain?.stderr.trim().split('\n') ?? [];
    expect(err.length).toBeGreaterThan(0);
    for (const line of err) expect(line).toMatch(REFUSED);
    const out = drain?.stdout.trim().split('\n') ?? [];
    expect(out[0]).toBe('node/node-1 cordoned');
    expect(out.filter((l) => / evicted$/.test(l))).toHaveLength(3);
    expect(out.at(-1)).toBe('node/node-1 drained');
    // Every refusal is followed by another attempt, printed as kubectl does before each call.
    expect(out.filter((l) => l.startsWith('evicting pod default/web-'))).toHaveLength(3 + err.length);
    // Retries are 5s apart.
    const times = r.timeline.filter((t) => t.kind === 'stderr' && /will retry/.test(t.text ?? '')).map((t) => t.time);
    for (const t of times) expect((t - 20_000) % 5000).toBe(0);
    expect(r.view.podsOnNode('node-1')).toHaveLength(0);
    expect(after?.stdout).toMatch(/^NAME\s+MIN AVAILABLE.*\nweb\s+2\s+N\/A\s+1\s+/);
  });

  it('gives up at --timeout while the budget refuses', () => {
    const r = drainUnderBudget('3s');
    const drain = r.steps[5];
    expect(drain?.exitCode).toBe(1);
    expect(drain?.stderr).toMatch(REFUSED_AND_TIMEOUT);
    // deleteOrEvictPodsSimple and RunDrain: the pods still on the node (the evicted one among
    // them while it terminates), the node, then the error.
    const tail = drain?.stderr.split('\n').filter((l) => !l.startsWith('error when evicting')) ?? [];
    expect(tail[0]).toBe('There are pending pods in node "node-1" when an error occurred: drain did not complete within 3s');
    expect(tail.slice(1, -5).every((l) => /^pod\/web-[a-z0-9]+-[a-z0-9]{5}$/.test(l))).toBe(true);
    expect(tail.slice(1, -5).length).toBeGreaterThanOrEqual(2);
    expect(tail.slice(-5)).toEqual([
      'error: unable to drain node "node-1" due to error: drain did not complete within 3s, continuing command...',
      'There are pending nodes to be drained:',
      ' node-1',
      'error: drain did not complete within 3s',
      '',
    ]);
  });
});

const REFUSED_AND_TIMEOUT =
  /will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\.\n(.*\n)*error: drain did not complete within 3s\n$/;

describe('kubectl drain when an eviction fails otherwise', () => {
  it('two budgets select the pods (500): drain waits for the rest, then lists what is pending and fails', () => {
    const r = drainUnderBudget(undefined, true);
    const drain = r.steps[6];
    expect(drain?.exitCode).toBe(1);
    const pods = r.view
      .podsOnNode('node-1')
      .map((p) => p.metadata.name ?? '')
      .sort();
    expect(pods).toHaveLength(3);
    const err = (name: string) =>
      `error when evicting pods/"${name}" -n "default": This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.`;
    const all = `[${pods.map(err).join(', ')}]`;
    expect(drain?.stdout).toBe(`node/node-1 cordoned\n${pods.map((p) => `evicting pod default/${p}\n`).join('')}`);
    expect(drain?.stderr).toBe(
      `There are pending pods in node "node-1" when an error occurred: ${all}\n${pods.map((p) => `pod/${p}\n`).join('')}` +
        `error: unable to drain node "node-1" due to error: ${all}, continuing command...\n` +
        'There are pending nodes to be drained:\n node-1\n' +
        `error: ${all}\n`,
    );
  });
});
