import { type LabelSelector, labelSelectorAsSelector, MINUTE, type Millis, type Pod, type PodPhase, SECOND } from '@kubesim/core';
import { expect } from 'vitest';
import { resourceMetricsFromItems } from './metrics/client.js';
import { type CrossVersionObjectReference, type MetricsClient, MetricsError } from './metrics/interfaces.js';
import { type PodLister, ReplicaCalculator } from './replicaCalculator.js';
import type { Tolerances } from './tolerances.js';

/**
 * replica_calculator_test.go's harness (v1.34): replicaCalcTestCase describes pods (phase,
 * readiness, start time, deletion, requests) and the metric levels the APIs report; runTest
 * builds a fake pod lister and a fake MetricsClient from it (the resource path runs the same
 * PodMetricsList parsing as viewMetricsClient) and checks one ReplicaCalculator call.
 *
 * Go's time.Now() is NOW; Go's zero time.Time (the fixtures' default start time, condition
 * transition time and metric timestamp) is 0.
 */

export const NOW: Millis = 1_000_000_000;
export const defaultTestingTolerance = 0.1;
export const defaultTestingCPUInitializationPeriod: Millis = 2 * MINUTE;
export const defaultTestingDelayOfInitialReadinessStatus: Millis = 10 * SECOND;
export const testNamespace = 'test-namespace';
export const podNamePrefix = 'test-pod';
export const numContainersPerPod = 2;

export const hotCPUCreationTime = (): Millis => NOW;
export const coolCPUCreationTime = (): Millis => NOW - 3 * MINUTE;

export type MetricType = 'object' | 'objectPerPod' | 'external' | 'externalPerPod' | 'pod';

export interface ResourceInfo {
  name: string;
  requests: string[];
  levels: number[][];
  /** only applies to pod names returned from "heapster" */
  podNames?: string[];
  targetUtilization: number;
  expectedUtilization?: number;
  expectedValue?: number;
}

export interface MetricInfo {
  name: string;
  levels: number[];
  singleObject?: CrossVersionObjectReference;
  selector?: LabelSelector;
  /** Go's zero value of metricType is objectMetric. */
  metricType?: MetricType;
  targetUsage?: number;
  perPodTargetUsage?: number;
  expectedUsage?: number;
}

export interface ReplicaCalcTestCase {
  currentReplicas: number;
  expectedReplicas?: number;
  expectedError?: string;
  timestamp?: Millis;
  tolerances?: Tolerances;
  resource?: ResourceInfo;
  metric?: MetricInfo;
  container?: string;
  podReadiness?: ('True' | 'False')[];
  podStartTime?: Millis[];
  podPhase?: PodPhase[];
  podDeletionTimestamp?: boolean[];
}

export function makePodMetricLevels(...containerMetric: number[]): number[][] {
  return containerMetric.map((m) => Array.from({ length: numContainersPerPod }, () => m));
}

export const testDeploymentRef: CrossVersionObjectReference = {
  kind: 'Deployment',
  apiVersion: 'apps/v1',
  name: 'some-deployment',
};
export const testExternalSelector: LabelSelector = { matchLabels: { label: 'value' } };

/** prepareTestClientSet: the pods the lister returns. */
function testPods(tc: ReplicaCalcTestCase): Pod[] {
  // Failed pods are not included in tc.currentReplicas
  const podsCount = Math.max(tc.currentReplicas, tc.podPhase?.length ?? 0);
  const pods: Pod[] = [];
  for (let i = 0; i < podsCount; i++) {
    const podReadiness = tc.podReadiness !== undefined && i < tc.podReadiness.length ? tc.podReadiness[i] : 'True';
    const request = tc.resource !== undefined && i < tc.resource.requests.length ? tc.resource.requests[i] : undefined;
    const resources = request === undefined ? {} : { resources: { requests: { [tc.resource?.name ?? 'cpu']: request } } };
    pods.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${podNamePrefix}-${i}`,
        namespace: testNamespace,
        labels: { name: podNamePrefix },
        ...(tc.podDeletionTimestamp?.[i] ? { deletionTimestamp: NOW } : {}),
      },
      spec: {
        containers: [
          { name: 'container1', ...resources },
          { name: 'container2', ...resources },
        ],
      },
      status: {
        phase: tc.podPhase?.[i] ?? 'Running',
        startTime: tc.podStartTime?.[i] ?? 0,
        conditions: [{ type: 'Ready', status: podReadiness ?? 'True', lastTransitionTime: 0 }],
      },
    });
  }
  return pods;
}

/** The fake metrics APIs (prepareTestMetricsClient, prepareTestCMClient, prepareTestEMClient). */
function testMetricsClient(tc: ReplicaCalcTestCase): MetricsClient {
  const timestamp = tc.timestamp ?? 0;
  return {
    getResourceMetric(resource, namespace, _selector, container) {
      const res = tc.resource;
      if (res === undefined) {
        throw new MetricsError(
          'unable to fetch metrics from resource metrics API: no pod resource metrics specified in test client',
        );
      }
      const items = res.levels.map((levels, i) => ({
        namespace,
        name: res.podNames?.[i] ?? `${podNamePrefix}-${i}`,
        metrics: {
          timestamp,
          window: MINUTE,
          // The levels are milli-values of the resource under test; every test here is cpu.
          containers: levels.map((m, j) => ({ name: `container${j + 1}`, cpu: m, memory: 0 })),
        },
      }));
      return resourceMetricsFromItems(items, resource, container);
    },
    getRawMetric(metricName) {
      const m = tc.metric;
      if (m === undefined)
        throw new MetricsError('unable to fetch metrics from custom metrics API: no custom metrics specified in test client');
      expect(metricName, 'the metric requested should have matched the one specified').toBe(m.name);
      if (m.levels.length === 0) throw new MetricsError('no metrics returned from custom metrics API');
      return {
        metrics: new Map(m.levels.map((value, i) => [`${podNamePrefix}-${i}`, { timestamp, window: MINUTE, value }])),
        timestamp,
      };
    },
    getObjectMetric(metricName, _namespace, objectRef) {
      const m = tc.metric;
      if (m === undefined)
        throw new MetricsError('unable to fetch metrics from custom metrics API: no custom metrics specified in test client');
      expect(metricName, 'the metric requested should have matched the one specified').toBe(m.name);
      expect(objectRef, 'should have requested metrics for the object passed in').toEqual(m.singleObject);
      return { value: m.levels[0] ?? 0, timestamp };
    },
    getExternalMetric(metricName, _namespace, selector) {
      const m = tc.metric;
      if (m === undefined)
        throw new MetricsError('unable to fetch metrics from external metrics API: no external metrics specified in test client');
      expect(metricName, 'the metric requested should have matched the one specified').toBe(m.name);
      expect(selector?.toString(), 'the metric selector should have matched the one specified').toBe(
        labelSelectorAsSelector(m.selector).toString(),
      );
      if (m.levels.length === 0) throw new MetricsError('no metrics returned from external metrics API');
      return { values: [...m.levels], timestamp };
    },
  };
}

/** runTest: one ReplicaCalculator call and its checks. */
export function runTest(tc: ReplicaCalcTestCase): void {
  const pods = testPods(tc);
  const lister: PodLister = (_namespace, selector) => pods.filter((p) => selector.matches(p.metadata.labels));
  const replicaCalc = new ReplicaCalculator(
    testMetricsClient(tc),
    lister,
    defaultTestingCPUInitializationPeriod,
    defaultTestingDelayOfInitialReadinessStatus,
  );
  const selector = labelSelectorAsSelector({ matchLabels: { name: podNamePrefix } });
  // Use default if tolerances are not specified in the test case.
  const tolerances = tc.tolerances ?? { scaleDown: defaultTestingTolerance, scaleUp: defaultTestingTolerance };
  const timestamp = tc.timestamp ?? 0;

  const expectError = (call: () => unknown): boolean => {
    if (tc.expectedError === undefined) return false;
    expect(call, 'there should be an error calculating the replica count').toThrow(MetricsError);
    expect(call, 'the error message should have contained the expected error message').toThrow(tc.expectedError);
    return true;
  };

  const res = tc.resource;
  if (res !== undefined) {
    const call = () =>
      replicaCalc.getResourceReplicas(
        tc.currentReplicas,
        res.targetUtilization,
        res.name,
        tolerances,
        testNamespace,
        selector,
        tc.container ?? '',
        NOW,
      );
    if (expectError(call)) return;
    const out = call();
    expect(out.replicaCount, 'replicas should be as expected').toBe(tc.expectedReplicas);
    expect(out.utilization, 'utilization should be as expected').toBe(res.expectedUtilization);
    expect(out.rawUtilization, 'raw value should be as expected').toBe(res.expectedValue);
    expect(out.timestamp, 'timestamp should be as expected').toBe(timestamp);
    return;
  }

  const m = tc.metric;
  if (m === undefined) throw new Error('a test case needs a resource or a metric');
  let call: () => { replicaCount: number; usage: number; timestamp: Millis | undefined };
  // Object and External Value targets return Go's zero time (upstream drops the client's timestamp).
  let expectedTimestamp: Millis | undefined = timestamp;
  switch (m.metricType ?? 'object') {
    case 'object': {
      const ref = m.singleObject;
      if (ref === undefined) throw new Error('Metric specified as objectMetric but metric.singleObject is nil.');
      call = () =>
        replicaCalc.getObjectMetricReplicas(
          tc.currentReplicas,
          m.targetUsage ?? 0,
          m.name,
          tolerances,
          testNamespace,
          ref,
          selector,
          undefined,
        );
      expectedTimestamp = undefined;
      break;
    }
    case 'objectPerPod': {
      const ref = m.singleObject;
      if (ref === undefined) throw new Error('Metric specified as objectMetric but metric.singleObject is nil.');
      call = () =>
        replicaCalc.getObjectPerPodMetricReplicas(
          tc.currentReplicas,
          m.perPodTargetUsage ?? 0,
          m.name,
          tolerances,
          testNamespace,
          ref,
          undefined,
        );
      break;
    }
    case 'external':
      if (m.selector === undefined) throw new Error('Metric specified as externalMetric but metric.selector is nil.');
      if ((m.targetUsage ?? 0) <= 0)
        throw new Error(`Metric specified as externalMetric but metric.targetUsage is ${m.targetUsage} which is <=0.`);
      call = () =>
        replicaCalc.getExternalMetricReplicas(
          tc.currentReplicas,
          m.targetUsage ?? 0,
          m.name,
          tolerances,
          testNamespace,
          m.selector,
          selector,
        );
      expectedTimestamp = undefined;
      break;
    case 'externalPerPod':
      if (m.selector === undefined) throw new Error('Metric specified as externalPerPodMetric but metric.selector is nil.');
      if ((m.perPodTargetUsage ?? 0) <= 0) {
        throw new Error(
          `Metric specified as externalPerPodMetric but metric.perPodTargetUsage is ${m.perPodTargetUsage} which is <=0.`,
        );
      }
      call = () =>
        replicaCalc.getExternalPerPodMetricReplicas(
          tc.currentReplicas,
          m.perPodTargetUsage ?? 0,
          m.name,
          tolerances,
          testNamespace,
          m.selector,
        );
      break;
    case 'pod':
      call = () =>
        replicaCalc.getMetricReplicas(
          tc.currentReplicas,
          m.targetUsage ?? 0,
          m.name,
          tolerances,
          testNamespace,
          selector,
          undefined,
          NOW,
        );
      break;
  }
  if (expectError(call)) return;
  const out = call();
  expect(out.replicaCount, 'replicas should be as expected').toBe(tc.expectedReplicas);
  expect(out.usage, 'usage should be as expected').toBe(m.expectedUsage);
  expect(out.timestamp, 'timestamp should be as expected').toBe(expectedTimestamp);
}
