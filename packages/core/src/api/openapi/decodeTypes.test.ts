import { describe, expect, it } from 'vitest';
import { decodeError } from '../decode.js';
import { typeMismatch } from './decodeTypes.js';

const deployment = (spec: Record<string, unknown>): Record<string, unknown> => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec,
});

describe('typeMismatch', () => {
  it('words a wrong type as decode.ts does for the kinds kubesim models', () => {
    const cases: Record<string, unknown>[] = [
      deployment({ replicas: '3' }),
      deployment({ replicas: 2.5 }),
      deployment({ replicas: 3000000000 }),
      deployment({ template: { spec: { containers: [{ name: 'a', ports: [{ containerPort: '80' }] }] } } }),
      deployment({ strategy: { rollingUpdate: { maxSurge: 2.5 } } }),
      deployment({ template: { spec: { containers: 'nginx' } } }),
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 1 } } },
    ];
    for (const o of cases) {
      const expected = decodeError(o);
      expect(expected, JSON.stringify(o)).toBeDefined();
      expect(`Deployment|Pod`).toContain(String(o.kind));
      expect(expected?.endsWith(`: ${typeMismatch(String(o.apiVersion), String(o.kind), o)?.message}`), expected).toBe(true);
    }
  });

  it('covers kinds decode.ts does not: a ConfigMap, an Ingress, a PodDisruptionBudget', () => {
    expect(typeMismatch('v1', 'ConfigMap', { data: { a: 1 } })?.message).toBe(
      'json: cannot unmarshal number into Go struct field ConfigMap.data of type string',
    );
    expect(typeMismatch('v1', 'ConfigMap', { immutable: 'yes' })?.message).toBe(
      'json: cannot unmarshal string into Go struct field ConfigMap.immutable of type bool',
    );
    const ingress = {
      spec: { rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 's', port: { number: '80' } } } }] } }] },
    };
    expect(typeMismatch('networking.k8s.io/v1', 'Ingress', ingress)).toEqual({
      message:
        'json: cannot unmarshal string into Go struct field ServiceBackendPort.spec.rules.http.paths.backend.service.port.number of type int32',
      at: ['spec', 'rules', 0, 'http', 'paths', 0, 'backend', 'service', 'port', 'number'],
    });
    expect(typeMismatch('policy/v1', 'PodDisruptionBudget', { spec: { minAvailable: true } })?.message).toBe(
      'json: cannot unmarshal bool into Go value of type int32',
    );
    expect(typeMismatch('v1', 'Service', { spec: { ports: { port: 80 } } })?.message).toBe(
      'json: cannot unmarshal object into Go struct field ServiceSpec.spec.ports of type []v1.ServicePort',
    );
  });

  it('takes a number for a string (a Quantity is one), anything under a RawExtension, and null', () => {
    const pod = { spec: { containers: [{ name: 'c', resources: { limits: { cpu: 1 } } }], overhead: null } };
    expect(typeMismatch('v1', 'Pod', pod)).toBeUndefined();
    expect(typeMismatch('apps/v1', 'ControllerRevision', { data: 5, revision: 1 })).toBeUndefined();
  });

  it('reports the first mismatch in sorted-key order, as kubectl sends the body', () => {
    const o = deployment({ replicas: 'x', paused: 'no', minReadySeconds: 'y' });
    expect(typeMismatch('apps/v1', 'Deployment', o)?.at).toEqual(['spec', 'minReadySeconds']);
  });
});
