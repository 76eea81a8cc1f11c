import type { Deployment, DeploymentCondition, Millis } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { currentDeployment, newRSWithAvailable, syncAt } from '../../test/fixtures/deployment.js';
import { requeueStuckDeployment, syncRolloutStatus } from './progress.js';
import { Reason } from './util.js';

/**
 * Port of TestRequeueStuckDeployment (pkg/controller/deployment/progress_test.go, kubernetes
 * v1.34), and when syncRolloutStatus asks for that requeue. Upstream's 2017-02-15 18:49:00 is
 * simulated time T0 here.
 */

const T0: Millis = 60_000;
const INFINITE = 2147483647;

describe('TestRequeueStuckDeployment', () => {
  const pds = 60;
  const failed: DeploymentCondition[] = [{ type: 'Progressing', status: 'False', reason: Reason.TimedOut }];
  const stuck: DeploymentCondition[] = [{ type: 'Progressing', status: 'True', lastUpdateTime: T0 }];
  const status = (replicas: number, updated: number, available: number) => ({
    replicas,
    updatedReplicas: updated,
    availableReplicas: available,
  });
  // Rows without nowFn return before reading the clock. "less than a second" is one
  // nanosecond before the deadline: a fraction of a millisecond here.
  const rows: [string, Deployment, ReturnType<typeof status>, Millis, Millis][] = [
    ['nil progressDeadlineSeconds specified', currentDeployment(undefined, 4, 3, 3, 2), status(3, 3, 2), 0, -1],
    ['infinite progressDeadlineSeconds specified', currentDeployment(INFINITE, 4, 3, 3, 2), status(3, 3, 2), 0, -1],
    ['no progressing condition found', currentDeployment(pds, 4, 3, 3, 2), status(3, 3, 2), 0, -1],
    ['complete deployment does not need to be requeued', currentDeployment(pds, 3, 3, 3, 3), status(3, 3, 3), 0, -1],
    [
      'already failed deployment does not need to be requeued',
      currentDeployment(pds, 3, 3, 3, 0, failed),
      status(3, 3, 0),
      0,
      -1,
    ],
    ['stuck deployment - 30s', currentDeployment(pds, 3, 3, 3, 1, stuck), status(3, 3, 1), T0 + 30_000, 30_000],
    ['stuck deployment - 1s', currentDeployment(pds, 3, 3, 3, 1, stuck), status(3, 3, 1), T0 + 59_000, 1000],
    [
      'failed deployment - less than a second => now',
      currentDeployment(pds, 3, 3, 3, 1, stuck),
      status(3, 3, 1),
      T0 + 59_000 + 1e-6,
      0,
    ],
    ['failed deployment - now', currentDeployment(pds, 3, 3, 3, 1, stuck), status(3, 3, 1), T0 + 60_000, 0],
    ['failed deployment - 1s after deadline', currentDeployment(pds, 3, 3, 3, 1, stuck), status(3, 3, 1), T0 + 61_000, 0],
    ['failed deployment - 60s after deadline', currentDeployment(pds, 3, 3, 3, 1, stuck), status(3, 3, 1), T0 + 120_000, 0],
  ];
  it.each(rows)('%s', (_name, d, newStatus, now, expected) => {
    expect(requeueStuckDeployment(d, newStatus, now)).toBe(expected);
  });
});

describe('syncRolloutStatus: the progress-deadline requeue (progress.go)', () => {
  // Upstream requeues for the deadline only when reflect.DeepEqual(d.Status, newStatus); a
  // changed status is written instead and the write brings the deployment back.
  const stuck: DeploymentCondition = {
    type: 'Progressing',
    status: 'True',
    reason: Reason.ReplicaSetUpdated,
    lastUpdateTime: T0,
    lastTransitionTime: T0,
  };
  const rs = newRSWithAvailable('foo', 3, 3, 1);

  it('a changed status is written, not requeued', () => {
    const s = syncAt(currentDeployment(60, 3, 0, 0, 0, [stuck]), T0 + 30_000);
    syncRolloutStatus(s, [rs], rs);
    const types = s.effects().map((e) => e.type);
    expect(types).toEqual(['updateStatus']);
  });

  it('an unchanged status is requeued a second after the deadline would pass', () => {
    const first = syncAt(currentDeployment(60, 3, 0, 0, 0, [stuck]), T0 + 30_000);
    syncRolloutStatus(first, [rs], rs);
    // The written status comes back; 10 s later nothing has moved.
    const s = syncAt(first.d, T0 + 40_000);
    syncRolloutStatus(s, [rs], rs);
    // Progressing was refreshed at T0 + 30 s: 60 s from then is 50 s away, plus a second.
    expect(s.effects()).toEqual([{ type: 'requeueAfter', after: 51_000 }]);
  });
});
