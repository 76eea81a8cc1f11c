import { MINUTE, type Pod, type PodCondition, type PodPhase, SECOND } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { calculatePodRequestsFromContainers, calculateRequests } from './calculateRequests.js';
import { groupPods } from './groupPods.js';
import type { PodMetricsInfo } from './metrics/interfaces.js';
import {
  defaultTestingCPUInitializationPeriod,
  defaultTestingDelayOfInitialReadinessStatus,
  NOW,
  testNamespace,
} from './replicaCalculatorTestHarness.js';

// replica_calculator_test.go (v1.34): TestGroupPods, TestCalculateRequests (1.34's
// TestCalculatePodRequests with the pod-level rows) and
// TestCalculatePodRequestsFromContainers_NonExistentContainer. time.Now() is NOW.

function pod(
  name: string,
  status: { phase: PodPhase; startTime?: number; ready?: PodCondition },
  deletionTimestamp?: number,
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(deletionTimestamp !== undefined ? { deletionTimestamp } : {}) },
    spec: { containers: [] },
    status: {
      phase: status.phase,
      ...(status.startTime !== undefined ? { startTime: status.startTime } : {}),
      ...(status.ready !== undefined ? { conditions: [status.ready] } : {}),
    },
  };
}

const ready = (status: 'True' | 'False', lastTransitionTime: number): PodCondition => ({
  type: 'Ready',
  status,
  lastTransitionTime,
});

function metrics(entries: Record<string, { timestamp?: number; window?: number }>): PodMetricsInfo {
  return new Map(Object.entries(entries).map(([k, v]) => [k, { value: 1, timestamp: v.timestamp ?? 0, window: v.window ?? 0 }]));
}

describe('TestGroupPods', () => {
  const tests: {
    name: string;
    pods: Pod[];
    metrics: PodMetricsInfo;
    resource: string;
    expectReadyPodCount: number;
    expectUnreadyPods: string[];
    expectMissingPods: string[];
    expectIgnoredPods: string[];
  }[] = [
    {
      name: 'void',
      pods: [],
      metrics: metrics({}),
      resource: 'cpu',
      expectReadyPodCount: 0,
      expectUnreadyPods: [],
      expectMissingPods: [],
      expectIgnoredPods: [],
    },
    {
      name: 'count in a ready pod - memory',
      pods: [pod('bentham', { phase: 'Succeeded' })],
      metrics: metrics({ bentham: { timestamp: NOW, window: MINUTE } }),
      resource: 'memory',
      expectReadyPodCount: 1,
      expectUnreadyPods: [],
      expectMissingPods: [],
      expectIgnoredPods: [],
    },
    {
      name: 'unready a pod without ready condition - CPU',
      pods: [pod('lucretius', { phase: 'Succeeded', startTime: NOW })],
      metrics: metrics({ lucretius: {} }),
      resource: 'cpu',
      expectReadyPodCount: 0,
      expectUnreadyPods: ['lucretius'],
      expectMissingPods: [],
      expectIgnoredPods: [],
    },
    {
      name: 'count in a ready pod with fresh metrics during initialization period - CPU',
      pods: [pod('bentham', { phase: 'Succeeded', startTime: NOW - MINUTE, ready: ready('True', NOW - 30 * SECOND) })],
      metrics: metrics({ bentham: { timestamp: NOW, window: 30 * SECOND } }),
      resource: 'cpu',
      expectReadyPodCount: 1,
      expectUnreadyPods: [],
      expectMissingPods: [],
      expectIgnoredPods: [],
    },
    {
      name: 'unready a ready pod without fresh metrics during initialization period - CPU',
      pods: [pod('bentham', { phase: 'Succeeded', startTime: NOW - MINUTE, ready: ready('True', NOW - 30 * SECOND) })],
      metrics: metrics({ bentham: { timestamp: NOW, window: 60 * SECOND } }),
      resource: 'cpu',
      expectReadyPodCount: 0,
      expectUnreadyPods: ['bentham'],
      expectMissingPods: [],
      expectIgnoredPods: [],
    },
    {
      name: 'unready an unready pod during initialization period - CPU',
      pods: [
        pod('lucretius', {
          phase: 'Succeeded',
          startTime: NOW - 10 * MINUTE,
          ready: ready('False', NOW - 9 * MINUTE - 54 * SECOND),
        }),
      ],
      metrics: metrics({ lucretius: {} }),
      resource: 'cpu',
      expectReadyPodCount: 0,
      expectUnreadyPods: ['lucretius'],
      expectMissingPods: [],
      expectIgnoredPods: [],
    },
    {
      name: 'count in a ready pod without fresh metrics after initialization period - CPU',
      pods: [pod('bentham', { phase: 'Succeeded', startTime: NOW - 3 * MINUTE, ready: ready('True', NOW - 3 * MINUTE) })],
      metrics: metrics({ bentham: { timestamp: NOW - 2 * MINUTE, window: MINUTE } }),
      resource: 'cpu',
      expectReadyPodCount: 1,
      expectUnreadyPods: [],
      expectMissingPods: [],
      expectIgnoredPods: [],
    },
    {
      name: 'count in an unready pod that was ready after initialization period - CPU',
      pods: [pod('lucretius', { phase: 'Succeeded', startTime: NOW - 10 * MINUTE, ready: ready('False', NOW - 9 * MINUTE) })],
      metrics: metrics({ lucretius: {} }),
      resource: 'cpu',
      expectReadyPodCount: 1,
      expectUnreadyPods: [],
      expectMissingPods: [],
      expectIgnoredPods: [],
    },
    {
      name: 'unready pod that has never been ready after initialization period - CPU',
      pods: [
        pod('lucretius', {
          phase: 'Succeeded',
          startTime: NOW - 10 * MINUTE,
          ready: ready('False', NOW - 9 * MINUTE - 50 * SECOND),
        }),
      ],
      metrics: metrics({ lucretius: {} }),
      resource: 'cpu',
      expectReadyPodCount: 1,
      expectUnreadyPods: [],
      expectMissingPods: [],
      expectIgnoredPods: [],
    },
    {
      name: 'a missing pod',
      pods: [pod('epicurus', { phase: 'Succeeded', startTime: NOW - 3 * MINUTE })],
      metrics: metrics({}),
      resource: 'cpu',
      expectReadyPodCount: 0,
      expectUnreadyPods: [],
      expectMissingPods: ['epicurus'],
      expectIgnoredPods: [],
    },
    {
      name: 'several pods',
      pods: [
        pod('lucretius', { phase: 'Succeeded', startTime: NOW }),
        pod('niccolo', { phase: 'Succeeded', startTime: NOW - 3 * MINUTE, ready: ready('True', NOW - 3 * MINUTE) }),
        pod('epicurus', { phase: 'Succeeded', startTime: NOW - 3 * MINUTE }),
      ],
      metrics: metrics({ lucretius: {}, niccolo: {} }),
      resource: 'cpu',
      expectReadyPodCount: 1,
      expectUnreadyPods: ['lucretius'],
      expectMissingPods: ['epicurus'],
      expectIgnoredPods: [],
    },
    {
      name: 'pending pods are unreadied',
      pods: [pod('unscheduled', { phase: 'Pending' })],
      metrics: metrics({}),
      resource: 'cpu',
      expectReadyPodCount: 0,
      expectUnreadyPods: ['unscheduled'],
      expectMissingPods: [],
      expectIgnoredPods: [],
    },
    {
      name: 'ignore pods with deletion timestamps',
      pods: [pod('deleted', { phase: 'Pending' }, 1000)],
      metrics: metrics({ deleted: {} }),
      resource: 'cpu',
      expectReadyPodCount: 0,
      expectUnreadyPods: [],
      expectMissingPods: [],
      expectIgnoredPods: ['deleted'],
    },
    {
      name: 'ignore pods in a failed state',
      pods: [pod('failed', { phase: 'Failed' })],
      metrics: metrics({ failed: {} }),
      resource: 'cpu',
      expectReadyPodCount: 0,
      expectUnreadyPods: [],
      expectMissingPods: [],
      expectIgnoredPods: ['failed'],
    },
  ];
  for (const tc of tests) {
    it(tc.name, () => {
      const got = groupPods(
        tc.pods,
        tc.metrics,
        tc.resource,
        defaultTestingCPUInitializationPeriod,
        defaultTestingDelayOfInitialReadinessStatus,
        NOW,
      );
      expect(got.readyPodCount).toBe(tc.expectReadyPodCount);
      expect([...got.unreadyPods].sort()).toEqual([...tc.expectUnreadyPods].sort());
      expect([...got.missingPods].sort()).toEqual([...tc.expectMissingPods].sort());
      expect([...got.ignoredPods].sort()).toEqual([...tc.expectIgnoredPods].sort());
    });
  }
});

const testPod = 'test-pod';

function requestsPod(spec: Partial<Pod['spec']>): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: testPod, namespace: testNamespace },
    spec: { containers: [], ...spec },
  };
}

const withCPU = (name: string, cpu: string, extra: Record<string, unknown> = {}) => ({
  name,
  resources: { requests: { cpu } },
  ...extra,
});

describe('TestCalculateRequests', () => {
  // kubesim runs with PodLevelResources on (beta, default in 1.34); the rows upstream runs with the
  // gate off set no pod-level requests, so they give the same answer with it on.
  const tests: {
    name: string;
    pods: Pod[];
    container: string;
    resource: string;
    expectedRequests?: Record<string, number>;
    expectedError?: string;
  }[] = [
    { name: 'void', pods: [], container: '', resource: 'cpu', expectedRequests: {} },
    {
      name: 'Sum container requests if pod-level feature is disabled',
      pods: [requestsPod({ containers: [withCPU('container1', '100m'), withCPU('container2', '50m')] })],
      container: '',
      resource: 'cpu',
      expectedRequests: { [testPod]: 150 },
    },
    {
      name: 'Pod-level resources are enabled, but not set: fallback to sum container requests',
      pods: [requestsPod({ containers: [withCPU('container1', '100m'), withCPU('container2', '50m')] })],
      container: '',
      resource: 'cpu',
      expectedRequests: { [testPod]: 150 },
    },
    {
      name: 'Pod-level resources override container requests when feature enabled and pod resources specified',
      pods: [
        requestsPod({
          resources: { requests: { cpu: '800m' } },
          containers: [withCPU('container1', '100m'), withCPU('container2', '50m')],
        }),
      ],
      container: '',
      resource: 'cpu',
      expectedRequests: { [testPod]: 800 },
    },
    {
      name: 'Fail if at least one of the containers is missing requests and pod-level feature/requests are not set',
      pods: [requestsPod({ containers: [{ name: 'container1' }, withCPU('container2', '50m')] })],
      container: '',
      resource: 'cpu',
      expectedError: `missing request for cpu in container container1 of Pod ${testPod}`,
    },
    {
      name: 'Pod-level resources override missing container requests when feature enabled and pod resources specified',
      pods: [
        requestsPod({
          resources: { requests: { cpu: '800m' } },
          containers: [{ name: 'container1' }, withCPU('container2', '50m')],
        }),
      ],
      container: '',
      resource: 'cpu',
      expectedRequests: { [testPod]: 800 },
    },
    {
      name: 'Container: if a container name is specified, calculate requests only for that container',
      pods: [requestsPod({ containers: [withCPU('container1', '100m'), withCPU('container2', '50m')] })],
      container: 'container1',
      resource: 'cpu',
      expectedRequests: { [testPod]: 100 },
    },
    {
      name: 'Container: if a container name is specified, calculate requests only for that container and ignore pod-level requests',
      pods: [
        requestsPod({
          resources: { requests: { cpu: '800m' } },
          containers: [withCPU('container1', '100m'), withCPU('container2', '50m')],
        }),
      ],
      container: 'container1',
      resource: 'cpu',
      expectedRequests: { [testPod]: 100 },
    },
    {
      name: 'pod with restartable init containers',
      pods: [
        requestsPod({
          containers: [withCPU('container1', '100m')],
          initContainers: [
            withCPU('init-container1', '20m'),
            withCPU('restartable-container1', '50m', { restartPolicy: 'Always' }),
          ],
        }),
      ],
      container: '',
      resource: 'cpu',
      expectedRequests: { [testPod]: 150 },
    },
  ];
  for (const tc of tests) {
    it(tc.name, () => {
      const call = () => calculateRequests(tc.pods, tc.container, tc.resource);
      if (tc.expectedError !== undefined) {
        expect(call).toThrow(tc.expectedError);
        return;
      }
      expect(Object.fromEntries(call())).toEqual(tc.expectedRequests);
    });
  }
});

describe('TestCalculatePodRequestsFromContainers_NonExistentContainer', () => {
  it('runs', () => {
    const p = requestsPod({ containers: [withCPU('container1', '100m')] });
    expect(() => calculatePodRequestsFromContainers(p, 'non-existent-container', 'cpu')).toThrow(
      'container non-existent-container not found in Pod test-pod',
    );
  });
});

// Not upstream: the pod-level rule for a resource the pod level leaves unset (resourcehelpers.PodRequests
// fills it from the containers), and the error when nothing requests it.
describe('calculatePodLevelRequests', () => {
  it('falls back to the containers for a resource the pod level does not set', () => {
    const p = requestsPod({
      resources: { requests: { memory: '1Gi' } },
      containers: [withCPU('a', '100m'), withCPU('b', '50m')],
      initContainers: [withCPU('init', '400m')],
    });
    // max(sum of containers 150m, the init container 400m)
    expect(calculateRequests([p], '', 'cpu').get(testPod)).toBe(400);
  });
  it('fails when neither the pod nor a container requests the resource', () => {
    const p = requestsPod({ resources: { requests: { memory: '1Gi' } }, containers: [{ name: 'a' }] });
    expect(() => calculateRequests([p], '', 'cpu')).toThrow('missing pod-level request for cpu in Pod test-pod');
  });
});
