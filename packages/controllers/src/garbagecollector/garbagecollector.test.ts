import type { KubeObject, OwnerReference, Pod, ReplicaSet, ReplicationController } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { describeCall, FakeApi } from '../../test/fixtures/calls.js';
import { garbageCollector } from './garbagecollector.js';

/**
 * The garbage collector's calls, as garbagecollector_test.go pins them: ports of
 * TestAttemptToDeleteItem, TestDeleteOwnerRefPatch, TestUnblockOwnerReference and
 * TestOrphanDependentsFailure, plus the foreground and orphan passes (processDeletingDependentsItem,
 * attemptToOrphanWorker) each in one sync.
 */

const gc = garbageCollector();
const NS = 'default';

function rc(name: string): ReplicationController {
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name, namespace: NS },
    spec: {
      replicas: 0,
      selector: { app: name },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  };
}

function pod(name: string, ownerReferences: OwnerReference[] = [], finalizers?: string[]): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, ownerReferences, ...(finalizers ? { finalizers } : {}) },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  };
}

function refTo(obj: KubeObject | undefined, block?: boolean): OwnerReference {
  return {
    apiVersion: obj?.apiVersion as string,
    kind: obj?.kind as string,
    name: obj?.metadata.name as string,
    uid: obj?.metadata.uid as string,
    ...(block !== undefined ? { blockOwnerDeletion: block } : {}),
  };
}

const uidOf = (api: FakeApi, kind: 'Pod' | 'ReplicationController' | 'ReplicaSet', name: string): string =>
  api.sim.get(kind, name)?.metadata.uid as string;

describe('TestAttemptToDeleteItem (garbagecollector_test.go)', () => {
  // Upstream's pod is ToBeDeletedPod; the API server here wants a DNS-1123 name.
  it('a pod whose owner is gone: GET the pod, then DELETE it (background)', () => {
    const api = new FakeApi();
    api.write({
      type: 'Create',
      object: pod('to-be-deleted-pod', [{ apiVersion: 'v1', kind: 'ReplicationController', name: 'owner1', uid: '123' }]),
    });
    const r = api.sync(gc, uidOf(api, 'Pod', 'to-be-deleted-pod'));
    // Upstream: GET pod, GET owner1 (404), DELETE pod. The GET of the item rides on the write
    // (getFirst); the owner's GET, which writes nothing, is not modelled.
    expect(r.sent.map((s) => describeCall(s.effect))).toEqual(['delete Pod to-be-deleted-pod']);
    expect(r.sent[0]?.effect).toMatchObject({ getFirst: true, propagationPolicy: 'Background' });
    expect(api.sim.get('Pod', 'to-be-deleted-pod')).toBeUndefined();
  });
});

describe('TestDeleteOwnerRefPatch (garbagecollector_test.go)', () => {
  it('one live owner and two gone: one patch drops both dangling references', () => {
    const api = new FakeApi([rc('one')]);
    const one = api.sim.get('ReplicationController', 'one');
    const gone = (uid: string): OwnerReference => ({ apiVersion: 'v1', kind: 'ReplicationController', name: `rc${uid}`, uid });
    api.write({ type: 'Create', object: pod('p', [refTo(one), gone('2'), gone('3')]) });
    const r = api.sync(gc, uidOf(api, 'Pod', 'p'));
    expect(r.sent.map((s) => describeCall(s.effect))).toEqual(['patch Pod p']);
    expect(api.sim.get('Pod', 'p')?.metadata.ownerReferences?.map((o) => o.uid)).toEqual([one?.metadata.uid]);
  });
});

describe('TestUnblockOwnerReference (garbagecollector_test.go)', () => {
  it('an owner and a dependent both deleting in the foreground: unblock the references, then delete in the foreground', () => {
    const api = new FakeApi([rc('owner')]);
    const owner = api.sim.get('ReplicationController', 'owner');
    const other = { apiVersion: 'v1', kind: 'ReplicationController', name: 'other', uid: '2', blockOwnerDeletion: false };
    api.write({
      type: 'Create',
      object: {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'item', namespace: NS, ownerReferences: [refTo(owner, true), other] },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'x' } },
          template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
        },
      } satisfies ReplicaSet,
    });
    const item = api.sim.get('ReplicaSet', 'item');
    api.write({ type: 'Create', object: pod('dep', [refTo(item, true)], ['example.com/hold']) });
    api.write({ type: 'Delete', ref: { kind: 'Pod', namespace: NS, name: 'dep' }, propagationPolicy: 'Foreground' });
    api.write({
      type: 'Delete',
      ref: { kind: 'ReplicationController', namespace: NS, name: 'owner' },
      propagationPolicy: 'Foreground',
    });
    const r = api.sync(gc, uidOf(api, 'ReplicaSet', 'item'));
    expect(r.sent.map((s) => describeCall(s.effect))).toEqual(['patch ReplicaSet item', 'delete ReplicaSet item']);
    expect(r.sent[1]?.effect).toMatchObject({ propagationPolicy: 'Foreground' });
    const rs = api.sim.get('ReplicaSet', 'item');
    expect(rs?.metadata.ownerReferences?.map((o) => [o.uid, o.blockOwnerDeletion])).toEqual([
      [owner?.metadata.uid, false],
      ['2', false],
    ]);
  });
});

describe('orphaning (attemptToOrphanWorker)', () => {
  function setup() {
    const api = new FakeApi([rc('owner')]);
    const owner = api.sim.get('ReplicationController', 'owner');
    for (const n of ['a', 'b']) api.write({ type: 'Create', object: pod(n, [refTo(owner, true)]) });
    api.write({
      type: 'Delete',
      ref: { kind: 'ReplicationController', namespace: NS, name: 'owner' },
      propagationPolicy: 'Orphan',
    });
    return { api, uid: owner?.metadata.uid as string };
  }

  it('every dependent at once (one wave), then the finalizer, in one sync', () => {
    const { api, uid } = setup();
    const r = api.sync(gc, uid);
    expect(r.sent.map((s) => `${describeCall(s.effect)} ${s.effect.wave}`)).toEqual([
      'patch Pod a 1',
      'patch Pod b 1',
      'patch ReplicationController owner 2',
    ]);
    expect(api.sim.get('ReplicationController', 'owner')).toBeUndefined();
    expect(api.sim.list('Pod').map((p) => p.metadata.ownerReferences ?? [])).toEqual([[], []]);
  });

  it('TestOrphanDependentsFailure: a dependent whose patch conflicts keeps the finalizer on', () => {
    const { api, uid } = setup();
    const r = api.sync(gc, uid, (e) => (e.type === 'patch' && e.ref.name === 'a' ? 'Conflict' : undefined));
    expect(r.sent.map((s) => `${describeCall(s.effect)}${s.error ? ` ${s.error}` : ''}`)).toEqual([
      'patch Pod a Conflict',
      'patch Pod b',
    ]);
    expect(r.skipped.map(describeCall)).toEqual(['patch ReplicationController owner']);
    expect(api.sim.get('ReplicationController', 'owner')?.metadata.finalizers).toEqual(['orphan']);
  });
});

describe('foreground deletion (processDeletingDependentsItem)', () => {
  it('the owner queues its blocking dependents; each deletes itself; then the owner loses its finalizer', () => {
    const api = new FakeApi([rc('owner')]);
    const owner = api.sim.get('ReplicationController', 'owner');
    api.write({ type: 'Create', object: pod('a', [refTo(owner, true)]) });
    api.write({ type: 'Create', object: pod('b', [refTo(owner)]) });
    api.write({
      type: 'Delete',
      ref: { kind: 'ReplicationController', namespace: NS, name: 'owner' },
      propagationPolicy: 'Foreground',
    });
    const ownerUid = owner?.metadata.uid as string;
    const first = api.sync(gc, ownerUid);
    expect(first.sent).toEqual([]);
    expect(first.effects).toEqual([{ type: 'enqueue', key: uidOf(api, 'Pod', 'a') }]);
    // attemptToDeleteItem of each dependent (the graph builder queued both): owner waiting, no
    // dependents of their own: deleted by their own finalizers' policy (background).
    for (const n of ['a', 'b']) {
      const r = api.sync(gc, uidOf(api, 'Pod', n));
      expect(r.sent.map((s) => describeCall(s.effect))).toEqual([`delete Pod ${n}`]);
      expect(r.sent[0]?.effect).toMatchObject({ propagationPolicy: 'Background', getFirst: true });
    }
    const last = api.sync(gc, ownerUid);
    expect(last.sent.map((s) => describeCall(s.effect))).toEqual(['patch ReplicationController owner']);
    expect(last.sent[0]?.effect).toMatchObject({ getFirst: true });
    expect(api.sim.get('ReplicationController', 'owner')).toBeUndefined();
  });
});
