import type { PersistentVolumeClaim, Pod } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { newStatefulSet, withStatus } from '../../test/fixtures/statefulset.js';
import { controllerOf } from '../controllerutils/controllerRef.js';
import {
  ascendingOrdinal,
  getClaimPodName,
  getParentNameAndOrdinal,
  getPersistentVolumeClaims,
  getPodRevision,
  identityMatches,
  isMemberOf,
  newStatefulSetPod,
  newVersionedStatefulSetPod,
  POD_INDEX_LABEL,
  STATEFULSET_POD_NAME_LABEL,
  storageMatches,
  updateIdentity,
  updateStorage,
} from './identity.js';
import { isRunningAndReady } from './podstate.js';

/** Ports of pkg/controller/statefulset/stateful_set_utils_test.go (identity, storage, ordering). */

function rename(pod: Pod, name: string): Pod {
  return { ...pod, metadata: { ...pod.metadata, name } };
}

function claim(name: string): PersistentVolumeClaim {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: {} };
}

describe('TestGetParentNameAndOrdinal', () => {
  it('extracts the parent and ordinal of a member, and ("", -1) for "1-bar"', () => {
    const set = newStatefulSet(3);
    const pod = newStatefulSetPod(set, 1);
    expect(getParentNameAndOrdinal(pod)).toEqual({ parent: 'foo', ordinal: 1 });
    expect(getParentNameAndOrdinal(rename(pod, '1-bar'))).toEqual({ parent: '', ordinal: -1 });
  });
  it('the greedy prefix keeps dashes in the parent; an ordinal beyond int32 is -1', () => {
    expect(getParentNameAndOrdinal(rename(newStatefulSetPod(newStatefulSet(1), 0), 'my-web-12'))).toEqual({
      parent: 'my-web',
      ordinal: 12,
    });
    expect(getParentNameAndOrdinal(rename(newStatefulSetPod(newStatefulSet(1), 0), 'web-2147483648'))).toEqual({
      parent: 'web',
      ordinal: -1,
    });
  });
});

describe('TestGetClaimPodName', () => {
  const set = { ...newStatefulSet(1), metadata: { name: 'my-set' } };
  it.each([
    ['volume-my-set-2', 'my-set-2'],
    ['long-volume-my-set-20', 'my-set-20'],
    ['volume-2-my-set', ''],
    ['volume-pod-2', ''],
  ])('%s → %j', (name, want) => {
    expect(getClaimPodName(set, claim(name))).toBe(want);
  });
});

describe('claim naming (getPersistentVolumeClaimName)', () => {
  it('template datadir, set foo, ordinal 0 → datadir-foo-0', () => {
    const set = newStatefulSet(1);
    const claims = getPersistentVolumeClaims(set, newStatefulSetPod(set, 0));
    expect(claims.get('datadir')?.metadata.name).toBe('datadir-foo-0');
  });
});

describe('TestIsMemberOf', () => {
  it('a pod is a member of its set only', () => {
    const set = newStatefulSet(3);
    const set2 = { ...set, metadata: { ...set.metadata, name: 'foo2' } };
    const pod = newStatefulSetPod(set, 1);
    expect(isMemberOf(set, pod)).toBe(true);
    expect(isMemberOf(set2, pod)).toBe(false);
  });
});

describe('TestIdentityMatches', () => {
  const set = newStatefulSet(3);
  const pod = newStatefulSetPod(set, 1);
  it('newly created Pod has a good identity', () => expect(identityMatches(set, pod)).toBe(true));
  it('identity does not match for a Pod with the wrong name', () => expect(identityMatches(set, rename(pod, 'foo'))).toBe(false));
  it('identity does not match for a Pod with the wrong namespace', () => {
    expect(identityMatches(set, { ...pod, metadata: { ...pod.metadata, namespace: '' } })).toBe(false);
  });
  it('identity does not match for a Pod without the pod-name label', () => {
    const { [STATEFULSET_POD_NAME_LABEL]: _gone, ...labels } = pod.metadata.labels ?? {};
    expect(identityMatches(set, { ...pod, metadata: { ...pod.metadata, labels } })).toBe(false);
  });
});

describe('TestStorageMatches', () => {
  const set = newStatefulSet(3);
  const pod = newStatefulSetPod(set, 1);
  it('newly created Pod has valid storage', () => expect(storageMatches(set, pod)).toBe(true));
  it('Pod with no volumes has invalid storage', () => {
    const { volumes: _v, ...spec } = pod.spec;
    expect(storageMatches(set, { ...pod, spec })).toBe(false);
  });
  it('Pod whose volumes lost their claims has invalid storage', () => {
    const volumes = (pod.spec.volumes ?? []).map(({ persistentVolumeClaim: _c, ...v }) => v);
    expect(storageMatches(set, { ...pod, spec: { ...pod.spec, volumes } })).toBe(false);
  });
  it('Pod whose claim names are wrong has invalid storage', () => {
    const volumes = (pod.spec.volumes ?? []).map((v) =>
      v.persistentVolumeClaim ? { ...v, persistentVolumeClaim: { claimName: 'foo' } } : v,
    );
    expect(storageMatches(set, { ...pod, spec: { ...pod.spec, volumes } })).toBe(false);
  });
  it('Pod with an invalid ordinal has invalid storage', () => expect(storageMatches(set, rename(pod, 'bar'))).toBe(false));
});

describe('TestUpdateIdentity', () => {
  it('restores the namespace and the pod-name label', () => {
    const set = newStatefulSet(3);
    let pod = newStatefulSetPod(set, 1);
    expect(identityMatches(set, pod)).toBe(true);
    pod = { ...pod, metadata: { ...pod.metadata, namespace: '' } };
    expect(identityMatches(set, pod)).toBe(false);
    pod = updateIdentity(set, pod);
    expect(identityMatches(set, pod)).toBe(true);
    const { [STATEFULSET_POD_NAME_LABEL]: _gone, ...labels } = pod.metadata.labels ?? {};
    pod = updateIdentity(set, { ...pod, metadata: { ...pod.metadata, labels } });
    expect(identityMatches(set, pod)).toBe(true);
    expect(pod.metadata.labels?.[POD_INDEX_LABEL]).toBe('1');
  });
});

describe('TestUpdateStorage', () => {
  const set = newStatefulSet(3);
  const pod = newStatefulSetPod(set, 1);
  it('recreates missing volumes', () => {
    const { volumes: _v, ...spec } = pod.spec;
    const fixed = updateStorage(set, { ...pod, spec });
    expect(storageMatches(set, fixed)).toBe(true);
  });
  it('recreates volume claims and claim names, keeping the other volumes', () => {
    const volumes = (pod.spec.volumes ?? []).map((v) =>
      v.persistentVolumeClaim ? { ...v, persistentVolumeClaim: { claimName: 'foo' } } : v,
    );
    const fixed = updateStorage(set, { ...pod, spec: { ...pod.spec, volumes } });
    expect(storageMatches(set, fixed)).toBe(true);
    expect(fixed.spec.volumes?.map((v) => v.name)).toEqual(['datadir', 'home']);
  });
});

describe('TestNewPodControllerRef', () => {
  it('a new pod is controlled by its set', () => {
    const set = newStatefulSet(1);
    const ref = controllerOf(newStatefulSetPod(set, 0));
    expect(ref).toEqual({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      name: 'foo',
      uid: 'test',
      controller: true,
      blockOwnerDeletion: true,
    });
  });
});

describe('initIdentity (newStatefulSetPod)', () => {
  it('hostname is the pod name, subdomain the service; pod-name and pod-index labels', () => {
    const pod = newStatefulSetPod(newStatefulSet(3), 2);
    expect(pod.spec.hostname).toBe('foo-2');
    expect(pod.spec.subdomain).toBe('governingsvc');
    expect(pod.metadata.labels).toMatchObject({ foo: 'bar', [STATEFULSET_POD_NAME_LABEL]: 'foo-2', [POD_INDEX_LABEL]: '2' });
  });
});

describe('TestAscendingOrdinal', () => {
  it('sorts pods by ordinal', () => {
    const set = newStatefulSet(10);
    const pods = [3, 9, 0, 7, 1, 8, 2, 6, 4, 5].map((i) => newStatefulSetPod(set, i));
    expect(pods.sort(ascendingOrdinal).map((p) => p.metadata.name)).toEqual(Array.from({ length: 10 }, (_, i) => `foo-${i}`));
  });
});

describe('TestGetPersistentVolumeClaims', () => {
  const pod = newStatefulSetPod(newStatefulSet(1), 0);
  const labelsOf = (matchLabels: Record<string, string> | undefined, templateLabels?: Record<string, string>) => {
    const set = newStatefulSet(1);
    const s = {
      ...set,
      spec: {
        ...set.spec,
        selector: matchLabels === undefined ? {} : { matchLabels },
        volumeClaimTemplates: [
          {
            metadata: { name: 'datadir', ...(templateLabels ? { labels: templateLabels } : {}) },
            spec: { resources: { requests: { storage: '1' } } },
          },
        ],
      },
    };
    const c = getPersistentVolumeClaims(s, pod).get('datadir');
    expect(c?.metadata.name).toBe('datadir-foo-0');
    expect(c?.metadata.namespace).toBe('default');
    return c?.metadata.labels;
  };
  it('nil selector labels give no labels', () => expect(labelsOf(undefined)).toBeUndefined());
  it('a template without labels inherits the selector labels', () =>
    expect(labelsOf({ test: 'test' })).toEqual({ test: 'test' }));
  it('non-overlapping labels merge', () =>
    expect(labelsOf({ name: 'foo' }, { test: 'test' })).toEqual({ test: 'test', name: 'foo' }));
  it('overlapping labels prefer the set selector', () =>
    expect(labelsOf({ test: 'foo' }, { test: 'test' })).toEqual({ test: 'foo' }));
});

describe('TestIsRunningAndReady', () => {
  it('respects the phase and the Ready condition', () => {
    const pod = newStatefulSetPod(newStatefulSet(3), 1);
    expect(isRunningAndReady(pod)).toBe(false);
    expect(isRunningAndReady(withStatus(pod, 'Running'))).toBe(false);
    expect(isRunningAndReady(withStatus(pod, 'Running', 0))).toBe(true);
  });
});

describe('newVersionedStatefulSetPod (the revision a recreated pod gets)', () => {
  const set = newStatefulSet(5);
  const withStrategy = (strategy: NonNullable<typeof set.spec.updateStrategy>, currentReplicas = 0) => ({
    ...set,
    spec: { ...set.spec, updateStrategy: strategy },
    status: { replicas: 5, currentReplicas },
  });
  const rev = (s: typeof set, ordinal: number): string =>
    getPodRevision(newVersionedStatefulSetPod(s, s, 'current', 'update', ordinal));
  it('RollingUpdate with a partition: below it the current revision, from it the update revision', () => {
    const s = withStrategy({ type: 'RollingUpdate', rollingUpdate: { partition: 3 } });
    expect([0, 1, 2, 3, 4].map((o) => rev(s, o))).toEqual(['current', 'current', 'current', 'update', 'update']);
  });
  it('RollingUpdate without rollingUpdate: below status.currentReplicas the current revision', () => {
    const s = withStrategy({ type: 'RollingUpdate' }, 2);
    expect([0, 1, 2].map((o) => rev(s, o))).toEqual(['current', 'current', 'update']);
  });
  it('OnDelete: always the update revision', () => {
    const s = withStrategy({ type: 'OnDelete' }, 5);
    expect([0, 4].map((o) => rev(s, o))).toEqual(['update', 'update']);
  });
  it('the partition counts from spec.ordinals.start', () => {
    const s = {
      ...withStrategy({ type: 'RollingUpdate', rollingUpdate: { partition: 1 } }),
      spec: {
        ...set.spec,
        ordinals: { start: 5 },
        updateStrategy: { type: 'RollingUpdate' as const, rollingUpdate: { partition: 1 } },
      },
    };
    expect([5, 6].map((o) => rev(s, o))).toEqual(['current', 'update']);
  });
});
