import { describe, expect, it } from 'vitest';
import type { LimitRange, LimitRangeItem } from '../types.js';
import { validateObject } from './index.js';

/** pkg/apis/core/validation/validation_test.go TestValidateLimitRange. */

type RL = Record<string, string>;
const res = (cpu: string, memory: string): RL => ({ ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) });
const storage = (s: string): RL => (s ? { storage: s } : {});

function lr(name: string, namespace: string, limits: LimitRangeItem[]): LimitRange {
  return { apiVersion: 'v1', kind: 'LimitRange', metadata: { name, namespace }, spec: { limits } };
}

describe('TestValidateLimitRange', () => {
  const success: [string, LimitRangeItem[]][] = [
    [
      'all-fields-valid',
      [
        { type: 'Pod', max: res('100m', '10000Mi'), min: res('5m', '100Mi'), maxLimitRequestRatio: res('10', '') },
        {
          type: 'Container',
          max: res('100m', '10000Mi'),
          min: res('5m', '100Mi'),
          default: res('50m', '500Mi'),
          defaultRequest: res('10m', '200Mi'),
          maxLimitRequestRatio: res('10', ''),
        },
        { type: 'PersistentVolumeClaim', max: storage('10Gi'), min: storage('5Gi') },
      ],
    ],
    ['pvc-min-only', [{ type: 'PersistentVolumeClaim', min: storage('5Gi') }]],
    ['pvc-max-only', [{ type: 'PersistentVolumeClaim', max: storage('10Gi') }]],
    [
      'all-fields-valid-big-numbers',
      [
        {
          type: 'Container',
          max: res('100m', '10000T'),
          min: res('5m', '100Mi'),
          default: res('50m', '500Mi'),
          defaultRequest: res('10m', '200Mi'),
          maxLimitRequestRatio: res('10', ''),
        },
      ],
    ],
    [
      'thirdparty-fields-all-valid-standard-container-resources',
      [
        {
          type: 'thirdparty.com/foo',
          max: res('100m', '10000T'),
          min: res('5m', '100Mi'),
          default: res('50m', '500Mi'),
          defaultRequest: res('10m', '200Mi'),
          maxLimitRequestRatio: res('10', ''),
        },
      ],
    ],
    [
      'thirdparty-fields-all-valid-storage-resources',
      [
        {
          type: 'thirdparty.com/foo',
          max: storage('10000T'),
          min: storage('100Mi'),
          default: storage('500Mi'),
          defaultRequest: storage('200Mi'),
          maxLimitRequestRatio: storage(''),
        },
      ],
    ],
  ];
  it.each(success)('%s', (name, limits) => {
    expect(validateObject(lr(name, 'foo', limits))).toEqual([]);
  });

  const errors: [string, LimitRange, string][] = [
    ['zero-length-name', lr('', 'foo', []), 'name or generateName is required'],
    ['invalid-name', lr('^Invalid', 'foo', []), 'a lowercase RFC 1123 subdomain'],
    ['invalid-namespace', lr('abc', '^Invalid', []), 'a lowercase RFC 1123 label'],
    [
      'duplicate-limit-type',
      lr('abc', 'foo', [
        { type: 'Pod', max: res('100m', '10000m'), min: res('0m', '100m') },
        { type: 'Pod', min: res('0m', '100m') },
      ]),
      '',
    ],
    [
      'default-limit-type-pod',
      lr('abc', 'foo', [{ type: 'Pod', max: res('100m', '10000m'), min: res('0m', '100m'), default: res('10m', '100m') }]),
      "may not be specified when `type` is 'Pod'",
    ],
    [
      'default-request-limit-type-pod',
      lr('abc', 'foo', [{ type: 'Pod', max: res('100m', '10000m'), min: res('0m', '100m'), defaultRequest: res('10m', '100m') }]),
      "may not be specified when `type` is 'Pod'",
    ],
    [
      'min value 100m is greater than max value 10m',
      lr('abc', 'foo', [{ type: 'Pod', max: res('10m', ''), min: res('100m', '') }]),
      'min value 100m is greater than max value 10m',
    ],
    [
      'invalid spec default outside range',
      lr('abc', 'foo', [{ type: 'Container', max: res('1', ''), min: res('100m', ''), default: res('2000m', '') }]),
      'default value 2 is greater than max value 1',
    ],
    [
      'invalid spec default request outside range',
      lr('abc', 'foo', [{ type: 'Container', max: res('1', ''), min: res('100m', ''), defaultRequest: res('2000m', '') }]),
      'default request value 2 is greater than max value 1',
    ],
    [
      'invalid spec default request more than default',
      lr('abc', 'foo', [
        { type: 'Container', max: res('2', ''), min: res('100m', ''), default: res('500m', ''), defaultRequest: res('800m', '') },
      ]),
      'default request value 800m is greater than default limit value 500m',
    ],
    [
      'invalid spec maxLimitRequestRatio less than 1',
      lr('abc', 'foo', [{ type: 'Pod', maxLimitRequestRatio: res('800m', '') }]),
      'ratio 800m is less than 1',
    ],
    [
      'invalid spec maxLimitRequestRatio greater than max/min',
      lr('abc', 'foo', [{ type: 'Container', max: res('', '2Gi'), min: res('', '512Mi'), maxLimitRequestRatio: res('', '10') }]),
      'ratio 10 is greater than max/min = 4.000000',
    ],
    [
      'invalid non standard limit type',
      lr('abc', 'foo', [
        {
          type: 'foo',
          max: storage('10000T'),
          min: storage('100Mi'),
          default: storage('500Mi'),
          defaultRequest: storage('200Mi'),
        },
      ]),
      'must be a standard limit type or fully qualified',
    ],
    [
      'min and max values missing, one required',
      lr('abc', 'foo', [{ type: 'PersistentVolumeClaim' }]),
      'either minimum or maximum storage value is required, but neither was provided',
    ],
    [
      'invalid min greater than max',
      lr('abc', 'foo', [{ type: 'PersistentVolumeClaim', min: storage('10Gi'), max: storage('1Gi') }]),
      'min value 10Gi is greater than max value 1Gi',
    ],
  ];
  // Upstream's check: at least one error, and every error's detail contains the expected text.
  it.each(errors)('%s', (_name, obj, detail) => {
    const errs = validateObject(obj);
    expect(errs.length).toBeGreaterThan(0);
    for (const e of errs) expect(e.detail ?? '').toContain(detail);
  });

  it('reports the field and value as upstream does', () => {
    expect(validateObject(lr('abc', 'foo', [{ type: 'Pod', max: res('10m', ''), min: res('100m', '') }]))).toEqual([
      {
        type: 'Invalid value',
        field: 'spec.limits[0].min[cpu]',
        value: '100m',
        detail: 'min value 100m is greater than max value 10m',
      },
    ]);
  });
});
