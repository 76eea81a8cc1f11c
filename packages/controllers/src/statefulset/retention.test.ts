import type { OwnerReference, PersistentVolumeClaim, Pod, StatefulSet } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import {
  addControllerRef,
  getPersistentVolumeClaimRetentionPolicy,
  hasNonControllerOwner,
  hasOwnerRef,
  hasStaleOwnerRef,
  hasUnexpectedController,
  isClaimOwnerUpToDate,
  matchesRef,
  POD_KIND,
  type RetentionType,
  SET_KIND,
  updateClaimOwnerRefForSetAndPod,
} from './retention.js';

/** Ports of the retention-policy tables of stateful_set_utils_test.go. */

function set(name: string, uid: string, replicas: number, whenScaled?: RetentionType, whenDeleted?: RetentionType): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, uid },
    spec: {
      replicas,
      selector: {},
      template: { spec: { containers: [] } },
      ...(whenScaled !== undefined && whenDeleted !== undefined
        ? { persistentVolumeClaimRetentionPolicy: { whenScaled, whenDeleted } }
        : {}),
    },
  };
}

function pod(name: string, uid: string): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, uid }, spec: { containers: [] } };
}

function claim(refs: readonly OwnerReference[]): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'target-claim', ownerReferences: [...refs] },
    spec: {},
  };
}

function ref(apiVersion: string, kind: string, name: string, uid: string, controller?: boolean): OwnerReference {
  return { apiVersion, kind, name, uid, ...(controller !== undefined ? { controller } : {}) };
}

/** ownerRefsChanged (the test helper): compares the references as apiVersion/kind/name multisets. */
function ownerRefsChanged(a: readonly OwnerReference[], b: readonly OwnerReference[]): boolean {
  const key = (r: OwnerReference): string => `${r.apiVersion}-${r.kind}-${r.name}`;
  return a.map(key).sort().join('|') !== b.map(key).sort().join('|');
}

describe('TestGetPersistentVolumeClaimRetentionPolicy', () => {
  it('returns the policy, Retain/Retain when unset', () => {
    expect(getPersistentVolumeClaimRetentionPolicy(set('s', 'u', 1, 'Retain', 'Retain'))).toEqual({
      whenScaled: 'Retain',
      whenDeleted: 'Retain',
    });
    expect(getPersistentVolumeClaimRetentionPolicy(set('s', 'u', 1, 'Delete', 'Retain'))).toEqual({
      whenScaled: 'Delete',
      whenDeleted: 'Retain',
    });
    expect(getPersistentVolumeClaimRetentionPolicy(set('s', 'u', 1))).toEqual({ whenScaled: 'Retain', whenDeleted: 'Retain' });
  });
});

describe('TestMatchesRef', () => {
  it.each([
    ['full match', ref('v1', 'Pod', 'fred', 'abc'), 'fred', 'abc', true],
    ['match without UID', ref('v1', 'Pod', 'fred', 'abc'), 'fred', 'not-matching', true],
    ['mismatch name', ref('v1', 'Pod', 'fred', 'abc'), 'joan', 'abc', false],
    ['wrong schema', ref('beta2', 'Pod', 'fred', 'abc'), 'fred', 'abc', false],
  ] as const)('%s', (_name, r, objName, objUid, want) => {
    expect(matchesRef(r, { metadata: { name: objName, uid: objUid } }, POD_KIND)).toBe(want);
  });
});

describe('TestIsClaimOwnerUpToDate', () => {
  const cases = [
    { name: 'retain', scaled: 'Retain', deleted: 'Retain', needsPodRef: false, needsSetRef: false, replicas: 0, ordinal: 0 },
    { name: 'on SS delete', scaled: 'Retain', deleted: 'Delete', needsPodRef: false, needsSetRef: true, replicas: 0, ordinal: 0 },
    {
      name: 'on scaledown only, condemned',
      scaled: 'Delete',
      deleted: 'Retain',
      needsPodRef: true,
      needsSetRef: false,
      replicas: 2,
      ordinal: 2,
    },
    {
      name: 'on scaledown only, remains',
      scaled: 'Delete',
      deleted: 'Retain',
      needsPodRef: false,
      needsSetRef: false,
      replicas: 2,
      ordinal: 1,
    },
    {
      name: 'on both, condemned',
      scaled: 'Delete',
      deleted: 'Delete',
      needsPodRef: true,
      needsSetRef: false,
      replicas: 2,
      ordinal: 2,
    },
    {
      name: 'on both, remains',
      scaled: 'Delete',
      deleted: 'Delete',
      needsPodRef: false,
      needsSetRef: true,
      replicas: 2,
      ordinal: 1,
    },
  ] as const;
  const rows = cases.flatMap((tc) =>
    [false, true].flatMap((useOtherRefs) =>
      [false, true].flatMap((setPodRef) =>
        [false, true].map((setSetRef) => [tc.name, useOtherRefs, setPodRef, setSetRef, tc] as const),
      ),
    ),
  );
  it.each(rows)('%s (others=%s, pod=%s, set=%s)', (_n, useOtherRefs, setPodRef, setSetRef, tc) => {
    const p = pod(`pod-${tc.ordinal}`, 'pod-123');
    const s = set('stateful-set', 'ss-456', tc.replicas, tc.scaled, tc.deleted);
    let refs: OwnerReference[] = [];
    if (setPodRef) refs = addControllerRef(refs, p, POD_KIND);
    if (setSetRef) refs = addControllerRef(refs, s, SET_KIND);
    if (useOtherRefs) refs.push(ref('v1', 'Pod', 'rand1', 'rand1-uid'), ref('v1', 'Pod', 'rand2', 'rand2-uid'));
    const shouldMatch = setPodRef === tc.needsPodRef && setSetRef === tc.needsSetRef;
    expect(isClaimOwnerUpToDate(claim(refs), s, p)).toBe(shouldMatch);
  });
});

describe('TestClaimOwnerUpToDateEdgeCases', () => {
  const both = ['Delete', 'Delete'] as const;
  const onDelete = ['Retain', 'Delete'] as const;
  it.each([
    ['normal controller, pod', [ref('v1', 'Pod', 'pod-1', 'pod-123', true)], both, true],
    ['non-controller causes policy mismatch, pod', [ref('v1', 'Pod', 'pod-1', 'pod-123')], both, false],
    ['stale controller does not affect policy, pod', [ref('v1', 'Pod', 'pod-1', 'pod-stale', true)], both, true],
    [
      'unexpected controller causes policy mismatch, pod',
      [ref('v1', 'Pod', 'pod-1', 'pod-123', true), ref('v1', 'Pod', 'Random', 'random', true)],
      both,
      false,
    ],
    ['normal controller, set', [ref('apps/v1', 'StatefulSet', 'stateful-set', 'ss-456', true)], onDelete, true],
    ['non-controller causes policy mismatch, set', [ref('appsv1', 'StatefulSet', 'stateful-set', 'ss-456')], onDelete, false],
    ['stale controller ignored, set', [ref('apps/v1', 'StatefulSet', 'stateful-set', 'set-stale', true)], onDelete, true],
    [
      'unexpected controller causes policy mismatch, set',
      [ref('apps/v1', 'StatefulSet', 'stateful-set', 'ss-456', true), ref('apps/v1', 'StatefulSet', 'Random', 'random', true)],
      onDelete,
      false,
    ],
  ] as const)('%s', (_name, refs, [scaled, deleted], want) => {
    expect(isClaimOwnerUpToDate(claim(refs), set('stateful-set', 'ss-456', 1, scaled, deleted), pod('pod-1', 'pod-123'))).toBe(
      want,
    );
  });
});

describe('TestUpdateClaimOwnerRefForSetAndPod', () => {
  const cases = [
    { name: 'retain', scaled: 'Retain', deleted: 'Retain', condemned: false, needsPodRef: false, needsSetRef: false },
    { name: 'delete with set', scaled: 'Retain', deleted: 'Delete', condemned: false, needsPodRef: false, needsSetRef: true },
    {
      name: 'delete with scaledown, not condemned',
      scaled: 'Delete',
      deleted: 'Retain',
      condemned: false,
      needsPodRef: false,
      needsSetRef: false,
    },
    {
      name: 'delete on scaledown, condemned',
      scaled: 'Delete',
      deleted: 'Retain',
      condemned: true,
      needsPodRef: true,
      needsSetRef: false,
    },
    {
      name: 'delete on both, not condemned',
      scaled: 'Delete',
      deleted: 'Delete',
      condemned: false,
      needsPodRef: false,
      needsSetRef: true,
    },
    {
      name: 'delete on both, condemned',
      scaled: 'Delete',
      deleted: 'Delete',
      condemned: true,
      needsPodRef: true,
      needsSetRef: false,
    },
    {
      name: 'unexpected controller',
      scaled: 'Delete',
      deleted: 'Delete',
      condemned: true,
      needsPodRef: false,
      needsSetRef: false,
      unexpected: true,
    },
  ] as const;
  const rows = cases.flatMap((tc) => Array.from({ length: 8 }, (_, v) => [tc.name, v, tc] as const));
  it.each(rows)('%s (variation %i)', (_n, variation, tc) => {
    const s = set('ss', 'ss-123', 5, tc.scaled, tc.deleted);
    const p = pod(tc.condemned ? 'pod-8' : 'pod-1', 'pod-456');
    let refs: OwnerReference[] = [];
    if ((variation & 1) !== 0) refs = addControllerRef(refs, p, POD_KIND);
    if ((variation & 2) !== 0) refs = addControllerRef(refs, s, SET_KIND);
    if ((variation & 3) !== 0) refs.push(ref('custom/v1', 'random', 'random', 'abc'));
    if ('unexpected' in tc) refs.push(ref('custom/v1', 'Unknown', 'unknown', 'xyz', true));
    const updated = updateClaimOwnerRefForSetAndPod(claim(refs), s, p);
    const isController = (uid: string): boolean => updated.find((r) => r.uid === uid)?.controller === true;
    expect(isController('pod-456')).toBe(tc.needsPodRef);
    expect(isController('ss-123')).toBe(tc.needsSetRef);
  });
});

describe('TestUpdateClaimControllerRef', () => {
  const stsController = ref('apps/v1', 'StatefulSet', 'sts', '123', true);
  it.each([
    ['set correctly', [stsController, ref('someone', 'Else', 'foo', '')], [stsController, ref('someone', 'Else', 'foo', '')]],
    ['missing controller', [ref('apps/v1', 'StatefulSet', 'sts', '123')], [stsController]],
    ['matching name but missing', [ref('someone', 'else', 'sts', '456')], [ref('someone', 'else', 'sts', '456'), stsController]],
    ['not present', [], [stsController]],
    // A missing UID reads as a stale reference: it is scrubbed and nothing added.
    ['controller, but no UID', [ref('apps/v1', 'StatefulSet', 'sts', '', true)], []],
    ['neither controller nor UID', [ref('apps/v1', 'StatefulSet', 'sts', '')], []],
  ] as const)('%s', (_name, original, expected) => {
    const updated = updateClaimOwnerRefForSetAndPod(
      claim(original),
      set('sts', '123', 1, 'Delete', 'Delete'),
      pod('pod-0', '456'),
    );
    expect(ownerRefsChanged(expected, updated)).toBe(false);
    for (const r of updated) if (r.uid === '123') expect(r.controller).toBe(true);
  });
});

describe('TestHasOwnerRef', () => {
  const target = claim([
    { ...ref('', '', '', '123'), controller: true },
    { ...ref('', '', '', '456'), controller: false },
    ref('', '', '', '789'),
  ]);
  it.each([
    ['123', true],
    ['456', true],
    ['789', true],
    ['012', false],
  ])('uid %s → %s', (uid, want) => expect(hasOwnerRef(target, { metadata: { uid } })).toBe(want));
});

describe('TestHasUnexpectedController', () => {
  const cases = [
    ['custom controller', [ref('chipmunks/v1', 'CustomController', 'simon', 'other-uid', true)], true],
    ['custom non-controller', [ref('chipmunks/v1', 'CustomController', 'simon', 'other-uid', false)], false],
    ['custom unspecified controller', [ref('chipmunks/v1', 'CustomController', 'simon', 'other-uid')], false],
    ['other pod controller', [ref('v1', 'Pod', 'simon', 'other-uid', true)], true],
    ['other set controller', [ref('apps/v1', 'Set', 'simon', 'other-uid', true)], true],
    ['own set controller', [ref('apps/v1', 'StatefulSet', 'set', 'set-uid', true)], false],
    ['own set controller, stale uid', [ref('apps/v1', 'StatefulSet', 'set', 'stale-uid', true)], true],
    ['own pod controller', [ref('v1', 'Pod', 'pod', 'pod-uid', true)], false],
    ['own pod controller, stale uid', [ref('v1', 'Pod', 'pod', 'stale-uid', true)], true],
    [
      'own controller and another',
      [ref('v1', 'Pod', 'pod', 'pod-uid', true), ref('chipmunks/v1', 'CustomController', 'simon', 'other-uid', true)],
      true,
    ],
    [
      'own controller and a non-controller',
      [ref('v1', 'Pod', 'pod', 'pod-uid', true), ref('chipmunks/v1', 'CustomController', 'simon', 'other-uid', false)],
      false,
    ],
  ] as const;
  it.each(cases)('%s', (_name, refs, want) => {
    const p = pod('pod', 'pod-uid');
    // Any controller is allowed under Retain/Retain.
    expect(hasUnexpectedController(claim(refs), set('set', 'set-uid', 1), p)).toBe(false);
    for (const [scaled, deleted] of [
      ['Delete', 'Retain'],
      ['Retain', 'Delete'],
      ['Delete', 'Delete'],
    ] as const) {
      expect(hasUnexpectedController(claim(refs), set('set', 'set-uid', 1, scaled, deleted), p)).toBe(want);
    }
  });
});

describe('TestNonController', () => {
  it.each([
    ['set and pod controller', [ref('v1', 'Pod', 'pod', 'pod', true), ref('apps/v1', 'Set', 'set', 'set', true)], false],
    ['set controller, pod noncontroller', [ref('v1', 'Pod', 'pod', 'pod'), ref('apps/v1', 'Set', 'set', 'set', true)], true],
    ['set noncontroller, pod controller', [ref('v1', 'Pod', 'pod', 'pod', true), ref('apps/v1', 'Set', 'set', 'set')], true],
    ['set controller', [ref('apps/v1', 'Set', 'set', 'set', true)], false],
    ['pod controller', [ref('v1', 'Pod', 'pod', 'pod', true)], false],
    ['nothing', [], false],
    ['set noncontroller', [ref('apps/v1', 'Set', 'set', 'set')], true],
    ['set noncontroller with ptr', [ref('apps/v1', 'Set', 'set', 'set', false)], true],
    ['pod noncontroller', [ref('v1', 'pod', 'pod', 'pod')], true],
    ['other noncontroller', [ref('v1', 'pod', 'pod', 'not-matching')], false],
  ] as const)('%s', (_name, refs, want) => {
    expect(hasNonControllerOwner(claim(refs), set('set', 'set', 1), pod('pod', 'pod'))).toBe(want);
  });
});

describe('TestHasStaleOwnerRef', () => {
  it('a reference naming the object with another uid is stale', () => {
    const target = claim([ref('v1', 'Pod', 'bob', '123'), ref('v1', 'Pod', 'shirley', '456')]);
    expect(hasStaleOwnerRef(target, { metadata: { name: 'bob', uid: '123' } }, POD_KIND)).toBe(false);
    expect(hasStaleOwnerRef(target, { metadata: { name: 'shirley', uid: '789' } }, POD_KIND)).toBe(true);
    expect(hasStaleOwnerRef(target, { metadata: { name: 'yvonne', uid: '345' } }, POD_KIND)).toBe(false);
  });
});
