import type { KubeObject, PersistentVolumeClaim, Pod, StatefulSet } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { type ApiEffect, describeCall, FakeApi, type Reactor, type SyncResult } from '../../test/fixtures/calls.js';
import { newStatefulSet } from '../../test/fixtures/statefulset.js';
import { statefulSetController } from './statefulset.js';

/**
 * The calls of the StatefulSet sync, as upstream's unit tests pin them with their fake object
 * manager: ports of TestStatefulSetControl's recreatesPod, CreatePodFailure,
 * UpdateSetStatusFailure and NewRevisionDeletePodFailure (stateful_set_control_test.go, each
 * Monotonic and Burst, over the PVC retention policies) and of TestStatefulPodControl's
 * CreateStatefulPod rows (stateful_pod_control_test.go).
 */

const KEY = 'default/foo';
const controller = statefulSetController();

const POLICIES = [
  ['Retain', { whenScaled: 'Retain', whenDeleted: 'Retain' }],
  ['ScaleDownOnly', { whenScaled: 'Delete', whenDeleted: 'Retain' }],
  ['SetDeleteOnly', { whenScaled: 'Retain', whenDeleted: 'Delete' }],
  ['Delete', { whenScaled: 'Delete', whenDeleted: 'Delete' }],
  ['nullPolicy', undefined],
] as const;

function setOf(replicas: number, burst: boolean, policy?: (typeof POLICIES)[number][1]): StatefulSet {
  const set = newStatefulSet(replicas);
  const { persistentVolumeClaimRetentionPolicy: _p, ...spec } = set.spec;
  return {
    ...set,
    spec: {
      ...spec,
      // The API server wants an access mode on a claim.
      volumeClaimTemplates: (spec.volumeClaimTemplates ?? []).map((t) => ({
        ...t,
        spec: { accessModes: ['ReadWriteOnce' as const], ...t.spec },
      })),
      ...(burst ? { podManagementPolicy: 'Parallel' as const } : {}),
      ...(policy !== undefined ? { persistentVolumeClaimRetentionPolicy: { ...policy } } : {}),
    },
  };
}

const isPodCreate = (e: ApiEffect): boolean => e.type === 'create' && e.object.kind === 'Pod';
const isPodDelete = (e: ApiEffect): boolean => e.type === 'delete' && e.ref.kind === 'Pod';
const failed = (r: SyncResult): boolean =>
  r.sent.some((s) => s.error !== undefined && !(s.effect.type === 'delete' && s.error === 'NotFound'));

/** The fake object manager's request trackers: calls sent, failed or not. */
class Trackers {
  creates = 0;
  deletes = 0;
  count(r: SyncResult): SyncResult {
    for (const s of r.sent) {
      if (isPodCreate(s.effect)) this.creates++;
      if (isPodDelete(s.effect)) this.deletes++;
    }
    return r;
  }
}

function pods(api: FakeApi): Pod[] {
  return api.sim
    .list('Pod')
    .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '', 'en', { numeric: true }));
}

function setPhase(api: FakeApi, pod: Pod, phase: string, ready = false): void {
  const conditions = ready ? [{ type: 'Ready', status: 'True', lastTransitionTime: api.sim.now }] : [];
  api.write({
    type: 'Patch',
    ref: { kind: 'Pod', namespace: 'default', name: pod.metadata.name as string },
    patchType: 'merge',
    subresource: 'status',
    patch: { status: { phase, conditions } },
  });
}

/** scaleUpStatefulSetControl: sync, make every pod Running and Ready, until the set is ready. */
function scaleUp(api: FakeApi, trackers: Trackers, reactor?: Reactor): SyncResult[] {
  const results: SyncResult[] = [];
  for (let i = 0; i < 50; i++) {
    const set = api.sim.get('StatefulSet', 'foo') as StatefulSet;
    const ready = set.status?.readyReplicas ?? 0;
    if (ready === set.spec.replicas && pods(api).length === set.spec.replicas) return results;
    results.push(trackers.count(api.sync(controller, KEY, reactor)));
    for (const p of pods(api)) if (p.status?.phase !== 'Running') setPhase(api, p, 'Running', true);
  }
  throw new Error('the set never became ready');
}

describe('TestStatefulSetControl: recreatesPod (stateful_set_control_test.go)', () => {
  const rows = [
    ['RecreatesFailedPod', 'Failed', false],
    ['RecreatesSucceededPod', 'Succeeded', false],
    ['RecreatesFailedPodWithDeleteFailure', 'Failed', true],
    ['RecreatesSucceededPodWithDeleteFailure', 'Succeeded', true],
  ] as const;
  const cases = rows.flatMap(([name, phase, deleteFailure]) =>
    [false, true].flatMap((burst) =>
      POLICIES.map(
        ([policyName, policy]) =>
          [`${name}/${burst ? 'Burst' : 'Monotonic'}/${policyName}`, phase, deleteFailure, burst, policy] as const,
      ),
    ),
  );
  it.each(cases)('%s', (_name, terminalPhase, deleteFailure, burst, policy) => {
    const set = setOf(3, burst, policy);
    const api = new FakeApi([set as KubeObject]);
    const t = new Trackers();
    t.count(api.sync(controller, KEY));
    expect(t.deletes).toBe(0);
    // Pending acknowledges the creations; the first pod is terminal.
    const [first, ...rest] = pods(api);
    setPhase(api, first as Pod, terminalPhase);
    for (const p of rest) setPhase(api, p, 'Pending');
    let expectedDeletes = 0;
    if (deleteFailure) {
      expectedDeletes++;
      const r = t.count(api.sync(controller, KEY, (e) => (isPodDelete(e) ? 'InternalError' : undefined)));
      expect(failed(r)).toBe(true);
      expect(t.deletes).toBe(expectedDeletes);
    }
    // Expect pod deletion.
    expectedDeletes++;
    expect(failed(t.count(api.sync(controller, KEY)))).toBe(false);
    expect(t.deletes).toBe(expectedDeletes);
    // Expect no additional delete calls and expect pod creation.
    t.count(api.sync(controller, KEY));
    expect(t.deletes).toBe(expectedDeletes);
    const recreated = api.sim.get('Pod', first?.metadata.name as string);
    expect(recreated?.metadata.uid).not.toBe(first?.metadata.uid);
    expect(t.creates).toBe(burst ? 3 + 1 : 2);
  });
});

describe('TestStatefulSetControl: failures (stateful_set_control_test.go)', () => {
  const modes = [false, true].map((burst) => [burst ? 'Burst' : 'Monotonic', burst] as const);

  it.each(modes)(
    'CreatePodFailure/%s: the third create fails; the status is still written; the next scale-up completes',
    (_m, burst) => {
      const api = new FakeApi([setOf(3, burst) as KubeObject]);
      const t = new Trackers();
      // SetCreateStatefulPodError(InternalError, 2): the creates after the second fail.
      let requests = 0;
      const reactor: Reactor = (e) => (isPodCreate(e) && ++requests > 2 ? 'InternalError' : undefined);
      const first = scaleUpUntilFailure(api, t, reactor);
      const creates = first.sent.filter((s) => isPodCreate(s.effect));
      expect(creates.at(-1)?.error).toBe('InternalError');
      // performUpdate writes the status even when updateStatefulSet failed.
      const after = first.sent.slice(first.sent.findIndex((s) => s.error !== undefined) + 1);
      expect(after.map((s) => s.effect.type)).toContain('updateStatus');
      scaleUp(api, t);
      const s = api.sim.get('StatefulSet', 'foo')?.status;
      expect([s?.replicas, s?.readyReplicas, s?.updatedReplicas]).toEqual([3, 3, 3]);
    },
  );

  it.each(modes)(
    'UpdateSetStatusFailure/%s: the failed status write is the sync error; the next scale-up completes',
    (_m, burst) => {
      const api = new FakeApi([setOf(3, burst) as KubeObject]);
      const t = new Trackers();
      const r = t.count(api.sync(controller, KEY, (e) => (e.type === 'updateStatus' ? 'InternalError' : undefined)));
      expect(r.sent.at(-1)).toMatchObject({ effect: { type: 'updateStatus' }, error: 'InternalError' });
      scaleUp(api, t);
      const s = api.sim.get('StatefulSet', 'foo')?.status;
      expect([s?.replicas, s?.readyReplicas, s?.updatedReplicas]).toEqual([3, 3, 3]);
    },
  );

  /** Three pods at the current revision, then a new template: the rolling update's next delete is foo-2. */
  function scaledUpWithNewRevision(burst: boolean): FakeApi {
    const api = new FakeApi([setOf(3, burst) as KubeObject]);
    scaleUp(api, new Trackers());
    api.write({
      type: 'Patch',
      ref: { kind: 'StatefulSet', namespace: 'default', name: 'foo' },
      patchType: 'strategic',
      patch: { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx-new' }] } } } },
    });
    return api;
  }

  it.each(modes)(
    'a rolling-update delete that finds the pod gone counts it (upstream decrements on NotFound, then returns the error)/%s',
    (_m, burst) => {
      const api = scaledUpWithNewRevision(burst);
      const r = api.sync(controller, KEY, (e) => (isPodDelete(e) ? 'NotFound' : undefined));
      expect(r.sent.map((x) => `${describeCall(x.effect)}${x.error ? ` ${x.error}` : ''}`)).toEqual([
        expect.stringMatching(/^create ControllerRevision foo-/),
        'delete Pod foo-2 NotFound',
        'updateStatus StatefulSet foo',
      ]);
      expect(api.sim.get('StatefulSet', 'foo')?.status?.currentReplicas).toBe(2);
    },
  );

  it.each(modes)(
    'NewRevisionDeletePodFailure/%s: the new revision and the status are written though the delete failed',
    (_m, burst) => {
      const api = scaledUpWithNewRevision(burst);
      const r = api.sync(controller, KEY, (e) => (isPodDelete(e) ? 'InternalError' : undefined));
      // The revision, the delete (failed), then the status all the same.
      expect(r.sent.map((s) => `${describeCall(s.effect)}${s.error ? ` ${s.error}` : ''}`)).toEqual([
        expect.stringMatching(/^create ControllerRevision foo-/),
        'delete Pod foo-2 InternalError',
        'updateStatus StatefulSet foo',
      ]);
      const status = api.sim.get('StatefulSet', 'foo')?.status;
      expect(status?.currentRevision).not.toBe(status?.updateRevision);
      // Upstream decrements currentReplicas only once the delete has returned without error:
      // after the failed delete the status says 3 (the status computed without the failed step).
      expect(status?.currentReplicas).toBe(3);
      // Delete works: the delete, then the status with the pod counted out.
      const ok = api.sync(controller, KEY);
      expect(ok.sent.map((s) => describeCall(s.effect))).toEqual(['delete Pod foo-2', 'updateStatus StatefulSet foo']);
      expect(api.sim.get('StatefulSet', 'foo')?.status?.currentReplicas).toBe(2);
    },
  );
});

/** Syncs (making pods Running and Ready between them) until one meets an error. */
function scaleUpUntilFailure(api: FakeApi, t: Trackers, reactor: Reactor): SyncResult {
  for (let i = 0; i < 50; i++) {
    const r = t.count(api.sync(controller, KEY, reactor));
    if (failed(r)) return r;
    for (const p of pods(api)) if (p.status?.phase !== 'Running') setPhase(api, p, 'Running', true);
  }
  throw new Error('no sync failed');
}

describe('TestStatefulPodControl: CreateStatefulPod (stateful_pod_control_test.go)', () => {
  /** One sync of a one-replica set: its claim and pod calls, the waves they went in, and the events. */
  function create(reactor: Reactor = () => undefined, claims: readonly PersistentVolumeClaim[] = []) {
    const api = new FakeApi([...claims, setOf(1, false) as KubeObject]);
    for (const c of claims) {
      if (c.metadata.finalizers !== undefined)
        api.write({
          type: 'Delete',
          ref: { kind: 'PersistentVolumeClaim', namespace: 'default', name: c.metadata.name as string },
        });
    }
    const r = api.sync(controller, KEY, reactor);
    const podWork = (e: ApiEffect) =>
      e.type === 'create' && (e.object.kind === 'Pod' || e.object.kind === 'PersistentVolumeClaim');
    return {
      sent: r.sent.filter((s) => podWork(s.effect)).map((s) => `${describeCall(s.effect)}${s.error ? ` ${s.error}` : ''}`),
      skipped: r.skipped.filter(podWork).map(describeCall),
      waves: r.effects
        .filter((e): e is ApiEffect => e.type === 'create' && e.object.kind !== 'ControllerRevision')
        .map((e) => e.wave),
      events: r.events.map((e) => e.split(' ').slice(0, 2).join(' ')),
    };
  }
  const claim = (finalizers?: string[]): PersistentVolumeClaim => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'datadir-foo-0', namespace: 'default', ...(finalizers ? { finalizers } : {}) },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1' } } },
  });

  it('TestStatefulPodControlCreatesPods: the claim, then (once it has returned) the pod; 2 Normal events', () => {
    const r = create();
    expect(r.sent).toEqual(['create PersistentVolumeClaim datadir-foo-0', 'create Pod foo-0']);
    const [claimWave, podWave] = r.waves as [number, number];
    expect(podWave).toBe(claimWave + 1);
    expect(r.events).toEqual(['Normal SuccessfulCreate', 'Normal SuccessfulCreate']);
  });

  it('TestStatefulPodControlCreatePodPvcCreateFailure: the pod is not created; Warning events', () => {
    const r = create((e) => (e.type === 'create' && e.object.kind === 'PersistentVolumeClaim' ? 'InternalError' : undefined));
    expect(r.sent).toEqual(['create PersistentVolumeClaim datadir-foo-0 InternalError']);
    expect(r.skipped).toEqual(['create Pod foo-0']);
    // Upstream records 2 Warnings: the claim's and the pod's FailedCreate. The pod's is the
    // error createPersistentVolumeClaims returned, known only once the claim's call failed;
    // kubesim records the claim's (its call's report) and has no call to hang the pod's on.
    expect(r.events).toEqual(['Warning FailedCreate']);
  });

  it('TestStatefulPodControlCreatePodPVCDeleting: no call; 1 Warning event', () => {
    const r = create(undefined, [claim(['example.com/hold'])]);
    expect(r.sent).toEqual([]);
    expect(r.events).toEqual(['Warning FailedCreate']);
  });

  it('TestStatefulPodControlCreatePodFailed: the claim is created, the pod fails; a Normal then a Warning event', () => {
    const r = create((e) => (isPodCreate(e) ? 'InternalError' : undefined));
    expect(r.sent).toEqual(['create PersistentVolumeClaim datadir-foo-0', 'create Pod foo-0 InternalError']);
    expect(r.events).toEqual(['Normal SuccessfulCreate', 'Warning FailedCreate']);
  });

  it('TestStatefulPodControlCreatePodExists: the claim exists, the pod meets AlreadyExists', () => {
    const r = create((e) => (isPodCreate(e) ? 'AlreadyExists' : undefined), [claim()]);
    expect(r.sent).toEqual(['create Pod foo-0 AlreadyExists']);
    // No event: CreateStatefulPod returns the AlreadyExists error before recordPodEvent.
    expect(r.events).toEqual([]);
  });
});
