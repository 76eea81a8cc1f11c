import type { Deployment, ReplicaSet } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { newDeployment, rs, syncOf, updates, withReplicasAnnotations } from '../../test/fixtures/deployment.js';
import { cleanupDeployment, scale } from './sync.js';

/** pkg/controller/deployment/sync_test.go (v1.34), under its names. */

const NEW = 2 * 3600_000;
const OLD = 1 * 3600_000;
const OLDER = 0;

interface ScaleCase {
  readonly name: string;
  readonly deployment: Deployment;
  readonly oldDeployment: Deployment;
  readonly newRS?: ReplicaSet;
  readonly oldRSs: readonly ReplicaSet[];
  readonly expectedNew?: number;
  readonly expectedOld: readonly number[];
  readonly wasntUpdated?: readonly string[];
  readonly desiredReplicasAnnotations?: Readonly<Record<string, number>>;
}

const dep = (replicas: number, maxSurge?: number, maxUnavailable?: number): Deployment =>
  newDeployment('foo', replicas, {
    ...(maxSurge !== undefined ? { maxSurge } : {}),
    ...(maxUnavailable !== undefined ? { maxUnavailable } : {}),
  });

const updatedTemplate = (replicas: number): Deployment => {
  const d = dep(replicas);
  return { ...d, spec: { ...d.spec, template: { ...d.spec.template, metadata: { labels: { foo: 'bar', another: 'label' } } } } };
};

const cases: ScaleCase[] = [
  {
    name: 'normal scaling event: 10 -> 12',
    deployment: dep(12),
    oldDeployment: dep(10),
    newRS: rs('foo-v1', 10, NEW),
    oldRSs: [],
    expectedNew: 12,
    expectedOld: [],
  },
  {
    name: 'normal scaling event: 10 -> 5',
    deployment: dep(5),
    oldDeployment: dep(10),
    newRS: rs('foo-v1', 10, NEW),
    oldRSs: [],
    expectedNew: 5,
    expectedOld: [],
  },
  {
    name: 'proportional scaling: 5 -> 10',
    deployment: dep(10),
    oldDeployment: dep(5),
    newRS: rs('foo-v2', 2, NEW),
    oldRSs: [rs('foo-v1', 3, OLD)],
    expectedNew: 4,
    expectedOld: [6],
  },
  {
    name: 'proportional scaling: 5 -> 3',
    deployment: dep(3),
    oldDeployment: dep(5),
    newRS: rs('foo-v2', 2, NEW),
    oldRSs: [rs('foo-v1', 3, OLD)],
    expectedNew: 1,
    expectedOld: [2],
  },
  {
    name: 'proportional scaling: 9 -> 4',
    deployment: dep(4),
    oldDeployment: dep(9),
    newRS: rs('foo-v2', 8, NEW),
    oldRSs: [rs('foo-v1', 1, OLD)],
    expectedNew: 4,
    expectedOld: [0],
  },
  {
    name: 'proportional scaling: 7 -> 10',
    deployment: dep(10),
    oldDeployment: dep(7),
    newRS: rs('foo-v3', 2, NEW),
    oldRSs: [rs('foo-v2', 3, OLD), rs('foo-v1', 2, OLDER)],
    expectedNew: 3,
    expectedOld: [4, 3],
  },
  {
    name: 'proportional scaling: 13 -> 8',
    deployment: dep(8),
    oldDeployment: dep(13),
    newRS: rs('foo-v3', 2, NEW),
    oldRSs: [rs('foo-v2', 8, OLD), rs('foo-v1', 3, OLDER)],
    expectedNew: 1,
    expectedOld: [5, 2],
  },
  // Scales up the new replica set.
  {
    name: 'leftover distribution: 3 -> 4',
    deployment: dep(4),
    oldDeployment: dep(3),
    newRS: rs('foo-v3', 1, NEW),
    oldRSs: [rs('foo-v2', 1, OLD), rs('foo-v1', 1, OLDER)],
    expectedNew: 2,
    expectedOld: [1, 1],
  },
  // Scales down the older replica set.
  {
    name: 'leftover distribution: 3 -> 2',
    deployment: dep(2),
    oldDeployment: dep(3),
    newRS: rs('foo-v3', 1, NEW),
    oldRSs: [rs('foo-v2', 1, OLD), rs('foo-v1', 1, OLDER)],
    expectedNew: 1,
    expectedOld: [1, 0],
  },
  // Scales up the latest replica set first.
  {
    name: 'proportional scaling (no new rs): 4 -> 5',
    deployment: dep(5),
    oldDeployment: dep(4),
    oldRSs: [rs('foo-v2', 2, OLD), rs('foo-v1', 2, OLDER)],
    expectedOld: [3, 2],
  },
  // Scales down to zero
  {
    name: 'proportional scaling: 6 -> 0',
    deployment: dep(0),
    oldDeployment: dep(6),
    newRS: rs('foo-v3', 3, NEW),
    oldRSs: [rs('foo-v2', 2, OLD), rs('foo-v1', 1, OLDER)],
    expectedNew: 0,
    expectedOld: [0, 0],
  },
  // Scales up from zero
  {
    name: 'proportional scaling: 0 -> 6',
    deployment: dep(6),
    oldDeployment: dep(6),
    newRS: rs('foo-v3', 0, NEW),
    oldRSs: [rs('foo-v2', 0, OLD), rs('foo-v1', 0, OLDER)],
    expectedNew: 6,
    expectedOld: [0, 0],
    wasntUpdated: ['foo-v2', 'foo-v1'],
  },
  // deployment.spec.replicas == 3 (each set 1) scaled to 5: foo-v3 and foo-v2 should grow by
  // one but foo-v2 fails to update.
  {
    name: 'failed rs update',
    deployment: dep(5),
    oldDeployment: dep(5),
    newRS: rs('foo-v3', 2, NEW),
    oldRSs: [rs('foo-v2', 1, OLD), rs('foo-v1', 1, OLDER)],
    expectedNew: 2,
    expectedOld: [2, 1],
    wasntUpdated: ['foo-v3', 'foo-v1'],
    desiredReplicasAnnotations: { 'foo-v2': 3 },
  },
  {
    name: 'deployment with surge pods',
    deployment: dep(20, 2),
    oldDeployment: dep(10, 2),
    newRS: rs('foo-v2', 6, NEW),
    oldRSs: [rs('foo-v1', 6, OLD)],
    expectedNew: 11,
    expectedOld: [11],
  },
  {
    name: 'change both surge and size',
    deployment: dep(50, 6),
    oldDeployment: dep(10, 3),
    newRS: rs('foo-v2', 5, NEW),
    oldRSs: [rs('foo-v1', 8, OLD)],
    expectedNew: 22,
    expectedOld: [34],
  },
  {
    name: 'change both size and template',
    deployment: updatedTemplate(14),
    oldDeployment: dep(10),
    oldRSs: [rs('foo-v2', 7, NEW), rs('foo-v1', 3, OLD)],
    expectedOld: [10, 4],
  },
  {
    name: 'saturated but broken new replica set does not affect old pods',
    deployment: dep(2, 1, 1),
    oldDeployment: dep(2, 1, 1),
    newRS: rs('foo-v2', 2, NEW, 0),
    oldRSs: [rs('foo-v1', 1, OLD)],
    expectedNew: 2,
    expectedOld: [1],
  },
];

describe('TestScale', () => {
  for (const c of cases) {
    it(c.name, () => {
      const annotated = (set: ReplicaSet): ReplicaSet =>
        withReplicasAnnotations(
          set,
          c.desiredReplicasAnnotations?.[set.metadata.name as string] ?? (c.oldDeployment.spec.replicas as number),
          c.oldDeployment,
        );
      const newRS = c.newRS === undefined ? undefined : annotated(c.newRS);
      const oldRSs = c.oldRSs.map(annotated);
      const s = syncOf(c.deployment);
      scale(s, newRS, oldRSs);
      const size = new Map<string, number>();
      for (const set of [...(newRS !== undefined ? [newRS] : []), ...oldRSs])
        size.set(set.metadata.name as string, set.spec.replicas ?? 0);
      for (const u of updates(s)) {
        if (!c.wasntUpdated?.includes(u.metadata.name as string)) size.set(u.metadata.name as string, u.spec.replicas ?? 0);
      }
      if (c.expectedNew !== undefined && newRS !== undefined) expect(size.get(newRS.metadata.name as string)).toBe(c.expectedNew);
      expect(oldRSs.map((set) => size.get(set.metadata.name as string))).toEqual(c.expectedOld);
    });
  }
});

describe('TestDeploymentController_cleanupDeployment', () => {
  const withStatus = (name: string, spec: number, status: number, deleted = false): ReplicaSet => {
    const set = rs(name, spec);
    return {
      ...set,
      metadata: { ...set.metadata, ...(deleted ? { deletionTimestamp: 1 } : {}) },
      status: { replicas: status },
    };
  };
  const cases: { oldRSs: ReplicaSet[]; revisionHistoryLimit: number; expectedDeletions: number }[] = [
    {
      oldRSs: [withStatus('foo-1', 0, 0), withStatus('foo-2', 0, 0), withStatus('foo-3', 0, 0)],
      revisionHistoryLimit: 1,
      expectedDeletions: 2,
    },
    // Only delete the replica set with Spec.Replicas = Status.Replicas = 0.
    {
      oldRSs: [withStatus('foo-1', 0, 0), withStatus('foo-2', 0, 1), withStatus('foo-3', 1, 0), withStatus('foo-4', 1, 1)],
      revisionHistoryLimit: 0,
      expectedDeletions: 1,
    },
    { oldRSs: [withStatus('foo-1', 0, 0), withStatus('foo-2', 0, 0)], revisionHistoryLimit: 0, expectedDeletions: 2 },
    { oldRSs: [withStatus('foo-1', 1, 1), withStatus('foo-2', 1, 1)], revisionHistoryLimit: 0, expectedDeletions: 0 },
    { oldRSs: [withStatus('foo-1', 0, 0, true)], revisionHistoryLimit: 0, expectedDeletions: 0 },
    // with unlimited revisionHistoryLimit
    {
      oldRSs: [withStatus('foo-1', 0, 0), withStatus('foo-2', 0, 0), withStatus('foo-3', 0, 0)],
      revisionHistoryLimit: 2147483647,
      expectedDeletions: 0,
    },
  ];
  cases.forEach((c, i) => {
    it(`scenario ${i}`, () => {
      const s = syncOf(newDeployment('foo', 1, { revisionHistoryLimit: c.revisionHistoryLimit }));
      cleanupDeployment(s, c.oldRSs);
      expect(s.effects().filter((e) => e.type === 'delete').length).toBe(c.expectedDeletions);
    });
  });
});
