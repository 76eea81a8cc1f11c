import { DEFAULT_USAGE, type Deployment, type ImageProfileRule, type LoadSpec, type Pod, Simulation } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { defaultControllers } from '../index.js';
import { type LoadGroup, loadGroups, shareIntegrals, sharesAt } from './serving.js';
import { cpuAt, cpuUsed, loadFractions, memoryAt, usageOf } from './usage.js';

const LOAD: LoadSpec = {
  target: { kind: 'Deployment', namespace: 'default', name: 'web' },
  pattern: { kind: 'constant', value: 300 },
};

function group(readySince: number[], spec: LoadSpec = LOAD): LoadGroup {
  const serving = readySince.map((t, i) => ({ key: `default/p${i}`, pod: {} as Pod, readySince: t }));
  return { spec, pods: serving.map((s) => s.pod), serving };
}

describe('the cost model', () => {
  const u = { ...DEFAULT_USAGE, cpu: 2, cpuPerUnit: 0.5, memoryPerUnit: 1000, startupBurst: { cpu: 300, duration: 20_000 } };

  it('adds the start-up burst only while it lasts', () => {
    expect(cpuAt(u, 1000, 5000, 10)).toBe(2 + 300 + 5);
    expect(cpuAt(u, 1000, 21_000, 10)).toBe(2 + 5);
    // A 15 s window from 10 s to 25 s after a start at 0: the burst covers its first 10 s.
    expect(cpuUsed(u, 0, 10_000, 25_000, 0)).toBe(2 * 15_000 + 300 * 10_000);
  });

  it('counts the baseline only from the start, and the load as served', () => {
    expect(cpuUsed({ ...DEFAULT_USAGE, cpu: 2, cpuPerUnit: 0.5 }, 5000, 0, 15_000, 100 * 10_000)).toBe(
      2 * 10_000 + 0.5 * 100 * 10_000,
    );
    expect(memoryAt(u, 100)).toBe(DEFAULT_USAGE.memory + 100_000);
  });

  it('idles like nginx by default', () => {
    expect(DEFAULT_USAGE).toEqual({ cpu: 1, cpuPerUnit: 1, memory: 4 * 1024 * 1024, memoryPerUnit: 0 });
  });
});

describe('shares of a load', () => {
  it('splits the load equally among the serving pods', () => {
    const shares = sharesAt([group([0, 0, 0])], 1000, 's');
    expect([...shares.values()]).toEqual([100, 100, 100]);
  });

  it('gives a pod its share only from when it became ready', () => {
    // Over [0, 15 s]: p0 ready throughout, p1 from 5 s: 300 alone for 5 s, then 150 each.
    const integrals = shareIntegrals([group([0, 5000])], 0, 15_000, 's');
    expect(integrals.get('default/p0')).toBeCloseTo(300 * 5000 + 150 * 10_000);
    expect(integrals.get('default/p1')).toBeCloseTo(150 * 10_000);
  });

  it('follows a step within one step of its edge', () => {
    const step: LoadSpec = { ...LOAD, pattern: { kind: 'steps', value: 100, steps: [{ at: 7_000, value: 400 }] } };
    const integral = shareIntegrals([group([0], step)], 0, 15_000, 's').get('default/p0') ?? 0;
    expect(integral).toBeCloseTo(100 * 7_000 + 400 * 8_000);
  });

  it('adds the shares of two loads on one pod', () => {
    const other: LoadSpec = {
      target: { kind: 'Service', namespace: 'default', name: 'web' },
      pattern: { kind: 'constant', value: 50 },
    };
    expect(sharesAt([group([0, 0]), group([0], other)], 0, 's').get('default/p0')).toBe(150 + 50);
  });
});

describe('the pods a load selects', () => {
  const web: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } },
    },
  };
  const unready: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'stray', namespace: 'default', labels: { app: 'web' } },
    spec: {
      containers: [
        { name: 'app', image: 'slow:1' },
        { name: 'sidecar', image: 'envoy:1' },
      ],
    },
  };
  const FIXED: ImageProfileRule = {
    match: '*',
    profile: { pull: { kind: 'fixed', value: 1000 }, start: { kind: 'fixed', value: 500 } },
  };
  const sim = new Simulation({
    seed: 1,
    controllers: defaultControllers(),
    controlPlane: { profile: 'instant' },
    imageProfiles: [
      { match: 'slow:*', profile: { ...FIXED.profile, neverReady: true, usage: { cpu: 5 } } },
      { match: 'envoy:*', profile: { ...FIXED.profile, usage: { cpu: 3 } } },
      FIXED,
    ],
    nodes: ['node-1'],
    objects: [web, unready],
  });
  sim.run('30s');

  it('selects the running pods by the target selector, and only the ready ones serve', () => {
    const [g] = loadGroups(sim.engine.view, [LOAD]);
    expect(g?.pods.map((p) => p.metadata.name)).toHaveLength(3);
    expect(g?.serving.map((s) => s.pod.metadata.name)).not.toContain('stray');
    expect(g?.serving).toHaveLength(2);
    expect([...sharesAt(loadGroups(sim.engine.view, [LOAD]), 30_000, 's').values()]).toEqual([150, 150]);
  });

  it('selects nothing for a target that does not exist', () => {
    const [g] = loadGroups(sim.engine.view, [{ ...LOAD, target: { ...LOAD.target, name: 'none' } }]);
    expect(g?.pods).toEqual([]);
  });

  it('splits a pod share among the containers with a usage model, else gives it to the first', () => {
    const view = sim.engine.view;
    expect(loadFractions(view, view.get('Pod', 'default', 'stray') as Pod)).toEqual([0.5, 0.5]);
    const webPod = view.list('Pod', 'default').find((p) => p.metadata.name?.startsWith('web-')) as Pod;
    expect(loadFractions(view, webPod)).toEqual([1]);
    expect(usageOf(view, 'slow:1')).toEqual({ ...DEFAULT_USAGE, cpu: 5 });
  });
});
