import { describe, expect, it } from 'vitest';
import { parseQuantity, type Quantity } from '../api/quantity.js';
import type { PersistentVolumeClaim, ScopedResourceSelectorRequirement } from '../api/types.js';
import { matchingScopes } from './evaluator.js';
import { pvcEvaluator } from './persistentVolumeClaims.js';
import { equals } from './resources.js';

/** pkg/quota/v1/evaluator/core/persistent_volume_claims_test.go (v1.34). */

const rl = (list: Record<string, string>): Map<string, Quantity> =>
  new Map(Object.entries(list).map(([k, v]) => [k, parseQuantity(v)]));

function claim(spec: Record<string, unknown>, status?: Record<string, unknown>): PersistentVolumeClaim {
  const c = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'foo', namespace: 'ns' }, spec };
  return (status === undefined ? c : { ...c, status }) as unknown as PersistentVolumeClaim;
}

const VAC = 'VolumeAttributesClass';
const sel = (operator: string, values?: string[]): ScopedResourceSelectorRequirement => ({
  scopeName: VAC,
  operator,
  ...(values !== undefined ? { values } : {}),
});

describe('TestPersistentVolumeClaimEvaluatorMatchingScopes', () => {
  const cases: [string, PersistentVolumeClaim, ScopedResourceSelectorRequirement[], ScopedResourceSelectorRequirement[]][] = [
    [
      'EmptyPVC',
      claim({}),
      [sel('DoesNotExist'), sel('Exists'), sel('In', ['class1']), sel('NotIn', ['class4'])],
      [sel('DoesNotExist'), sel('NotIn', ['class4'])],
    ],
    [
      'VolumeAttributesClass',
      claim({ volumeAttributesClassName: 'class1' }),
      [sel('DoesNotExist'), sel('Exists'), sel('In', ['class1']), sel('In', ['class4']), sel('NotIn', ['class4'])],
      [sel('Exists'), sel('In', ['class1']), sel('NotIn', ['class4'])],
    ],
    [
      'VolumeAttributesClassWithTarget',
      claim({ volumeAttributesClassName: 'class1' }, { currentVolumeAttributesClassName: 'class2' }),
      [
        sel('DoesNotExist'),
        sel('Exists'),
        sel('In', ['class1']),
        sel('In', ['class2']),
        sel('In', ['class1', 'class2']),
        sel('In', ['class1', 'class2', 'class4']),
        sel('In', ['class4']),
        sel('NotIn', ['class4']),
      ],
      [
        sel('Exists'),
        sel('In', ['class1']),
        sel('In', ['class2']),
        sel('In', ['class1', 'class2']),
        sel('In', ['class1', 'class2', 'class4']),
        sel('NotIn', ['class4']),
      ],
    ],
    [
      'VolumeAttributesClassWithModityStatus',
      claim(
        { volumeAttributesClassName: 'class1' },
        { currentVolumeAttributesClassName: 'class2', modifyVolumeStatus: { targetVolumeAttributesClassName: 'class3' } },
      ),
      [
        sel('DoesNotExist'),
        sel('Exists'),
        sel('In', ['class1']),
        sel('In', ['class2']),
        sel('In', ['class3']),
        sel('In', ['class1', 'class2', 'class3']),
        sel('In', ['class1', 'class2', 'class3', 'class4']),
        sel('In', ['class4']),
        sel('NotIn', ['class4']),
      ],
      [
        sel('Exists'),
        sel('In', ['class1']),
        sel('In', ['class2']),
        sel('In', ['class3']),
        sel('In', ['class1', 'class2', 'class3']),
        sel('In', ['class1', 'class2', 'class3', 'class4']),
        sel('NotIn', ['class4']),
      ],
    ],
  ];
  for (const [name, pvc, selectors, want] of cases) {
    it(name, () => expect(matchingScopes(pvcEvaluator, pvc, selectors)).toEqual(want));
  }
});

describe('TestPersistentVolumeClaimEvaluatorUsage', () => {
  const base = {
    selector: { matchExpressions: [{ key: 'key2', operator: 'Exists' }] },
    accessModes: ['ReadWriteOnce', 'ReadOnlyMany'],
  };
  const validClaim = claim({ ...base, resources: { requests: { storage: '10Gi' } } });
  const validClaimByStorageClass = claim({ ...base, resources: { requests: { storage: '10Gi' } }, storageClassName: 'gold' });
  const validClaimWithNonIntegerStorage = claim({ ...base, resources: { requests: { storage: '1001m' } } });
  const validClaimByStorageClassWithNonIntegerStorage = claim({
    ...base,
    resources: { requests: { storage: '1001m' } },
    storageClassName: 'gold',
  });
  const withAllocated = (size: string, allocated: string) =>
    claim({ resources: { requests: { storage: size } } }, { allocatedResources: { storage: allocated } });
  const gold = (r: string) => `gold.storageclass.storage.k8s.io/${r}`;
  const cases: [string, PersistentVolumeClaim, Record<string, string>][] = [
    ['pvc-usage', validClaim, { 'requests.storage': '10Gi', persistentvolumeclaims: '1', 'count/persistentvolumeclaims': '1' }],
    [
      'pvc-usage-by-class',
      validClaimByStorageClass,
      {
        'requests.storage': '10Gi',
        persistentvolumeclaims: '1',
        [gold('requests.storage')]: '10Gi',
        [gold('persistentvolumeclaims')]: '1',
        'count/persistentvolumeclaims': '1',
      },
    ],
    [
      'pvc-usage-rounded',
      validClaimWithNonIntegerStorage,
      { 'requests.storage': '2', persistentvolumeclaims: '1', 'count/persistentvolumeclaims': '1' },
    ],
    [
      'pvc-usage-by-class-rounded',
      validClaimByStorageClassWithNonIntegerStorage,
      {
        'requests.storage': '2',
        persistentvolumeclaims: '1',
        [gold('requests.storage')]: '2',
        [gold('persistentvolumeclaims')]: '1',
        'count/persistentvolumeclaims': '1',
      },
    ],
    [
      'pvc-usage-higher-allocated-resource',
      withAllocated('5G', '10G'),
      { 'requests.storage': '10G', persistentvolumeclaims: '1', 'count/persistentvolumeclaims': '1' },
    ],
    [
      'pvc-usage-lower-allocated-resource',
      withAllocated('10G', '5G'),
      { 'requests.storage': '10G', persistentvolumeclaims: '1', 'count/persistentvolumeclaims': '1' },
    ],
  ];
  for (const [name, pvc, want] of cases) {
    it(name, () => expect(equals(rl(want), pvcEvaluator.usage(pvc, 0))).toBe(true));
  }
});

describe('TestPersistentVolumeClaimEvaluatorMatchingResources', () => {
  const cases: [string, string[], string[]][] = [
    [
      'supported-resources',
      [
        'count/persistentvolumeclaims',
        'requests.storage',
        'persistentvolumeclaims',
        'gold.storageclass.storage.k8s.io/requests.storage',
        'gold.storageclass.storage.k8s.io/persistentvolumeclaims',
      ],
      [
        'count/persistentvolumeclaims',
        'requests.storage',
        'persistentvolumeclaims',
        'gold.storageclass.storage.k8s.io/requests.storage',
        'gold.storageclass.storage.k8s.io/persistentvolumeclaims',
      ],
    ],
    [
      'unsupported-resources',
      ['storage', 'ephemeral-storage', 'bronze.storageclass.storage.k8s.io/storage', 'gold.storage.k8s.io/requests.storage'],
      [],
    ],
  ];
  for (const [name, items, want] of cases) {
    it(name, () => expect(pvcEvaluator.matchingResources(items)).toEqual(want));
  }
});

// kubesim's handles takes the operation only: no subresource is served for claims, and
// delete and connect never reach quota admission.
describe('TestPersistentVolumeClaimEvaluatorHandles', () => {
  it('create', () => expect(pvcEvaluator.handles('create')).toBe(true));
  it('update', () => expect(pvcEvaluator.handles('update')).toBe(true));
  it.skip('delete', () => {});
  it.skip('connect', () => {});
  it.skip('create-subresource', () => {});
  it.skip('update-subresource', () => {});
});
