import { describe, expect, it } from 'vitest';
import { KINDS } from '../kinds.js';
import { OPENAPI_SOURCE } from './data.js';
import { isBuiltinKind } from './schema.js';
import { pruneUnknownFields, strictDecodingError, unknownFields, unknownFieldWarnings } from './unknownFields.js';

const paths = (apiVersion: string, kind: string, o: unknown): string[] | undefined =>
  unknownFields(apiVersion, kind, o)?.map((f) => f.path);

/** upstream test/integration/apiserver/field_validation_test.go's invalidBodyJSON, without its duplicate keys (a JS object has none). */
const invalidBody = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'x', labels: { app: 'nginx' }, unknownMeta: 'metaVal' },
  spec: {
    unknown1: 'val1',
    unknownDupe: 'valDupe2',
    paused: false,
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:latest', unknownNested: 'val1', imagePullPolicy: 'Never' }] },
    },
  },
};

describe('TestFieldValidation', () => {
  // Upstream's yaml and SMP cases report the unknown fields sorted, as kubectl's re-encoded body has them.
  it('post-strict-validation-yaml (its unknown fields)', () => {
    expect(paths('apps/v1', 'Deployment', invalidBody)).toEqual([
      'metadata.unknownMeta',
      'spec.template.spec.containers[0].unknownNested',
      'spec.unknown1',
      'spec.unknownDupe',
    ]);
  });
  it('post-warn-validation: the warnings, one per field', () => {
    const fields = unknownFields('apps/v1', 'Deployment', invalidBody) ?? [];
    expect(unknownFieldWarnings(fields)[0]).toBe('unknown field "metadata.unknownMeta"');
  });
  it('the strict error as the API server words it', () => {
    const fields = unknownFields('apps/v1', 'Deployment', invalidBody) ?? [];
    expect(strictDecodingError('apps/v1', 'Deployment', fields)).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ' +
        'unknown field "metadata.unknownMeta", unknown field "spec.template.spec.containers[0].unknownNested", ' +
        'unknown field "spec.unknown1", unknown field "spec.unknownDupe"',
    );
  });
});

describe('unknownFields', () => {
  it("finds the issue's typo: spec.replica", () => {
    expect(paths('apps/v1', 'Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', spec: { replica: 3 } })).toEqual([
      'spec.replica',
    ]);
  });
  it('accepts every field of a valid object, status included', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', annotations: { a: 'b' }, ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u' }] },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'i',
            resources: { requests: { cpu: 1 } },
            readinessProbe: { httpGet: { port: 'http' } },
            env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'x' } } }],
          },
        ],
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } },
      },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    };
    expect(paths('v1', 'Pod', pod)).toEqual([]);
  });
  it('covers kinds kubesim does not model (Ingress, ConfigMap, Role)', () => {
    expect(paths('networking.k8s.io/v1', 'Ingress', { spec: { rules: [{ host: 'a', htp: {} }] } })).toEqual([
      'spec.rules[0].htp',
    ]);
    expect(paths('v1', 'ConfigMap', { data: { a: 'b' }, dta: {} })).toEqual(['dta']);
    expect(paths('rbac.authorization.k8s.io/v1', 'Role', { rules: [{ verbs: ['get'], resource: ['pods'] }] })).toEqual([
      'rules[0].resource',
    ]);
  });
  it('sees no field under a RawExtension or a CRD schema (preserve-unknown-fields)', () => {
    expect(paths('apps/v1', 'ControllerRevision', { data: { anything: { goes: 1 } }, revision: 1 })).toEqual([]);
    const crd = {
      spec: {
        group: 'x.io',
        versions: [{ name: 'v1', schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object' } } } } }],
      },
    };
    expect(paths('apiextensions.k8s.io/v1', 'CustomResourceDefinition', crd)).toEqual([]);
  });
  it('walks the values of a map of types, naming no key', () => {
    const rs = { spec: { devices: { requests: [{ name: 'r', exactly: { deviceClassName: 'd', selectorz: [] } }] } } };
    expect(paths('resource.k8s.io/v1', 'ResourceClaim', rs)).toEqual(['spec.devices.requests[0].exactly.selectorz']);
  });
  it('leaves a value of the wrong type to the decoder (no unknown field in it)', () => {
    expect(paths('apps/v1', 'Deployment', { spec: { template: 'x', replicas: { a: 1 } } })).toEqual([]);
  });
  it('is undefined for a kind v1.34 does not serve in that version', () => {
    expect(unknownFields('apps/v1beta1', 'Deployment', {})).toBeUndefined();
    expect(unknownFields('example.com/v1', 'Widget', {})).toBeUndefined();
    expect(isBuiltinKind('policy/v1', 'PodDisruptionBudget')).toBe(true);
    expect(isBuiltinKind('v1', 'List')).toBe(false);
  });
  it('covers every kind kubesim models, in the version kubesim serves it', () => {
    expect(KINDS.filter((k) => !isBuiltinKind(k.apiVersion, k.kind)).map((k) => k.kind)).toEqual([]);
  });
  it('says where its schemas come from', () => {
    expect(OPENAPI_SOURCE.kubernetes).toBe('v1.34.0');
  });
});

describe('pruneUnknownFields', () => {
  it('drops the unknown fields and shares the rest', () => {
    const pruned = pruneUnknownFields('apps/v1', 'Deployment', invalidBody);
    expect(paths('apps/v1', 'Deployment', pruned)).toEqual([]);
    expect(pruned.spec.selector).toBe(invalidBody.spec.selector);
    expect(pruned.metadata).toEqual({ name: 'x', labels: { app: 'nginx' } });
    expect(pruned.spec.template.spec.containers[0]).toEqual({ name: 'nginx', image: 'nginx:latest', imagePullPolicy: 'Never' });
  });
  it('returns the object itself when nothing is unknown', () => {
    const o = { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } };
    expect(pruneUnknownFields('v1', 'ConfigMap', o)).toBe(o);
  });
});
