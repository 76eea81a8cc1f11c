import { describe, it } from 'vitest';
import {
  coolCPUCreationTime,
  defaultTestingTolerance,
  hotCPUCreationTime,
  makePodMetricLevels,
  numContainersPerPod,
  type ReplicaCalcTestCase,
  runTest,
  testDeploymentRef,
  testExternalSelector,
} from './replicaCalculatorTestHarness.js';

// pkg/controller/podautoscaler/replica_calculator_test.go (v1.34): every Test* function
// under its upstream name, one `it` each. groupPods and the request rules are in
// replicaCalculator.pods.test.ts.

const cpu = (n: number, q = '1.0') => Array.from({ length: n }, () => q);

function test(name: string, tc: ReplicaCalcTestCase): void {
  describe(name, () => {
    it('runs', () => runTest(tc));
  });
}

test('TestReplicaCalcDisjointResourcesMetrics', {
  currentReplicas: 1,
  expectedError: 'no metrics returned matched known pods',
  resource: {
    name: 'cpu',
    requests: cpu(1),
    levels: makePodMetricLevels(100),
    podNames: ['an-older-pod-name'],
    targetUtilization: 100,
  },
});

test('TestReplicaCalcScaleUp', {
  currentReplicas: 3,
  expectedReplicas: 5,
  resource: {
    name: 'cpu',
    requests: cpu(3),
    levels: makePodMetricLevels(300, 500, 700),
    targetUtilization: 30,
    expectedUtilization: 50,
    expectedValue: numContainersPerPod * 500,
  },
});

test('TestReplicaCalcContainerScaleUp', {
  currentReplicas: 3,
  expectedReplicas: 5,
  resource: {
    name: 'cpu',
    requests: cpu(3),
    levels: [
      [1000, 300],
      [1000, 500],
      [1000, 700],
    ],
    targetUtilization: 30,
    expectedUtilization: 50,
    expectedValue: 500,
  },
  container: 'container2',
});

test('TestReplicaCalcScaleUpUnreadyLessScale', {
  currentReplicas: 3,
  expectedReplicas: 4,
  podReadiness: ['False', 'True', 'True'],
  resource: {
    name: 'cpu',
    requests: cpu(3),
    levels: makePodMetricLevels(300, 500, 700),
    targetUtilization: 30,
    expectedUtilization: 60,
    expectedValue: numContainersPerPod * 600,
  },
});

test('TestReplicaCalcScaleUpContainerHotCpuLessScale', {
  currentReplicas: 3,
  expectedReplicas: 4,
  podStartTime: [hotCPUCreationTime(), coolCPUCreationTime(), coolCPUCreationTime()],
  resource: {
    name: 'cpu',
    requests: cpu(3),
    levels: [
      [0, 300],
      [0, 500],
      [0, 700],
    ],
    targetUtilization: 30,
    expectedUtilization: 60,
    expectedValue: 600,
  },
  container: 'container2',
});

test('TestReplicaCalcScaleUpHotCpuLessScale', {
  currentReplicas: 3,
  expectedReplicas: 4,
  podStartTime: [hotCPUCreationTime(), coolCPUCreationTime(), coolCPUCreationTime()],
  resource: {
    name: 'cpu',
    requests: cpu(3),
    levels: makePodMetricLevels(300, 500, 700),
    targetUtilization: 30,
    expectedUtilization: 60,
    expectedValue: numContainersPerPod * 600,
  },
});

test('TestReplicaCalcScaleUpUnreadyNoScale', {
  currentReplicas: 3,
  expectedReplicas: 3,
  podReadiness: ['True', 'False', 'False'],
  resource: {
    name: 'cpu',
    requests: cpu(3),
    levels: makePodMetricLevels(400, 500, 700),
    targetUtilization: 30,
    expectedUtilization: 40,
    expectedValue: numContainersPerPod * 400,
  },
});

test('TestReplicaCalcScaleHotCpuNoScale', {
  currentReplicas: 3,
  expectedReplicas: 3,
  podReadiness: ['True', 'False', 'False'],
  podStartTime: [coolCPUCreationTime(), hotCPUCreationTime(), hotCPUCreationTime()],
  resource: {
    name: 'cpu',
    requests: cpu(3),
    levels: makePodMetricLevels(400, 500, 700),
    targetUtilization: 30,
    expectedUtilization: 40,
    expectedValue: numContainersPerPod * 400,
  },
});

test('TestReplicaCalcScaleUpIgnoresFailedPods', {
  currentReplicas: 2,
  expectedReplicas: 4,
  podReadiness: ['True', 'True', 'False', 'False'],
  podPhase: ['Running', 'Running', 'Failed', 'Failed'],
  resource: {
    name: 'cpu',
    requests: cpu(4),
    levels: makePodMetricLevels(500, 700),
    targetUtilization: 30,
    expectedUtilization: 60,
    expectedValue: numContainersPerPod * 600,
  },
});

test('TestReplicaCalcMissingContainerMetricScaleUpIgnoresFailedPods', {
  currentReplicas: 2,
  expectedReplicas: 4,
  podReadiness: ['True', 'True', 'False', 'False'],
  podPhase: ['Running', 'Running', 'Failed', 'Failed'],
  resource: {
    name: 'cpu',
    requests: cpu(4),
    levels: [[1000, 500], [9000, 700], [1000], [9000]],
    targetUtilization: 30,
    expectedUtilization: 60,
    expectedValue: 600,
  },
  container: 'container2',
});

test('TestReplicaCalcScaleUpContainerIgnoresFailedPods', {
  currentReplicas: 2,
  expectedReplicas: 4,
  podReadiness: ['True', 'True', 'False', 'False'],
  podPhase: ['Running', 'Running', 'Failed', 'Failed'],
  resource: {
    name: 'cpu',
    requests: cpu(4),
    levels: [
      [1000, 500],
      [9000, 700],
    ],
    targetUtilization: 30,
    expectedUtilization: 60,
    expectedValue: 600,
  },
  container: 'container2',
});

test('TestReplicaCalcScaleUpIgnoresDeletionPods', {
  currentReplicas: 2,
  expectedReplicas: 4,
  podReadiness: ['True', 'True', 'False', 'False'],
  podPhase: ['Running', 'Running', 'Running', 'Running'],
  podDeletionTimestamp: [false, false, true, true],
  resource: {
    name: 'cpu',
    requests: cpu(4),
    levels: makePodMetricLevels(500, 700),
    targetUtilization: 30,
    expectedUtilization: 60,
    expectedValue: numContainersPerPod * 600,
  },
});

test('TestReplicaCalcScaleUpContainerIgnoresDeletionPods', {
  currentReplicas: 2,
  expectedReplicas: 4,
  podReadiness: ['True', 'True', 'False', 'False'],
  podPhase: ['Running', 'Running', 'Running', 'Running'],
  podDeletionTimestamp: [false, false, true, true],
  resource: {
    name: 'cpu',
    requests: cpu(4),
    levels: makePodMetricLevels(500, 700), // TODO: This test is broken and works only because of missing metrics
    targetUtilization: 30,
    expectedUtilization: 60,
    expectedValue: 600,
  },
  container: 'container1',
});

test('TestReplicaCalcScaleUpCM', {
  currentReplicas: 3,
  expectedReplicas: 4,
  metric: { name: 'qps', levels: [20000, 10000, 30000], targetUsage: 15000, expectedUsage: 20000, metricType: 'pod' },
});

test('TestReplicaCalcScaleUpCMUnreadyHotCpuNoLessScale', {
  currentReplicas: 3,
  expectedReplicas: 6,
  podReadiness: ['True', 'True', 'False'],
  podStartTime: [coolCPUCreationTime(), coolCPUCreationTime(), hotCPUCreationTime()],
  metric: { name: 'qps', levels: [50000, 10000, 30000], targetUsage: 15000, expectedUsage: 30000, metricType: 'pod' },
});

test('TestReplicaCalcScaleUpCMUnreadyHotCpuScaleWouldScaleDown', {
  currentReplicas: 3,
  expectedReplicas: 7,
  podReadiness: ['False', 'True', 'False'],
  podStartTime: [hotCPUCreationTime(), coolCPUCreationTime(), hotCPUCreationTime()],
  metric: { name: 'qps', levels: [50000, 15000, 30000], targetUsage: 15000, expectedUsage: 31666, metricType: 'pod' },
});

test('TestReplicaCalcScaleUpCMObject', {
  currentReplicas: 3,
  expectedReplicas: 4,
  metric: { name: 'qps', levels: [20000], targetUsage: 15000, expectedUsage: 20000, singleObject: testDeploymentRef },
});

test('TestReplicaCalcScaleUpCMPerPodObject', {
  currentReplicas: 3,
  expectedReplicas: 4,
  metric: {
    metricType: 'objectPerPod',
    name: 'qps',
    levels: [20000],
    perPodTargetUsage: 5000,
    expectedUsage: 6667,
    singleObject: testDeploymentRef,
  },
});

test('TestReplicaCalcScaleUpCMObjectIgnoresUnreadyPods', {
  currentReplicas: 3,
  expectedReplicas: 5, // If we did not ignore unready pods, we'd expect 15 replicas.
  podReadiness: ['False', 'True', 'False'],
  metric: { name: 'qps', levels: [50000], targetUsage: 10000, expectedUsage: 50000, singleObject: testDeploymentRef },
});

test('TestReplicaCalcScaleUpCMExternal', {
  currentReplicas: 1,
  expectedReplicas: 2,
  metric: {
    name: 'qps',
    levels: [8600],
    targetUsage: 4400,
    expectedUsage: 8600,
    selector: testExternalSelector,
    metricType: 'pod',
  },
});

test('TestReplicaCalcScaleUpCMExternalIgnoresUnreadyPods', {
  currentReplicas: 3,
  expectedReplicas: 2, // Would expect 6 if we didn't ignore unready pods
  podReadiness: ['False', 'True', 'False'],
  metric: {
    name: 'qps',
    levels: [8600],
    targetUsage: 4400,
    expectedUsage: 8600,
    selector: testExternalSelector,
    metricType: 'external',
  },
});

test('TestReplicaCalcScaleUpCMExternalNoLabels', {
  currentReplicas: 1,
  expectedReplicas: 2,
  metric: { name: 'qps', levels: [8600], targetUsage: 4400, expectedUsage: 8600, metricType: 'pod' },
});

test('TestReplicaCalcScaleUpPerPodCMExternal', {
  currentReplicas: 3,
  expectedReplicas: 4,
  metric: {
    name: 'qps',
    levels: [8600],
    perPodTargetUsage: 2150,
    expectedUsage: 2867,
    selector: testExternalSelector,
    metricType: 'externalPerPod',
  },
});

test('TestReplicaCalcScaleDown', {
  currentReplicas: 5,
  expectedReplicas: 3,
  resource: {
    name: 'cpu',
    requests: cpu(5),
    levels: makePodMetricLevels(100, 300, 500, 250, 250),
    targetUtilization: 50,
    expectedUtilization: 28,
    expectedValue: numContainersPerPod * 280,
  },
});

test('TestReplicaCalcContainerScaleDown', {
  currentReplicas: 5,
  expectedReplicas: 3,
  resource: {
    name: 'cpu',
    requests: cpu(5),
    levels: [
      [1000, 100],
      [1000, 300],
      [1000, 500],
      [1000, 250],
      [1000, 250],
    ],
    targetUtilization: 50,
    expectedUtilization: 28,
    expectedValue: 280,
  },
  container: 'container2',
});

test('TestReplicaCalcScaleDownCM', {
  currentReplicas: 5,
  expectedReplicas: 3,
  metric: {
    name: 'qps',
    levels: [12000, 12000, 12000, 12000, 12000],
    targetUsage: 20000,
    expectedUsage: 12000,
    metricType: 'pod',
  },
});

test('TestReplicaCalcScaleDownPerPodCMObject', {
  currentReplicas: 5,
  expectedReplicas: 3,
  metric: {
    name: 'qps',
    levels: [6000],
    perPodTargetUsage: 2000,
    expectedUsage: 1200,
    singleObject: testDeploymentRef,
    metricType: 'objectPerPod',
  },
});

test('TestReplicaCalcScaleDownCMObject', {
  currentReplicas: 5,
  expectedReplicas: 3,
  metric: { name: 'qps', levels: [12000], targetUsage: 20000, expectedUsage: 12000, singleObject: testDeploymentRef },
});

test('TestReplicaCalcScaleDownCMExternal', {
  currentReplicas: 5,
  expectedReplicas: 3,
  metric: {
    name: 'qps',
    levels: [8600],
    targetUsage: 14334,
    expectedUsage: 8600,
    selector: testExternalSelector,
    metricType: 'external',
  },
});

test('TestReplicaCalcScaleDownPerPodCMExternal', {
  currentReplicas: 5,
  expectedReplicas: 3,
  metric: {
    name: 'qps',
    levels: [8600],
    perPodTargetUsage: 2867,
    expectedUsage: 1720,
    selector: testExternalSelector,
    metricType: 'externalPerPod',
  },
});

test('TestReplicaCalcScaleDownExcludeUnreadyPods', {
  currentReplicas: 5,
  expectedReplicas: 2,
  podReadiness: ['True', 'True', 'True', 'False', 'False'],
  resource: {
    name: 'cpu',
    requests: cpu(5),
    levels: makePodMetricLevels(100, 300, 500, 250, 250),
    targetUtilization: 50,
    expectedUtilization: 30,
    expectedValue: numContainersPerPod * 300,
  },
});

test('TestReplicaCalcScaleDownContainerExcludeUnreadyPods', {
  currentReplicas: 5,
  expectedReplicas: 2,
  podReadiness: ['True', 'True', 'True', 'False', 'False'],
  resource: {
    name: 'cpu',
    requests: cpu(5),
    levels: [
      [1000, 100],
      [1000, 300],
      [1000, 500],
      [1000, 250],
      [1000, 250],
    ],
    targetUtilization: 50,
    expectedUtilization: 30,
    expectedValue: 300,
  },
  container: 'container2',
});

test('TestReplicaCalcScaleDownExcludeUnscheduledPods', {
  currentReplicas: 5,
  expectedReplicas: 1,
  podReadiness: ['True', 'False', 'False', 'False', 'False'],
  podPhase: ['Running', 'Pending', 'Pending', 'Pending', 'Pending'],
  resource: {
    name: 'cpu',
    requests: cpu(5),
    levels: makePodMetricLevels(100),
    targetUtilization: 50,
    expectedUtilization: 10,
    expectedValue: numContainersPerPod * 100,
  },
});

test('TestReplicaCalcScaleDownContainerExcludeUnscheduledPods', {
  currentReplicas: 5,
  expectedReplicas: 1,
  podReadiness: ['True', 'False', 'False', 'False', 'False'],
  podPhase: ['Running', 'Pending', 'Pending', 'Pending', 'Pending'],
  resource: {
    name: 'cpu',
    requests: cpu(5),
    levels: [
      [1000, 100],
      [1000, 300],
      [1000, 500],
      [1000, 250],
      [1000, 250],
    ],
    targetUtilization: 50,
    expectedUtilization: 10,
    expectedValue: 100,
  },
  container: 'container2',
});

test('TestReplicaCalcScaleDownIgnoreHotCpuPods', {
  currentReplicas: 5,
  expectedReplicas: 2,
  podStartTime: [coolCPUCreationTime(), coolCPUCreationTime(), coolCPUCreationTime(), hotCPUCreationTime(), hotCPUCreationTime()],
  resource: {
    name: 'cpu',
    requests: cpu(5),
    levels: makePodMetricLevels(100, 300, 500, 250, 250),
    targetUtilization: 50,
    expectedUtilization: 30,
    expectedValue: numContainersPerPod * 300,
  },
});

test('TestReplicaCalcScaleDownContainerIgnoreHotCpuPods', {
  currentReplicas: 5,
  expectedReplicas: 2,
  podStartTime: [coolCPUCreationTime(), coolCPUCreationTime(), coolCPUCreationTime(), hotCPUCreationTime(), hotCPUCreationTime()],
  resource: {
    name: 'cpu',
    requests: cpu(5),
    levels: [
      [1000, 100],
      [1000, 300],
      [1000, 500],
      [1000, 1000],
      [1000, 1000],
    ],
    targetUtilization: 50,
    expectedUtilization: 30,
    expectedValue: 300,
  },
  container: 'container2',
});

test('TestReplicaCalcScaleDownIgnoresFailedPods', {
  currentReplicas: 5,
  expectedReplicas: 3,
  podReadiness: ['True', 'True', 'True', 'True', 'True', 'False', 'False'],
  podPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Failed', 'Failed'],
  resource: {
    name: 'cpu',
    requests: cpu(7),
    levels: makePodMetricLevels(100, 300, 500, 250, 250),
    targetUtilization: 50,
    expectedUtilization: 28,
    expectedValue: numContainersPerPod * 280,
  },
});

test('TestReplicaCalcScaleDownContainerIgnoresFailedPods', {
  currentReplicas: 5,
  expectedReplicas: 3,
  podReadiness: ['True', 'True', 'True', 'True', 'True', 'False', 'False'],
  podPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Failed', 'Failed'],
  resource: {
    name: 'cpu',
    requests: cpu(7),
    levels: [
      [1000, 100],
      [1000, 300],
      [1000, 500],
      [1000, 250],
      [1000, 250],
    ], //TODO: Test is broken
    targetUtilization: 50,
    expectedUtilization: 28,
    expectedValue: 280,
  },
  container: 'container2',
});

test('TestReplicaCalcScaleDownIgnoresDeletionPods', {
  currentReplicas: 5,
  expectedReplicas: 3,
  podReadiness: ['True', 'True', 'True', 'True', 'True', 'False', 'False'],
  podPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Running', 'Running'],
  podDeletionTimestamp: [false, false, false, false, false, true, true],
  resource: {
    name: 'cpu',
    requests: cpu(7),
    levels: makePodMetricLevels(100, 300, 500, 250, 250),
    targetUtilization: 50,
    expectedUtilization: 28,
    expectedValue: numContainersPerPod * 280,
  },
});

// Regression test for https://github.com/kubernetes/kubernetes/issues/83561
test('TestReplicaCalcScaleDownIgnoresDeletionPods_StillRunning', {
  currentReplicas: 5,
  expectedReplicas: 3,
  podReadiness: ['True', 'True', 'True', 'True', 'True', 'False', 'False'],
  podPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Running', 'Running'],
  podDeletionTimestamp: [false, false, false, false, false, true, true],
  resource: {
    name: 'cpu',
    requests: cpu(7),
    levels: [
      [1000, 100],
      [1000, 300],
      [1000, 500],
      [1000, 250],
      [1000, 250],
    ],
    targetUtilization: 50,
    expectedUtilization: 28,
    expectedValue: 280,
  },
  container: 'container2',
});

test('TestReplicaCalcTolerance', {
  currentReplicas: 3,
  expectedReplicas: 3,
  resource: {
    name: 'cpu',
    requests: ['0.9', '1.0', '1.1'],
    levels: makePodMetricLevels(1010, 1030, 1020),
    targetUtilization: 100,
    expectedUtilization: 102,
    expectedValue: numContainersPerPod * 1020,
  },
});

test('TestReplicaCalcToleranceCM', {
  currentReplicas: 3,
  expectedReplicas: 3,
  metric: { name: 'qps', levels: [20000, 21000, 21000], targetUsage: 20000, expectedUsage: 20666, metricType: 'pod' },
});

test('TestReplicaCalcToleranceCMObject', {
  currentReplicas: 3,
  expectedReplicas: 3,
  metric: { name: 'qps', levels: [20666], targetUsage: 20000, expectedUsage: 20666, singleObject: testDeploymentRef },
});

test('TestReplicaCalcTolerancePerPodCMObject', {
  currentReplicas: 4,
  expectedReplicas: 4,
  metric: {
    metricType: 'objectPerPod',
    name: 'qps',
    levels: [20166],
    perPodTargetUsage: 5000,
    expectedUsage: 5042,
    singleObject: testDeploymentRef,
  },
});

test('TestReplicaCalcToleranceCMExternal', {
  currentReplicas: 3,
  expectedReplicas: 3,
  metric: {
    name: 'qps',
    levels: [8600],
    targetUsage: 8888,
    expectedUsage: 8600,
    selector: testExternalSelector,
    metricType: 'external',
  },
});

test('TestReplicaCalcTolerancePerPodCMExternal', {
  currentReplicas: 3,
  expectedReplicas: 3,
  metric: {
    name: 'qps',
    levels: [8600],
    perPodTargetUsage: 2900,
    expectedUsage: 2867,
    selector: testExternalSelector,
    metricType: 'externalPerPod',
  },
});

test('TestReplicaCalcSuperfluousMetrics', {
  currentReplicas: 4,
  expectedReplicas: 24,
  resource: {
    name: 'cpu',
    requests: cpu(4),
    levels: makePodMetricLevels(4000, 9500, 3000, 7000, 3200, 2000),
    targetUtilization: 100,
    expectedUtilization: 587,
    expectedValue: numContainersPerPod * 5875,
  },
});

test('TestReplicaCalcMissingMetrics', {
  currentReplicas: 4,
  expectedReplicas: 3,
  resource: {
    name: 'cpu',
    requests: cpu(4),
    levels: makePodMetricLevels(400, 95),
    targetUtilization: 100,
    expectedUtilization: 24,
    expectedValue: 495, // numContainersPerPod * 247, for sufficiently large values of 247
  },
});

test('TestReplicaCalcEmptyMetrics', {
  currentReplicas: 4,
  expectedError: 'unable to get metrics for resource cpu: no metrics returned from resource metrics API',
  resource: { name: 'cpu', requests: cpu(3), levels: makePodMetricLevels(), targetUtilization: 100 },
});

test('TestReplicaCalcEmptyCPURequest', {
  currentReplicas: 1,
  expectedError: 'missing request for',
  resource: { name: 'cpu', requests: [], levels: makePodMetricLevels(200), targetUtilization: 100 },
});

test('TestPlainMetricReplicaCalcMissingMetricsNoChangeEq', {
  currentReplicas: 5,
  expectedReplicas: 5,
  metric: { name: 'qps', levels: [20000, 19000, 21000], targetUsage: 20000, expectedUsage: 20000, metricType: 'pod' },
});

test('TestReplicaCalcMissingMetricsNoChangeEq', {
  currentReplicas: 2,
  expectedReplicas: 2,
  resource: {
    name: 'cpu',
    requests: cpu(2),
    levels: makePodMetricLevels(1000),
    targetUtilization: 100,
    expectedUtilization: 100,
    expectedValue: numContainersPerPod * 1000,
  },
});

test('TestReplicaCalcMissingMetricsNoChangeGt', {
  currentReplicas: 2,
  expectedReplicas: 2,
  resource: {
    name: 'cpu',
    requests: cpu(2),
    levels: makePodMetricLevels(1900),
    targetUtilization: 100,
    expectedUtilization: 190,
    expectedValue: numContainersPerPod * 1900,
  },
});

test('TestReplicaCalcMissingMetricsNoChangeLt', {
  currentReplicas: 2,
  expectedReplicas: 2,
  resource: {
    name: 'cpu',
    requests: cpu(2),
    levels: makePodMetricLevels(600),
    targetUtilization: 100,
    expectedUtilization: 60,
    expectedValue: numContainersPerPod * 600,
  },
});

test('TestReplicaCalcMissingMetricsUnreadyChange', {
  currentReplicas: 3,
  expectedReplicas: 3,
  podReadiness: ['False', 'True', 'True'],
  resource: {
    name: 'cpu',
    requests: cpu(3),
    levels: makePodMetricLevels(100, 450),
    targetUtilization: 50,
    expectedUtilization: 45,
    expectedValue: numContainersPerPod * 450,
  },
});

test('TestReplicaCalcMissingMetricsHotCpuNoChange', {
  currentReplicas: 3,
  expectedReplicas: 3,
  podStartTime: [hotCPUCreationTime(), coolCPUCreationTime(), coolCPUCreationTime()],
  resource: {
    name: 'cpu',
    requests: cpu(3),
    levels: makePodMetricLevels(100, 450),
    targetUtilization: 50,
    expectedUtilization: 45,
    expectedValue: numContainersPerPod * 450,
  },
});

test('TestReplicaCalcMissingMetricsUnreadyScaleUp', {
  currentReplicas: 3,
  expectedReplicas: 4,
  podReadiness: ['False', 'True', 'True'],
  resource: {
    name: 'cpu',
    requests: cpu(3),
    levels: makePodMetricLevels(100, 2000),
    targetUtilization: 50,
    expectedUtilization: 200,
    expectedValue: numContainersPerPod * 2000,
  },
});

test('TestReplicaCalcMissingMetricsHotCpuScaleUp', {
  currentReplicas: 3,
  expectedReplicas: 4,
  podReadiness: ['False', 'True', 'True'],
  podStartTime: [hotCPUCreationTime(), coolCPUCreationTime(), coolCPUCreationTime()],
  resource: {
    name: 'cpu',
    requests: cpu(3),
    levels: makePodMetricLevels(100, 2000),
    targetUtilization: 50,
    expectedUtilization: 200,
    expectedValue: numContainersPerPod * 2000,
  },
});

test('TestReplicaCalcMissingMetricsUnreadyScaleDown', {
  currentReplicas: 4,
  expectedReplicas: 3,
  podReadiness: ['False', 'True', 'True', 'True'],
  resource: {
    name: 'cpu',
    requests: cpu(4),
    levels: makePodMetricLevels(100, 100, 100),
    targetUtilization: 50,
    expectedUtilization: 10,
    expectedValue: numContainersPerPod * 100,
  },
});

test('TestReplicaCalcMissingMetricsScaleDownTargetOver100', {
  currentReplicas: 4,
  expectedReplicas: 2,
  podReadiness: ['False', 'True', 'True', 'True'],
  resource: {
    name: 'cpu',
    requests: ['1.0', '1.0', '2.0', '2.0'],
    levels: makePodMetricLevels(200, 100, 100),
    targetUtilization: 300,
    expectedUtilization: 6,
    expectedValue: numContainersPerPod * 100,
  },
});

test('TestReplicaCalcDuringRollingUpdateWithMaxSurge', {
  currentReplicas: 2,
  expectedReplicas: 2,
  podPhase: ['Running', 'Running', 'Running'],
  resource: {
    name: 'cpu',
    requests: cpu(3),
    levels: makePodMetricLevels(100, 100),
    targetUtilization: 50,
    expectedUtilization: 10,
    expectedValue: numContainersPerPod * 100,
  },
});

test('TestReplicaCalcDuringRollingUpdateWithMaxSurgeCM', {
  currentReplicas: 2,
  expectedReplicas: 2,
  podPhase: ['Running', 'Running', 'Running'],
  metric: { name: 'qps', levels: [10000, 10000], targetUsage: 17000, expectedUsage: 10000, metricType: 'pod' },
});

// TestComputedToleranceAlgImplementation is a regression test which back-calculates a minimal
// percentage for downscaling based on a small percentage increase in pod utilization which is
// calibrated against the tolerance value.
describe('TestReplicaCalcComputedToleranceAlgImplementation', () => {
  it('runs', () => {
    const startPods = 10;
    // 150 mCPU per pod.
    const totalUsedCPUOfAllPods = startPods * 150;
    // Each pod starts out asking for 2X what is really needed.
    // This means we will have a 50% ratio of used/requested
    const totalRequestedCPUOfAllPods = 2 * totalUsedCPUOfAllPods;
    const requestedToUsed = Math.trunc(totalRequestedCPUOfAllPods / totalUsedCPUOfAllPods);
    // Spread the amount we ask over 10 pods.  We can add some jitter later in reportedLevels.
    const perPodRequested = Math.trunc(totalRequestedCPUOfAllPods / startPods);

    // Force a minimal scaling event by satisfying  (tolerance < 1 - resourcesUsedRatio).
    let target = Math.abs(1 / (requestedToUsed * (1 - defaultTestingTolerance))) + 0.01;
    let finalCPUPercentTarget = Math.trunc(target * 100);
    const resourcesUsedRatio = totalUsedCPUOfAllPods / (totalRequestedCPUOfAllPods * target);

    // i.e. .60 * 20 -> scaled down expectation.
    const finalPods = Math.ceil(resourcesUsedRatio * startPods);

    const level = totalUsedCPUOfAllPods / 10;
    const tc: ReplicaCalcTestCase = {
      currentReplicas: startPods,
      expectedReplicas: finalPods,
      resource: {
        name: 'cpu',
        levels: makePodMetricLevels(level, level, level, level, level, level, level, level, level, level),
        requests: [100, -100, 10, -10, 2, -2, 1, -1, 0, 0].map((d) => `${perPodRequested + d}m`),
        targetUtilization: finalCPUPercentTarget,
        expectedUtilization: Math.trunc((totalUsedCPUOfAllPods * 100) / totalRequestedCPUOfAllPods),
        expectedValue: (numContainersPerPod * totalUsedCPUOfAllPods) / 10,
      },
    };
    runTest(tc);

    // Reuse the data structure above, now testing "unscaling".
    // Now, we test that no scaling happens if we are in a very close margin to the tolerance
    target = Math.abs(1 / (requestedToUsed * (1 - defaultTestingTolerance))) + 0.004;
    finalCPUPercentTarget = Math.trunc(target * 100);
    if (tc.resource) tc.resource.targetUtilization = finalCPUPercentTarget;
    tc.currentReplicas = startPods;
    tc.expectedReplicas = startPods;
    runTest(tc);
  });
});
