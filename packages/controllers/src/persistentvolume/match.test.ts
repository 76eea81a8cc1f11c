import type { Node, PersistentVolume, PersistentVolumeClaim } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { findByClaim, findMatchingVolume } from './match.js';
import { checkNodeAffinity, getAccessModesAsString } from './util.js';

/**
 * Ports of pkg/controller/volume/persistentvolume/index_test.go (TestMatchVolume,
 * TestMatchingWithBoundVolumes, TestFindingVolumeWithDifferentAccessModes,
 * TestGetAccessModes) over findByClaim, which the binder runs over the cluster's volumes.
 */

const RWO = 'ReadWriteOnce';
const ROX = 'ReadOnlyMany';
const RWX = 'ReadWriteMany';

function pv(
  name: string,
  size: string,
  modes: string[],
  extra: {
    claimRef?: PersistentVolume['spec']['claimRef'];
    class?: string;
    labels?: Record<string, string>;
    phase?: 'Available' | 'Bound';
  } = {},
): PersistentVolume {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, ...(extra.labels !== undefined ? { labels: extra.labels } : {}) },
    spec: {
      capacity: { storage: size },
      accessModes: modes,
      volumeMode: 'Filesystem',
      ...(extra.claimRef !== undefined ? { claimRef: extra.claimRef } : {}),
      ...(extra.class !== undefined ? { storageClassName: extra.class } : {}),
    },
    status: { phase: extra.phase ?? (extra.claimRef !== undefined ? 'Bound' : 'Available') },
  };
}

/** makePVC: claim01 in myns asking for ROX+RWO unless changed. */
function makePVC(size: string, mod: (spec: PersistentVolumeClaim['spec']) => void = () => {}): PersistentVolumeClaim {
  const spec: PersistentVolumeClaim['spec'] = {
    accessModes: [ROX, RWO],
    resources: { requests: { storage: size } },
    volumeMode: 'Filesystem',
  };
  mod(spec);
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'claim01', namespace: 'myns', uid: 'claim01-uid' },
    spec,
  };
}

/** createTestVolumes (the ones these scenarios reach). */
const volumes: PersistentVolume[] = [
  pv('gce-pd-10', '10G', [RWO, ROX]),
  pv('gce-pd-20', '20G', [RWO, ROX], { claimRef: { uid: 'def456' } }),
  pv('nfs-5', '5G', [RWO, ROX, RWX]),
  pv('gce-pd-1', '1G', [RWO, ROX], { claimRef: { uid: 'abc123' } }),
  pv('nfs-10', '10G', [RWO, ROX, RWX]),
  pv('gce-pd-5', '5G', [RWO, ROX]),
  pv('nfs-1', '1G', [RWO, ROX, RWX]),
  pv('gce-pd-2', '20000G', [RWO], { labels: { 'should-exist': 'true' } }),
  pv('gce-pd-silver1', '10000G', [RWO], { class: 'silver', labels: { 'should-exist': 'true' } }),
  pv('gce-pd-silver2', '100G', [RWO], { class: 'silver' }),
  pv('gce-pd-gold', '50G', [RWO], { class: 'gold' }),
  pv('local-pd-very-large', '200E', [RWO, ROX, RWX], { class: 'large' }),
  pv('local-pd-extremely-large', '800E', [RWO, ROX, RWX], { class: 'large' }),
];

describe('TestMatchVolume', () => {
  it.each([
    ['successful-match-gce-10', 'gce-pd-10', makePVC('8G')],
    ['successful-match-nfs-5', 'nfs-5', makePVC('5G', (s) => (s.accessModes = [ROX, RWO, RWX]))],
    ['successful-skip-1g-bound-volume', 'gce-pd-5', makePVC('1G')],
    ['successful-no-match', '', makePVC('999G')],
    [
      'successful-no-match-due-to-label',
      '',
      makePVC('999G', (s) => (s.selector = { matchLabels: { 'should-not-exist': 'true' } })),
    ],
    [
      'successful-no-match-due-to-size-constraint-with-label-selector',
      '',
      makePVC('20000G', (s) => {
        s.selector = { matchLabels: { 'should-exist': 'true' } };
        s.accessModes = [ROX, RWO];
      }),
    ],
    [
      'successful-match-due-with-constraint-and-label-selector',
      'gce-pd-2',
      makePVC('20000G', (s) => {
        s.selector = { matchLabels: { 'should-exist': 'true' } };
        s.accessModes = [RWO];
      }),
    ],
    [
      'successful-match-with-class',
      'gce-pd-silver1',
      makePVC('1G', (s) => {
        s.selector = { matchLabels: { 'should-exist': 'true' } };
        s.accessModes = [RWO];
        s.storageClassName = 'silver';
      }),
    ],
    [
      'successful-match-with-class-and-labels',
      'gce-pd-silver2',
      makePVC('1G', (s) => {
        s.accessModes = [RWO];
        s.storageClassName = 'silver';
      }),
    ],
    [
      'successful-match-very-large',
      'local-pd-very-large',
      makePVC('1E', (s) => {
        s.accessModes = [RWO];
        s.storageClassName = 'large';
      }),
    ],
    [
      'successful-match-exact-extremely-large',
      'local-pd-extremely-large',
      makePVC('800E', (s) => {
        s.accessModes = [RWO];
        s.storageClassName = 'large';
      }),
    ],
    [
      'successful-no-match-way-too-large',
      '',
      makePVC('950E', (s) => {
        s.accessModes = [RWO];
        s.storageClassName = 'large';
      }),
    ],
  ] as const)('%s', (_name, expected, claim) => {
    expect(findByClaim(volumes, claim, false)?.metadata.name ?? '').toBe(expected);
  });
});

describe('TestMatchingWithBoundVolumes', () => {
  it('of two similar volumes, the one not bound is matched', () => {
    const bound = pv('gce001', '1G', [RWO, ROX], { claimRef: { uid: 'abc123' } });
    const free = pv('gce002', '1G', [RWO, ROX]);
    expect(findByClaim([bound, free], makePVC('1G'), false)?.metadata.name).toBe('gce002');
  });
});

describe('TestFindingVolumeWithDifferentAccessModes', () => {
  const gce = pv('gce', '10G', [RWO, ROX]);
  const ebs = pv('ebs', '10G', [RWO]);
  const nfs = pv('nfs', '10G', [RWO, ROX, RWX]);
  const claim = (modes: string[]) => makePVC('1G', (s) => (s.accessModes = modes));
  const taken = (v: PersistentVolume): PersistentVolume => ({ ...v, spec: { ...v.spec, claimRef: {} } });
  it.each([
    ['the exact modes', [gce, ebs, nfs], [RWO], 'ebs'],
    ['two modes', [gce, ebs, nfs], [RWO, ROX], 'gce'],
    ['the order of the requested modes does not matter', [gce, ebs, nfs], [RWX, RWO, ROX], 'nfs'],
    ['fewer modes requested still match', [gce, ebs, nfs], [RWX], 'nfs'],
    ['the exact match bound: the next level up of modes', [gce, taken(ebs), nfs], [RWO], 'gce'],
    ['continue up the levels of modes', [taken(gce), taken(ebs), nfs], [RWO], 'nfs'],
    ['partial mode request', [gce, taken(ebs), nfs], [ROX], 'gce'],
  ] as const)('%s', (_name, vols, modes, want) => {
    expect(findByClaim(vols, claim([...modes]), false)?.metadata.name).toBe(want);
  });
});

describe('FindMatchingVolume (pv_helpers.go)', () => {
  const claim = makePVC('1G', (s) => (s.accessModes = [RWO]));
  it('a volume pre-bound to the claim wins over a smaller free one, even when not Available', () => {
    const pre = pv('pre', '5G', [RWO], { claimRef: { name: 'claim01', namespace: 'myns' }, phase: 'Bound' });
    const free = pv('free', '1G', [RWO]);
    expect(findMatchingVolume(claim, [free, pre], undefined, new Set(), false)?.metadata.name).toBe('pre');
  });
  it('delayed binding without a node matches only a pre-bound volume', () => {
    const free = pv('free', '1G', [RWO]);
    expect(findMatchingVolume(claim, [free], undefined, new Set(), true)).toBeUndefined();
  });
  it('a volume that is not Available yet (just created: Pending) is skipped', () => {
    expect(findMatchingVolume(claim, [pv('new', '1G', [RWO], { phase: 'Bound' })], undefined, new Set(), false)).toBeUndefined();
  });
  it('with a node: node affinity and excluded volumes are honoured', () => {
    const node = { metadata: { name: 'n2', labels: { 'kubernetes.io/hostname': 'n2' } } } as unknown as Node;
    const pinned = (name: string, host: string): PersistentVolume => ({
      ...pv(name, '1G', [RWO]),
      spec: {
        ...pv(name, '1G', [RWO]).spec,
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [host] }] }],
          },
        },
      },
    });
    expect(checkNodeAffinity(pinned('a', 'n1'), node)).toBe(false);
    expect(findMatchingVolume(claim, [pinned('a', 'n1'), pinned('b', 'n2')], node, new Set(), true)?.metadata.name).toBe('b');
    expect(findMatchingVolume(claim, [pinned('b', 'n2')], node, new Set(['b']), true)).toBeUndefined();
  });
});

describe('TestGetAccessModes (GetAccessModesAsString)', () => {
  it.each([
    [[RWO], 'RWO'],
    [[ROX, RWO], 'RWO,ROX'],
    [[RWX, ROX, RWO], 'RWO,ROX,RWX'],
    [['ReadWriteOncePod'], 'RWOP'],
    [[], ''],
  ])('%j → %s', (modes, want) => {
    expect(getAccessModesAsString(modes)).toBe(want);
  });
});
