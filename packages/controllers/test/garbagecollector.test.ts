import { isPodActive } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { cluster, ownedPods, replicaSet } from './helpers.js';

describe('garbage collection', () => {
  it('background (the default): the set goes at once, then its pods', () => {
    const sim = cluster({ nodes: ['n1'], objects: [replicaSet('web', 3)] });
    sim.run('30s');
    sim.delete({ kind: 'ReplicaSet', name: 'web' }, {}, '30s');
    sim.run('30.001s');
    expect(sim.get('ReplicaSet', 'web')).toBeUndefined();
    sim.run('1m');
    expect(sim.list('Pod')).toEqual([]);
  });

  it('foreground: the set stays, deleting, until its pods are gone', () => {
    const sim = cluster({
      nodes: ['n1'],
      objects: [replicaSet('web', 3)],
      imageProfiles: [{ match: '*', profile: { pull: { kind: 'fixed', value: 1000 }, stop: { kind: 'fixed', value: 5000 } } }],
    });
    sim.run('30s');
    sim.delete({ kind: 'ReplicaSet', name: 'web' }, { propagationPolicy: 'Foreground' }, '30s');
    sim.run('32s');
    const deleting = sim.get('ReplicaSet', 'web');
    expect(deleting?.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(deleting?.metadata.deletionTimestamp).toBe(30_000);
    expect(sim.list('Pod').every((p) => p.metadata.deletionTimestamp !== undefined)).toBe(true);
    // Each pod takes 5s to stop; then the finalizer goes and the set with it.
    sim.run('34s');
    expect(sim.get('ReplicaSet', 'web')).toBeDefined();
    sim.run('40s');
    expect(sim.list('Pod')).toEqual([]);
    expect(sim.get('ReplicaSet', 'web')).toBeUndefined();
  });

  it('orphan (kubectl delete --cascade=orphan): the pods live on, and a new set adopts them', () => {
    const sim = cluster({ nodes: ['n1'], objects: [replicaSet('web', 3)] });
    sim.run('30s');
    const before = ownedPods(sim, 'web').map((p) => p.metadata.name);
    sim.delete({ kind: 'ReplicaSet', name: 'web' }, { propagationPolicy: 'Orphan' }, '30s');
    sim.run('40s');
    expect(sim.get('ReplicaSet', 'web')).toBeUndefined();
    const orphans = sim.list('Pod');
    expect(orphans.map((p) => p.metadata.name).sort()).toEqual([...before].sort());
    expect(orphans.every((p) => (p.metadata.ownerReferences ?? []).length === 0 && isPodActive(p))).toBe(true);
    // A new set with the same selector adopts them instead of creating pods.
    sim.apply({ ...replicaSet('web', 3), metadata: { name: 'web-v2', labels: { app: 'web' } } }, '40s');
    sim.run('50s');
    const adopted = ownedPods(sim, 'web-v2');
    expect(adopted.map((p) => p.metadata.name).sort()).toEqual([...before].sort());
    expect(sim.log.entries().filter((e) => e.event.type === 'Create' && e.by === 'replicaset' && e.time >= 40_000)).toEqual([]);
  });

  it('deletes a dependent whose owner vanished (a dangling reference)', () => {
    const sim = cluster({ nodes: ['n1'] });
    sim.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'leftover',
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: 'gone',
            uid: '00000000-0000-4000-8000-000000000000',
            controller: true,
          },
        ],
      },
      spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
    });
    sim.run('10s');
    expect(sim.get('Pod', 'leftover')).toBeUndefined();
  });
});
