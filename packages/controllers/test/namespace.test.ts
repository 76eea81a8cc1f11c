import { type KubeObject, type Namespace, parseLog, replay, stateHash } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { cluster, pod, replicaSet } from './helpers.js';

const ns = (name: string): Namespace => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const inNs = <T extends { metadata: { namespace?: string } }>(obj: T, namespace: string): T => ({
  ...obj,
  metadata: { ...obj.metadata, namespace },
});

describe('namespaces', () => {
  it('a cluster starts with default, kube-node-lease, kube-public and kube-system, Active, finalized by the controller', () => {
    const sim = cluster();
    sim.run('1s');
    const all = sim.list('Namespace');
    expect(all.map((n) => n.metadata.name)).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    for (const n of all) {
      expect(n.status?.phase).toBe('Active');
      expect(n.spec?.finalizers).toEqual(['kubernetes']);
      expect(n.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': n.metadata.name });
    }
  });

  it('refuses an object in a namespace that does not exist (NamespaceLifecycle)', () => {
    const sim = cluster();
    sim.create(inNs(pod('p'), 'nope'), '1s');
    sim.run('2s');
    const entry = sim.log.entries().find((e) => e.event.type === 'Create');
    expect(entry?.error).toEqual({ reason: 'NotFound', message: 'namespaces "nope" not found' });
    expect(sim.list('Pod')).toEqual([]);
  });

  it('a created namespace gets the finalizer, the phase and the name label; objects can then go in it', () => {
    const sim = cluster({ nodes: ['n1'] });
    sim.create(ns('team'), '1s');
    sim.create(inNs(pod('p'), 'team'), '2s');
    sim.run('3s');
    const team = sim.get('Namespace', 'team');
    expect(team?.spec?.finalizers).toEqual(['kubernetes']);
    expect(team?.status).toEqual({ phase: 'Active' });
    expect(team?.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'team' });
    expect(sim.list('Pod', 'team').map((p) => p.metadata.name)).toEqual(['p']);
  });

  it('validates the name as a DNS-1123 label (ValidateNamespaceName)', () => {
    const sim = cluster();
    sim.create(ns('Team.A'), '1s');
    sim.run('2s');
    const entry = sim.log.entries().find((e) => e.event.type === 'Create');
    expect(entry?.error?.reason).toBe('Invalid');
    expect(entry?.error?.causes?.[0]).toMatch(
      /^metadata\.name: Invalid value: "Team\.A": a lowercase RFC 1123 label must consist of/,
    );
  });

  it('default, kube-system and kube-public may not be deleted', () => {
    const sim = cluster();
    sim.delete({ kind: 'Namespace', name: 'kube-system' }, {}, '1s');
    sim.run('2s');
    const entry = sim.log.entries().find((e) => e.event.type === 'Delete');
    expect(entry?.error).toEqual({
      reason: 'Forbidden',
      message: 'namespaces "kube-system" is forbidden: this namespace may not be deleted',
    });
  });

  it('deleting a namespace: Terminating, no new content, contents deleted, then the namespace goes', () => {
    const sim = cluster({ nodes: ['n1'] });
    sim.create(ns('team'), '0s');
    sim.create(inNs(replicaSet('web', 2), 'team'), '1s');
    sim.run('20s');
    expect(sim.list('Pod', 'team').filter((p) => p.status?.phase === 'Running')).toHaveLength(2);
    sim.delete({ kind: 'Namespace', name: 'team' }, {}, '20s');
    sim.run('20.001s');
    const deleting = sim.get('Namespace', 'team');
    expect(deleting?.status?.phase).toBe('Terminating');
    expect(deleting?.metadata.deletionTimestamp).toBe(20_000);
    expect(deleting?.spec?.finalizers).toEqual(['kubernetes']);
    // NamespaceLifecycle refuses new content in a terminating namespace.
    sim.create(inNs(pod('late'), 'team'), '21s');
    sim.run('22s');
    const late = sim.log.entries().find((e) => e.event.type === 'Create' && e.time === 21_000);
    expect(late?.error).toEqual({
      reason: 'Forbidden',
      message: 'pods "late" is forbidden: unable to create new content in namespace team because it is being terminated',
    });
    // The controller starts 5s after the delete (namespaceDeletionGracePeriod): the pods
    // are deleted gracefully (30s), so content remains and it says so.
    sim.run('25.5s');
    const conditions = sim.get('Namespace', 'team')?.status?.conditions ?? [];
    expect(conditions.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered'],
      ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions'],
      ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted'],
      ['NamespaceContentRemaining', 'True', 'SomeResourcesRemain'],
      ['NamespaceFinalizersRemaining', 'False', 'ContentRemoved'],
    ]);
    expect(conditions[3]?.message).toBe('Some resources are remaining: pods. has 2 resource instances');
    expect(sim.get('ReplicaSet', 'web', 'team')).toBeUndefined();
    // The pods stop in 2s, but the controller comes back only after estimate/2+1 = 16s (the
    // pods' 30s grace period): at 41s it finds nothing left, finalizes and deletes.
    sim.run('40.9s');
    expect(sim.list('Pod', 'team')).toEqual([]);
    expect(sim.get('Namespace', 'team')?.status?.phase).toBe('Terminating');
    sim.run('41.5s');
    expect(sim.get('Namespace', 'team')).toBeUndefined();
    sim.run('2m');
    expect(sim.list('Pod', 'team')).toEqual([]);
    expect(sim.get('Namespace', 'team')).toBeUndefined();
    const finalize = sim.log.entries().find((e) => e.event.type === 'Patch' && e.event.subresource === 'finalize');
    expect(finalize?.by).toBe('namespace');
    expect(finalize?.error).toBeUndefined();
  });

  it('a namespace with nothing in it goes once the controller has run', () => {
    const sim = cluster();
    sim.create(ns('empty'), '0s');
    sim.delete({ kind: 'Namespace', name: 'empty' }, {}, '1s');
    sim.run('5.9s');
    expect(sim.get('Namespace', 'empty')?.status?.phase).toBe('Terminating');
    sim.run('6.1s');
    expect(sim.get('Namespace', 'empty')).toBeUndefined();
  });

  it('the state hash leaves out the system namespaces while untouched, and shows any namespace change', () => {
    const a = cluster();
    const b = cluster();
    b.create(ns('team'), '1s');
    const c = cluster();
    c.delete({ kind: 'Namespace', name: 'kube-node-lease' }, {}, '1s');
    for (const sim of [a, b, c]) sim.run('10s');
    expect(b.stateHash()).not.toBe(a.stateHash());
    expect(c.stateHash()).not.toBe(a.stateHash());
    expect(c.get('Namespace', 'kube-node-lease')).toBeUndefined();
  });

  it('a run with a namespace deleted, generic objects and a CRD replays from its JSONL log to the same state hash', () => {
    const sim = cluster({ nodes: ['n1'] });
    sim.create(ns('team'), '0s');
    sim.create(inNs(replicaSet('web', 2), 'team'), '1s');
    sim.create(
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'deny', namespace: 'team' },
        spec: { podSelector: {} },
      } as unknown as KubeObject,
      '1s',
    );
    sim.delete({ kind: 'Namespace', name: 'team' }, {}, '20s');
    sim.run('2m');
    expect(sim.get('Namespace', 'team')).toBeUndefined();
    expect(stateHash(replay(parseLog(sim.log.toJsonl())))).toBe(sim.stateHash());
  });
});
