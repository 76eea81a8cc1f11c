import { describe, expect, it } from 'vitest';
import type { LimitRange, Pod } from '../api/types.js';
import type { LogEntry, SimEvent } from '../events.js';
import { stateHash } from '../log/stateHash.js';
import { type ClusterState, initialState } from '../state.js';
import { getObject } from '../store/store.js';
import { reduce } from './index.js';

/** LimitRanger through the API server's create path: defaults, the annotation, the refusal. */

let seq = 0;
function apply(state: ClusterState, event: SimEvent) {
  const entry: LogEntry = { seq: ++seq, time: state.time, by: 'user', event };
  return reduce(state, entry);
}

const limits = (items: LimitRange['spec']['limits']): LimitRange => ({
  apiVersion: 'v1',
  kind: 'LimitRange',
  metadata: { name: 'lr', namespace: 'default' },
  spec: { limits: items },
});

const pod = (resources?: NonNullable<Pod['spec']['containers'][number]['resources']>): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'x', namespace: 'default' },
  spec: { containers: [{ name: 'app', image: 'nginx', ...(resources ? { resources } : {}) }] },
});

function withLimitRange(lr: LimitRange): ClusterState {
  const r = apply(initialState('seed', 42), { type: 'Create', object: lr });
  expect(r.error).toBeUndefined();
  return r.state;
}

describe('LimitRanger admission on pod create', () => {
  it('stores a LimitRange with SetDefaults_LimitRangeItem applied (default from max, request from default)', () => {
    const s = withLimitRange(limits([{ type: 'Container', max: { cpu: '1' }, min: { memory: '10Mi' } }]));
    expect(getObject(s.store, 'LimitRange', 'default/lr')?.spec.limits[0]).toEqual({
      type: 'Container',
      max: { cpu: '1' },
      min: { memory: '10Mi' },
      default: { cpu: '1' },
      defaultRequest: { cpu: '1', memory: '10Mi' },
    });
  });

  it('fills in requests and limits and records them in the annotation', () => {
    const s = withLimitRange(
      limits([
        { type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } },
      ]),
    );
    const r = apply(s, { type: 'Create', object: pod() });
    expect(r.error).toBeUndefined();
    const p = getObject(r.state.store, 'Pod', 'default/x');
    expect(p?.spec.containers[0]?.resources).toEqual({
      limits: { cpu: '500m', memory: '256Mi' },
      requests: { cpu: '100m', memory: '128Mi' },
    });
    expect(p?.metadata.annotations?.['kubernetes.io/limit-ranger']).toBe(
      'LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app',
    );
    expect(p?.status?.qosClass).toBe('Burstable');
  });

  it('a limit without a request makes the request (pod defaults run first), not defaultRequest', () => {
    const s = withLimitRange(limits([{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' } }]));
    const r = apply(s, { type: 'Create', object: pod({ limits: { cpu: '300m' } }) });
    const p = getObject(r.state.store, 'Pod', 'default/x');
    expect(p?.spec.containers[0]?.resources).toEqual({ limits: { cpu: '300m' }, requests: { cpu: '300m' } });
    expect(p?.metadata.annotations).toBeUndefined();
  });

  it('refuses a pod over the max with every violation, as NewForbidden and NewAggregate print them', () => {
    const s = withLimitRange(limits([{ type: 'Container', max: { cpu: '1', memory: '1Gi' } }]));
    const before = stateHash(s);
    const one = apply(s, { type: 'Create', object: pod({ limits: { cpu: '2', memory: '512Mi' } }) });
    expect(one.error).toEqual({
      reason: 'Forbidden',
      message: 'pods "x" is forbidden: maximum cpu usage per Container is 1, but limit is 2',
    });
    expect(stateHash(one.state)).toBe(before);
    const two = apply(s, { type: 'Create', object: pod({ limits: { cpu: '2', memory: '2Gi' } }) });
    expect(two.error?.message).toBe(
      'pods "x" is forbidden: [maximum cpu usage per Container is 1, but limit is 2, maximum memory usage per Container is 1Gi, but limit is 2Gi]',
    );
  });

  it('a LimitRange of another namespace does not apply', () => {
    const lr = limits([{ type: 'Container', max: { cpu: '1' } }]);
    const r0 = apply(initialState('seed', 42), {
      type: 'Create',
      object: { ...lr, metadata: { name: 'lr', namespace: 'kube-system' } },
    });
    const r = apply(r0.state, { type: 'Create', object: pod({ limits: { cpu: '2' } }) });
    expect(r.error).toBeUndefined();
  });

  it('rejects an invalid LimitRange (ValidateLimitRange)', () => {
    const r = apply(initialState('seed', 42), {
      type: 'Create',
      object: limits([{ type: 'Container', min: { cpu: '2' }, max: { cpu: '1' } }]),
    });
    expect(r.error?.reason).toBe('Invalid');
    expect(r.error?.message).toContain('spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1');
  });
});

describe('LimitRange quantities', () => {
  it('are stored canonical, and one that does not parse is refused', () => {
    const s = withLimitRange(limits([{ type: 'Container', max: { cpu: '0.5' }, default: { memory: '1024Mi' } }]));
    expect(getObject(s.store, 'LimitRange', 'default/lr')?.spec.limits[0]?.max).toEqual({ cpu: '500m' });
    expect(getObject(s.store, 'LimitRange', 'default/lr')?.spec.limits[0]?.default).toEqual({ cpu: '500m', memory: '1Gi' });
    const r = apply(initialState('seed', 42), { type: 'Create', object: limits([{ type: 'Container', max: { cpu: 'lots' } }]) });
    expect(r.error?.message).toContain(
      'spec.limits[0].max[cpu]: Invalid value: "lots": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
    );
  });
});
