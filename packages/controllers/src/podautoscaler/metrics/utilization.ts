import { MetricsError, type PodMetricsInfo } from './interfaces.js';

/**
 * pkg/controller/podautoscaler/metrics/utilization.go. Totals are int64 in Go; they are
 * BigInt here so that sums of memory samples (bytes × 1000 per pod) and their × 100 stay
 * exact past 2^53, and divisions truncate toward zero as Go's integer division does.
 */

function int64(n: number): bigint {
  return BigInt(Math.trunc(n));
}

/** Go's int32(x) on an int64: keeps the low 32 bits. */
function toInt32(n: bigint): number {
  return Number(BigInt.asIntN(32, n));
}

/** Go's int64 → float64 conversion of a value that fits a Number. */
function toFloat(n: bigint): number {
  return Number(BigInt.asIntN(64, n));
}

/**
 * GetResourceUtilizationRatio: the ratio of actual to target utilization, the actual
 * utilization (an integer percentage of the requests, truncated) and the raw average value,
 * over the pods that have both a sample and a request. Throws "no metrics returned matched
 * known pods" when no sample has a request.
 */
export function getResourceUtilizationRatio(
  metrics: PodMetricsInfo,
  requests: ReadonlyMap<string, number>,
  targetUtilization: number,
): { utilizationRatio: number; currentUtilization: number; rawAverageValue: number } {
  let metricsTotal = 0n;
  let requestsTotal = 0n;
  let numEntries = 0n;
  for (const [podName, metric] of metrics) {
    const request = requests.get(podName);
    // we check for missing requests elsewhere, so assuming missing requests == extraneous metrics
    if (request === undefined) continue;
    metricsTotal += int64(metric.value);
    requestsTotal += int64(request);
    numEntries++;
  }
  // if the set of requests is completely disjoint from the set of metrics,
  // then we could have an issue where the requests total is zero
  if (requestsTotal === 0n) throw new MetricsError('no metrics returned matched known pods');
  const currentUtilization = toInt32((metricsTotal * 100n) / requestsTotal);
  return {
    utilizationRatio: currentUtilization / targetUtilization,
    currentUtilization,
    rawAverageValue: toFloat(metricsTotal / numEntries),
  };
}

/**
 * GetMetricUsageRatio: the ratio of the average per-pod usage (integer division, as Go's
 * int64) to the target, and that average.
 */
export function getMetricUsageRatio(metrics: PodMetricsInfo, targetUsage: number): { usageRatio: number; currentUsage: number } {
  let metricsTotal = 0n;
  for (const metric of metrics.values()) metricsTotal += int64(metric.value);
  const currentUsage = toFloat(metricsTotal / BigInt(metrics.size));
  return { usageRatio: currentUsage / targetUsage, currentUsage };
}
