import {
  ClusterView,
  type Effect,
  initialState,
  type KubeObject,
  type Pod,
  putObject,
  type ResourceQuota,
  type ResourceQuotaSpec,
  type ResourceQuotaStatus,
} from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { resourceQuotaController, syncResourceQuota } from './resource_quota_controller.js';

/**
 * pkg/controller/resourcequota/resource_quota_controller_test.go: the same fixtures (three pods
 * in `testing`, the quota `quota` or `default/rq`), qc.syncResourceQuota as syncResourceQuota
 * over a view of those objects, and what upstream checks of the client's actions: that the
 * sync issued an UpdateStatus (or none), and the written status.hard/used as strings, with the
 * same number of entries.
 */

/** A view holding the objects, as the controller's listers would. */
function viewOf(objects: readonly KubeObject[]): ClusterView {
  let state = initialState('resourcequota-test', 0);
  let rv = 100;
  for (const obj of objects) state = { ...state, store: putObject(state.store, obj, rv++) };
  return new ClusterView(state);
}

/** getResourceRequirements(getResourceList(cpu, memory), getResourceList("", "")). */
function requests(cpu: string, memory: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (cpu !== '') out.cpu = cpu;
  if (memory !== '') out.memory = memory;
  return out;
}

function testPod(name: string, phase: 'Running' | 'Failed', cpu: string, memory: string, priorityClassName?: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'testing' },
    spec: {
      volumes: [{ name: 'vol' }],
      containers: [{ name: 'ctr', image: 'image', resources: { requests: requests(cpu, memory) } }],
      ...(priorityClassName !== undefined ? { priorityClassName } : {}),
    } as Pod['spec'],
    status: { phase },
  } as Pod;
}

/** newTestPods: two running pods of 100m/1Gi, one failed. */
const newTestPods = (): Pod[] => [
  testPod('pod-running', 'Running', '100m', '1Gi'),
  testPod('pod-running-2', 'Running', '100m', '1Gi'),
  testPod('pod-failed', 'Failed', '100m', '1Gi'),
];

/** newBestEffortTestPods: two running pods with no requests, one failed of 100m/1Gi. */
const newBestEffortTestPods = (): Pod[] => [
  testPod('pod-running', 'Running', '', ''),
  testPod('pod-running-2', 'Running', '', ''),
  testPod('pod-failed', 'Failed', '100m', '1Gi'),
];

/** newTestPodsWithPriorityClasses: running `high` (500m/50Gi) and `low` (100m/1Gi), one failed with none. */
const newTestPodsWithPriorityClasses = (): Pod[] => [
  testPod('pod-running', 'Running', '500m', '50Gi', 'high'),
  testPod('pod-running-2', 'Running', '100m', '1Gi', 'low'),
  testPod('pod-failed', 'Failed', '100m', '1Gi'),
];

const HARD = { cpu: '3', memory: '100Gi', pods: '5' };

function quota(
  spec: ResourceQuotaSpec,
  extra: Partial<ResourceQuota> = {},
  name = 'quota',
  namespace = 'testing',
): ResourceQuota {
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name, namespace }, spec, ...extra };
}

/** A quota of HARD with one PriorityClass scope selector. */
function priorityQuota(operator: string, values?: string[]): ResourceQuota {
  return quota({
    hard: HARD,
    scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator, ...(values ? { values } : {}) }] },
  });
}

const used = (cpu: string, memory: string, pods: string): Record<string, string> => ({ cpu, memory, pods });

interface SyncCase {
  quota: ResourceQuota;
  items: Pod[];
  /** The status UpdateStatus writes. */
  status: ResourceQuotaStatus;
}

/** The UpdateStatus effects of one sync. */
function statusUpdates(effects: readonly Effect[]): ResourceQuota[] {
  return effects.filter((e) => e.type === 'updateStatus').map((e) => (e as { object: ResourceQuota }).object);
}

describe('TestSyncResourceQuota', () => {
  const cases: Record<string, SyncCase> = {
    'non-matching-best-effort-scoped-quota': {
      quota: quota({ hard: HARD, scopes: ['BestEffort'] }),
      status: { hard: HARD, used: used('0', '0', '0') },
      items: newTestPods(),
    },
    'matching-best-effort-scoped-quota': {
      quota: quota({ hard: HARD, scopes: ['BestEffort'] }),
      status: { hard: HARD, used: used('0', '0', '2') },
      items: newBestEffortTestPods(),
    },
    'non-matching-priorityclass-scoped-quota-OpExists': {
      quota: priorityQuota('Exists'),
      status: { hard: HARD, used: used('0', '0', '0') },
      items: newTestPods(),
    },
    'matching-priorityclass-scoped-quota-OpExists': {
      quota: priorityQuota('Exists'),
      status: { hard: HARD, used: used('600m', '51Gi', '2') },
      items: newTestPodsWithPriorityClasses(),
    },
    'matching-priorityclass-scoped-quota-OpIn': {
      quota: priorityQuota('In', ['high', 'low']),
      status: { hard: HARD, used: used('600m', '51Gi', '2') },
      items: newTestPodsWithPriorityClasses(),
    },
    'matching-priorityclass-scoped-quota-OpIn-high': {
      quota: priorityQuota('In', ['high']),
      status: { hard: HARD, used: used('500m', '50Gi', '1') },
      items: newTestPodsWithPriorityClasses(),
    },
    'matching-priorityclass-scoped-quota-OpIn-low': {
      quota: priorityQuota('In', ['low']),
      status: { hard: HARD, used: used('100m', '1Gi', '1') },
      items: newTestPodsWithPriorityClasses(),
    },
    'matching-priorityclass-scoped-quota-OpNotIn-low': {
      quota: priorityQuota('NotIn', ['high']),
      status: { hard: HARD, used: used('100m', '1Gi', '1') },
      items: newTestPodsWithPriorityClasses(),
    },
    'non-matching-priorityclass-scoped-quota-OpIn': {
      quota: priorityQuota('In', ['random']),
      status: { hard: HARD, used: used('0', '0', '0') },
      items: newTestPodsWithPriorityClasses(),
    },
    'non-matching-priorityclass-scoped-quota-OpNotIn': {
      quota: priorityQuota('NotIn', ['random']),
      status: { hard: HARD, used: used('200m', '2Gi', '2') },
      items: newTestPods(),
    },
    'matching-priorityclass-scoped-quota-OpDoesNotExist': {
      quota: priorityQuota('DoesNotExist'),
      status: { hard: HARD, used: used('200m', '2Gi', '2') },
      items: newTestPods(),
    },
    pods: {
      quota: quota({ hard: HARD }),
      status: { hard: HARD, used: used('200m', '2Gi', '2') },
      items: newTestPods(),
    },
    'quota-spec-hard-updated': {
      quota: quota({ hard: { cpu: '4' } }, { status: { hard: { cpu: '3' }, used: { cpu: '0' } } }, 'rq', 'default'),
      status: { hard: { cpu: '4' }, used: { cpu: '0' } },
      items: [],
    },
    // Upstream expects no particular action here (an empty set), then requires an UpdateStatus:
    // status.used is missing, so the quota is dirty.
    'quota-unchanged': {
      quota: quota({ hard: { cpu: '4' } }, { status: { hard: { cpu: '0' } } }, 'rq', 'default'),
      status: { hard: { cpu: '4' }, used: { cpu: '0' } },
      items: [],
    },
  };

  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => {
      const effects = syncResourceQuota(viewOf([tc.quota, ...tc.items]), tc.quota, 0);
      const updates = statusUpdates(effects);
      expect(updates).toHaveLength(1);
      // toEqual also checks upstream's "status hard/used lengths do not match".
      expect(updates[0]?.status).toEqual(tc.status);
      // The write keeps the rest of the quota (usage := resourceQuota.DeepCopy()).
      expect(updates[0]?.spec).toEqual(tc.quota.spec);
      expect(updates[0]?.metadata).toEqual(tc.quota.metadata);
    });
  }

  // Both rows list pods through upstream's errorLister ("error listing"): kubesim's informers
  // never fail to list, and core's CalculateUsage has no error path to inject one into.
  it.skip('quota-missing-status-with-calculation-error (needs a failing lister: kubesim listers never fail)', () => {});
  it.skip('quota-missing-status-with-partial-calculation-error (needs a failing lister: kubesim listers never fail)', () => {});

  // Not an upstream row: spec.scopes [PriorityClass] (valid for pods). generic.CalculateUsageStats
  // asks the scope function with Operator Exists, so the two pods with a class are charged, as
  // admission charges them (a regression: kubesim once passed no operator and summed nothing).
  it('priorityclass-scope-in-spec-scopes (spec.scopes are Exists selectors)', () => {
    const q = quota({ hard: HARD, scopes: ['PriorityClass'] });
    const [update] = statusUpdates(syncResourceQuota(viewOf([q, ...newTestPodsWithPriorityClasses()]), q, 0));
    expect(update?.status).toEqual({ hard: HARD, used: used('600m', '51Gi', '2') });
  });
});

/**
 * TestSyncResourceQuotaSpecChange, TestSyncResourceQuotaSpecHardChange and
 * TestSyncResourceQuotaNoChange: the stand-alone tests of the file before they became rows of
 * the table above (kept because they check what the rows do not: a resource dropped from
 * spec.hard leaves status.hard and status.used, and a clean quota is not written).
 */
describe('TestSyncResourceQuotaSpecChange', () => {
  it('status.hard follows the spec; used is recalculated', () => {
    const q = quota({ hard: { cpu: '4' } }, { status: { hard: { cpu: '3' }, used: { cpu: '0' } } }, 'rq', 'default');
    const [update] = statusUpdates(syncResourceQuota(viewOf([q]), q, 0));
    expect(update?.status).toEqual({ hard: { cpu: '4' }, used: { cpu: '0' } });
  });
});

describe('TestSyncResourceQuotaSpecHardChange', () => {
  it('a resource removed from spec.hard leaves status.hard and status.used', () => {
    const q = quota(
      { hard: { cpu: '4' } },
      { status: { hard: { cpu: '3', memory: '1Gi' }, used: { cpu: '0', memory: '0' } } },
      'rq',
      'default',
    );
    const updates = statusUpdates(syncResourceQuota(viewOf([q]), q, 0));
    expect(updates).toHaveLength(1);
    expect(updates[0]?.status).toEqual({ hard: { cpu: '4' }, used: { cpu: '0' } });
  });
});

describe('TestSyncResourceQuotaNoChange', () => {
  it('a quota whose status matches its spec and usage is not written', () => {
    const q = quota({ hard: { cpu: '4' } }, { status: { hard: { cpu: '4' }, used: { cpu: '0' } } }, 'rq', 'default');
    expect(statusUpdates(syncResourceQuota(viewOf([q]), q, 0))).toEqual([]);
  });

  it('equal quantities in other spellings are no change (apiequality.Semantic compares values)', () => {
    const q = quota({ hard: { cpu: '4000m' } }, { status: { hard: { cpu: '4' }, used: { cpu: '0' } } }, 'rq', 'default');
    expect(statusUpdates(syncResourceQuota(viewOf([q]), q, 0))).toEqual([]);
  });
});

/**
 * TestAddQuota: upstream's addQuota puts a quota whose status lacks something the controller
 * can calculate on missingUsageQueue (its own workers), the rest on queue. kubesim has one
 * queue: every added quota is enqueued under its key; the priority is not modelled.
 */
describe('TestAddQuota', () => {
  const rq = (spec: Record<string, string>, status?: ResourceQuotaStatus): ResourceQuota =>
    quota({ hard: spec }, status !== undefined ? { status } : {}, 'rq', 'default');
  const cases: { name: string; quota: ResourceQuota; expectedPriority: boolean }[] = [
    { name: 'no status', expectedPriority: true, quota: rq({ cpu: '4' }) },
    { name: 'status, no usage', expectedPriority: true, quota: rq({ cpu: '4' }, { hard: { cpu: '4' } }) },
    {
      name: 'status, no usage(to validate it works for extended resources)',
      expectedPriority: true,
      quota: rq({ 'requests.example/foobars.example.com': '4' }, { hard: { 'requests.example/foobars.example.com': '4' } }),
    },
    { name: 'status, mismatch', expectedPriority: true, quota: rq({ cpu: '4' }, { hard: { cpu: '6' }, used: { cpu: '0' } }) },
    {
      name: "status, missing usage, but don't care (no informer)",
      expectedPriority: false,
      quota: rq({ 'foobars.example.com': '4' }, { hard: { 'foobars.example.com': '4' } }),
    },
    { name: 'ready', expectedPriority: false, quota: rq({ cpu: '4' }, { hard: { cpu: '4' }, used: { cpu: '0' } }) },
  ];
  const quotaWatch = resourceQuotaController().watches.find((w) => w.kind === 'ResourceQuota');

  for (const tc of cases) {
    it(tc.name, () => {
      const view = viewOf([...newTestPods(), tc.quota]);
      const keys = quotaWatch?.keys?.({ kind: 'ResourceQuota', key: 'default/rq', new: tc.quota }, view);
      expect([...(keys ?? [])]).toEqual(['default/rq']);
    });
    it.skip(`${tc.name}: expectedPriority ${tc.expectedPriority} (kubesim has one queue, no missingUsageQueue)`, () => {});
  }
});

// TestDiscoverySync (a discovery client error must not block the controller) is not ported:
// kubesim's quotable resources come from its own kind registry, which never fails.
