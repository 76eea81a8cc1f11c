import { getCondition, isPodActive, type Pod, type ReplicationController } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { cluster, eventsAbout, ownedPods, pod, replicaSet } from './helpers.js';

// The seeds' ReplicationController (nginx-rc, 3 replicas).
const nginxRc: ReplicationController = {
  apiVersion: 'v1',
  kind: 'ReplicationController',
  metadata: { name: 'nginx-rc' },
  spec: {
    replicas: 3,
    selector: { app: 'nginx' },
    template: {
      metadata: { name: 'nginx', labels: { app: 'nginx' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] },
    },
  },
};

describe('ReplicationController (the seeds’ nginx-rc)', () => {
  it('keeps three pods: a killed pod comes back, a stray pod with the same labels is deleted', () => {
    const sim = cluster({ nodes: ['node-1', 'node-2'], objects: [nginxRc] });
    sim.run('30s');
    const rc = sim.get('ReplicationController', 'nginx-rc') as ReplicationController;
    expect(rc.metadata.labels).toEqual({ app: 'nginx' }); // defaulted from the template
    expect(rc.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      fullyLabeledReplicas: 3,
      observedGeneration: 1,
    });
    const first = ownedPods(sim, 'nginx-rc');
    for (const p of first) expect(p.metadata.name).toMatch(/^nginx-rc-[bcdfghjklmnpqrstvwxz2456789]{5}$/);

    const victim = first[0] as Pod;
    sim.delete({ kind: 'Pod', name: victim.metadata.name as string }, {}, '30s');
    sim.run('60s');
    const after = ownedPods(sim, 'nginx-rc').filter(isPodActive);
    expect(after).toHaveLength(3);
    expect(after.map((p) => p.metadata.name)).not.toContain(victim.metadata.name);

    sim.create(pod('stray', { containers: [{ name: 'nginx', image: 'nginx' }] }), '60s');
    sim.label({ kind: 'Pod', name: 'stray' }, { app: 'nginx' }, '60s');
    sim.run('90s');
    expect(sim.get('Pod', 'stray')).toBeUndefined();
    expect(eventsAbout(sim, 'nginx-rc').some((e) => e.endsWith('SuccessfulDelete: Deleted pod: stray'))).toBe(true);
    expect(sim.get('ReplicationController', 'nginx-rc')?.status?.replicas).toBe(3);
  });
});

describe('ReplicaSet', () => {
  it('creates in slow-start batches: 1, then 2, then 4, ... each when the previous batch has landed', () => {
    const sim = cluster({ nodes: ['n1', 'n2', 'n3'], objects: [replicaSet('web', 10)] });
    sim.run('1s');
    const creates = sim.log
      .entries()
      .filter((e) => e.event.type === 'Create' && e.by === 'replicaset')
      .map((e) => e.time);
    const perInstant = [...new Set(creates)].map((t) => creates.filter((x) => x === t).length);
    expect(perInstant).toEqual([1, 2, 4, 3]);
    expect(sim.get('ReplicaSet', 'web')?.status?.replicas).toBe(10);
  });

  it('records SuccessfulCreate and SuccessfulDelete, and scales down the newest pods first', () => {
    const sim = cluster({ nodes: ['n1', 'n2'], objects: [replicaSet('web', 3)] });
    sim.scale({ kind: 'ReplicaSet', name: 'web' }, 5, '1m');
    sim.run('2m');
    const byAge = ownedPods(sim, 'web').sort((a, b) => (a.metadata.creationTimestamp ?? 0) - (b.metadata.creationTimestamp ?? 0));
    const newest = byAge.slice(3).map((p) => p.metadata.name);
    sim.scale({ kind: 'ReplicaSet', name: 'web' }, 3, '2m');
    sim.run('3m');
    const deleted = eventsAbout(sim, 'web')
      .filter((e) => e.includes('SuccessfulDelete'))
      .map((e) => e.split('Deleted pod: ')[1]);
    expect(deleted.sort()).toEqual([...newest].sort());
    expect(eventsAbout(sim, 'web').filter((e) => e.includes('SuccessfulCreate'))).toHaveLength(5);
    expect(sim.get('ReplicaSet', 'web')?.status?.replicas).toBe(3);
  });

  it('scales down pods that are not ready before ready ones', () => {
    const sim = cluster({
      nodes: ['n1'],
      objects: [replicaSet('web', 3)],
      imageProfiles: [{ match: 'nginx:broken', profile: { neverReady: true } }],
    });
    sim.run('30s');
    // A stray pod that never turns ready is adopted; the set then has 4 and deletes it.
    sim.create(pod('limp', { containers: [{ name: 'nginx', image: 'nginx:broken' }] }, 'nginx:broken'), '30s');
    sim.run('30s');
    sim.label({ kind: 'Pod', name: 'limp' }, { app: 'web' }, '40s');
    sim.run('60s');
    expect(sim.get('Pod', 'limp')?.metadata.deletionTimestamp ?? 'gone').not.toBeUndefined();
    expect(ownedPods(sim, 'web').filter(isPodActive)).toHaveLength(3);
  });

  it('releases a pod whose labels stop matching, and replaces it', () => {
    const sim = cluster({ nodes: ['n1', 'n2'], objects: [replicaSet('web', 2)] });
    sim.run('30s');
    const [a] = ownedPods(sim, 'web');
    sim.label({ kind: 'Pod', name: a?.metadata.name as string }, { app: 'debug' }, '30s');
    sim.run('1m');
    const released = sim.get('Pod', a?.metadata.name as string) as Pod;
    expect(released.metadata.ownerReferences ?? []).toEqual([]);
    expect(released.status?.phase).toBe('Running');
    expect(ownedPods(sim, 'web').filter(isPodActive)).toHaveLength(2);
  });

  it('counts availability only after minReadySeconds', () => {
    const sim = cluster({ nodes: ['n1'], objects: [replicaSet('web', 2, { minReadySeconds: 10 })] });
    sim.run('5s');
    expect(sim.get('ReplicaSet', 'web')?.status).toMatchObject({ readyReplicas: 2, availableReplicas: 0 });
    sim.run('20s');
    expect(sim.get('ReplicaSet', 'web')?.status).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
  });

  it('reports FailedCreate and the ReplicaFailure condition when the API server refuses its pods', () => {
    // A template may carry an image with surrounding blanks; only a concrete pod is refused for it.
    const bad = replicaSet('web', 2, { image: ' nginx:1.25' });
    const sim = cluster({ nodes: ['n1'], objects: [bad] });
    sim.run('10s');
    const rs = sim.get('ReplicaSet', 'web');
    expect(getCondition(rs?.status?.conditions, 'ReplicaFailure')).toMatchObject({
      status: 'True',
      reason: 'FailedCreate',
    });
    expect(getCondition(rs?.status?.conditions, 'ReplicaFailure')?.message).toMatch(
      /^Pod "web-[a-z0-9]{5}" is invalid: spec.containers\[0\].image: Invalid value: " nginx:1.25": must not have leading or trailing whitespace$/,
    );
    const failed = eventsAbout(sim, 'web').filter((e) => e.includes('FailedCreate: Error creating: Pod "web-'));
    expect(failed.length).toBeGreaterThan(1);
    // Slow start: each retry tries one pod, not the whole difference.
    const attempts = sim.log.entries().filter((e) => e.event.type === 'Create' && e.by === 'replicaset');
    expect(attempts.every((e, i, all) => i === 0 || e.time !== all[i - 1]?.time)).toBe(true);
  });

  it('replaces the pods of a failed node once they are evicted', () => {
    const sim = cluster({ nodes: ['n1', 'n2'], objects: [replicaSet('web', 4)] });
    sim.run('30s');
    const onN1 = ownedPods(sim, 'web').filter((p) => p.spec.nodeName === 'n1');
    expect(onN1.length).toBeGreaterThan(0);
    sim.failNode('n1', '1m');
    sim.run('6m');
    // Evicted at about 6m45s: until then the set still counts them.
    expect(ownedPods(sim, 'web').filter(isPodActive)).toHaveLength(4);
    sim.run('8m');
    const active = ownedPods(sim, 'web').filter(isPodActive);
    expect(active).toHaveLength(4);
    expect(active.every((p) => p.spec.nodeName === 'n2')).toBe(true);
    // The evicted pods linger as Terminating (their kubelet is gone) and are not counted.
    expect(ownedPods(sim, 'web').filter((p) => p.metadata.deletionTimestamp !== undefined)).toHaveLength(onN1.length);
    expect(sim.get('ReplicaSet', 'web')?.status?.replicas).toBe(4);
  });
});
