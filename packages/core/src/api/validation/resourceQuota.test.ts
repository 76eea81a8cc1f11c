import { describe, expect, it } from 'vitest';
import type { FieldError } from '../fieldErrors.js';
import type { ResourceQuota, ResourceQuotaSpec } from '../types.js';
import { validateObject } from './index.js';
import { IS_NEGATIVE_ERROR_MSG } from './meta.js';

/**
 * pkg/apis/core/validation/validation_test.go TestValidateResourceQuota (v1.34). Upstream checks
 * that every error's detail contains the row's errDetail; each error row here also lists the
 * errors (type and field path) upstream's ValidateResourceQuota reports for it.
 */

const dnsLabelErrMsg = 'a lowercase RFC 1123 label must consist of';
const dnsSubdomainLabelErrMsg = 'a lowercase RFC 1123 subdomain';
const isNotIntegerErrorMsg = 'must be an integer';
const isInvalidQuotaResource = 'must be a standard resource for quota';

function rq(name: string, namespace: string, spec: ResourceQuotaSpec): ResourceQuota {
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name, namespace }, spec };
}

const spec: ResourceQuotaSpec = {
  hard: {
    cpu: '100',
    memory: '10000',
    'requests.cpu': '100',
    'requests.memory': '10000',
    'limits.cpu': '100',
    'limits.memory': '10000',
    pods: '10',
    services: '0',
    replicationcontrollers: '10',
    resourcequotas: '10',
    configmaps: '10',
    secrets: '10',
    // These are unknown and not enforced unless DRA is enabled, but not invalid.
    'count/resourceclaims.resource.k8s.io': '1',
    'gold.deviceclass.resource.k8s.io/devices': '1',
  },
};
const terminatingSpec: ResourceQuotaSpec = { hard: { cpu: '100', 'limits.cpu': '200' }, scopes: ['Terminating'] };
const nonTerminatingSpec: ResourceQuotaSpec = { hard: { cpu: '100' }, scopes: ['NotTerminating'] };
const bestEffortSpec: ResourceQuotaSpec = { hard: { pods: '100' }, scopes: ['BestEffort'] };
const nonBestEffortSpec: ResourceQuotaSpec = { hard: { cpu: '100' }, scopes: ['NotBestEffort'] };
const crossNamespaceAffinitySpec: ResourceQuotaSpec = {
  hard: { cpu: '100', 'limits.cpu': '200' },
  scopes: ['CrossNamespacePodAffinity'],
};
const scopeSelectorSpec: ResourceQuotaSpec = {
  scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['cluster-services'] }] },
};
// storage is not yet supported as a quota tracked resource
const invalidQuotaResourceSpec: ResourceQuotaSpec = { hard: { storage: '10' } };
const negativeSpec: ResourceQuotaSpec = {
  hard: {
    cpu: '-100',
    memory: '-10000',
    pods: '-10',
    services: '-10',
    replicationcontrollers: '-10',
    resourcequotas: '-10',
    configmaps: '-10',
    secrets: '-10',
  },
};
const fractionalComputeSpec: ResourceQuotaSpec = { hard: { cpu: '100m' } };
const fractionalPodSpec: ResourceQuotaSpec = {
  hard: { pods: '.1', services: '.5', replicationcontrollers: '1.25', resourcequotas: '2.5' },
};
const invalidTerminatingScopePairsSpec: ResourceQuotaSpec = { hard: { cpu: '100' }, scopes: ['Terminating', 'NotTerminating'] };
const invalidBestEffortScopePairsSpec: ResourceQuotaSpec = { hard: { pods: '100' }, scopes: ['BestEffort', 'NotBestEffort'] };
const invalidCrossNamespaceAffinitySpec: ResourceQuotaSpec = {
  scopeSelector: { matchExpressions: [{ scopeName: 'CrossNamespacePodAffinity', operator: 'In', values: ['cluster-services'] }] },
};
const invalidScopeNameSpec: ResourceQuotaSpec = { hard: { cpu: '100' }, scopes: ['foo'] };

const invalid = (f: string): [string, string] => ['Invalid value', f];
const required = (f: string): [string, string] => ['Required value', f];

interface Row {
  rq: ResourceQuota;
  errDetail?: string;
  errField?: string;
  /** The errors upstream reports, in its order (kubesim walks the hard map sorted). */
  errs?: [string, string][];
}

describe('TestValidateResourceQuota', () => {
  const testCases: Record<string, Row> = {
    'no-scope': { rq: rq('abc', 'foo', spec) },
    'fractional-compute-spec': { rq: rq('abc', 'foo', fractionalComputeSpec) },
    'terminating-spec': { rq: rq('abc', 'foo', terminatingSpec) },
    'non-terminating-spec': { rq: rq('abc', 'foo', nonTerminatingSpec) },
    'best-effort-spec': { rq: rq('abc', 'foo', bestEffortSpec) },
    'cross-namespace-affinity-spec': { rq: rq('abc', 'foo', crossNamespaceAffinitySpec) },
    'scope-selector-spec': { rq: rq('abc', 'foo', scopeSelectorSpec) },
    'non-best-effort-spec': { rq: rq('abc', 'foo', nonBestEffortSpec) },
    'zero-length Name': {
      rq: rq('', 'foo', spec),
      errDetail: 'name or generateName is required',
      errs: [required('metadata.name')],
    },
    'zero-length Namespace': { rq: rq('abc', '', spec), errField: 'metadata.namespace', errs: [required('metadata.namespace')] },
    'invalid Name': { rq: rq('^Invalid', 'foo', spec), errDetail: dnsSubdomainLabelErrMsg, errs: [invalid('metadata.name')] },
    'invalid Namespace': { rq: rq('abc', '^Invalid', spec), errDetail: dnsLabelErrMsg, errs: [invalid('metadata.namespace')] },
    'negative-limits': {
      rq: rq('abc', 'foo', negativeSpec),
      errDetail: IS_NEGATIVE_ERROR_MSG,
      errs: ['configmaps', 'cpu', 'memory', 'pods', 'replicationcontrollers', 'resourcequotas', 'secrets', 'services'].map((k) =>
        invalid(`spec.hard[${k}]`),
      ),
    },
    'fractional-api-resource': {
      rq: rq('abc', 'foo', fractionalPodSpec),
      errDetail: isNotIntegerErrorMsg,
      errs: ['pods', 'replicationcontrollers', 'resourcequotas', 'services'].map((k) => invalid(`spec.hard[${k}]`)),
    },
    'invalid-quota-resource': {
      rq: rq('abc', 'foo', invalidQuotaResourceSpec),
      errDetail: isInvalidQuotaResource,
      errs: [invalid('spec.hard[storage]')],
    },
    'invalid-quota-terminating-pair': {
      rq: rq('abc', 'foo', invalidTerminatingScopePairsSpec),
      errDetail: 'conflicting scopes',
      errs: [invalid('spec.scopes')],
    },
    'invalid-quota-besteffort-pair': {
      rq: rq('abc', 'foo', invalidBestEffortScopePairsSpec),
      errDetail: 'conflicting scopes',
      errs: [invalid('spec.scopes')],
    },
    'invalid-quota-scope-name': {
      rq: rq('abc', 'foo', invalidScopeNameSpec),
      errDetail: 'unsupported scope',
      errs: [invalid('spec.scopes')],
    },
    'invalid-cross-namespace-affinity': {
      rq: rq('abc', 'foo', invalidCrossNamespaceAffinitySpec),
      errDetail:
        "must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity",
      errs: [invalid('spec.scopeSelector.matchExpressions.operator')],
    },
  };
  for (const [name, tc] of Object.entries(testCases)) {
    it(name, () => {
      const errs: FieldError[] = validateObject(tc.rq);
      const failing = (tc.errDetail ?? '') !== '' || (tc.errField ?? '') !== '';
      if (!failing) {
        expect(errs).toEqual([]);
        return;
      }
      expect(errs.length).toBeGreaterThan(0);
      for (const e of errs) expect(e.detail ?? '').toContain(tc.errDetail ?? '');
      expect(errs.map((e) => [e.type, e.field])).toEqual(tc.errs);
    });
  }
});

/**
 * ValidateResourceQuotaResourceName appends its quota check to validateResourceName's result:
 * an unknown unprefixed name gets both errors (not an upstream row; upstream's code).
 */
describe('ValidateResourceQuotaResourceName', () => {
  it('an unknown name: not a standard resource, and not one quota knows', () => {
    const errs = validateObject(rq('abc', 'foo', { hard: { foo: '1' } }));
    expect(errs.map((e) => e.detail)).toEqual([
      'must be a standard resource type or fully qualified',
      'must be a standard resource for quota',
    ]);
  });
  it('a standard resource quota does not track (storage): only the quota error', () => {
    const errs = validateObject(rq('abc', 'foo', { hard: { storage: '1Gi' } }));
    expect(errs.map((e) => [e.field, e.detail])).toEqual([['spec.hard[storage]', isInvalidQuotaResource]]);
  });
});
