import { describe, expect, it } from 'vitest';
import { fieldErrorString } from '../fieldErrors.js';
import type { IntOrString, PodDisruptionBudget, PodDisruptionBudgetSpec } from '../types.js';
import { validateObject } from './index.js';
import { validatePodDisruptionBudgetSpec, validatePodDisruptionBudgetStatus } from './policy.js';

/** Upstream's tables of pkg/apis/policy/validation/validation_test.go. */

const specErrors = (spec: PodDisruptionBudgetSpec): string[] =>
  validatePodDisruptionBudgetSpec(spec, 'foo').map(fieldErrorString);

describe('TestValidatePodDisruptionBudgetSpec', () => {
  it('minAvailable and maxUnavailable both set fail, with the internal struct as the bad value', () => {
    expect(specErrors({ minAvailable: '0%', maxUnavailable: '10%' })).toEqual([
      'foo: Invalid value: {"MinAvailable":"0%","MaxUnavailable":"10%","Selector":null,"UnhealthyPodEvictionPolicy":null}: minAvailable and maxUnavailable cannot be both set',
    ]);
  });
});

describe('TestValidateMinAvailablePodDisruptionBudgetSpec', () => {
  const success: IntOrString[] = ['0%', '1%', '100%', 0, 1, 100];
  for (const c of success) it(`accepts ${JSON.stringify(c)}`, () => expect(specErrors({ minAvailable: c })).toEqual([]));
  const failure: IntOrString[] = ['1.1%', 'nope', '-1%', '101%', -1];
  for (const c of failure) it(`refuses ${JSON.stringify(c)}`, () => expect(specErrors({ minAvailable: c })).not.toEqual([]));
  it('says why', () => {
    expect(specErrors({ minAvailable: '101%' })).toEqual([
      'foo.minAvailable: Invalid value: "101%": must not be greater than 100%',
    ]);
    expect(specErrors({ minAvailable: -1 })).toEqual(['foo.minAvailable: Invalid value: -1: must be greater than or equal to 0']);
  });
});

describe('TestValidateMinAvailablePodAndMaxUnavailableDisruptionBudgetSpec', () => {
  it('fails', () => expect(specErrors({ minAvailable: '10%', maxUnavailable: 1 })).toHaveLength(1));
});

describe('TestValidateUnhealthyPodEvictionPolicyDisruptionBudgetSpec', () => {
  const cases: [string, string | undefined, boolean][] = [
    ['valid nil UnhealthyPodEvictionPolicy', undefined, false],
    ['valid UnhealthyPodEvictionPolicy', 'AlwaysAllow', false],
    ['empty UnhealthyPodEvictionPolicy', '', true],
    ['invalid UnhealthyPodEvictionPolicy', 'Invalid', true],
  ];
  for (const [name, policy, fail] of cases) {
    it(name, () => {
      const errs = specErrors({ minAvailable: 1, ...(policy !== undefined ? { unhealthyPodEvictionPolicy: policy } : {}) });
      expect(errs.length > 0).toBe(fail);
    });
  }
  it('lists the supported values sorted', () => {
    expect(specErrors({ maxUnavailable: 1, unhealthyPodEvictionPolicy: 'Invalid' })).toEqual([
      'foo.unhealthyPodEvictionPolicy: Unsupported value: "Invalid": supported values: "AlwaysAllow", "IfHealthyBudget"',
    ]);
  });
});

describe('TestValidatePodDisruptionBudgetStatus', () => {
  const pdb = (status: Partial<NonNullable<PodDisruptionBudget['status']>>): PodDisruptionBudget => ({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'p', namespace: 'default' },
    spec: {},
    status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, ...status },
  });
  const success = [{ disruptionsAllowed: 10 }, { currentHealthy: 5 }, { desiredHealthy: 3 }, { expectedPods: 2 }];
  for (const c of success)
    it(`accepts ${JSON.stringify(c)}`, () => expect(validatePodDisruptionBudgetStatus(pdb(c))).toEqual([]));
  const failure = [{ disruptionsAllowed: -10 }, { currentHealthy: -5 }, { desiredHealthy: -3 }, { expectedPods: -2 }];
  for (const c of failure)
    it(`refuses ${JSON.stringify(c)}`, () => expect(validatePodDisruptionBudgetStatus(pdb(c))).toHaveLength(1));
});

describe('a PodDisruptionBudget object', () => {
  it('validates its name and spec', () => {
    const pdb: PodDisruptionBudget = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'Web', namespace: 'default' },
      spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } },
    };
    expect(validateObject(pdb).map(fieldErrorString)).toEqual([expect.stringContaining('metadata.name: Invalid value: "Web"')]);
  });
});
