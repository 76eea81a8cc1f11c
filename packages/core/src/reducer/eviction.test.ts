import { describe, expect, it } from 'vitest';
import type { Pod, PodDisruptionBudget, PodDisruptionBudgetStatus } from '../api/types.js';
import { initialState } from '../state.js';
import { getObject, putObject } from '../store/store.js';
import { evictPod } from './api.js';

/**
 * pkg/registry/core/pod/storage/eviction_test.go: the budget check of the eviction
 * subresource (TestEviction, TestEvictionIgnorePDB, TestEvictionPDBStatus), case by case as
 * kubesim models them (no dry run, no resourceVersion preconditions, no API conflicts).
 */

function pod(phase: 'Running' | 'Pending' | 'Succeeded' | 'Failed', ready = true, labels = { a: 'true' }): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 't1', namespace: 'default', uid: 'pod-uid', labels },
    spec: { containers: [] },
    status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: 0 }] },
  };
}

function pdb(
  status: Partial<PodDisruptionBudgetStatus>,
  spec: Partial<PodDisruptionBudget['spec']> = {},
  name = 'foo',
): PodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: 'default', uid: `pdb-${name}`, generation: 1 },
    spec: { selector: { matchLabels: { a: 'true' } }, ...spec },
    status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, observedGeneration: 1, ...status },
  };
}

function evict(p: Pod, ...pdbs: PodDisruptionBudget[]) {
  let state = initialState('eviction-test', 0);
  let rv = 10;
  for (const o of [p, ...pdbs]) state = { ...state, store: putObject(state.store, o, rv++) };
  const r = evictPod(state, { type: 'Evict', ref: { kind: 'Pod', namespace: 'default', name: 't1' } }, 7000);
  const after = getObject(r.state.store, 'Pod', 'default/t1');
  return {
    error: r.error,
    deleted: after === undefined || after.metadata.deletionTimestamp !== undefined,
    pdb: getObject(r.state.store, 'PodDisruptionBudget', 'default/foo'),
  };
}

describe('TestEviction', () => {
  it('matching pdbs with no disruptions allowed, pod running', () => {
    const r = evict(pod('Running'), pdb({ disruptionsAllowed: 0 }));
    expect(r.error).toEqual({
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      causes: ['The disruption budget foo needs 0 healthy pods and has 0 currently'],
    });
    expect(r.deleted).toBe(false);
  });
  for (const phase of ['Pending', 'Succeeded', 'Failed'] as const) {
    it(`matching pdbs with no disruptions allowed, pod ${phase.toLowerCase()}`, () => {
      const r = evict(pod(phase), pdb({ disruptionsAllowed: 0 }));
      expect(r.error).toBeUndefined();
      expect(r.deleted).toBe(true);
    });
  }
  it('matching pdbs with disruptions allowed', () => {
    const r = evict(pod('Running'), pdb({ disruptionsAllowed: 1 }));
    expect(r.error).toBeUndefined();
    expect(r.deleted).toBe(true);
  });
  it('non-matching pdbs', () => {
    const r = evict(pod('Running', true, { a: 'false' } as never), pdb({ disruptionsAllowed: 0 }));
    expect(r.error).toBeUndefined();
    expect(r.deleted).toBe(true);
  });
  it('an empty selector matches nothing here (unlike the disruption controller)', () => {
    const r = evict(pod('Running'), pdb({ disruptionsAllowed: 0 }, { selector: {} }));
    expect(r.deleted).toBe(true);
  });
  it('more than one matching pdb: 500', () => {
    const r = evict(pod('Running'), pdb({ disruptionsAllowed: 1 }), pdb({ disruptionsAllowed: 1 }, {}, 'bar'));
    expect(r.error).toEqual({
      reason: 'InternalError',
      message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    });
    expect(r.deleted).toBe(false);
  });
});

describe('checkAndDecrement', () => {
  it('a status of an older generation: 429, still being processed', () => {
    const p = pdb({ disruptionsAllowed: 1, observedGeneration: 0 });
    const r = evict(pod('Running'), p);
    expect(r.error?.reason).toBe('TooManyRequests');
    expect(r.error?.causes).toEqual(['The disruption budget foo is still being processed by the server.']);
  });
  it('a negative count: Forbidden', () => {
    const r = evict(pod('Running'), pdb({ disruptionsAllowed: -1 }));
    expect(r.error).toEqual({
      reason: 'Forbidden',
      message: 'poddisruptionbudget.policy "foo" is forbidden: pdb disruptions allowed is negative',
    });
  });
});

describe('TestEvictionPDBStatus', () => {
  it('decrements disruptionsAllowed and records the pod; at 0 the condition turns InsufficientPods', () => {
    const r = evict(pod('Running'), pdb({ disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 }));
    expect(r.deleted).toBe(true);
    expect(r.pdb?.status).toMatchObject({
      disruptionsAllowed: 0,
      disruptedPods: { t1: 7000 },
      conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', lastTransitionTime: 7000 }],
    });
  });
  it('leaves the condition alone while disruptions remain', () => {
    const r = evict(pod('Running'), pdb({ disruptionsAllowed: 2, currentHealthy: 3, desiredHealthy: 1, expectedPods: 3 }));
    expect(r.pdb?.status?.disruptionsAllowed).toBe(1);
    expect(r.pdb?.status?.conditions).toBeUndefined();
  });
});

describe('TestEvictionIgnorePDB (unhealthy pods, unhealthyPodEvictionPolicy)', () => {
  const cases: [string, Partial<PodDisruptionBudgetStatus>, string | undefined, boolean][] = [
    [
      'IfHealthyBudget: an unready pod while the budget is met is deleted without a decrement',
      { currentHealthy: 2, desiredHealthy: 2 },
      undefined,
      true,
    ],
    [
      'IfHealthyBudget: an unready pod while the budget is not met is refused',
      { currentHealthy: 1, desiredHealthy: 2 },
      'IfHealthyBudget',
      false,
    ],
    [
      'IfHealthyBudget: desiredHealthy 0 goes through checkAndDecrement (refused at 0 allowed)',
      { currentHealthy: 0, desiredHealthy: 0 },
      undefined,
      false,
    ],
    [
      'AlwaysAllow: an unready pod is deleted even when the budget is not met',
      { currentHealthy: 1, desiredHealthy: 2 },
      'AlwaysAllow',
      true,
    ],
  ];
  for (const [name, status, policy, deleted] of cases) {
    it(name, () => {
      const r = evict(
        pod('Running', false),
        pdb({ disruptionsAllowed: 0, ...status }, policy !== undefined ? { unhealthyPodEvictionPolicy: policy } : {}),
      );
      expect(r.deleted).toBe(deleted);
      if (deleted) expect(r.pdb?.status?.disruptedPods).toBeUndefined();
    });
  }
});
