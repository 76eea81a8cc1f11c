import { applyDefaults, type HorizontalPodAutoscaler, type HPAScalingRules, type Millis } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import {
  calculateScaleDownLimitWithBehaviors,
  calculateScaleUpLimitWithScalingRules,
  convertDesiredReplicasWithBehaviorRate,
  type NormalizationArg,
  stabilizeRecommendationWithBehaviors,
} from './behavior.js';
import { generateScalingRules } from './horizontal.fixture.js';
import {
  calculateScaleUpLimit,
  convertDesiredReplicasWithRules,
  stabilizeRecommendation,
  type TimestampedRecommendation,
} from './normalize.js';
import { getReplicasChangePerPeriod, storeScaleEvent, type TimestampedScaleEvent } from './scaleEvents.js';

/**
 * The pure normalisation tests of pkg/controller/podautoscaler/horizontal_test.go (v1.34):
 * TestConvertDesiredReplicasWithRules, TestCalculateScaleUpLimitWithScalingRules,
 * TestCalculateScaleDownLimitWithBehaviors, TestNormalizeDesiredReplicas, TestScalingWithRules,
 * TestStoreScaleEvents, TestNormalizeDesiredReplicasWithBehavior. Upstream keeps the history in
 * the controller and reads time.Now(); here it is passed in and returned, and NOW is the clock.
 */

const NOW: Millis = 3 * 3600 * 1000;
const MINUTE = 60_000;
/** horizontal_test.go's init(): scaleUpLimitFactor = 8. */
const TEST_SCALE_UP_LIMIT_FACTOR = 8;

function rec(recommendation: number, ago: Millis): TimestampedRecommendation {
  return { recommendation, timestamp: NOW - ago };
}

/**
 * generateEventsUniformDistribution: events spread over the last periodSeconds, each in the
 * middle of its segment; Go's time.Duration(float) truncates the seconds to a whole number.
 */
function generateEventsUniformDistribution(rawEvents: number[], periodSeconds: number): TimestampedScaleEvent[] {
  const segment = periodSeconds / rawEvents.length;
  return rawEvents.map((event, idx) => {
    const boundary = Math.trunc(periodSeconds - segment * (idx + 1) + segment / 2);
    return { replicaChange: event, timestamp: NOW - boundary * 1000, outdated: false };
  });
}

/** autoscalingapiv2.GenerateHPAScaleUpRules / GenerateHPAScaleDownRules: the API defaults over the given rules. */
function defaultedRules(
  up: HPAScalingRules | undefined,
  down: HPAScalingRules | undefined,
): { up: HPAScalingRules; down: HPAScalingRules } {
  const hpa = applyDefaults<HorizontalPodAutoscaler>({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'x', namespace: 'default' },
    spec: {
      scaleTargetRef: { kind: 'Deployment', name: 'x' },
      maxReplicas: 1,
      behavior: { ...(up !== undefined ? { scaleUp: up } : {}), ...(down !== undefined ? { scaleDown: down } : {}) },
    },
  });
  return { up: hpa.spec.behavior?.scaleUp ?? {}, down: hpa.spec.behavior?.scaleDown ?? {} };
}

describe('TestConvertDesiredReplicasWithRules', () => {
  it.each([
    [5, 7, 3, 8, 7, 'DesiredWithinRange', 'prenormalized desired replicas within range'],
    [3, 1, 2, 8, 2, 'TooFewReplicas', 'prenormalized desired replicas < minReplicas'],
    [1, 0, 0, 10, 0, 'DesiredWithinRange', 'prenormalized desired zeroed replicas within range'],
    [20, 1000, 1, 10, 10, 'TooManyReplicas', 'maxReplicas is the limit because maxReplicas < scaleUpLimit'],
    [
      3,
      1000,
      1,
      2000,
      calculateScaleUpLimit(3, TEST_SCALE_UP_LIMIT_FACTOR),
      'ScaleUpLimit',
      'scaleUpLimit is the limit because scaleUpLimit < maxReplicas',
    ],
  ] as const)('%#: %s', (current, desired, min, max, expected, condition, _annotation) => {
    const [replicas, cond] = convertDesiredReplicasWithRules(current, desired, min, max, TEST_SCALE_UP_LIMIT_FACTOR);
    expect(replicas).toBe(expected);
    expect(cond).toBe(condition);
  });

  it('without the test override the limit is max(2 × current, 4)', () => {
    expect(calculateScaleUpLimit(1)).toBe(4);
    expect(calculateScaleUpLimit(3)).toBe(6);
    expect(convertDesiredReplicasWithRules(3, 1000, 1, 2000)).toEqual([
      6,
      'ScaleUpLimit',
      'the desired replica count is increasing faster than the maximum scale rate',
    ]);
  });
});

describe('TestCalculateScaleUpLimitWithScalingRules', () => {
  it('Min of Pods 2/60s and Percent 50/60s from 1 replica', () => {
    const calculated = calculateScaleUpLimitWithScalingRules(
      1,
      [],
      [],
      {
        stabilizationWindowSeconds: 300,
        selectPolicy: 'Min',
        policies: [
          { type: 'Pods', value: 2, periodSeconds: 60 },
          { type: 'Percent', value: 50, periodSeconds: 60 },
        ],
      },
      NOW,
    );
    expect(calculated).toBe(2);
  });
});

describe('TestCalculateScaleDownLimitWithBehaviors', () => {
  it('Min of Pods 2/60s and Percent 50/60s from 5 replicas', () => {
    const calculated = calculateScaleDownLimitWithBehaviors(
      5,
      [],
      [],
      {
        stabilizationWindowSeconds: 300,
        selectPolicy: 'Min',
        policies: [
          { type: 'Pods', value: 2, periodSeconds: 60 },
          { type: 'Percent', value: 50, periodSeconds: 60 },
        ],
      },
      NOW,
    );
    expect(calculated).toBe(3);
  });
});

describe('TestNormalizeDesiredReplicas', () => {
  it.each([
    { name: 'empty log', recs: [], pre: 5, stabilized: 5, logLength: 1 },
    { name: 'stabilize', recs: [rec(4, 2 * MINUTE), rec(5, MINUTE)], pre: 3, stabilized: 5, logLength: 3 },
    { name: 'no stabilize', recs: [rec(1, 2 * MINUTE), rec(2, MINUTE)], pre: 3, stabilized: 3, logLength: 3 },
    {
      name: 'no stabilize - old recommendations',
      recs: [rec(10, 10 * MINUTE), rec(9, 9 * MINUTE)],
      pre: 3,
      stabilized: 3,
      logLength: 2,
    },
    {
      name: 'stabilize - old recommendations',
      recs: [rec(10, 10 * MINUTE), rec(4, MINUTE), rec(5, 2 * MINUTE), rec(9, 9 * MINUTE)],
      pre: 3,
      stabilized: 5,
      logLength: 4,
    },
  ])('$name', ({ recs, pre, stabilized, logLength }) => {
    const r = stabilizeRecommendation(recs, pre, NOW, 5 * MINUTE);
    expect(r.recommendation).toBe(stabilized);
    expect(r.recommendations).toHaveLength(logLength);
  });
});

interface ScalingRow {
  name: string;
  scaleUpEvents?: TimestampedScaleEvent[];
  scaleDownEvents?: TimestampedScaleEvent[];
  specMinReplicas: number;
  specMaxReplicas: number;
  scaleUpRules?: HPAScalingRules;
  scaleDownRules?: HPAScalingRules;
  currentReplicas: number;
  prenormalizedDesiredReplicas: number;
  expectedReplicas: number;
  expectedCondition: string;
  testThis?: boolean;
}

const u = generateEventsUniformDistribution;
const g = generateScalingRules;

const scalingWithRules: ScalingRow[] = [
  {
    name: 'prenormalized desired replicas within range',
    currentReplicas: 5,
    prenormalizedDesiredReplicas: 7,
    specMinReplicas: 3,
    specMaxReplicas: 8,
    expectedReplicas: 7,
    expectedCondition: 'DesiredWithinRange',
  },
  {
    name: 'prenormalized desired replicas < minReplicas',
    currentReplicas: 3,
    prenormalizedDesiredReplicas: 1,
    specMinReplicas: 2,
    specMaxReplicas: 8,
    expectedReplicas: 2,
    expectedCondition: 'TooFewReplicas',
  },
  {
    name: 'prenormalized desired replicas within range when minReplicas is 0',
    currentReplicas: 1,
    prenormalizedDesiredReplicas: 0,
    specMinReplicas: 0,
    specMaxReplicas: 10,
    expectedReplicas: 0,
    expectedCondition: 'DesiredWithinRange',
  },
  {
    name: 'maxReplicas is the limit because maxReplicas < scaleUpLimit',
    currentReplicas: 20,
    prenormalizedDesiredReplicas: 1000,
    specMinReplicas: 1,
    specMaxReplicas: 10,
    expectedReplicas: 10,
    expectedCondition: 'TooManyReplicas',
  },
  {
    name: 'desired replica count is more than the maximum replica count',
    currentReplicas: 100,
    prenormalizedDesiredReplicas: 1000,
    specMinReplicas: 100,
    specMaxReplicas: 150,
    expectedReplicas: 150,
    expectedCondition: 'TooManyReplicas',
  },
  {
    name: 'scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies',
    currentReplicas: 3,
    prenormalizedDesiredReplicas: 1000,
    specMinReplicas: 1,
    specMaxReplicas: 2000,
    expectedReplicas: 4,
    expectedCondition: 'ScaleUpLimit',
    scaleUpRules: g(0, 0, 1, 60, 0),
  },
  {
    name: 'scaleDownLimit is the limit because scaleDownLimit > minReplicas with user defined policies',
    currentReplicas: 1000,
    prenormalizedDesiredReplicas: 3,
    specMinReplicas: 3,
    specMaxReplicas: 2000,
    scaleDownRules: g(20, 60, 0, 0, 0),
    expectedReplicas: 980,
    expectedCondition: 'ScaleDownLimit',
    testThis: true,
  },
  {
    name: 'scaleUp with default behavior',
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    currentReplicas: 10,
    prenormalizedDesiredReplicas: 50,
    expectedReplicas: 20,
    expectedCondition: 'ScaleUpLimit',
  },
  {
    name: 'scaleUp with pods policy larger than percent policy',
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleUpRules: g(100, 60, 100, 60, 0),
    currentReplicas: 10,
    prenormalizedDesiredReplicas: 500,
    expectedReplicas: 110,
    expectedCondition: 'ScaleUpLimit',
  },
  {
    name: 'scaleUp with percent policy larger than pods policy',
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleUpRules: g(2, 60, 100, 60, 0),
    currentReplicas: 10,
    prenormalizedDesiredReplicas: 500,
    expectedReplicas: 20,
    expectedCondition: 'ScaleUpLimit',
  },
  {
    name: 'scaleUp with spec MaxReplicas limitation with large pod policy',
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleUpRules: g(100, 60, 0, 0, 0),
    currentReplicas: 10,
    prenormalizedDesiredReplicas: 50,
    expectedReplicas: 50,
    expectedCondition: 'DesiredWithinRange',
  },
  {
    name: 'scaleUp with spec MaxReplicas limitation with large percent policy',
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleUpRules: g(10000, 60, 0, 0, 0),
    currentReplicas: 10,
    prenormalizedDesiredReplicas: 50,
    expectedReplicas: 50,
    expectedCondition: 'DesiredWithinRange',
  },
  {
    name: 'scaleUp with pod policy limitation',
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleUpRules: g(30, 60, 0, 0, 0),
    currentReplicas: 10,
    prenormalizedDesiredReplicas: 50,
    expectedReplicas: 40,
    expectedCondition: 'ScaleUpLimit',
  },
  {
    name: 'scaleUp with percent policy limitation',
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleUpRules: g(0, 0, 200, 60, 0),
    currentReplicas: 10,
    prenormalizedDesiredReplicas: 50,
    expectedReplicas: 30,
    expectedCondition: 'ScaleUpLimit',
  },
  {
    name: 'scaleDown with percent policy larger than pod policy',
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleDownRules: g(20, 60, 1, 60, 300),
    currentReplicas: 100,
    prenormalizedDesiredReplicas: 2,
    expectedReplicas: 80,
    expectedCondition: 'ScaleDownLimit',
  },
  {
    name: 'scaleDown with pod policy larger than percent policy',
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleDownRules: g(2, 60, 1, 60, 300),
    currentReplicas: 100,
    prenormalizedDesiredReplicas: 2,
    expectedReplicas: 98,
    expectedCondition: 'ScaleDownLimit',
  },
  {
    name: 'scaleDown with spec MinReplicas=nil limitation with large pod policy',
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleDownRules: g(100, 60, 0, 0, 300),
    currentReplicas: 10,
    prenormalizedDesiredReplicas: 0,
    expectedReplicas: 1,
    expectedCondition: 'TooFewReplicas',
  },
  {
    name: 'scaleDown with spec MinReplicas limitation with large pod policy',
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleDownRules: g(100, 60, 0, 0, 300),
    currentReplicas: 10,
    prenormalizedDesiredReplicas: 0,
    expectedReplicas: 1,
    expectedCondition: 'TooFewReplicas',
  },
  {
    name: 'scaleDown with spec MinReplicas limitation with large percent policy',
    specMinReplicas: 5,
    specMaxReplicas: 1000,
    scaleDownRules: g(0, 0, 100, 60, 300),
    currentReplicas: 10,
    prenormalizedDesiredReplicas: 2,
    expectedReplicas: 5,
    expectedCondition: 'TooFewReplicas',
  },
  {
    name: 'scaleDown with pod policy limitation',
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleDownRules: g(5, 60, 0, 0, 300),
    currentReplicas: 10,
    prenormalizedDesiredReplicas: 2,
    expectedReplicas: 5,
    expectedCondition: 'ScaleDownLimit',
  },
  {
    name: 'scaleDown with percent policy limitation',
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleDownRules: g(0, 0, 50, 60, 300),
    currentReplicas: 10,
    prenormalizedDesiredReplicas: 5,
    expectedReplicas: 5,
    expectedCondition: 'DesiredWithinRange',
  },
  {
    name: 'scaleUp with spec MaxReplicas limitation with large pod policy and events',
    scaleUpEvents: u([1, 5, 9], 120),
    specMinReplicas: 1,
    specMaxReplicas: 200,
    scaleUpRules: g(300, 60, 0, 0, 0),
    currentReplicas: 100,
    prenormalizedDesiredReplicas: 500,
    expectedReplicas: 200,
    expectedCondition: 'TooManyReplicas',
  },
  {
    name: 'scaleUp with spec MaxReplicas limitation with large percent policy and events',
    scaleUpEvents: u([1, 5, 9], 120),
    specMinReplicas: 1,
    specMaxReplicas: 200,
    scaleUpRules: g(0, 0, 10000, 60, 0),
    currentReplicas: 100,
    prenormalizedDesiredReplicas: 500,
    expectedReplicas: 200,
    expectedCondition: 'TooManyReplicas',
  },
  {
    name: 'scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent scale up events',
    scaleUpEvents: u([1, 5, 9], 120),
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleUpRules: g(5, 120, 0, 0, 0),
    currentReplicas: 100,
    prenormalizedDesiredReplicas: 500,
    expectedReplicas: 100,
    expectedCondition: 'ScaleUpLimit',
  },
  {
    name: 'scaleUp with pod policy and previous scale up events',
    scaleUpEvents: u([1, 5, 9], 120),
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleUpRules: g(150, 120, 0, 0, 0),
    currentReplicas: 100,
    prenormalizedDesiredReplicas: 500,
    expectedReplicas: 235,
    expectedCondition: 'ScaleUpLimit',
  },
  {
    name: 'scaleUp with percent policy and previous scale up events',
    scaleUpEvents: u([1, 5, 9], 120),
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleUpRules: g(0, 0, 200, 120, 0),
    currentReplicas: 100,
    prenormalizedDesiredReplicas: 500,
    expectedReplicas: 255,
    expectedCondition: 'ScaleUpLimit',
  },
  {
    name: 'scaleUp with percent policy and previous scale up and down events',
    scaleUpEvents: u([4], 120),
    scaleDownEvents: u([2], 120),
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleUpRules: g(0, 0, 300, 300, 0),
    currentReplicas: 6,
    prenormalizedDesiredReplicas: 24,
    expectedReplicas: 16,
    expectedCondition: 'ScaleUpLimit',
  },
  {
    name: 'scaleDown with default policy and previous events',
    scaleDownEvents: u([1, 5, 9], 120),
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    currentReplicas: 10,
    prenormalizedDesiredReplicas: 5,
    expectedReplicas: 5,
    expectedCondition: 'DesiredWithinRange',
  },
  {
    name: 'scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events',
    scaleDownEvents: u([1, 5, 9], 120),
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleDownRules: g(115, 120, 0, 0, 300),
    currentReplicas: 100,
    prenormalizedDesiredReplicas: 0,
    expectedReplicas: 1,
    expectedCondition: 'TooFewReplicas',
  },
  {
    name: 'scaleDown with spec MinReplicas limitation with large pod policy and previous events',
    scaleDownEvents: u([1, 5, 9], 120),
    specMinReplicas: 5,
    specMaxReplicas: 1000,
    scaleDownRules: g(130, 120, 0, 0, 300),
    currentReplicas: 100,
    prenormalizedDesiredReplicas: 0,
    expectedReplicas: 5,
    expectedCondition: 'TooFewReplicas',
  },
  {
    name: 'scaleDown with spec MinReplicas limitation with large percent policy and previous events',
    scaleDownEvents: u([1, 5, 9], 120),
    specMinReplicas: 5,
    specMaxReplicas: 1000,
    scaleDownRules: g(0, 0, 100, 120, 300),
    currentReplicas: 100,
    prenormalizedDesiredReplicas: 2,
    expectedReplicas: 5,
    expectedCondition: 'TooFewReplicas',
  },
  {
    name: 'scaleDown with pod policy limitation and previous events',
    scaleDownEvents: u([1, 5, 9], 120),
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleDownRules: g(5, 120, 0, 0, 300),
    currentReplicas: 100,
    prenormalizedDesiredReplicas: 2,
    expectedReplicas: 100,
    expectedCondition: 'ScaleDownLimit',
  },
  {
    name: 'scaleDown with percent policy limitation and previous events',
    scaleDownEvents: u([2, 4, 6], 120),
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleDownRules: g(0, 0, 50, 120, 300),
    currentReplicas: 100,
    prenormalizedDesiredReplicas: 0,
    expectedReplicas: 56,
    expectedCondition: 'ScaleDownLimit',
  },
  {
    name: 'scaleDown with percent policy and previous scale up and down events',
    scaleUpEvents: u([2], 120),
    scaleDownEvents: u([4], 120),
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleDownRules: g(0, 0, 50, 180, 0),
    currentReplicas: 10,
    prenormalizedDesiredReplicas: 1,
    expectedReplicas: 6,
    expectedCondition: 'ScaleDownLimit',
  },
  {
    name: 'scaleDown with previous events preventing further scale down',
    scaleDownEvents: u([10, 10, 10], 120),
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleDownRules: g(0, 0, 10, 120, 300),
    currentReplicas: 100,
    prenormalizedDesiredReplicas: 0,
    expectedReplicas: 100,
    expectedCondition: 'ScaleDownLimit',
  },
  {
    name: 'scaleDown with with previous events still allowing more scale down',
    scaleDownEvents: u([10, 10, 10], 120),
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleDownRules: g(0, 0, 1000, 120, 300),
    currentReplicas: 10,
    prenormalizedDesiredReplicas: 5,
    expectedReplicas: 5,
    expectedCondition: 'DesiredWithinRange',
  },
  {
    name: "check 'outdated' flag for events for one behavior for up",
    scaleUpEvents: u([8, 12, 9, 11], 120),
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleUpRules: g(1000, 60, 0, 0, 0),
    currentReplicas: 100,
    prenormalizedDesiredReplicas: 200,
    expectedReplicas: 200,
    expectedCondition: 'DesiredWithinRange',
  },
  {
    name: "check that events were not marked 'outdated' for two different policies in the behavior for up",
    scaleUpEvents: u([8, 12, 9, 11], 120),
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleUpRules: g(1000, 120, 100, 60, 0),
    currentReplicas: 100,
    prenormalizedDesiredReplicas: 200,
    expectedReplicas: 200,
    expectedCondition: 'DesiredWithinRange',
  },
  {
    name: "check that events were marked 'outdated' for two different policies in the behavior for up",
    scaleUpEvents: u([8, 12, 9, 11], 120),
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleUpRules: g(1000, 30, 100, 60, 0),
    currentReplicas: 100,
    prenormalizedDesiredReplicas: 200,
    expectedReplicas: 200,
    expectedCondition: 'DesiredWithinRange',
  },
  {
    name: "check 'outdated' flag for events for one behavior for down",
    scaleDownEvents: u([8, 12, 9, 11], 120),
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleDownRules: g(1000, 60, 0, 0, 300),
    currentReplicas: 100,
    prenormalizedDesiredReplicas: 5,
    expectedReplicas: 5,
    expectedCondition: 'DesiredWithinRange',
  },
  {
    name: "check that events were not marked 'outdated' for two different policies in the behavior for down",
    scaleDownEvents: u([8, 12, 9, 11], 120),
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleDownRules: g(1000, 120, 100, 60, 300),
    currentReplicas: 100,
    prenormalizedDesiredReplicas: 5,
    expectedReplicas: 5,
    expectedCondition: 'DesiredWithinRange',
  },
  {
    name: "check that events were marked 'outdated' for two different policies in the behavior for down",
    scaleDownEvents: u([8, 12, 9, 11], 120),
    specMinReplicas: 1,
    specMaxReplicas: 1000,
    scaleDownRules: g(1000, 30, 100, 60, 300),
    currentReplicas: 100,
    prenormalizedDesiredReplicas: 5,
    expectedReplicas: 5,
    expectedCondition: 'DesiredWithinRange',
  },
];

describe('TestScalingWithRules', () => {
  for (const tc of scalingWithRules) {
    // Upstream's loop returns at once for the row marked testThis: it asserts nothing.
    const test = tc.testThis === true ? it.skip : it;
    test(tc.name, () => {
      const rules = defaultedRules(tc.scaleUpRules, tc.scaleDownRules);
      const arg: NormalizationArg = {
        scaleUpBehavior: rules.up,
        scaleDownBehavior: rules.down,
        minReplicas: tc.specMinReplicas,
        maxReplicas: tc.specMaxReplicas,
        desiredReplicas: tc.prenormalizedDesiredReplicas,
        currentReplicas: tc.currentReplicas,
      };
      const [replicas, condition] = convertDesiredReplicasWithBehaviorRate(
        arg,
        tc.scaleUpEvents ?? [],
        tc.scaleDownEvents ?? [],
        NOW,
      );
      expect(replicas).toBe(tc.expectedReplicas);
      expect(condition).toBe(tc.expectedCondition);
    });
  }
});

describe('TestStoreScaleEvents', () => {
  const ev = (replicaChange: number, secondsAgo: number, outdated = false): TimestampedScaleEvent => ({
    replicaChange,
    timestamp: NOW - secondsAgo * 1000,
    outdated,
  });
  it.each([
    { name: 'empty entries with default behavior', prev: [], next: [], expected: 0 },
    { name: 'empty entries with two-policy-behavior', prev: [], next: [ev(5, 0)], rules: g(10, 60, 100, 60, 0), expected: 0 },
    { name: 'one outdated entry to be kept untouched without behavior', prev: [ev(7, 61)], next: [ev(7, 0)], expected: 0 },
    {
      name: 'one outdated entry to be replaced with behavior',
      prev: [ev(7, 61)],
      next: [ev(5, 0)],
      rules: g(10, 60, 100, 60, 0),
      expected: 0,
    },
    {
      name: 'one actual entry to be not touched with behavior',
      prev: [ev(7, 58)],
      next: [ev(7, 0), ev(5, 0)],
      rules: g(10, 60, 100, 60, 0),
      expected: 7,
    },
    {
      name: 'two entries, one of them to be replaced',
      prev: [ev(7, 61), ev(6, 59)],
      next: [ev(5, 0), ev(6, 0)],
      rules: g(10, 60, 0, 0, 0),
      expected: 6,
    },
    {
      name: 'replace one entry, use policies with different periods',
      prev: [ev(8, 29), ev(6, 59), ev(7, 61), ev(9, 61)],
      next: [ev(8, 0), ev(6, 0), ev(7, 0, true), ev(5, 0)],
      rules: g(10, 60, 100, 30, 0),
      expected: 14,
    },
    {
      name: 'two entries, both actual',
      prev: [ev(7, 58), ev(6, 59)],
      next: [ev(7, 0), ev(6, 0), ev(5, 0)],
      rules: g(10, 120, 100, 30, 0),
      expected: 13,
    },
  ] as {
    name: string;
    prev: TimestampedScaleEvent[];
    next: TimestampedScaleEvent[];
    rules?: HPAScalingRules;
    expected: number;
  }[])('$name', ({ prev, next, rules, expected }) => {
    const replicaChange = 5;
    // scale up
    expect(getReplicasChangePerPeriod(60, prev, NOW)).toBe(expected);
    const up = storeScaleEvent(
      rules === undefined ? undefined : { scaleUp: rules },
      { scaleUpEvents: prev, scaleDownEvents: [] },
      10,
      10 + replicaChange,
      NOW,
    );
    expect(up.scaleUpEvents.map((e) => [e.replicaChange, e.outdated])).toEqual(next.map((e) => [e.replicaChange, e.outdated]));
    // scale down
    expect(getReplicasChangePerPeriod(60, prev, NOW)).toBe(expected);
    const down = storeScaleEvent(
      rules === undefined ? undefined : { scaleDown: rules },
      { scaleUpEvents: [], scaleDownEvents: prev },
      10,
      10 - replicaChange,
      NOW,
    );
    expect(down.scaleDownEvents.map((e) => [e.replicaChange, e.outdated])).toEqual(
      next.map((e) => [e.replicaChange, e.outdated]),
    );
  });
});

describe('TestNormalizeDesiredReplicasWithBehavior', () => {
  interface Row {
    name: string;
    recommendations: TimestampedRecommendation[];
    currentReplicas: number;
    prenormalizedDesiredReplicas: number;
    expectedStabilizedReplicas: number;
    expectedRecommendations?: number[];
    scaleUpStabilizationWindowSeconds?: number;
    scaleDownStabilizationWindowSeconds?: number;
  }
  const rows: Row[] = [
    {
      name: 'empty recommendations for scaling down',
      recommendations: [],
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 5,
      expectedStabilizedReplicas: 5,
      expectedRecommendations: [5],
    },
    {
      name: 'simple scale down stabilization',
      recommendations: [rec(4, 2 * MINUTE), rec(5, MINUTE)],
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 3,
      expectedStabilizedReplicas: 5,
      expectedRecommendations: [4, 5, 3],
      scaleDownStabilizationWindowSeconds: 60 * 3,
    },
    {
      name: 'simple scale up stabilization',
      recommendations: [rec(4, 2 * MINUTE), rec(5, MINUTE)],
      currentReplicas: 1,
      prenormalizedDesiredReplicas: 7,
      expectedStabilizedReplicas: 4,
      expectedRecommendations: [4, 5, 7],
      scaleUpStabilizationWindowSeconds: 60 * 5,
    },
    {
      name: 'no scale down stabilization',
      recommendations: [rec(1, 2 * MINUTE), rec(2, MINUTE)],
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 3,
      expectedStabilizedReplicas: 3,
      expectedRecommendations: [1, 2, 3],
      scaleUpStabilizationWindowSeconds: 60 * 5,
    },
    {
      name: 'no scale up stabilization',
      recommendations: [rec(4, 2 * MINUTE), rec(5, MINUTE)],
      currentReplicas: 1,
      prenormalizedDesiredReplicas: 3,
      expectedStabilizedReplicas: 3,
      expectedRecommendations: [4, 5, 3],
      scaleDownStabilizationWindowSeconds: 60 * 5,
    },
    {
      name: 'no scale down stabilization, reuse recommendation element',
      recommendations: [rec(10, 10 * MINUTE), rec(9, 9 * MINUTE)],
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 3,
      expectedStabilizedReplicas: 3,
      expectedRecommendations: [10, 3],
    },
    {
      name: 'no scale up stabilization, reuse recommendation element',
      recommendations: [rec(10, 10 * MINUTE), rec(9, 9 * MINUTE)],
      currentReplicas: 1,
      prenormalizedDesiredReplicas: 100,
      expectedStabilizedReplicas: 100,
      expectedRecommendations: [10, 100],
    },
    {
      name: 'scale down stabilization, reuse one of obsolete recommendation element',
      recommendations: [rec(10, 10 * MINUTE), rec(4, MINUTE), rec(5, 2 * MINUTE), rec(9, 9 * MINUTE)],
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 3,
      expectedStabilizedReplicas: 5,
      expectedRecommendations: [10, 4, 5, 3],
      scaleDownStabilizationWindowSeconds: 3 * 60,
    },
    {
      name: 'scale up stabilization, reuse one of obsolete recommendation element',
      recommendations: [rec(10, 100 * MINUTE), rec(6, MINUTE), rec(5, 2 * MINUTE), rec(9, 3 * MINUTE)],
      currentReplicas: 1,
      prenormalizedDesiredReplicas: 100,
      expectedStabilizedReplicas: 5,
      expectedRecommendations: [100, 6, 5, 9],
      scaleUpStabilizationWindowSeconds: 300,
    },
    {
      name: 'scale up and down stabilization, do not scale up when prenormalized rec goes down',
      recommendations: [rec(2, 100 * MINUTE), rec(3, 3 * MINUTE)],
      currentReplicas: 2,
      prenormalizedDesiredReplicas: 1,
      expectedStabilizedReplicas: 2,
      scaleUpStabilizationWindowSeconds: 300,
      scaleDownStabilizationWindowSeconds: 300,
    },
    {
      name: 'scale up and down stabilization, do not scale down when prenormalized rec goes up',
      recommendations: [rec(2, 100 * MINUTE), rec(1, 3 * MINUTE)],
      currentReplicas: 2,
      prenormalizedDesiredReplicas: 3,
      expectedStabilizedReplicas: 2,
      scaleUpStabilizationWindowSeconds: 300,
      scaleDownStabilizationWindowSeconds: 300,
    },
  ];
  it.each(rows)('$name', (tc) => {
    const r = stabilizeRecommendationWithBehaviors(
      {
        desiredReplicas: tc.prenormalizedDesiredReplicas,
        currentReplicas: tc.currentReplicas,
        scaleUpBehavior: { stabilizationWindowSeconds: tc.scaleUpStabilizationWindowSeconds ?? 0 },
        scaleDownBehavior: { stabilizationWindowSeconds: tc.scaleDownStabilizationWindowSeconds ?? 0 },
        minReplicas: 0,
        maxReplicas: 0,
      },
      tc.recommendations,
      NOW,
    );
    expect(r.recommendation).toBe(tc.expectedStabilizedReplicas);
    if (tc.expectedRecommendations !== undefined) {
      expect(r.recommendations.map((x) => x.recommendation)).toEqual(tc.expectedRecommendations);
    }
  });
});
