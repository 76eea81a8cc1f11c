import { describe, expect, it } from 'vitest';
import { newDeployment, rs, syncOf, updates } from '../../test/fixtures/deployment.js';
import {
  cleanupUnhealthyReplicas,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  scaleDownOldReplicaSetsForRollingUpdate,
} from './rolling.js';

/**
 * pkg/controller/deployment/rolling_test.go (v1.34), under its names. The rows that need the
 * DeploymentPodReplacementPolicy or DeploymentReplicaSetTerminatingReplicas gates (alpha in
 * v1.34, off by default, not modelled) are left out.
 */

describe('TestDeploymentController_reconcileNewReplicaSet', () => {
  const cases = [
    { name: 'should not scale up when old replica set is fully saturated', replicas: 10, maxSurge: 0, old: 10, neu: 0 },
    {
      name: 'should scale up according to the maxSurge when old replica set is fully saturated',
      replicas: 10,
      maxSurge: 2,
      old: 10,
      neu: 0,
      expected: 2,
    },
    { name: 'should scale up according to the maxSurge', replicas: 10, maxSurge: 2, old: 5, neu: 0, expected: 7 },
    { name: 'should not scale when maxSurge is fully saturated', replicas: 10, maxSurge: 2, old: 10, neu: 2 },
    {
      name: 'should scale down when there are replicas above maxSurge',
      replicas: 10,
      maxSurge: 2,
      old: 2,
      neu: 11,
      expected: 10,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const newRS = rs('foo-v2', c.neu);
      const oldRS = rs('foo-v1', c.old);
      const s = syncOf(newDeployment('foo', c.replicas, { maxSurge: c.maxSurge, maxUnavailable: 0 }));
      const scaled = reconcileNewReplicaSet(s, [newRS, oldRS], newRS);
      const actions = updates(s);
      if (c.expected === undefined) {
        expect(scaled).toBe(false);
        expect(actions).toEqual([]);
        return;
      }
      expect(scaled).toBe(true);
      expect(actions.map((a) => a.spec.replicas)).toEqual([c.expected]);
    });
  }
});

describe('TestDeploymentController_reconcileOldReplicaSets', () => {
  const cases = [
    { replicas: 10, maxUnavailable: 0, old: 10, neu: 0, readyOld: 10, readyNew: 0, scale: true, expectedOld: 9 },
    { replicas: 10, maxUnavailable: 2, old: 10, neu: 0, readyOld: 10, readyNew: 0, scale: true, expectedOld: 8 },
    // expect unhealthy replicas from old replica sets been cleaned up
    { replicas: 10, maxUnavailable: 2, old: 10, neu: 0, readyOld: 8, readyNew: 0, scale: true, expectedOld: 8 },
    // expect 1 unhealthy replica from old replica sets been cleaned up, and 1 ready pod been scaled down
    { replicas: 10, maxUnavailable: 2, old: 10, neu: 0, readyOld: 9, readyNew: 0, scale: true, expectedOld: 8 },
    // the unavailable pods from the newRS would not make us scale down old RSs in a further step
    { replicas: 10, maxUnavailable: 2, old: 8, neu: 2, readyOld: 8, readyNew: 0, scale: false },
  ];
  cases.forEach((c, i) => {
    it(`scenario ${i}`, () => {
      const newRS = rs('foo-new', c.neu, 0, c.readyNew);
      const oldRS = rs('foo-old', c.old, 0, c.readyOld);
      const s = syncOf(newDeployment('foo', c.replicas, { maxSurge: 0, maxUnavailable: c.maxUnavailable }));
      expect(reconcileOldReplicaSets(s, [oldRS, newRS], [oldRS], newRS)).toBe(c.scale);
      // Upstream's table checks only whether it scaled; the size it leaves the old set at is
      // what its comments say (the last update wins: cleanup first, then the scale-down).
      if (c.expectedOld !== undefined) expect(updates(s).at(-1)?.spec.replicas).toBe(c.expectedOld);
    });
  });
});

describe('TestDeploymentController_cleanupUnhealthyReplicas', () => {
  const cases = [
    { oldReplicas: 10, readyPods: 8, maxCleanupCount: 1, cleanupCountExpected: 1 },
    { oldReplicas: 10, readyPods: 8, maxCleanupCount: 3, cleanupCountExpected: 2 },
    { oldReplicas: 10, readyPods: 8, maxCleanupCount: 0, cleanupCountExpected: 0 },
    { oldReplicas: 10, readyPods: 10, maxCleanupCount: 3, cleanupCountExpected: 0 },
  ];
  cases.forEach((c, i) => {
    it(`scenario ${i}`, () => {
      const oldRS = rs('foo-v2', c.oldReplicas, 0, c.readyPods);
      const s = syncOf(newDeployment('foo', 10, { maxSurge: 2, maxUnavailable: 2 }));
      const r = cleanupUnhealthyReplicas(s, [oldRS], c.maxCleanupCount);
      expect(r).toBeDefined();
      expect(r?.[1]).toBe(c.cleanupCountExpected);
    });
  });

  it('a set whose status is behind its spec (more available than it asks for) stops the cleanup: no step from a size it never had', () => {
    // The "got invalid request to scale down" guard: 2 asked for, 3 still available after a
    // scale-down the ReplicaSet controller has not acted on yet.
    const behind = rs('foo-v1', 2, 0, 3);
    const s = syncOf(newDeployment('foo', 10, { maxSurge: 2, maxUnavailable: 2 }));
    expect(cleanupUnhealthyReplicas(s, [behind], 5)).toBeUndefined();
    expect(updates(s)).toEqual([]);
  });
});

describe('TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate', () => {
  const cases = [
    { replicas: 10, maxUnavailable: 0, readyPods: 10, oldReplicas: 10, expectedOld: 9 },
    { replicas: 10, maxUnavailable: 2, readyPods: 10, oldReplicas: 10, expectedOld: 8 },
    { replicas: 10, maxUnavailable: 2, readyPods: 8, oldReplicas: 10 },
    { replicas: 10, maxUnavailable: 2, readyPods: 10, oldReplicas: 0 },
    { replicas: 10, maxUnavailable: 2, readyPods: 1, oldReplicas: 10 },
  ];
  cases.forEach((c, i) => {
    it(`scenario ${i}`, () => {
      const oldRS = rs('foo-v2', c.oldReplicas, 0, c.readyPods);
      const s = syncOf(newDeployment('foo', c.replicas, { maxSurge: 0, maxUnavailable: c.maxUnavailable }));
      const scaled = scaleDownOldReplicaSetsForRollingUpdate(s, [oldRS], [oldRS]);
      if (c.expectedOld === undefined) {
        expect(scaled).toBe(0);
        return;
      }
      expect(scaled).not.toBe(0);
      expect(updates(s).map((u) => u.spec.replicas)).toEqual([c.expectedOld]);
    });
  });
});
