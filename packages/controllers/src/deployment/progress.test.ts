import type { Deployment, DeploymentCondition, Millis, ReplicaSet } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { currentDeployment, newRSWithAvailable, syncAt } from '../../test/fixtures/deployment.js';
import { syncRolloutStatus } from './progress.js';
import { getDeploymentCondition, Reason } from './util.js';

/**
 * Port of TestSyncRolloutStatus (pkg/controller/deployment/progress_test.go, kubernetes v1.34);
 * TestRequeueStuckDeployment is in progress.requeue.test.ts. Upstream's 2017-02-15 18:49:00 is
 * simulated time T0 here.
 */

const T0: Millis = 60_000;

describe('TestSyncRolloutStatus', () => {
  const pds = 60;
  const testTime = T0;
  const failedTimedOut: DeploymentCondition = { type: 'Progressing', status: 'False', reason: Reason.TimedOut };
  const newRSAvailable: DeploymentCondition = {
    type: 'Progressing',
    status: 'True',
    reason: Reason.NewReplicaSetAvailable,
    lastUpdateTime: testTime,
    lastTransitionTime: testTime,
  };
  const replicaSetUpdated: DeploymentCondition = {
    type: 'Progressing',
    status: 'True',
    reason: Reason.ReplicaSetUpdated,
    lastUpdateTime: testTime,
    lastTransitionTime: testTime,
  };
  interface Row {
    name: string;
    d: Deployment;
    allRSs: ReplicaSet[];
    newRS?: ReplicaSet;
    /** The Progressing condition expected; undefined: none. */
    condition?: { status: 'True' | 'False'; reason: string };
    /** Upstream's lastUpdate/lastTransition: that time is the one the condition had before. */
    keepsLastUpdate?: boolean;
    keepsLastTransition?: boolean;
  }
  const rows: Row[] = [
    {
      name: 'General: remove Progressing condition and do not estimate progress if deployment has no Progress Deadline',
      d: currentDeployment(undefined, 3, 2, 2, 2, [replicaSetUpdated]),
      allRSs: [newRSWithAvailable('bar', 0, 1, 1)],
      newRS: newRSWithAvailable('foo', 3, 2, 2),
    },
    {
      name: 'General: do not estimate progress of deployment with only one active ReplicaSet',
      d: currentDeployment(pds, 3, 3, 3, 3, [newRSAvailable]),
      allRSs: [newRSWithAvailable('bar', 3, 3, 3)],
      condition: { status: 'True', reason: Reason.NewReplicaSetAvailable },
      keepsLastUpdate: true,
      keepsLastTransition: true,
    },
    {
      name: 'DeploymentProgressing: dont update lastTransitionTime if deployment already has Progressing=True',
      d: currentDeployment(pds, 3, 2, 2, 2, [replicaSetUpdated]),
      allRSs: [newRSWithAvailable('bar', 0, 1, 1)],
      newRS: newRSWithAvailable('foo', 3, 2, 2),
      condition: { status: 'True', reason: Reason.ReplicaSetUpdated },
      keepsLastTransition: true,
    },
    {
      name: 'DeploymentProgressing: update everything if deployment has Progressing=False',
      d: currentDeployment(pds, 3, 2, 2, 2, [failedTimedOut]),
      allRSs: [newRSWithAvailable('bar', 0, 1, 1)],
      newRS: newRSWithAvailable('foo', 3, 2, 2),
      condition: { status: 'True', reason: Reason.ReplicaSetUpdated },
    },
    {
      name: 'DeploymentProgressing: create Progressing condition if it does not exist',
      d: currentDeployment(pds, 3, 2, 2, 2, []),
      allRSs: [newRSWithAvailable('bar', 0, 1, 1)],
      newRS: newRSWithAvailable('foo', 3, 2, 2),
      condition: { status: 'True', reason: Reason.ReplicaSetUpdated },
    },
    {
      name: 'DeploymentComplete: dont update lastTransitionTime if deployment already has Progressing=True',
      d: currentDeployment(pds, 3, 3, 3, 3, [replicaSetUpdated]),
      allRSs: [],
      newRS: newRSWithAvailable('foo', 3, 3, 3),
      condition: { status: 'True', reason: Reason.NewReplicaSetAvailable },
      keepsLastTransition: true,
    },
    {
      name: 'DeploymentComplete: update everything if deployment has Progressing=False',
      d: currentDeployment(pds, 3, 3, 3, 3, [failedTimedOut]),
      allRSs: [],
      newRS: newRSWithAvailable('foo', 3, 3, 3),
      condition: { status: 'True', reason: Reason.NewReplicaSetAvailable },
    },
    {
      name: 'DeploymentComplete: create Progressing condition if it does not exist',
      d: currentDeployment(pds, 3, 3, 3, 3, []),
      allRSs: [],
      newRS: newRSWithAvailable('foo', 3, 3, 3),
      condition: { status: 'True', reason: Reason.NewReplicaSetAvailable },
    },
    {
      name: 'DeploymentComplete: defend against NPE when newRS=nil',
      d: currentDeployment(pds, 0, 3, 3, 3, [replicaSetUpdated]),
      allRSs: [newRSWithAvailable('foo', 0, 0, 0)],
      condition: { status: 'True', reason: Reason.NewReplicaSetAvailable },
    },
    {
      name: 'DeploymentTimedOut: update status if rollout exceeds Progress Deadline',
      d: currentDeployment(pds, 3, 2, 2, 2, [replicaSetUpdated]),
      allRSs: [],
      newRS: newRSWithAvailable('foo', 3, 2, 2),
      condition: { status: 'False', reason: Reason.TimedOut },
    },
    {
      name: 'DeploymentTimedOut: do not update status if deployment has existing timedOut condition',
      d: currentDeployment(pds, 3, 2, 2, 2, [failedTimedOut]),
      allRSs: [],
      newRS: newRSWithAvailable('foo', 3, 2, 2),
      condition: { status: 'False', reason: Reason.TimedOut },
      keepsLastUpdate: true,
      keepsLastTransition: true,
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      // Upstream runs at the wall clock, long after testTime: an hour later here.
      const s = syncAt(row.d, testTime + 3_600_000);
      const allRSs = row.newRS !== undefined ? [...row.allRSs, row.newRS] : row.allRSs;
      syncRolloutStatus(s, allRSs, row.newRS);
      const before = getDeploymentCondition(row.d.status, 'Progressing');
      const cond = getDeploymentCondition(s.d.status, 'Progressing');
      if (row.condition === undefined) {
        expect(cond).toBeUndefined();
        return;
      }
      expect(cond).toMatchObject(row.condition);
      // Upstream compares the row's own times with testTime, which cannot fail; what the rows
      // mean is that the condition keeps the time it had.
      if (row.keepsLastUpdate) expect(cond?.lastUpdateTime).toBe(before?.lastUpdateTime);
      if (row.keepsLastTransition) expect(cond?.lastTransitionTime).toBe(before?.lastTransitionTime);
    });
  }
});
