import {
  type Change,
  ClusterView,
  initialState,
  type Kind,
  type KubeObject,
  type Pod,
  putObject,
  type ResourceQuota,
  type Service,
} from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { resourceQuotaWatches } from './resource_quota_monitor.js';

/**
 * The replenishment the quota monitor does (resource_quota_monitor.go's UpdateFunc and
 * DeleteFunc, then the controller's replenishQuota). Ported from the tests of the
 * replenishment controller that the monitor replaced (replenishment_controller_test.go:
 * TestPodReplenishmentUpdateFunc, TestObjectReplenishmentDeleteFunc,
 * TestServiceReplenishmentUpdateFunc), which v1.34 no longer has: the rules they check are
 * the monitor's still. Upstream asserts the group kind and namespace handed to the
 * replenishment function; kubesim's watch returns the quota keys that function enqueues.
 */

function viewOf(objects: readonly KubeObject[], now = 0): ClusterView {
  let state = { ...initialState('resourcequota-monitor-test', 0), time: now };
  let rv = 100;
  for (const obj of objects) state = { ...state, store: putObject(state.store, obj, rv++) };
  return new ClusterView(state);
}

/** A quota whose status.hard (what replenishQuota reads) limits these resources. */
function quotaOf(name: string, namespace: string, hard: Record<string, string>): ResourceQuota {
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name, namespace }, spec: { hard }, status: { hard } };
}

/** The keys the watch of `kind` yields for a change. */
function keysFor(kind: Kind, change: { old?: KubeObject; new?: KubeObject }, view: ClusterView): string[] {
  const watch = resourceQuotaWatches().find((w) => w.kind === kind);
  if (watch?.keys === undefined) throw new Error(`no watch of ${kind}`);
  return [...watch.keys({ kind, key: 'test/x', ...change } as Change, view)];
}

const pod = (phase: 'Running' | 'Failed' | 'Succeeded'): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace: 'test', name: 'pod' },
  spec: { containers: [{ name: 'c', image: 'image' }] },
  status: { phase },
});

function service(type: 'NodePort' | 'ClusterIP' | 'LoadBalancer', port: number): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { namespace: 'test', name: 'mysvc' },
    spec: { type, ports: [{ port, targetPort: port }] },
  } as Service;
}

const view = viewOf([
  quotaOf('compute', 'test', { pods: '5', 'requests.cpu': '1' }),
  quotaOf('services', 'test', { 'services.nodeports': '2', services: '10' }),
  quotaOf('secrets', 'test', { secrets: '3' }),
  quotaOf('elsewhere', 'other', { pods: '5', services: '10' }),
]);

describe('TestPodReplenishmentUpdateFunc', () => {
  it('a running pod that fails replenishes the quotas of its namespace that limit pods', () => {
    expect(keysFor('Pod', { old: pod('Running'), new: pod('Failed') }, view)).toEqual(['test/compute']);
  });

  it('so does one that succeeds (QuotaV1Pod: a terminal phase is not charged)', () => {
    expect(keysFor('Pod', { old: pod('Running'), new: pod('Succeeded') }, view)).toEqual(['test/compute']);
  });

  it('an update that leaves the pod charged replenishes nothing', () => {
    const relabelled = { ...pod('Running'), metadata: { ...pod('Running').metadata, labels: { a: 'b' } } };
    expect(keysFor('Pod', { old: pod('Running'), new: relabelled }, view)).toEqual([]);
  });

  const deleting: Pod = {
    ...pod('Running'),
    metadata: { ...pod('Running').metadata, deletionTimestamp: 10_000, deletionGracePeriodSeconds: 30 },
  };
  const withQuota = (now: number): ClusterView => viewOf([quotaOf('compute', 'test', { pods: '5' })], now);

  it('a pod marked for deletion is still charged during its grace period: no replenishment yet', () => {
    expect(keysFor('Pod', { old: pod('Running'), new: deleting }, withQuota(40_000))).toEqual([]);
  });

  it('past its grace period a terminating pod is no longer charged: an update then replenishes', () => {
    // QuotaV1Pod: now after deletionTimestamp + deletionGracePeriodSeconds.
    const touched = { ...deleting, metadata: { ...deleting.metadata, labels: { a: 'b' } } };
    expect(keysFor('Pod', { old: deleting, new: touched }, withQuota(40_001))).toEqual([]);
    expect(keysFor('Pod', { old: pod('Running'), new: touched }, withQuota(40_001))).toEqual(['test/compute']);
  });

  it('a create replenishes nothing (admission charged it)', () => {
    expect(keysFor('Pod', { new: pod('Running') }, view)).toEqual([]);
  });
});

describe('TestObjectReplenishmentDeleteFunc', () => {
  it('a deleted pod replenishes the quotas of its namespace that limit pods', () => {
    expect(keysFor('Pod', { old: pod('Running') }, view)).toEqual(['test/compute']);
  });

  it('a deleted object of a kind no quota of the namespace limits replenishes nothing', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'test', name: 'cm' } } as KubeObject;
    expect(keysFor('ConfigMap', { old: cm }, view)).toEqual([]);
  });

  it('replenishQuota reads status.hard: a quota whose status is not yet written is not enqueued', () => {
    const { status: _status, ...fresh } = quotaOf('fresh', 'test', { pods: '1' });
    expect(keysFor('Pod', { old: pod('Running') }, viewOf([fresh]))).toEqual([]);
  });
});

describe('TestServiceReplenishmentUpdateFunc', () => {
  it('NodePort to ClusterIP replenishes the quotas that limit services', () => {
    expect(keysFor('Service', { old: service('NodePort', 80), new: service('ClusterIP', 80) }, view)).toEqual(['test/services']);
  });

  it('a NodePort service whose port changes replenishes nothing', () => {
    expect(keysFor('Service', { old: service('NodePort', 80), new: service('NodePort', 81) }, view)).toEqual([]);
  });
});

describe('the quota watch (the controller UpdateFunc and DeleteFunc)', () => {
  const q = quotaOf('compute', 'test', { pods: '5' });
  it('an update that leaves spec.hard alone is not enqueued (the full resync covers it)', () => {
    const relabelled = { ...q, metadata: { ...q.metadata, labels: { a: 'b' } } };
    expect(keysFor('ResourceQuota', { old: q, new: relabelled }, view)).toEqual([]);
  });

  it('an update of spec.hard is enqueued', () => {
    expect(keysFor('ResourceQuota', { old: q, new: { ...q, spec: { hard: { pods: '6' } } } }, view)).toEqual(['test/compute']);
  });

  it('a delete enqueues the quota, and the monitor replenishes quotas that count resourcequotas', () => {
    const counting = viewOf([quotaOf('meta', 'test', { resourcequotas: '3' })]);
    expect(keysFor('ResourceQuota', { old: q }, counting)).toEqual(['test/compute', 'test/meta']);
  });
});
