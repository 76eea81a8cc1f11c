import { describe, expect, it } from 'vitest';
import { MetricsError, type PodMetricsInfo } from './interfaces.js';
import { getMetricUsageRatio, getResourceUtilizationRatio } from './utilization.js';

// pkg/controller/podautoscaler/metrics/utilization_test.go (v1.34).

function info(values: Record<string, number>): PodMetricsInfo {
  return new Map(Object.entries(values).map(([k, value]) => [k, { timestamp: 0, window: 0, value }]));
}

interface ResourceUtilizationRatioTestCase {
  metrics: PodMetricsInfo;
  requests: Record<string, number>;
  targetUtilization: number;
  expectedUtilizationRatio: number;
  expectedCurrentUtilization: number;
  expectedRawAverageValue: number;
  expectedErr?: string;
}

function runResourceTest(tc: ResourceUtilizationRatioTestCase): void {
  const call = () => getResourceUtilizationRatio(tc.metrics, new Map(Object.entries(tc.requests)), tc.targetUtilization);
  if (tc.expectedErr !== undefined) {
    expect(call).toThrow(MetricsError);
    expect(call).toThrow(tc.expectedErr);
    return;
  }
  const out = call();
  expect(out.utilizationRatio).toBe(tc.expectedUtilizationRatio);
  expect(out.currentUtilization).toBe(tc.expectedCurrentUtilization);
  expect(out.rawAverageValue).toBe(tc.expectedRawAverageValue);
}

describe('TestGetResourceUtilizationRatioBaseCase', () => {
  it('runs', () =>
    runResourceTest({
      metrics: info({ 'test-pod-0': 50, 'test-pod-1': 76 }),
      requests: { 'test-pod-0': 100, 'test-pod-1': 100 },
      targetUtilization: 50,
      expectedUtilizationRatio: 1.26,
      expectedCurrentUtilization: 63,
      expectedRawAverageValue: 63,
    }));
});

describe('TestGetResourceUtilizationRatioIgnorePodsWithNoRequest', () => {
  it('runs', () =>
    runResourceTest({
      metrics: info({ 'test-pod-0': 50, 'test-pod-1': 76, 'test-pod-no-request': 100 }),
      requests: { 'test-pod-0': 100, 'test-pod-1': 100 },
      targetUtilization: 50,
      expectedUtilizationRatio: 1.26,
      expectedCurrentUtilization: 63,
      expectedRawAverageValue: 63,
    }));
});

describe('TestGetResourceUtilizationRatioExtraRequest', () => {
  it('runs', () =>
    runResourceTest({
      metrics: info({ 'test-pod-0': 50, 'test-pod-1': 76 }),
      requests: { 'test-pod-0': 100, 'test-pod-1': 100, 'test-pod-extra-request': 500 },
      targetUtilization: 50,
      expectedUtilizationRatio: 1.26,
      expectedCurrentUtilization: 63,
      expectedRawAverageValue: 63,
    }));
});

describe('TestGetResourceUtilizationRatioNoRequests', () => {
  it('runs', () =>
    runResourceTest({
      metrics: info({ 'test-pod-0': 50, 'test-pod-1': 76 }),
      requests: {},
      targetUtilization: 50,
      expectedUtilizationRatio: 0,
      expectedCurrentUtilization: 0,
      expectedRawAverageValue: 0,
      expectedErr: 'no metrics returned matched known pods',
    }));
});

describe('TestGetMetricUsageRatioBaseCase', () => {
  it('runs', () => {
    const out = getMetricUsageRatio(info({ 'test-pod-0': 5000, 'test-pod-1': 10000 }), 10000);
    expect(out.usageRatio).toBe(0.75);
    expect(out.currentUsage).toBe(7500);
  });
});

// Not upstream: Go's int64 arithmetic past 2^53 (memory in milli-bytes over many pods).
describe('int64 arithmetic', () => {
  it('truncates the percentage and the average exactly where float64 would round', () => {
    // Three samples whose sum passes 2^53: a float64 sum would round away the last digit.
    const v = 4e15 + 1;
    const metrics = info({ a: v, b: v, c: v });
    const out = getResourceUtilizationRatio(
      metrics,
      new Map([
        ['a', v],
        ['b', v],
        ['c', v + 3],
      ]),
      100,
    );
    expect(out.currentUtilization).toBe(99);
    expect(out.rawAverageValue).toBe(v);
  });
  it('divides the usage toward zero', () => {
    expect(getMetricUsageRatio(info({ a: 1, b: 2 }), 1).currentUsage).toBe(1);
  });
});
