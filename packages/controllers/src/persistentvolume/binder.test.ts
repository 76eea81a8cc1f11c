import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { describeCall, FakeApi } from '../../test/fixtures/calls.js';
import { persistentVolumeController } from './binder.js';
import { ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER } from './util.js';

/**
 * The PV controller's calls per syncClaim, as pv_controller_test.go's TestSync rows pin their
 * outcome (expectedVolumes, expectedClaims, expectedEvents), with the writes each makes in
 * bind's order: the volume, its status, the claim, its status, each only when it changes, the
 * first that fails ending the sync.
 */

const controller = persistentVolumeController();
const NS = 'default';

type Phase = 'Pending' | 'Bound' | 'Lost';

interface ClaimSpec {
  readonly name: string;
  readonly capacity: string;
  readonly volumeName?: string;
  readonly phase: Phase;
  readonly className?: string;
  readonly annotations?: readonly string[];
}

interface VolumeSpec {
  readonly name: string;
  readonly capacity: string;
  /** Bound to the claim by uid (true), by name only (false), or not at all (undefined). */
  readonly boundByUid?: boolean;
  readonly claim?: string;
  readonly phase: 'Available' | 'Bound' | 'Released';
  readonly className?: string;
  readonly annotations?: readonly string[];
}

const yes = (keys: readonly string[] = []) => Object.fromEntries(keys.map((k) => [k, 'yes']));

/** newClaimArray / newVolumeArray: the claim first (the volume's claimRef wants its uid), then the volume. */
function setup(claim: ClaimSpec, volumes: readonly VolumeSpec[], classes: readonly StorageClass[] = []): FakeApi {
  const api = new FakeApi(classes);
  const c: PersistentVolumeClaim = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: claim.name, namespace: NS, ...(claim.annotations ? { annotations: yes(claim.annotations) } : {}) },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: claim.capacity } },
      storageClassName: claim.className ?? '',
      ...(claim.volumeName ? { volumeName: claim.volumeName } : {}),
    },
  };
  api.write({ type: 'Create', object: c });
  const created = api.sim.get('PersistentVolumeClaim', claim.name) as PersistentVolumeClaim;
  api.write({ type: 'UpdateStatus', object: { ...created, status: { phase: claim.phase } } });
  for (const v of volumes) {
    const pv: PersistentVolume = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: v.name, ...(v.annotations ? { annotations: yes(v.annotations) } : {}) },
      spec: {
        capacity: { storage: v.capacity },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: v.className ?? '',
        hostPath: { path: `/tmp/${v.name}` },
        ...(v.claim !== undefined
          ? {
              claimRef: {
                kind: 'PersistentVolumeClaim',
                namespace: NS,
                name: v.claim,
                ...(v.boundByUid ? { uid: created.metadata.uid as string } : {}),
              } as NonNullable<PersistentVolume['spec']['claimRef']>,
            }
          : {}),
      },
    };
    api.write({ type: 'Create', object: pv });
    const pvNow = api.sim.get('PersistentVolume', v.name, '') as PersistentVolume;
    api.write({ type: 'UpdateStatus', object: { ...pvNow, status: { phase: v.phase } } });
  }
  return api;
}

const writes = (r: ReturnType<FakeApi['sync']>): string[] =>
  r.sent.map((s) => `${describeCall(s.effect)}${'subresource' in s.effect && s.effect.subresource ? '/status' : ''}`);

const waitClass: StorageClass = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'wait' },
  provisioner: 'kubernetes.io/no-provisioner',
  volumeBindingMode: 'WaitForFirstConsumer',
};

describe('TestSync: syncClaim (pv_controller_test.go)', () => {
  it.each([
    [
      '1-1 - successful bind',
      { name: 'claim1-1', capacity: '1Gi', phase: 'Pending' },
      [{ name: 'volume1-1', capacity: '1Gi', phase: 'Available' }],
      [
        'patch PersistentVolume volume1-1',
        'patch PersistentVolume volume1-1/status',
        'patch PersistentVolumeClaim claim1-1',
        'patch PersistentVolumeClaim claim1-1/status',
      ],
      [],
    ],
    [
      '1-2 - noop',
      { name: 'claim1-2', capacity: '10Gi', phase: 'Pending' },
      [{ name: 'volume1-2', capacity: '1Gi', phase: 'Available' }],
      [],
      ['Normal FailedBinding'],
    ],
    [
      '1-3 - reset to Pending',
      { name: 'claim1-3', capacity: '10Gi', phase: 'Bound' },
      [{ name: 'volume1-3', capacity: '1Gi', phase: 'Available' }],
      ['patch PersistentVolumeClaim claim1-3/status'],
      ['Normal FailedBinding'],
    ],
    [
      '1-8 - complete bind after crash - PV bound',
      { name: 'claim1-8', capacity: '1Gi', phase: 'Pending' },
      [
        {
          name: 'volume1-8',
          capacity: '1Gi',
          boundByUid: true,
          claim: 'claim1-8',
          phase: 'Available',
          annotations: [ANN_BOUND_BY_CONTROLLER],
        },
      ],
      [
        'patch PersistentVolume volume1-8/status',
        'patch PersistentVolumeClaim claim1-8',
        'patch PersistentVolumeClaim claim1-8/status',
      ],
      [],
    ],
    [
      '1-9 - complete bind after crash - PV status saved',
      { name: 'claim1-9', capacity: '1Gi', phase: 'Pending' },
      [
        {
          name: 'volume1-9',
          capacity: '1Gi',
          boundByUid: true,
          claim: 'claim1-9',
          phase: 'Bound',
          annotations: [ANN_BOUND_BY_CONTROLLER],
        },
      ],
      ['patch PersistentVolumeClaim claim1-9', 'patch PersistentVolumeClaim claim1-9/status'],
      [],
    ],
    [
      '1-10 - complete bind after crash - PVC bound',
      {
        name: 'claim1-10',
        capacity: '1Gi',
        volumeName: 'volume1-10',
        phase: 'Pending',
        annotations: [ANN_BOUND_BY_CONTROLLER, ANN_BIND_COMPLETED],
      },
      [
        {
          name: 'volume1-10',
          capacity: '1Gi',
          boundByUid: true,
          claim: 'claim1-10',
          phase: 'Bound',
          annotations: [ANN_BOUND_BY_CONTROLLER],
        },
      ],
      ['patch PersistentVolumeClaim claim1-10/status'],
      [],
    ],
    [
      '1-13 - delayed binding',
      { name: 'claim1-1', capacity: '1Gi', phase: 'Pending', className: 'wait' },
      [{ name: 'volume1-1', capacity: '1Gi', phase: 'Available', className: 'wait' }],
      [],
      ['Normal WaitForFirstConsumer'],
    ],
    [
      '3-2 - bound claim with missing volume',
      {
        name: 'claim3-2',
        capacity: '10Gi',
        volumeName: 'volume3-2',
        phase: 'Bound',
        annotations: [ANN_BOUND_BY_CONTROLLER, ANN_BIND_COMPLETED],
      },
      [],
      ['patch PersistentVolumeClaim claim3-2/status'],
      ['Warning ClaimLost'],
    ],
  ] as const)('%s', (_name, claim, volumes, expectedWrites, expectedEvents) => {
    const api = setup(claim as ClaimSpec, volumes as readonly VolumeSpec[], [waitClass]);
    const r = api.sync(controller, `pvc:${NS}/${claim.name}`);
    expect(writes(r)).toEqual(expectedWrites);
    expect(r.sent.every((s) => s.error === undefined)).toBe(true);
    expect(r.events.map((e) => e.split(' ').slice(0, 2).join(' '))).toEqual(expectedEvents);
  });

  it('bind: the first write that fails ends the sync (the next syncClaim finishes the binding)', () => {
    const api = setup({ name: 'claim1-1', capacity: '1Gi', phase: 'Pending' }, [
      { name: 'volume1-1', capacity: '1Gi', phase: 'Available' },
    ]);
    const r = api.sync(controller, `pvc:${NS}/claim1-1`, (e) =>
      e.type === 'patch' && e.subresource === 'status' ? 'Conflict' : undefined,
    );
    expect(writes(r)).toEqual(['patch PersistentVolume volume1-1', 'patch PersistentVolume volume1-1/status']);
    expect(r.skipped.map(describeCall)).toEqual(['patch PersistentVolumeClaim claim1-1', 'patch PersistentVolumeClaim claim1-1']);
    // 1-8's state: the next sync goes on from the volume's status.
    expect(writes(api.sync(controller, `pvc:${NS}/claim1-1`))).toEqual([
      'patch PersistentVolume volume1-1/status',
      'patch PersistentVolumeClaim claim1-1',
      'patch PersistentVolumeClaim claim1-1/status',
    ]);
  });

  it('3-2: the ClaimLost event is recorded only once the status is saved (updateClaimStatusWithEvent)', () => {
    const api = setup(
      {
        name: 'claim3-2',
        capacity: '10Gi',
        volumeName: 'volume3-2',
        phase: 'Bound',
        annotations: [ANN_BOUND_BY_CONTROLLER, ANN_BIND_COMPLETED],
      },
      [],
    );
    const r = api.sync(controller, `pvc:${NS}/claim3-2`, () => 'Conflict');
    expect(r.events).toEqual([]);
  });
});

describe('provisionClaim (pv_controller.go, provisionClaimOperationExternal)', () => {
  const external: StorageClass = {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'external' },
    provisioner: 'example.com/external',
    volumeBindingMode: 'Immediate',
  };

  it('11-17 - external provisioner: the annotations go in a goroutine (async), the event once they are saved', () => {
    const api = setup({ name: 'claim11-17', capacity: '1Gi', phase: 'Pending', className: 'external' }, [], [external]);
    const r = api.sync(controller, `pvc:${NS}/claim11-17`);
    expect(r.sent.map((s) => describeCall(s.effect))).toEqual(['patch PersistentVolumeClaim claim11-17']);
    expect(r.sent[0]?.effect).toMatchObject({ async: true });
    expect(r.events.map((e) => e.split(' ').slice(0, 2).join(' '))).toEqual(['Normal ExternalProvisioning']);
    // Annotated already: only the event (setClaimProvisioner saves nothing).
    const again = api.sync(controller, `pvc:${NS}/claim11-17`);
    expect(again.sent).toEqual([]);
    expect(again.events.map((e) => e.split(' ').slice(0, 2).join(' '))).toEqual(['Normal ExternalProvisioning']);
  });

  it('a failed save: ProvisioningFailed "Error saving claim: ..."', () => {
    const api = setup({ name: 'claim11-17', capacity: '1Gi', phase: 'Pending', className: 'external' }, [], [external]);
    const r = api.sync(controller, `pvc:${NS}/claim11-17`, () => 'Conflict');
    expect(r.events).toEqual(['Warning ProvisioningFailed Error saving claim: Conflict']);
  });
});
