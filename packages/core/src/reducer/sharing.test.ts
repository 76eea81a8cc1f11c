import { describe, expect, it } from 'vitest';
import type { Pod, PodSpec } from '../api/types.js';
import type { LogEntry, SimEvent } from '../events.js';
import { type ClusterState, initialState } from '../state.js';
import { getObject } from '../store/store.js';
import { reduce } from './index.js';

/**
 * What the write path shares: a pod costs what differs from its template (or from pods with
 * the same spec), and a write that changes one part keeps every other part as it was.
 */
let seq = 0;
function apply(state: ClusterState, event: SimEvent, time = state.time): ClusterState {
  const entry: LogEntry = { seq: ++seq, time, by: 'user', event };
  const r = reduce(state, entry);
  expect(r.error).toBeUndefined();
  return r.state;
}

const spec = (): PodSpec => ({
  containers: [{ name: 'app', image: 'nginx:1.25', resources: { requests: { cpu: '100m' } } }],
});
function pod(name: string, s: PodSpec, meta: Partial<Pod['metadata']> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, ...meta }, spec: s };
}
const get = (s: ClusterState, name: string): Pod => getObject(s.store, 'Pod', `default/${name}`) as Pod;

describe('pods share what they do not own', () => {
  it('pods created from one spec object share its defaulted, admitted spec', () => {
    const template = spec();
    let s = initialState('seed', 1);
    for (const n of ['a', 'b', 'c']) s = apply(s, { type: 'Create', object: pod(n, template) });
    expect(get(s, 'b').spec).toBe(get(s, 'a').spec);
    expect(get(s, 'c').spec).toBe(get(s, 'a').spec);
    expect(get(s, 'a').spec.tolerations).toHaveLength(2);
    expect(get(s, 'b').status).toBe(get(s, 'a').status); // Pending, with its QoS class
  });

  it('pods written out one by one with equal specs share one spec too', () => {
    let s = initialState('seed', 1);
    s = apply(s, { type: 'Create', object: pod('a', spec()) });
    s = apply(s, { type: 'Create', object: pod('b', spec()) });
    expect(get(s, 'b').spec).toBe(get(s, 'a').spec);
    s = apply(s, { type: 'Create', object: pod('c', { ...spec(), restartPolicy: 'Never' }) });
    expect(get(s, 'c').spec).not.toBe(get(s, 'a').spec);
    expect(get(s, 'c').spec.tolerations).toBe(get(s, 'a').spec.tolerations);
  });

  it('a binding copies the spec for its node name and shares the rest', () => {
    const template = spec();
    let s = initialState('seed', 1);
    s = apply(s, { type: 'Create', object: pod('a', template) });
    s = apply(s, { type: 'Create', object: pod('b', template) });
    const before = get(s, 'a');
    s = apply(s, { type: 'Bind', ref: { kind: 'Pod', name: 'a' }, uid: before.metadata.uid as string, nodeName: 'n1' });
    const a = get(s, 'a');
    expect(a.spec.nodeName).toBe('n1');
    expect(a.spec.containers).toBe(before.spec.containers);
    expect(a.spec.tolerations).toBe(before.spec.tolerations);
    expect(get(s, 'b').spec.nodeName).toBeUndefined();
  });

  it('a status update keeps the spec and metadata parts it does not touch', () => {
    let s = initialState('seed', 1);
    s = apply(s, { type: 'Create', object: pod('a', spec(), { labels: { app: 'a' } }) });
    const before = get(s, 'a');
    s = apply(s, { type: 'UpdateStatus', object: { ...before, status: { phase: 'Running' } } });
    const after = get(s, 'a');
    expect(after.status).toEqual({ phase: 'Running' });
    expect(after.spec).toBe(before.spec);
    expect(after.metadata.labels).toBe(before.metadata.labels);
    expect(Number(after.metadata.resourceVersion)).toBeGreaterThan(Number(before.metadata.resourceVersion));
  });

  it('keeps metadata keys in the order the API server leaves them (generateName last after an update)', () => {
    let s = initialState('seed', 1);
    s = apply(s, { type: 'Create', object: pod('web-x1', spec(), { generateName: 'web-', labels: { app: 'web' } }) });
    const created = get(s, 'web-x1');
    expect(Object.keys(created.metadata)).toEqual([
      'name',
      'generateName',
      'labels',
      'namespace',
      'uid',
      'resourceVersion',
      'creationTimestamp',
    ]);
    s = apply(s, { type: 'UpdateStatus', object: { ...created, status: { phase: 'Running' } } });
    expect(Object.keys(get(s, 'web-x1').metadata)).toEqual([
      'name',
      'labels',
      'namespace',
      'uid',
      'resourceVersion',
      'creationTimestamp',
      'generateName',
    ]);
    expect(Object.keys(created)).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  });

  it('freezes what it stores, under the tests, so that a mutation throws', () => {
    let s = initialState('seed', 1);
    s = apply(s, { type: 'Create', object: pod('a', spec()) });
    const a = get(s, 'a');
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.metadata)).toBe(true);
    expect(Object.isFrozen(a.spec.containers[0])).toBe(true);
    expect(() => {
      (a.spec.containers as unknown[]).push({});
    }).toThrow();
  });
});
