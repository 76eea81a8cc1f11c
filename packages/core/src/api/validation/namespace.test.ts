import { describe, expect, it } from 'vitest';
import { fieldErrorString } from '../fieldErrors.js';
import type { Namespace } from '../types.js';
import { validateObject } from './index.js';
import { validateFinalizerName } from './namespace.js';

const ns = (metadata: Namespace['metadata'], spec?: Namespace['spec']): Namespace => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata,
  ...(spec !== undefined ? { spec } : {}),
});

/** pkg/apis/core/validation/validation_test.go TestValidateNamespace. */
describe('TestValidateNamespace', () => {
  it.each([
    ['abc', ns({ name: 'abc' })],
    ['abc-123', ns({ name: 'abc-123' })],
    ['with the standard finalizer', ns({ name: 'abc-123' }, { finalizers: ['kubernetes'] })],
    ['with a qualified finalizer', ns({ name: 'abc-123' }, { finalizers: ['example.com/foo'] })],
  ])('success: %s', (_name, obj) => {
    expect(validateObject(obj)).toEqual([]);
  });

  it.each([
    ['zero-length name', ns({ name: '' }), 'metadata.name: Required value: name or generateName is required'],
    [
      'defined-namespace',
      ns({ name: 'abc-123', namespace: 'makesnosense' }),
      'metadata.namespace: Forbidden: not allowed on this type',
    ],
    [
      'invalid-labels',
      ns({ name: 'abc', labels: { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' } }),
      'metadata.labels: Invalid value: "NoUppercaseOrSpecialCharsLike=Equals": name part must consist of alphanumeric characters',
    ],
    [
      'invalid name (not a DNS-1123 label)',
      ns({ name: 'a.b' }),
      // IsDNS1123Label: a valid subdomain that is not a label must have dots.
      'metadata.name: Invalid value: "a.b": must not contain dots',
    ],
    [
      'invalid finalizer',
      ns({ name: 'abc' }, { finalizers: ['foo'] }),
      'spec.finalizers: Invalid value: "foo": name is neither a standard finalizer name nor is it fully qualified',
    ],
  ])('error: %s', (_name, obj, prefix) => {
    const errs = validateObject(obj).map(fieldErrorString);
    expect(errs[0]?.startsWith(prefix), errs.join('\n')).toBe(true);
  });
});

describe('validateFinalizerName', () => {
  it('takes the standard names and qualified ones, refuses a bare unknown one', () => {
    expect(validateFinalizerName('orphan', 'f')).toEqual([]);
    expect(validateFinalizerName('foregroundDeletion', 'f')).toEqual([]);
    expect(validateFinalizerName('kubernetes.io/pv-protection', 'f')).toEqual([]);
    expect(validateFinalizerName('custom', 'f').map(fieldErrorString)).toEqual([
      'f: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });
});
