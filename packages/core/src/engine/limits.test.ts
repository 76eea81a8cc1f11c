import { describe, expect, it } from 'vitest';
import type { Deployment, Pod } from '../api/types.js';
import { Simulation } from '../simulation.js';

const pod = (name: string): Pod =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }) as Pod;

const deployment = (replicas: number): Deployment =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
    },
  }) as Deployment;

describe('limits: a run stops, naming the limit, when the cluster would hold more than it allows', () => {
  it('the pod limit, when one pod too many is created', () => {
    const sim = new Simulation({ seed: 1, limits: { pods: 2 }, objects: [pod('a'), pod('b')] });
    expect(sim.run('1s').stoppedBy).toBe('until');
    sim.create(pod('c'), '2s').create(pod('d'), '2s');
    const r = sim.run('3s');
    expect(r.stoppedBy).toBe('limit');
    expect(r.message).toBe('run stopped at the pod limit (limits.pods: 2): 3 pods');
    expect(sim.list('Pod')).toHaveLength(3); // stopped after the write that passed it
    expect(sim.run('4s').stoppedBy).toBe('limit'); // and stays stopped
  });

  it('the pod limit, at once, when a workload asks for more pods than it allows', () => {
    const sim = new Simulation({ seed: 1, objects: [deployment(1_000_000_000)] });
    const r = sim.run('1s');
    expect(r.stoppedBy).toBe('limit');
    expect(r.message).toBe(
      'run stopped at the pod limit (limits.pods: 100000): Deployment default/web asks for 1000000000 pods (spec.replicas)',
    );
  });

  it('a scale past the pod limit', () => {
    const sim = new Simulation({ seed: 1, limits: { pods: 10 }, objects: [deployment(10)] });
    expect(sim.run('1s').stoppedBy).toBe('until');
    sim.scale({ kind: 'Deployment', name: 'web' }, 11, '2s');
    expect(sim.run('3s').message).toMatch(/asks for 11 pods \(spec.replicas\)$/);
  });

  it('the node limit and the object limit', () => {
    const nodes = new Simulation({ seed: 1, limits: { nodes: 2 }, nodes: ['a', 'b', 'c'] });
    expect(nodes.run('1s').message).toBe('run stopped at the node limit (limits.nodes: 2): 3 nodes');
    const objects = new Simulation({ seed: 1, limits: { objects: 3 }, nodes: ['a', 'b'], objects: [pod('a'), pod('b')] });
    expect(objects.run('1s').message).toMatch(/^run stopped at the object limit \(limits.objects: 3\): 4 objects$/);
  });
});
