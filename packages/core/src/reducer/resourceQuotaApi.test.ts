import { describe, expect, it } from 'vitest';
import type { KubeObject, PersistentVolumeClaim, Pod, ResourceQuota, Service } from '../api/types.js';
import type { LogEntry, SimEvent } from '../events.js';
import { stateHash } from '../log/stateHash.js';
import { type ClusterState, initialState } from '../state.js';
import { getObject } from '../store/store.js';
import { reduce } from './index.js';
import type { ReduceResult } from './result.js';

/**
 * ResourceQuota admission through the API server's writes (reducer/api.ts and generic.ts): the
 * upstream tests that are about which requests the plugin sees (TestAdmissionIgnoresDelete,
 * TestAdmissionIgnoresSubresources, TestExcludedOperations, TestAdmissionSetsMissingNamespace),
 * and the writes a charged request makes: the quota's status first, then the object.
 */

let seq = 0;
function apply(state: ClusterState, event: SimEvent): ReduceResult {
  const entry: LogEntry = { seq: ++seq, time: state.time, by: 'user', event };
  return reduce(state, entry);
}

function ok(r: ReduceResult): ClusterState {
  expect(r.error).toBeUndefined();
  return r.state;
}

const quotaOf = (s: ClusterState): ResourceQuota | undefined => getObject(s.store, 'ResourceQuota', 'default/quota');

/** A cluster whose `default` namespace has quota `quota`, its status as the controller would write it. */
function withQuota(hard: Record<string, string>, used: Record<string, string>): ClusterState {
  const quota: ResourceQuota = {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'quota', namespace: 'default' },
    spec: { hard },
  };
  const s = ok(apply(initialState('seed', 42), { type: 'Create', object: quota }));
  return ok(apply(s, { type: 'UpdateStatus', object: { ...(quotaOf(s) as ResourceQuota), status: { hard, used } } }));
}

function pod(name: string, requests: Record<string, string>, namespace: string | undefined = 'default'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(namespace !== undefined ? { namespace } : {}) },
    spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests } }] },
  };
}

const ingress = (name: string) =>
  ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: 'default' },
    spec: {},
  }) as unknown as KubeObject;

const service = (name: string): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default' },
  spec: { type: 'ClusterIP', selector: { app: name }, ports: [{ port: 80 }] },
});

describe('ResourceQuota admission on create', () => {
  it('writes the quota status before the pod, each with its own resourceVersion', () => {
    const s = withQuota({ pods: '2', 'requests.cpu': '1' }, { pods: '0', 'requests.cpu': '0' });
    const r = apply(s, { type: 'Create', object: pod('a', { cpu: '300m' }) });
    expect(r.error).toBeUndefined();
    expect(r.changes.map((c) => `${c.kind} ${c.key}`)).toEqual(['ResourceQuota default/quota', 'Pod default/a']);
    const q = quotaOf(r.state);
    expect(q?.status?.used).toEqual({ pods: '1', 'requests.cpu': '300m' });
    const p = getObject(r.state.store, 'Pod', 'default/a');
    expect(Number(p?.metadata.resourceVersion)).toBe(Number(q?.metadata.resourceVersion) + 1);
  });

  it('refuses a pod over quota and changes nothing', () => {
    const s = ok(
      apply(withQuota({ pods: '2', 'requests.cpu': '1' }, { pods: '0', 'requests.cpu': '0' }), {
        type: 'Create',
        object: pod('a', { cpu: '300m' }),
      }),
    );
    const r = apply(s, { type: 'Create', object: pod('b', { cpu: '800m' }) });
    expect(r.error).toEqual({
      reason: 'Forbidden',
      message:
        'pods "b" is forbidden: exceeded quota: quota, requested: requests.cpu=800m, used: requests.cpu=300m, limited: requests.cpu=1',
    });
    expect(stateHash(r.state)).toBe(stateHash(s));
  });

  it('counts a generic kind under count/<resource>.<group>', () => {
    const name = 'count/ingresses.networking.k8s.io';
    const s = withQuota({ [name]: '1' }, { [name]: '0' });
    const r = apply(s, { type: 'Create', object: ingress('a') });
    expect(r.error).toBeUndefined();
    // A generic write changes no typed object: only the quota's change is heard.
    expect(r.changes.map((c) => c.kind)).toEqual(['ResourceQuota']);
    expect(quotaOf(r.state)?.status?.used).toEqual({ [name]: '1' });
    expect(apply(r.state, { type: 'Create', object: ingress('b') }).error).toEqual({
      reason: 'Forbidden',
      message: `ingresses.networking.k8s.io "b" is forbidden: exceeded quota: quota, requested: ${name}=1, used: ${name}=1, limited: ${name}=1`,
    });
  });
});

describe('ResourceQuota admission on update', () => {
  it("charges a Service's change of type to LoadBalancer, and refuses one over quota", () => {
    let s = withQuota({ services: '5', 'services.loadbalancers': '1' }, { services: '0', 'services.loadbalancers': '0' });
    s = ok(apply(s, { type: 'Create', object: service('a') }));
    s = ok(apply(s, { type: 'Create', object: service('b') }));
    expect(quotaOf(s)?.status?.used).toEqual({ services: '2', 'services.loadbalancers': '0' });
    const toLoadBalancer = (name: string): Service => {
      const old = getObject(s.store, 'Service', `default/${name}`) as Service;
      return { ...old, spec: { ...old.spec, type: 'LoadBalancer' } };
    };
    const r = apply(s, { type: 'Update', object: toLoadBalancer('a') });
    expect(r.error).toBeUndefined();
    expect(r.changes.map((c) => `${c.kind} ${c.key}`)).toEqual(['ResourceQuota default/quota', 'Service default/a']);
    expect(quotaOf(r.state)?.status?.used).toEqual({ services: '2', 'services.loadbalancers': '1' });
    s = r.state;
    expect(apply(s, { type: 'Update', object: toLoadBalancer('b') }).error).toEqual({
      reason: 'Forbidden',
      message:
        'services "b" is forbidden: exceeded quota: quota, requested: services.loadbalancers=1, used: services.loadbalancers=1, limited: services.loadbalancers=1',
    });
  });
});

describe('ResourceQuota admission on a claim update (TestAdmitHandlesPVCUpdates)', () => {
  // kubesim does not validate claim updates (upstream lets only a bound claim whose class allows
  // expansion grow); the quota's part is the same either way.
  it('charges the growth of a claim only', () => {
    let s = withQuota(
      { persistentvolumeclaims: '3', 'requests.storage': '100Gi' },
      { persistentvolumeclaims: '0', 'requests.storage': '0' },
    );
    const claim = (storage: string): PersistentVolumeClaim => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'pvc-to-update', namespace: 'default' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } },
    });
    s = ok(apply(s, { type: 'Create', object: claim('10Gi') }));
    expect(quotaOf(s)?.status?.used).toEqual({ persistentvolumeclaims: '1', 'requests.storage': '10Gi' });
    const resized = (storage: string): PersistentVolumeClaim => {
      const old = getObject(s.store, 'PersistentVolumeClaim', 'default/pvc-to-update') as PersistentVolumeClaim;
      return { ...old, spec: { ...old.spec, resources: { requests: { storage } } } };
    };
    const grown = apply(s, { type: 'Update', object: resized('15Gi') });
    expect(grown.changes.map((c) => c.kind)).toEqual(['ResourceQuota', 'PersistentVolumeClaim']);
    expect(quotaOf(grown.state)?.status?.used).toEqual({ persistentvolumeclaims: '1', 'requests.storage': '15Gi' });
  });
});

describe('TestAdmissionIgnoresDelete', () => {
  it('deleting a pod under a full quota is admitted and leaves the quota alone', () => {
    const s = ok(apply(withQuota({ pods: '1' }, { pods: '0' }), { type: 'Create', object: pod('a', {}) }));
    const before = quotaOf(s);
    expect(before?.status?.used).toEqual({ pods: '1' });
    const r = apply(s, { type: 'Delete', ref: { kind: 'Pod', namespace: 'default', name: 'a' }, gracePeriodSeconds: 0 });
    expect(r.error).toBeUndefined();
    expect(quotaOf(r.state)).toBe(before);
  });
});

describe('TestAdmissionIgnoresSubresources', () => {
  it('a pod over quota is refused, but a subresource write (binding, status) is not checked', () => {
    let s = withQuota({ memory: '2Gi' }, { memory: '1Gi' });
    expect(apply(s, { type: 'Create', object: pod('123', { memory: '2Gi' }) }).error?.message).toBe(
      'pods "123" is forbidden: exceeded quota: quota, requested: memory=2Gi, used: memory=1Gi, limited: memory=2Gi',
    );
    s = ok(apply(s, { type: 'Create', object: pod('small', { memory: '1Gi' }) }));
    const full = quotaOf(s);
    expect(full?.status?.used).toEqual({ memory: '2Gi' });
    const uid = getObject(s.store, 'Pod', 'default/small')?.metadata.uid ?? '';
    s = ok(apply(s, { type: 'Bind', ref: { kind: 'Pod', namespace: 'default', name: 'small' }, uid, nodeName: 'node-1' }));
    const bound = getObject(s.store, 'Pod', 'default/small') as Pod;
    s = ok(apply(s, { type: 'UpdateStatus', object: { ...bound, status: { ...bound.status, phase: 'Running' } } }));
    expect(quotaOf(s)).toBe(full);
  });
});

describe('TestExcludedOperations', () => {
  it('cluster-scoped objects, a Namespace among them, are never charged', () => {
    const s = withQuota(
      { 'count/namespaces': '0', 'count/persistentvolumes': '0' },
      { 'count/namespaces': '0', 'count/persistentvolumes': '0' },
    );
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'namespace' }, spec: {} } as KubeObject;
    const pv = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv' },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp' } },
    } as unknown as KubeObject;
    const after = ok(apply(ok(apply(s, { type: 'Create', object: ns })), { type: 'Create', object: pv }));
    expect(quotaOf(after)).toBe(quotaOf(s));
  });
});

describe('TestAdmissionSetsMissingNamespace', () => {
  it("a pod sent without a namespace is charged to its request namespace's quota", () => {
    const s = withQuota({ pods: '3' }, { pods: '1' });
    const r = apply(s, { type: 'Create', object: pod('pod-without-namespace', { cpu: '1', memory: '2Gi' }, undefined) });
    expect(r.error).toBeUndefined();
    expect(getObject(r.state.store, 'Pod', 'default/pod-without-namespace')?.metadata.namespace).toBe('default');
    expect(quotaOf(r.state)?.status?.used).toEqual({ pods: '2' });
  });
});
