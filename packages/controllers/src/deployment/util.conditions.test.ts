import type { Deployment, DeploymentCondition } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import {
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getDeploymentCondition,
  Reason,
  removeDeploymentCondition,
  setDeploymentCondition,
} from './util.js';

/**
 * Ports of pkg/controller/deployment/util/deployment_util_test.go (kubernetes v1.34): the
 * condition helpers and the three questions syncRolloutStatus asks — complete, progressing,
 * timed out.
 */

type Status = NonNullable<Deployment['status']>;

function deployment(spec: Partial<Deployment['spec']>, status: Status): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'foo', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'foo' } }, template: { spec: { containers: [] } }, ...spec },
    status,
  };
}

const condProgressing = (): DeploymentCondition => ({ type: 'Progressing', status: 'False', reason: 'ForSomeReason' });
const condProgressing2 = (): DeploymentCondition => ({ type: 'Progressing', status: 'True', reason: 'BecauseItIs' });
const condAvailable = (): DeploymentCondition => ({ type: 'Available', status: 'True', reason: 'AwesomeController' });
const status = (): Status => ({ conditions: [condProgressing(), condAvailable()] });

describe('TestGetCondition', () => {
  const rows: [string, string, boolean][] = [
    ['condition exists', 'Available', true],
    ['condition does not exist', 'ReplicaFailure', false],
  ];
  it.each(rows)('%s', (_name, condType, expected) => {
    expect(getDeploymentCondition(status(), condType) !== undefined).toBe(expected);
  });
});

describe('TestSetCondition', () => {
  const rows: [string, Status, DeploymentCondition, Status][] = [
    ['set for the first time', {}, condAvailable(), { conditions: [condAvailable()] }],
    ['simple set', { conditions: [condProgressing()] }, condAvailable(), status()],
    ['overwrite', { conditions: [condProgressing()] }, condProgressing2(), { conditions: [condProgressing2()] }],
  ];
  it.each(rows)('%s', (_name, before, cond, expectedStatus) => {
    expect(setDeploymentCondition(before, cond)).toEqual(expectedStatus);
  });
});

describe('TestRemoveCondition', () => {
  const rows: [string, Status, string, Status][] = [
    ['remove from empty status', {}, 'Progressing', {}],
    ['simple remove', { conditions: [condProgressing()] }, 'Progressing', {}],
    ["doesn't remove anything", status(), 'ReplicaFailure', status()],
  ];
  it.each(rows)('%s', (_name, before, condType, expectedStatus) => {
    expect(removeDeploymentCondition(before, condType)).toEqual(expectedStatus);
  });
});

describe('TestDeploymentComplete', () => {
  const d = (desired: number, current: number, updated: number, available: number, maxUnavailable: number, maxSurge: number) =>
    deployment(
      { replicas: desired, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable, maxSurge } } },
      { replicas: current, updatedReplicas: updated, availableReplicas: available },
    );
  const rows: [string, Deployment, boolean][] = [
    ['not complete: min but not all pods become available', d(5, 5, 5, 4, 1, 0), false],
    ['not complete: min availability is not honored', d(5, 5, 5, 3, 1, 0), false],
    ['complete', d(5, 5, 5, 5, 0, 0), true],
    ['not complete: all pods are available but not updated', d(5, 5, 4, 5, 0, 0), false],
    // old set: spec 1, status 1, available 1; new set: spec 1, status 1, available 0
    ['not complete: still running old pods', d(1, 2, 1, 1, 0, 1), false],
    ['not complete: one replica deployment never comes up', d(1, 1, 1, 0, 1, 1), false],
  ];
  it.each(rows)('%s', (_name, dep, expected) => {
    expect(deploymentComplete(dep, dep.status as Status)).toBe(expected);
  });
});

describe('TestDeploymentProgressing', () => {
  const counts = (current: number, updated: number, ready: number, available: number): Status => ({
    replicas: current,
    updatedReplicas: updated,
    readyReplicas: ready,
    availableReplicas: available,
  });
  const rows: [string, Status, Status, boolean][] = [
    ['progressing: updated pods', counts(10, 4, 4, 4), counts(10, 6, 4, 4), true],
    ['not progressing', counts(10, 4, 4, 4), counts(10, 4, 4, 4), false],
    ['progressing: old pods removed', counts(10, 4, 6, 6), counts(8, 4, 6, 6), true],
    ['not progressing: less new pods', counts(10, 7, 3, 3), counts(10, 6, 3, 3), false],
    ['progressing: less overall but more new pods', counts(10, 4, 7, 7), counts(8, 8, 5, 5), true],
    ['progressing: more ready pods', counts(10, 10, 9, 8), counts(10, 10, 10, 8), true],
    ['progressing: more available pods', counts(10, 10, 10, 9), counts(10, 10, 10, 10), true],
  ];
  it.each(rows)('%s', (_name, old, newStatus, expected) => {
    expect(deploymentProgressing(deployment({}, old), newStatus)).toBe(expected);
  });
});

describe('TestDeploymentTimedOut', () => {
  const timeFn = (min: number, sec: number): number => Date.UTC(2016, 0, 1, 0, min, sec);
  const d = (reason: string, pds: number | undefined, from: number): Deployment =>
    deployment(pds !== undefined ? { progressDeadlineSeconds: pds } : {}, {
      conditions: [{ type: 'Progressing', status: 'True', reason, lastUpdateTime: from }],
    });
  const rows: [string, Deployment, number, boolean][] = [
    ['nil progressDeadlineSeconds specified - no timeout', d('', undefined, timeFn(1, 9)), timeFn(1, 20), false],
    ['infinite progressDeadlineSeconds specified - no timeout', d('', 2147483647, timeFn(1, 9)), timeFn(1, 20), false],
    ['progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:09 => 11s', d('', 10, timeFn(1, 9)), timeFn(1, 20), true],
    ['progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:11 => 9s', d('', 10, timeFn(1, 11)), timeFn(1, 20), false],
    // Upstream leaves nowFn nil here: the function returns before reading the clock.
    ['previous status was a complete deployment', d(Reason.NewReplicaSetAvailable, undefined, 0), 0, false],
  ];
  it.each(rows)('%s', (_name, dep, now, expected) => {
    expect(deploymentTimedOut(dep, dep.status as Status, now)).toBe(expected);
  });
});
