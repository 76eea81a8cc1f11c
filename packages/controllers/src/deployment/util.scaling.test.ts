import type { Deployment, DeploymentStrategy, IntOrString, ReplicaSet } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import {
  getReplicaSetFraction,
  MAX_REPLICAS_ANNOTATION,
  maxUnavailable,
  minAvailable,
  newRSNewReplicas,
  resolveFenceposts,
} from './util.js';

/**
 * Ports of pkg/controller/deployment/util/deployment_util_test.go (kubernetes v1.34): the
 * tables about how far a rollout may go — fenceposts, maxUnavailable, minAvailable, the new
 * set's size and proportional scaling's fractions.
 */

function deployment(replicas: number | undefined, strategy: DeploymentStrategy, statusReplicas = 0): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'nginx', namespace: 'default' },
    spec: {
      ...(replicas !== undefined ? { replicas } : {}),
      selector: { matchLabels: { name: 'nginx' } },
      template: { metadata: { labels: { name: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
      strategy,
    },
    status: { replicas: statusReplicas },
  };
}

function replicaSet(replicas: number, annotations?: Record<string, string>): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'nginx-rs', namespace: 'default', ...(annotations !== undefined ? { annotations } : {}) },
    spec: { replicas, selector: { matchLabels: { name: 'nginx' } }, template: { spec: { containers: [] } } },
  };
}

const rolling = (maxSurge: IntOrString, maxUnavailable: IntOrString): DeploymentStrategy => ({
  type: 'RollingUpdate',
  rollingUpdate: { maxSurge, maxUnavailable },
});

describe('TestResolveFenceposts', () => {
  // Upstream names the rows by index. An unparsable value is an error upstream (0, 0, err);
  // kubesim's getScaledValueFromIntOrPercent throws it.
  const rows: [string, string | undefined, string | undefined, number, number | 'error', number | 'error'][] = [
    ['0', '0%', '0%', 0, 0, 1],
    ['1', '39%', '39%', 10, 4, 3],
    ['2', 'oops', '39%', 10, 'error', 'error'],
    ['3', '55%', 'urg', 10, 'error', 'error'],
    ['4', undefined, '39%', 10, 0, 3],
    ['5', '39%', undefined, 10, 4, 0],
    ['6', undefined, undefined, 10, 0, 1],
  ];
  it.each(rows)('%s', (_name, surge, unavailable, desired, expectSurge, expectUnavailable) => {
    if (expectSurge === 'error') {
      expect(() => resolveFenceposts(surge, unavailable, desired)).toThrow();
      return;
    }
    expect(resolveFenceposts(surge, unavailable, desired)).toEqual([expectSurge, expectUnavailable]);
  });
});

describe('TestNewRSNewReplicas', () => {
  const rows: [string, 'RollingUpdate' | 'Recreate', number, number, number, number][] = [
    ['can not scale up - to newRSReplicas', 'RollingUpdate', 1, 5, 1, 5],
    ['scale up - to depReplicas', 'RollingUpdate', 6, 2, 10, 6],
    ['recreate - to depReplicas', 'Recreate', 3, 1, 1, 3],
  ];
  it.each(rows)('%s', (_name, strategyType, depReplicas, newRSReplicas, maxSurge, expected) => {
    // Upstream sets rollingUpdate for every row, Recreate's included.
    const d = deployment(depReplicas, { type: strategyType, rollingUpdate: { maxUnavailable: 1, maxSurge } });
    const rs5 = replicaSet(5);
    const newRC = replicaSet(newRSReplicas);
    expect(newRSNewReplicas(d, [rs5], newRC)).toBe(expected);
  });
});

describe('TestMaxUnavailable', () => {
  const d = (replicas: number, mu: IntOrString): Deployment => deployment(replicas, rolling(1, mu));
  const rows: [string, Deployment, number][] = [
    ['maxUnavailable less than replicas', d(10, 5), 5],
    ['maxUnavailable equal replicas', d(10, 10), 10],
    ['maxUnavailable greater than replicas', d(5, 10), 5],
    ['maxUnavailable with replicas is 0', d(0, 10), 0],
    // No replicas in the spec: upstream returns before reading them.
    ['maxUnavailable with Recreate deployment strategy', deployment(undefined, { type: 'Recreate' }), 0],
    ['maxUnavailable less than replicas with percents', d(10, '50%'), 5],
    ['maxUnavailable equal replicas with percents', d(10, '100%'), 10],
    ['maxUnavailable greater than replicas with percents', d(5, '100%'), 5],
  ];
  it.each(rows)('%s', (_name, dep, expected) => {
    expect(maxUnavailable(dep)).toBe(expected);
  });
});

describe('TestMinAvailable', () => {
  const d = (replicas: number, mu: IntOrString): Deployment => deployment(replicas, rolling(1, mu));
  const rows: [string, Deployment, number][] = [
    ['replicas greater than maxUnavailable', d(10, 5), 5],
    ['replicas equal maxUnavailable', d(10, 10), 0],
    ['replicas less than maxUnavailable', d(5, 10), 0],
    ['replicas is 0', d(0, 10), 0],
    ['minAvailable with Recreate deployment strategy', deployment(10, { type: 'Recreate' }), 0],
    ['replicas greater than maxUnavailable with percents', d(10, '60%'), 4],
    ['replicas equal maxUnavailable with percents', d(10, '100%'), 0],
    ['replicas less than maxUnavailable with percents', d(5, '100%'), 0],
  ];
  it.each(rows)('%s', (_name, dep, expected) => {
    expect(minAvailable(dep)).toBe(expected);
  });
});

describe('TestGetReplicaSetFraction', () => {
  const rows: {
    name: string;
    deploymentReplicas: number;
    deploymentStatusReplicas?: number;
    deploymentMaxSurge?: number;
    rsReplicas: number;
    rsAnnotations?: Record<string, string>;
    expectedFraction: number;
  }[] = [
    { name: 'empty deployment always scales to 0', deploymentReplicas: 0, rsReplicas: 10, expectedFraction: -10 },
    {
      name: 'unsynced deployment does not scale when max-replicas annotation is missing (removed by a 3rd party)',
      deploymentReplicas: 10,
      rsReplicas: 5,
      expectedFraction: 0,
    },
    {
      name: 'unsynced deployment does not scale when max-replicas annotation is incorrectly set to 0 (by a 3rd party)',
      deploymentReplicas: 10,
      rsReplicas: 5,
      rsAnnotations: { [MAX_REPLICAS_ANNOTATION]: '0' },
      expectedFraction: 0,
    },
    {
      name: 'scale up by 1/5 should increase RS replicas by 1/5 when max-replicas annotation is missing (removed by a 3rd party)',
      deploymentReplicas: 120,
      deploymentStatusReplicas: 100,
      rsReplicas: 50,
      expectedFraction: 10,
    },
    {
      name: 'scale up by 1/5 should increase RS replicas by 1/5 when max-replicas annotation is incorrectly set to 0 (by a 3rd party)',
      deploymentReplicas: 120,
      deploymentStatusReplicas: 100,
      rsReplicas: 50,
      rsAnnotations: { [MAX_REPLICAS_ANNOTATION]: '0' },
      expectedFraction: 10,
    },
    {
      name: 'scale up by 1/5 should increase RS replicas by 1/5',
      deploymentReplicas: 120,
      rsReplicas: 50,
      rsAnnotations: { [MAX_REPLICAS_ANNOTATION]: '100' },
      expectedFraction: 10,
    },
    {
      name: 'scale up with maxSurge by 1/5 should increase RS replicas approximately by 1/5',
      deploymentReplicas: 120,
      deploymentMaxSurge: 10,
      rsReplicas: 50,
      rsAnnotations: { [MAX_REPLICAS_ANNOTATION]: '110' },
      // Not the whole 1/5 (10): the surge pods scale proportionally too.
      expectedFraction: 9,
    },
    {
      name: 'scale down by 1/6 should decrease RS replicas by 1/6',
      deploymentReplicas: 10,
      rsReplicas: 6,
      rsAnnotations: { [MAX_REPLICAS_ANNOTATION]: '12' },
      expectedFraction: -1,
    },
    {
      name: 'scale down with maxSurge by 1/6 should decrease RS replicas approximately by 1/6',
      deploymentReplicas: 100,
      deploymentMaxSurge: 10,
      rsReplicas: 50,
      rsAnnotations: { [MAX_REPLICAS_ANNOTATION]: '130' },
      expectedFraction: -8,
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const d = deployment(row.deploymentReplicas, rolling(row.deploymentMaxSurge ?? 0, 1), row.deploymentStatusReplicas ?? 0);
      expect(getReplicaSetFraction(replicaSet(row.rsReplicas, row.rsAnnotations), d)).toBe(row.expectedFraction);
    });
  }
});
