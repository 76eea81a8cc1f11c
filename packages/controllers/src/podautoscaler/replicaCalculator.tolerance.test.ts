import { describe, it } from 'vitest';
import {
  defaultTestingTolerance,
  makePodMetricLevels,
  numContainersPerPod,
  type ReplicaCalcTestCase,
  runTest,
  testDeploymentRef,
  testExternalSelector,
} from './replicaCalculatorTestHarness.js';

// The per-direction tolerance rows (HPAConfigurableTolerance, 1.33+) and the overflow rows of
// upstream's table-driven replica_calculator_test.go (TestReplicaCalcResourceTolerance and the
// "outside configurable 1% tolerance" / overflow rows of TestReplicaCalcPodMetric, ...ObjectMetric,
// ...ObjectPerPodMetric, ...ExternalMetric, ...ExternalPerPodMetric), under those names.
// The rows that repeat a case of replicaCalculator.test.ts are not repeated here.

/** math.MaxInt64 and math.MaxInt32 as float64 sees them: the calculator's caps compare floats. */
const MaxInt64 = 2 ** 63;
const MaxInt32 = 2147483647;

function rows(name: string, cases: Record<string, ReplicaCalcTestCase>): void {
  describe(name, () => {
    for (const [row, tc] of Object.entries(cases)) it(row, () => runTest(tc));
  });
}

const mixedRequests = ['0.9', '1.0', '1.1'];
const cpu = (levels: number[], targetUtilization: number, expectedUtilization: number, expectedValue: number) => ({
  name: 'cpu',
  requests: mixedRequests,
  levels: makePodMetricLevels(...levels),
  targetUtilization,
  expectedUtilization,
  expectedValue,
});

rows('TestReplicaCalcResourceTolerance', {
  'outside 0% tolerance': {
    currentReplicas: 3,
    expectedReplicas: 4,
    tolerances: { scaleDown: 0, scaleUp: 0 },
    resource: cpu([909, 1010, 1111], 100, 101, numContainersPerPod * 1010),
  },
  'within 200% scale-up tolerance': {
    currentReplicas: 3,
    expectedReplicas: 3,
    tolerances: { scaleDown: defaultTestingTolerance, scaleUp: 2 },
    resource: cpu([1890, 1910, 1900], 100, 190, numContainersPerPod * 1900),
  },
  'outside 8% scale-up tolerance (superfluous scale-down tolerance)': {
    currentReplicas: 3,
    expectedReplicas: 4,
    tolerances: { scaleDown: 2, scaleUp: 0.08 },
    resource: cpu([1100, 1080, 1090], 100, 109, numContainersPerPod * 1090),
  },
  'within 36% scale-down tolerance': {
    currentReplicas: 3,
    expectedReplicas: 3,
    tolerances: { scaleDown: 0.36, scaleUp: defaultTestingTolerance },
    resource: cpu([660, 640, 650], 100, 65, numContainersPerPod * 650),
  },
  'outside 34% scale-down tolerance': {
    currentReplicas: 3,
    expectedReplicas: 2,
    tolerances: { scaleDown: 0.34, scaleUp: defaultTestingTolerance },
    resource: cpu([660, 640, 650], 100, 65, numContainersPerPod * 650),
  },
});

const onePercentUp = { scaleDown: defaultTestingTolerance, scaleUp: 0.01 };

rows('TestReplicaCalcPodMetric', {
  'outside configurable 1% tolerance': {
    currentReplicas: 3,
    expectedReplicas: 4,
    tolerances: onePercentUp,
    metric: { name: 'qps', levels: [20000, 21000, 21000], targetUsage: 20000, expectedUsage: 20666, metricType: 'pod' },
  },
});

rows('TestReplicaCalcObjectMetric', {
  'scale up: very large metric saturates replicas to MaxInt32': {
    currentReplicas: 3,
    expectedReplicas: MaxInt32,
    metric: { name: 'qps', levels: [MaxInt64], targetUsage: 1, expectedUsage: MaxInt64, singleObject: testDeploymentRef },
  },
  'outside configurable 1% tolerance': {
    currentReplicas: 3,
    expectedReplicas: 4,
    tolerances: onePercentUp,
    metric: { name: 'qps', levels: [20666], targetUsage: 20000, expectedUsage: 20666, singleObject: testDeploymentRef },
  },
});

rows('TestReplicaCalcObjectPerPodMetric', {
  'outside configurable 1% tolerance': {
    currentReplicas: 4,
    expectedReplicas: 5,
    tolerances: onePercentUp,
    metric: {
      metricType: 'objectPerPod',
      name: 'qps',
      levels: [20208],
      perPodTargetUsage: 5000,
      expectedUsage: 5052,
      singleObject: testDeploymentRef,
    },
  },
});

const external = { name: 'qps', selector: testExternalSelector, metricType: 'external' as const };
const externalPerPod = { name: 'qps', selector: testExternalSelector, metricType: 'externalPerPod' as const };

rows('TestReplicaCalcExternalMetric', {
  'outside configurable 1% tolerance': {
    currentReplicas: 3,
    expectedReplicas: 4,
    tolerances: onePercentUp,
    metric: { ...external, levels: [8900], targetUsage: 8800, expectedUsage: 8900 },
  },
  'usage overflow caps at MaxInt64': {
    currentReplicas: 3,
    expectedReplicas: 3,
    // Two values that when added together would overflow int64.
    metric: { ...external, levels: [MaxInt64 / 2 + 1, MaxInt64 / 2 + 1], targetUsage: MaxInt64, expectedUsage: MaxInt64 },
  },
});

rows('TestReplicaCalcExternalPerPodMetric', {
  'replica count overflow saturates to MaxInt32': {
    currentReplicas: 1,
    expectedReplicas: MaxInt32,
    // Targeting a 1:1 ratio between metric value and number of pods.
    metric: { ...externalPerPod, levels: [MaxInt64], perPodTargetUsage: 1, expectedUsage: MaxInt64 },
  },
  'usage overflow with huge target leaves replicas unchanged': {
    currentReplicas: 1,
    expectedReplicas: 1,
    metric: { ...externalPerPod, levels: [MaxInt64], perPodTargetUsage: MaxInt64, expectedUsage: MaxInt64 },
  },
  'outside configurable 1% tolerance': {
    currentReplicas: 3,
    expectedReplicas: 4,
    tolerances: onePercentUp,
    metric: { ...externalPerPod, levels: [8600], perPodTargetUsage: 2800, expectedUsage: 2867 },
  },
});
