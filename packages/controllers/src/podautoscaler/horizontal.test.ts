import { type Pod, selectorFromSet } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import {
  buildHPA,
  type Cond,
  coolCPUCreationTime,
  expectedOf,
  findCpuUtilization,
  generateScalingRules,
  hotCPUCreationTime,
  NOW,
  observe,
  statusOkWithOverrides,
  type TestCase,
} from './horizontal.fixture.js';
import { tolerancesForHpa } from './horizontal.js';
import type { MetricSpec } from './types.js';

/**
 * Ports of pkg/controller/podautoscaler/horizontal_test.go (v1.34), one describe per Test*,
 * over the testCase harness in horizontal.fixture.ts. What each upstream test asserts through
 * its reactors is asserted on the effects: the scale update (only when the count changes, with
 * the expected count), the status update (desired replicas, conditions with the messages
 * cleared, the CPU utilization), and the Events. Upstream's mock-monitor labels are not ported.
 * The pure normalisation tests are in normalize.test.ts.
 */

function runTest(tc: TestCase): void {
  const v = observe(tc);
  const exp = expectedOf(tc);
  expect(v.scaleUpdated, 'the scale should only be updated if we expected a change in replicas').toBe(exp.scaleUpdated);
  if (v.scaleUpdated) expect(v.scaleReplicas).toBe(exp.desiredReplicas);
  expect(v.statusUpdated, 'the status should have been updated').toBe(true);
  expect(v.status?.desiredReplicas).toBe(exp.desiredReplicas);
  expect(v.conditions).toEqual(exp.conditions);
  if (exp.cpuCurrent !== undefined) expect(findCpuUtilization(v.status)).toBe(exp.cpuCurrent);
  if (tc.verifyEvents === true) {
    const rescales = v.events.filter((e) => e.includes('SuccessfulRescale'));
    expect(rescales.length > 0).toBe(tc.specReplicas !== tc.expectedDesiredReplicas);
    for (const e of rescales) {
      expect(e).toBe(
        `Normal SuccessfulRescale New size: ${tc.expectedDesiredReplicas}; reason: cpu resource utilization (percentage of request) above target`,
      );
    }
    expect(v.events.filter((e) => !e.includes('SuccessfulRescale'))).toEqual([]);
  }
}

const rq = (n: number, q = '1.0'): string[] => Array.from({ length: n }, () => q);
const cond = (type: string, status: 'True' | 'False', reason: string): Cond => ({ type, status, reason });
const qps = (target: string): MetricSpec => ({
  type: 'Pods',
  pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: target } },
});
const objectValue = (value: string): MetricSpec => ({
  type: 'Object',
  object: {
    describedObject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'some-deployment' },
    metric: { name: 'qps' },
    target: { type: 'Value', value },
  },
});
const objectAverage = (averageValue: string, withSelector = false): MetricSpec => ({
  type: 'Object',
  object: {
    describedObject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'some-deployment' },
    metric: { name: 'qps', ...(withSelector ? { selector: {} } : {}) },
    target: { type: 'AverageValue', averageValue },
  },
});
const externalValue = (value: string): MetricSpec => ({
  type: 'External',
  external: { metric: { name: 'qps', selector: {} }, target: { type: 'Value', value } },
});
const externalAverage = (averageValue: string): MetricSpec => ({
  type: 'External',
  external: { metric: { name: 'qps', selector: {} }, target: { type: 'AverageValue', averageValue } },
});
const cheddar: MetricSpec = { type: 'CheddarCheese' };

const cases: Record<string, TestCase> = {
  TestScaleUp: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 5,
    CPUTarget: 30,
    verifyCPUCurrent: true,
    reportedLevels: [300, 500, 700],
    reportedCPURequests: rq(3),
  },
  TestScaleUpContainer: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 5,
    metricsTarget: [
      {
        type: 'ContainerResource',
        containerResource: { name: 'cpu', container: 'container1', target: { type: 'Utilization', averageUtilization: 30 } },
      },
    ],
    reportedLevels: [300, 500, 700],
    reportedCPURequests: rq(3),
  },
  TestScaleUpUnreadyLessScale: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 4,
    CPUTarget: 30,
    CPUCurrent: 60,
    verifyCPUCurrent: true,
    reportedLevels: [300, 500, 700],
    reportedCPURequests: rq(3),
    reportedPodReadiness: ['False', 'True', 'True'],
  },
  TestScaleUpHotCpuLessScale: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 4,
    CPUTarget: 30,
    CPUCurrent: 60,
    verifyCPUCurrent: true,
    reportedLevels: [300, 500, 700],
    reportedCPURequests: rq(3),
    reportedPodStartTime: [hotCPUCreationTime(), coolCPUCreationTime(), coolCPUCreationTime()],
  },
  TestScaleUpUnreadyNoScale: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 3,
    CPUTarget: 30,
    CPUCurrent: 40,
    verifyCPUCurrent: true,
    reportedLevels: [400, 500, 700],
    reportedCPURequests: rq(3),
    reportedPodReadiness: ['True', 'False', 'False'],
    expectedConditions: statusOkWithOverrides(cond('AbleToScale', 'True', 'ReadyForNewScale')),
  },
  TestScaleUpHotCpuNoScale: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 3,
    CPUTarget: 30,
    CPUCurrent: 40,
    verifyCPUCurrent: true,
    reportedLevels: [400, 500, 700],
    reportedCPURequests: rq(3),
    reportedPodReadiness: ['True', 'False', 'False'],
    reportedPodStartTime: [coolCPUCreationTime(), hotCPUCreationTime(), hotCPUCreationTime()],
    expectedConditions: statusOkWithOverrides(cond('AbleToScale', 'True', 'ReadyForNewScale')),
  },
  TestScaleUpIgnoresFailedPods: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 2,
    statusReplicas: 2,
    expectedDesiredReplicas: 4,
    CPUTarget: 30,
    CPUCurrent: 60,
    verifyCPUCurrent: true,
    reportedLevels: [500, 700],
    reportedCPURequests: rq(4),
    reportedPodReadiness: ['True', 'True', 'False', 'False'],
    reportedPodPhase: ['Running', 'Running', 'Failed', 'Failed'],
  },
  TestScaleUpIgnoresDeletionPods: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 2,
    statusReplicas: 2,
    expectedDesiredReplicas: 4,
    CPUTarget: 30,
    CPUCurrent: 60,
    verifyCPUCurrent: true,
    reportedLevels: [500, 700],
    reportedCPURequests: rq(4),
    reportedPodReadiness: ['True', 'True', 'False', 'False'],
    reportedPodPhase: ['Running', 'Running', 'Running', 'Running'],
    reportedPodDeletionTimestamp: [false, false, true, true],
  },
  TestScaleUpDeployment: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 5,
    CPUTarget: 30,
    verifyCPUCurrent: true,
    reportedLevels: [300, 500, 700],
    reportedCPURequests: rq(3),
    resource: { name: 'test-dep', apiVersion: 'apps/v1', kind: 'Deployment' },
  },
  TestScaleUpReplicaSet: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 5,
    CPUTarget: 30,
    verifyCPUCurrent: true,
    reportedLevels: [300, 500, 700],
    reportedCPURequests: rq(3),
    resource: { name: 'test-replicaset', apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  },
  TestScaleUpCM: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 4,
    metricsTarget: [qps('15.0')],
    reportedLevels: [20000, 10000, 30000],
    reportedCPURequests: rq(3),
  },
  TestScaleUpCMUnreadyAndHotCpuNoLessScale: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 6,
    metricsTarget: [qps('15.0')],
    reportedLevels: [50000, 10000, 30000],
    reportedPodReadiness: ['True', 'True', 'False'],
    reportedPodStartTime: [coolCPUCreationTime(), coolCPUCreationTime(), hotCPUCreationTime()],
    reportedCPURequests: rq(3),
  },
  TestScaleUpCMUnreadyandCpuHot: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 6,
    metricsTarget: [qps('15.0')],
    reportedLevels: [50000, 15000, 30000],
    reportedPodReadiness: ['False', 'True', 'False'],
    reportedPodStartTime: [hotCPUCreationTime(), coolCPUCreationTime(), hotCPUCreationTime()],
    reportedCPURequests: rq(3),
    expectedConditions: statusOkWithOverrides(
      cond('AbleToScale', 'True', 'SucceededRescale'),
      cond('ScalingLimited', 'True', 'TooManyReplicas'),
    ),
  },
  TestScaleUpHotCpuNoScaleWouldScaleDown: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 6,
    metricsTarget: [qps('15.0')],
    reportedLevels: [50000, 15000, 30000],
    reportedCPURequests: rq(3),
    reportedPodStartTime: [hotCPUCreationTime(), coolCPUCreationTime(), hotCPUCreationTime()],
    expectedConditions: statusOkWithOverrides(
      cond('AbleToScale', 'True', 'SucceededRescale'),
      cond('ScalingLimited', 'True', 'TooManyReplicas'),
    ),
  },
  TestScaleUpCMObject: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 4,
    metricsTarget: [objectValue('15.0')],
    reportedLevels: [20000],
  },
  TestScaleUpFromZeroCMObject: {
    minReplicas: 0,
    maxReplicas: 6,
    specReplicas: 0,
    statusReplicas: 0,
    expectedDesiredReplicas: 2,
    metricsTarget: [objectValue('15.0')],
    reportedLevels: [20000],
  },
  TestScaleUpFromZeroIgnoresToleranceCMObject: {
    minReplicas: 0,
    maxReplicas: 6,
    specReplicas: 0,
    statusReplicas: 0,
    expectedDesiredReplicas: 1,
    metricsTarget: [objectValue('1.0')],
    reportedLevels: [1000],
  },
  TestScaleUpPerPodCMObject: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 4,
    metricsTarget: [objectAverage('10.0')],
    reportedLevels: [40000],
  },
  TestScaleUpCMExternal: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 4,
    metricsTarget: [externalValue('6666m')],
    reportedLevels: [8600],
  },
  TestScaleUpPerPodCMExternal: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 4,
    metricsTarget: [externalAverage('2222m')],
    reportedLevels: [8600],
  },
  TestScaleDown: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 5,
    statusReplicas: 5,
    expectedDesiredReplicas: 3,
    CPUTarget: 50,
    verifyCPUCurrent: true,
    reportedLevels: [100, 300, 500, 250, 250],
    reportedCPURequests: rq(5),
    recommendations: [],
  },
  TestScaleDownContainerResource: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 5,
    statusReplicas: 5,
    expectedDesiredReplicas: 3,
    reportedLevels: [100, 300, 500, 250, 250],
    reportedCPURequests: rq(5),
    metricsTarget: [
      {
        type: 'ContainerResource',
        containerResource: { container: 'container2', name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
      },
    ],
    recommendations: [],
  },
  TestScaleDownWithScalingRules: {
    minReplicas: 2,
    maxReplicas: 6,
    scaleUpRules: generateScalingRules(0, 0, 100, 15, 30),
    specReplicas: 5,
    statusReplicas: 5,
    expectedDesiredReplicas: 3,
    CPUTarget: 50,
    verifyCPUCurrent: true,
    reportedLevels: [100, 300, 500, 250, 250],
    reportedCPURequests: rq(5),
    recommendations: [],
  },
  TestScaleUpOneMetricInvalid: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 4,
    CPUTarget: 30,
    verifyCPUCurrent: true,
    metricsTarget: [cheddar],
    reportedLevels: [300, 400, 500],
    reportedCPURequests: rq(3),
  },
  TestScaleUpFromZeroOneMetricInvalid: {
    minReplicas: 0,
    maxReplicas: 6,
    specReplicas: 0,
    statusReplicas: 0,
    expectedDesiredReplicas: 4,
    CPUTarget: 30,
    verifyCPUCurrent: true,
    metricsTarget: [cheddar],
    reportedLevels: [300, 400, 500],
    reportedCPURequests: rq(3),
    recommendations: [],
  },
  TestScaleUpBothMetricsEmpty: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 3,
    metricsTarget: [cheddar],
    reportedLevels: [],
    reportedCPURequests: rq(3),
    expectedConditions: [
      cond('AbleToScale', 'True', 'SucceededGetScale'),
      cond('ScalingActive', 'False', 'InvalidMetricSourceType'),
    ],
  },
  TestScaleDownStabilizeInitialSize: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 5,
    statusReplicas: 5,
    expectedDesiredReplicas: 5,
    CPUTarget: 50,
    verifyCPUCurrent: true,
    reportedLevels: [100, 300, 500, 250, 250],
    reportedCPURequests: rq(5),
    expectedConditions: statusOkWithOverrides(
      cond('AbleToScale', 'True', 'ReadyForNewScale'),
      cond('AbleToScale', 'True', 'ScaleDownStabilized'),
    ),
  },
  TestScaleDownCM: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 5,
    statusReplicas: 5,
    expectedDesiredReplicas: 3,
    metricsTarget: [qps('20.0')],
    reportedLevels: [12000, 12000, 12000, 12000, 12000],
    reportedCPURequests: rq(5),
    recommendations: [],
  },
  TestScaleDownCMObject: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 5,
    statusReplicas: 5,
    expectedDesiredReplicas: 3,
    metricsTarget: [objectValue('20.0')],
    reportedLevels: [12000],
    reportedCPURequests: rq(5),
    recommendations: [],
  },
  TestScaleDownToZeroCMObject: {
    minReplicas: 0,
    maxReplicas: 6,
    specReplicas: 5,
    statusReplicas: 5,
    expectedDesiredReplicas: 0,
    metricsTarget: [objectValue('20.0')],
    reportedLevels: [0],
    reportedCPURequests: rq(5),
    recommendations: [],
  },
  TestScaleDownPerPodCMObject: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 5,
    statusReplicas: 5,
    expectedDesiredReplicas: 3,
    metricsTarget: [objectAverage('20.0')],
    reportedLevels: [60000],
    reportedCPURequests: rq(5),
    recommendations: [],
  },
  TestScaleDownCMExternal: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 5,
    statusReplicas: 5,
    expectedDesiredReplicas: 3,
    metricsTarget: [externalValue('14400m')],
    reportedLevels: [8600],
    recommendations: [],
  },
  TestScaleDownToZeroCMExternal: {
    minReplicas: 0,
    maxReplicas: 6,
    specReplicas: 5,
    statusReplicas: 5,
    expectedDesiredReplicas: 0,
    metricsTarget: [externalValue('14400m')],
    reportedLevels: [0],
    recommendations: [],
  },
  TestScaleDownPerPodCMExternal: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 5,
    statusReplicas: 5,
    expectedDesiredReplicas: 3,
    metricsTarget: [externalAverage('3000m')],
    reportedLevels: [8600],
    recommendations: [],
  },
  TestScaleDownIncludeUnreadyPods: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 5,
    statusReplicas: 5,
    expectedDesiredReplicas: 2,
    CPUTarget: 50,
    CPUCurrent: 30,
    verifyCPUCurrent: true,
    reportedLevels: [100, 300, 500, 250, 250],
    reportedCPURequests: rq(5),
    reportedPodReadiness: ['True', 'True', 'True', 'False', 'False'],
    recommendations: [],
  },
  TestScaleDownIgnoreHotCpuPods: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 5,
    statusReplicas: 5,
    expectedDesiredReplicas: 2,
    CPUTarget: 50,
    CPUCurrent: 30,
    verifyCPUCurrent: true,
    reportedLevels: [100, 300, 500, 250, 250],
    reportedCPURequests: rq(5),
    reportedPodStartTime: [
      coolCPUCreationTime(),
      coolCPUCreationTime(),
      coolCPUCreationTime(),
      hotCPUCreationTime(),
      hotCPUCreationTime(),
    ],
    recommendations: [],
  },
  TestScaleDownIgnoresFailedPods: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 5,
    statusReplicas: 5,
    expectedDesiredReplicas: 3,
    CPUTarget: 50,
    CPUCurrent: 28,
    verifyCPUCurrent: true,
    reportedLevels: [100, 300, 500, 250, 250],
    reportedCPURequests: rq(7),
    reportedPodReadiness: ['True', 'True', 'True', 'True', 'True', 'False', 'False'],
    reportedPodPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Failed', 'Failed'],
    recommendations: [],
  },
  TestScaleDownIgnoresDeletionPods: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 5,
    statusReplicas: 5,
    expectedDesiredReplicas: 3,
    CPUTarget: 50,
    CPUCurrent: 28,
    verifyCPUCurrent: true,
    reportedLevels: [100, 300, 500, 250, 250],
    reportedCPURequests: rq(7),
    reportedPodReadiness: ['True', 'True', 'True', 'True', 'True', 'False', 'False'],
    reportedPodPhase: rq(7, 'Running') as 'Running'[],
    reportedPodDeletionTimestamp: [false, false, false, false, false, true, true],
    recommendations: [],
  },
  TestTolerance: {
    minReplicas: 1,
    maxReplicas: 5,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 3,
    CPUTarget: 100,
    reportedLevels: [1010, 1030, 1020],
    reportedCPURequests: ['0.9', '1.0', '1.1'],
    expectedConditions: statusOkWithOverrides(cond('AbleToScale', 'True', 'ReadyForNewScale')),
  },
  TestToleranceCM: {
    minReplicas: 1,
    maxReplicas: 5,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 3,
    metricsTarget: [qps('20.0')],
    reportedLevels: [20000, 20001, 21000],
    reportedCPURequests: ['0.9', '1.0', '1.1'],
    expectedConditions: statusOkWithOverrides(cond('AbleToScale', 'True', 'ReadyForNewScale')),
  },
  TestToleranceCMObject: {
    minReplicas: 1,
    maxReplicas: 5,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 3,
    metricsTarget: [objectValue('20.0')],
    reportedLevels: [20050],
    reportedCPURequests: ['0.9', '1.0', '1.1'],
    expectedConditions: statusOkWithOverrides(cond('AbleToScale', 'True', 'ReadyForNewScale')),
  },
  TestToleranceCMExternal: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 4,
    statusReplicas: 4,
    expectedDesiredReplicas: 4,
    metricsTarget: [externalValue('8666m')],
    reportedLevels: [8600],
    expectedConditions: statusOkWithOverrides(cond('AbleToScale', 'True', 'ReadyForNewScale')),
  },
  TestTolerancePerPodCMObject: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 4,
    statusReplicas: 4,
    expectedDesiredReplicas: 4,
    metricsTarget: [objectAverage('2200m', true)],
    reportedLevels: [8600],
    expectedConditions: statusOkWithOverrides(cond('AbleToScale', 'True', 'ReadyForNewScale')),
  },
  TestTolerancePerPodCMExternal: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 4,
    statusReplicas: 4,
    expectedDesiredReplicas: 4,
    metricsTarget: [externalAverage('2200m')],
    reportedLevels: [8600],
    expectedConditions: statusOkWithOverrides(cond('AbleToScale', 'True', 'ReadyForNewScale')),
  },
  TestMinReplicas: {
    minReplicas: 2,
    maxReplicas: 5,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 2,
    CPUTarget: 90,
    reportedLevels: [10, 95, 10],
    reportedCPURequests: ['0.9', '1.0', '1.1'],
    expectedConditions: statusOkWithOverrides(cond('ScalingLimited', 'True', 'TooFewReplicas')),
    recommendations: [],
  },
  TestZeroMinReplicasDesiredZero: {
    minReplicas: 0,
    maxReplicas: 5,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 0,
    CPUTarget: 90,
    reportedLevels: [0, 0, 0],
    reportedCPURequests: ['0.9', '1.0', '1.1'],
    expectedConditions: statusOkWithOverrides(cond('ScalingLimited', 'False', 'DesiredWithinRange')),
    recommendations: [],
  },
  TestMinReplicasDesiredZero: {
    minReplicas: 2,
    maxReplicas: 5,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 2,
    CPUTarget: 90,
    reportedLevels: [0, 0, 0],
    reportedCPURequests: ['0.9', '1.0', '1.1'],
    expectedConditions: statusOkWithOverrides(cond('ScalingLimited', 'True', 'TooFewReplicas')),
    recommendations: [],
  },
  TestZeroReplicas: {
    minReplicas: 3,
    maxReplicas: 5,
    specReplicas: 0,
    statusReplicas: 0,
    expectedDesiredReplicas: 0,
    CPUTarget: 90,
    reportedLevels: [],
    reportedCPURequests: [],
    expectedConditions: [cond('AbleToScale', 'True', 'SucceededGetScale'), cond('ScalingActive', 'False', 'ScalingDisabled')],
  },
  TestTooFewReplicas: {
    minReplicas: 3,
    maxReplicas: 5,
    specReplicas: 2,
    statusReplicas: 2,
    expectedDesiredReplicas: 3,
    CPUTarget: 90,
    reportedLevels: [],
    reportedCPURequests: [],
    expectedConditions: [cond('AbleToScale', 'True', 'SucceededRescale')],
  },
  TestTooManyReplicas: {
    minReplicas: 3,
    maxReplicas: 5,
    specReplicas: 10,
    statusReplicas: 10,
    expectedDesiredReplicas: 5,
    CPUTarget: 90,
    reportedLevels: [],
    reportedCPURequests: [],
    expectedConditions: [cond('AbleToScale', 'True', 'SucceededRescale')],
  },
  TestMaxReplicas: {
    minReplicas: 2,
    maxReplicas: 5,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 5,
    CPUTarget: 90,
    reportedLevels: [8000, 9500, 1000],
    reportedCPURequests: ['0.9', '1.0', '1.1'],
    expectedConditions: statusOkWithOverrides(cond('ScalingLimited', 'True', 'TooManyReplicas')),
  },
  TestSuperfluousMetrics: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 4,
    statusReplicas: 4,
    expectedDesiredReplicas: 6,
    CPUTarget: 100,
    reportedLevels: [4000, 9500, 3000, 7000, 3200, 2000],
    reportedCPURequests: rq(4),
    expectedConditions: statusOkWithOverrides(cond('ScalingLimited', 'True', 'TooManyReplicas')),
  },
  TestMissingMetrics: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 4,
    statusReplicas: 4,
    expectedDesiredReplicas: 3,
    CPUTarget: 100,
    reportedLevels: [400, 95],
    reportedCPURequests: rq(4),
    recommendations: [],
  },
  TestEmptyMetrics: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 4,
    statusReplicas: 4,
    expectedDesiredReplicas: 4,
    CPUTarget: 100,
    reportedLevels: [],
    reportedCPURequests: rq(4),
    expectedConditions: [
      cond('AbleToScale', 'True', 'SucceededGetScale'),
      cond('ScalingActive', 'False', 'FailedGetResourceMetric'),
    ],
  },
  TestEmptyCPURequest: {
    minReplicas: 1,
    maxReplicas: 5,
    specReplicas: 1,
    statusReplicas: 1,
    expectedDesiredReplicas: 1,
    CPUTarget: 100,
    reportedLevels: [200],
    reportedCPURequests: [],
    expectedConditions: [
      cond('AbleToScale', 'True', 'SucceededGetScale'),
      cond('ScalingActive', 'False', 'FailedGetResourceMetric'),
    ],
  },
  TestEventCreated: {
    minReplicas: 1,
    maxReplicas: 5,
    specReplicas: 1,
    statusReplicas: 1,
    expectedDesiredReplicas: 2,
    CPUTarget: 50,
    reportedLevels: [200],
    reportedCPURequests: ['0.2'],
    verifyEvents: true,
  },
  TestEventNotCreated: {
    minReplicas: 1,
    maxReplicas: 5,
    specReplicas: 2,
    statusReplicas: 2,
    expectedDesiredReplicas: 2,
    CPUTarget: 50,
    reportedLevels: [200, 200],
    reportedCPURequests: ['0.4', '0.4'],
    verifyEvents: true,
    expectedConditions: statusOkWithOverrides(cond('AbleToScale', 'True', 'ReadyForNewScale')),
  },
  TestMissingReports: {
    minReplicas: 1,
    maxReplicas: 5,
    specReplicas: 4,
    statusReplicas: 4,
    expectedDesiredReplicas: 2,
    CPUTarget: 50,
    reportedLevels: [200],
    reportedCPURequests: ['0.2'],
    recommendations: [],
  },
  TestUpscaleCap: {
    minReplicas: 1,
    maxReplicas: 100,
    specReplicas: 3,
    statusReplicas: 3,
    scaleUpRules: generateScalingRules(0, 0, 700, 60, 0),
    expectedDesiredReplicas: 24,
    CPUTarget: 10,
    reportedLevels: [100, 200, 300],
    reportedCPURequests: rq(3, '0.1'),
    expectedConditions: statusOkWithOverrides(cond('ScalingLimited', 'True', 'ScaleUpLimit')),
  },
  TestUpscaleCapGreaterThanMaxReplicas: {
    minReplicas: 1,
    maxReplicas: 20,
    specReplicas: 3,
    statusReplicas: 3,
    scaleUpRules: generateScalingRules(0, 0, 700, 60, 0),
    expectedDesiredReplicas: 20,
    CPUTarget: 10,
    reportedLevels: [100, 200, 300],
    reportedCPURequests: rq(3, '0.1'),
    expectedConditions: statusOkWithOverrides(cond('ScalingLimited', 'True', 'TooManyReplicas')),
  },
  TestMoreReplicasThanSpecNoScale: {
    minReplicas: 1,
    maxReplicas: 8,
    specReplicas: 4,
    statusReplicas: 5,
    expectedDesiredReplicas: 4,
    CPUTarget: 50,
    reportedLevels: [500, 500, 500, 500, 500],
    reportedCPURequests: rq(5, '1'),
    expectedConditions: statusOkWithOverrides(cond('AbleToScale', 'True', 'ReadyForNewScale')),
  },
  TestNoBackoffUpscaleCM: {
    minReplicas: 1,
    maxReplicas: 5,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 4,
    metricsTarget: [qps('15.0')],
    reportedLevels: [20000, 10000, 30000],
    reportedCPURequests: rq(3),
    lastScaleTime: NOW,
    expectedConditions: statusOkWithOverrides(
      cond('AbleToScale', 'True', 'ReadyForNewScale'),
      cond('AbleToScale', 'True', 'SucceededRescale'),
      cond('ScalingLimited', 'False', 'DesiredWithinRange'),
    ),
  },
  TestNoBackoffUpscaleCMNoBackoffCpu: {
    minReplicas: 1,
    maxReplicas: 5,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 5,
    CPUTarget: 10,
    metricsTarget: [qps('15.0')],
    reportedLevels: [20000, 10000, 30000],
    reportedCPURequests: rq(3),
    lastScaleTime: NOW,
    expectedConditions: statusOkWithOverrides(
      cond('AbleToScale', 'True', 'ReadyForNewScale'),
      cond('AbleToScale', 'True', 'SucceededRescale'),
      cond('ScalingLimited', 'True', 'TooManyReplicas'),
    ),
  },
  TestStabilizeDownscale: {
    minReplicas: 1,
    maxReplicas: 5,
    specReplicas: 4,
    statusReplicas: 4,
    expectedDesiredReplicas: 4,
    CPUTarget: 100,
    reportedLevels: [50, 50, 50],
    reportedCPURequests: rq(3, '0.1'),
    expectedConditions: statusOkWithOverrides(
      cond('AbleToScale', 'True', 'ReadyForNewScale'),
      cond('AbleToScale', 'True', 'ScaleDownStabilized'),
    ),
    recommendations: [
      { recommendation: 10, timestamp: NOW - 10 * 60_000 },
      { recommendation: 4, timestamp: NOW - 60_000 },
    ],
  },
  TestScaleUpRCImmediately: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 1,
    statusReplicas: 1,
    expectedDesiredReplicas: 2,
    verifyCPUCurrent: false,
    reportedLevels: [0, 0, 0, 0],
    reportedCPURequests: rq(4),
    lastScaleTime: NOW,
    expectedConditions: [cond('AbleToScale', 'True', 'SucceededRescale')],
  },
  TestScaleDownRCImmediately: {
    minReplicas: 2,
    maxReplicas: 5,
    specReplicas: 6,
    statusReplicas: 6,
    expectedDesiredReplicas: 5,
    CPUTarget: 50,
    reportedLevels: [8000, 9500, 1000],
    reportedCPURequests: ['0.9', '1.0', '1.1'],
    lastScaleTime: NOW,
    expectedConditions: [cond('AbleToScale', 'True', 'SucceededRescale')],
  },
  TestScaleUpOneMetricEmpty: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 4,
    CPUTarget: 30,
    verifyCPUCurrent: true,
    metricsTarget: [externalValue('100m')],
    reportedLevels: [300, 400, 500],
    reportedCPURequests: rq(3),
    failExternalMetrics: true,
  },
  TestNoScaleDownOneMetricInvalid: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 5,
    statusReplicas: 5,
    expectedDesiredReplicas: 5,
    CPUTarget: 50,
    metricsTarget: [cheddar],
    reportedLevels: [100, 300, 500, 250, 250],
    reportedCPURequests: rq(5),
    recommendations: [],
    expectedConditions: [
      cond('AbleToScale', 'True', 'SucceededGetScale'),
      cond('ScalingActive', 'False', 'InvalidMetricSourceType'),
    ],
  },
  TestNoScaleDownOneMetricEmpty: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 5,
    statusReplicas: 5,
    expectedDesiredReplicas: 5,
    CPUTarget: 50,
    metricsTarget: [externalValue('1')],
    reportedLevels: [100, 300, 500, 250, 250],
    reportedCPURequests: rq(5),
    recommendations: [],
    failExternalMetrics: true,
    expectedConditions: [
      cond('AbleToScale', 'True', 'SucceededGetScale'),
      cond('ScalingActive', 'False', 'FailedGetExternalMetric'),
    ],
  },
  TestConditionInvalidSourceType: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 3,
    metricsTarget: [cheddar],
    reportedLevels: [20000],
    expectedConditions: [
      cond('AbleToScale', 'True', 'SucceededGetScale'),
      cond('ScalingActive', 'False', 'InvalidMetricSourceType'),
    ],
  },
  TestConditionFailedUpdateScale: {
    minReplicas: 1,
    maxReplicas: 5,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 3,
    CPUTarget: 100,
    reportedLevels: [150, 150, 150],
    reportedCPURequests: rq(3, '0.1'),
    failScaleUpdate: true,
    expectedConditions: statusOkWithOverrides(cond('AbleToScale', 'False', 'FailedUpdateScale')),
  },
};

for (const [name, tc] of Object.entries(cases)) {
  describe(name, () => {
    it('reconciles as upstream', () => runTest(tc));
  });
}

const selectorBase: Omit<TestCase, 'expectedDesiredReplicas'> = {
  minReplicas: 1,
  maxReplicas: 100,
  specReplicas: 3,
  statusReplicas: 3,
  CPUTarget: 10,
  reportedLevels: [100, 200, 300],
  reportedCPURequests: rq(3, '0.1'),
};
const invalidSelector = [cond('AbleToScale', 'True', 'SucceededGetScale'), cond('ScalingActive', 'False', 'InvalidSelector')];
const ref = { kind: 'ReplicationController' as const, namespace: 'test-namespace', name: 'test-rc' };

describe('TestConditionInvalidSelectorMissing', () => {
  it('a scale without a selector: SelectorRequired', () => {
    const tc: TestCase = {
      ...selectorBase,
      expectedDesiredReplicas: 3,
      expectedConditions: invalidSelector,
      scaleOverride: { scale: { specReplicas: 3, statusReplicas: 3, selector: '' }, ref },
    };
    runTest(tc);
    expect(observe(tc).events).toContain('Warning SelectorRequired selector is required');
  });
});

describe('TestConditionInvalidSelectorUnparsable', () => {
  it('a selector that does not parse: InvalidSelector', () => {
    const tc: TestCase = {
      ...selectorBase,
      expectedDesiredReplicas: 3,
      expectedConditions: invalidSelector,
      scaleOverride: { scale: { specReplicas: 3, statusReplicas: 3, selector: 'cheddar cheese' }, ref },
    };
    runTest(tc);
    expect(
      observe(tc).events.some((e) =>
        e.startsWith("Warning InvalidSelector couldn't convert selector into a corresponding internal selector object: "),
      ),
    ).toBe(true);
  });
});

const ambiguous = [cond('AbleToScale', 'True', 'SucceededGetScale'), cond('ScalingActive', 'False', 'AmbiguousSelector')];
const upBase: Omit<TestCase, 'expectedDesiredReplicas'> = {
  minReplicas: 2,
  maxReplicas: 6,
  specReplicas: 3,
  statusReplicas: 3,
  CPUTarget: 30,
  reportedLevels: [300, 500, 700],
  reportedCPURequests: rq(3),
};

describe('TestConditionNoAmbiguousSelectorWhenNoSelectorOverlapBetweenHPAs', () => {
  it('scales', () =>
    runTest({
      ...upBase,
      expectedDesiredReplicas: 5,
      hpaSelectors: new Map([['test-namespace/test-hpa-2', selectorFromSet({ cheddar: 'cheese' })]]),
    }));
});

describe('TestConditionAmbiguousSelectorWhenFullSelectorOverlapBetweenHPAs', () => {
  it('does not scale', () => {
    const tc: TestCase = {
      ...upBase,
      expectedDesiredReplicas: 3,
      expectedConditions: ambiguous,
      hpaSelectors: new Map([['test-namespace/test-hpa-2', selectorFromSet({ name: 'test-pod' })]]),
    };
    runTest(tc);
    expect(observe(tc).events).toContain(
      'Warning AmbiguousSelector pods by selector name=test-pod are controlled by multiple HPAs: [test-namespace/test-hpa test-namespace/test-hpa-2]',
    );
  });
});

describe('TestConditionAmbiguousSelectorWhenPartialSelectorOverlapBetweenHPAs', () => {
  it('does not scale', () => {
    const podsOverride = [0, 1, 2].map(
      (i) =>
        ({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `test-pod-${i}`, namespace: 'test-namespace', labels: { name: 'test-pod', cheddar: 'cheese' } },
          spec: { containers: [] },
        }) as Pod,
    );
    runTest({
      ...upBase,
      expectedDesiredReplicas: 3,
      expectedConditions: ambiguous,
      podsOverride,
      hpaSelectors: new Map([['test-namespace/test-hpa-2', selectorFromSet({ cheddar: 'cheese' })]]),
    });
  });
});

describe('TestConditionFailedGetMetrics', () => {
  const metricsTargets: Record<string, MetricSpec[] | undefined> = {
    FailedGetResourceMetric: undefined,
    FailedGetPodsMetric: [qps('15.0')],
    FailedGetObjectMetric: [objectValue('15.0')],
    FailedGetExternalMetric: [externalValue('300m')],
  };
  for (const [reason, specs] of Object.entries(metricsTargets)) {
    it(reason, () =>
      runTest({
        ...selectorBase,
        expectedDesiredReplicas: 3,
        failMetrics: true,
        CPUTarget: specs === undefined ? 10 : 0,
        ...(specs !== undefined ? { metricsTarget: specs } : {}),
        expectedConditions: [cond('AbleToScale', 'True', 'SucceededGetScale'), cond('ScalingActive', 'False', reason)],
      }),
    );
  }
});

describe('TestConditionFailedGetScale', () => {
  it('FailedGetScale', () => {
    const tc: TestCase = {
      ...selectorBase,
      expectedDesiredReplicas: 3,
      expectedConditions: [cond('AbleToScale', 'False', 'FailedGetScale')],
      scaleOverride: { error: 'something went wrong', stage: 'get' },
    };
    runTest(tc);
    const out = observe(tc);
    expect(out.events).toEqual(['Warning FailedGetScale something went wrong']);
    expect(out.output.error).toBe(
      'failed to query scale subresource for ReplicationController/test-namespace/test-rc: something went wrong',
    );
  });
});

describe('TestComputedToleranceAlgImplementation', () => {
  const startPods = 10;
  // 150 mCPU per pod, each pod asking for twice what it uses.
  const totalUsedCPUOfAllPods = startPods * 150;
  const totalRequestedCPUOfAllPods = 2 * totalUsedCPUOfAllPods;
  const requestedToUsed = Math.trunc(totalRequestedCPUOfAllPods / totalUsedCPUOfAllPods);
  const perPodRequested = totalRequestedCPUOfAllPods / startPods;
  const requests = [100, -100, 10, -10, 2, -2, 1, -1, 0, 0].map((d) => `${perPodRequested + d}m`);
  const levels = Array.from({ length: 10 }, () => totalUsedCPUOfAllPods / 10);
  it('a minimal scale-down just past the tolerance', () => {
    const target = Math.abs(1 / (requestedToUsed * (1 - 0.1))) + 0.01;
    const finalCPUPercentTarget = Math.trunc(target * 100);
    const resourcesUsedRatio = totalUsedCPUOfAllPods / (totalRequestedCPUOfAllPods * target);
    const finalPods = Math.ceil(resourcesUsedRatio * startPods);
    runTest({
      minReplicas: 0,
      maxReplicas: 1000,
      specReplicas: startPods,
      statusReplicas: startPods,
      expectedDesiredReplicas: finalPods,
      CPUTarget: finalCPUPercentTarget,
      reportedLevels: levels,
      reportedCPURequests: requests,
      recommendations: [],
    });
  });
  it('no scale just within the tolerance', () => {
    const target = Math.abs(1 / (requestedToUsed * (1 - 0.1))) + 0.004;
    const finalCPUPercentTarget = Math.trunc(target * 100);
    runTest({
      minReplicas: 0,
      maxReplicas: 1000,
      specReplicas: startPods,
      statusReplicas: startPods,
      expectedDesiredReplicas: startPods,
      CPUTarget: finalCPUPercentTarget,
      reportedLevels: levels,
      reportedCPURequests: requests,
      recommendations: [],
      expectedConditions: statusOkWithOverrides(cond('AbleToScale', 'True', 'ReadyForNewScale')),
    });
  });
});

describe('TestAvoidUnnecessaryUpdates', () => {
  it('no status write when nothing changed', () => {
    const lastScaleTime = NOW - 3600_000;
    const tc: TestCase = {
      minReplicas: 2,
      maxReplicas: 6,
      specReplicas: 2,
      statusReplicas: 2,
      expectedDesiredReplicas: 2,
      CPUTarget: 30,
      CPUCurrent: 40,
      reportedLevels: [400, 500, 700],
      reportedCPURequests: rq(3),
      reportedPodStartTime: [coolCPUCreationTime(), hotCPUCreationTime(), hotCPUCreationTime()],
      lastScaleTime,
      recommendations: [],
      hpaOverride: {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'test-hpa', namespace: 'test-namespace', uid: 'hpa-uid' },
        spec: {
          scaleTargetRef: { kind: 'ReplicationController', name: 'test-rc', apiVersion: 'v1' },
          // Upstream's TODO: the target is 80, not tc.CPUTarget; downscale stabilisation keeps the count.
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
          minReplicas: 2,
          maxReplicas: 6,
        },
        status: {
          currentReplicas: 2,
          desiredReplicas: 2,
          lastScaleTime,
          currentMetrics: [
            { type: 'Resource', resource: { name: 'cpu', current: { averageValue: '400m', averageUtilization: 40 } } },
          ],
          conditions: [
            {
              type: 'AbleToScale',
              status: 'True',
              lastTransitionTime: lastScaleTime,
              reason: 'ReadyForNewScale',
              message: 'recommended size matches current size',
            },
            {
              type: 'ScalingActive',
              status: 'True',
              lastTransitionTime: lastScaleTime,
              reason: 'ValidMetricFound',
              message:
                'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
            },
            {
              type: 'ScalingLimited',
              status: 'True',
              lastTransitionTime: lastScaleTime,
              reason: 'TooFewReplicas',
              message: 'the desired replica count is less than the minimum replica count',
            },
          ],
        },
      },
    };
    const v = observe(tc);
    expect(v.scaleUpdated).toBe(false);
    expect(v.statusUpdated, 'should not have attempted to update the HPA when nothing changed').toBe(false);
  });
});

describe('TestMultipleHPAs', () => {
  it.skip('1000 HPAs through the controller: exercises upstream work queue and workers, not the reconcile (the engine runs the controller in test/hpa.test.ts)', () => {});
});

describe('tolerancesForHpa (kubesim: HPAConfigurableTolerance, alpha in 1.34)', () => {
  const hpa = buildHPA({
    minReplicas: 1,
    maxReplicas: 5,
    specReplicas: 1,
    statusReplicas: 1,
    expectedDesiredReplicas: 1,
    scaleUpRules: { tolerance: '50m' },
    scaleDownRules: { tolerance: '0.2' },
  });
  it('the flag both ways while the gate is off', () => {
    expect(tolerancesForHpa(hpa, { tolerance: 0.1, downscaleStabilisationWindow: 0 })).toEqual({ scaleDown: 0.1, scaleUp: 0.1 });
  });
  it("the HPA's own per direction with the gate on", () => {
    expect(tolerancesForHpa(hpa, { tolerance: 0.1, downscaleStabilisationWindow: 0, configurableTolerance: true })).toEqual({
      scaleDown: 0.2,
      scaleUp: 0.05,
    });
  });
});
