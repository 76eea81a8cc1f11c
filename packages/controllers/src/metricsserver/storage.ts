import { type ContainerMetrics, type Millis, SECOND } from '@kubesim/core';

/**
 * metrics-server's storage (sigs.k8s.io/metrics-server pkg/storage, v0.7): the last two scrapes'
 * points of every container and node; a CPU value is the rate between them. Go's maps are
 * unordered; here pods, nodes and containers keep the order they were scraped in.
 */

/** storage.MetricsPoint: cumulative CPU in nanocore-seconds (as decoded: uint64(seconds × 1e9)), memory in bytes. */
export interface MetricsPoint {
  readonly startTime: Millis;
  readonly timestamp: Millis;
  readonly cumulativeCpuUsed: number;
  readonly memoryUsage: number;
}

/** One pod's scraped points, by container name. */
export type ContainerPoints = ReadonlyMap<string, MetricsPoint>;

/** metrics-server's podStorage: the last two scrapes' points per pod, by container. */
export interface PodStorage {
  readonly last: ReadonlyMap<string, ContainerPoints>;
  readonly prev: ReadonlyMap<string, ContainerPoints>;
}

/** metrics-server's nodeStorage: the last two scrapes' points per node. */
export interface NodeStorage {
  readonly last: ReadonlyMap<string, MetricsPoint>;
  readonly prev: ReadonlyMap<string, MetricsPoint>;
}

export const EMPTY_POD_STORAGE: PodStorage = { last: new Map(), prev: new Map() };
export const EMPTY_NODE_STORAGE: NodeStorage = { last: new Map(), prev: new Map() };

/** freshContainerMinMetricsResolution: a container younger than this has no synthetic first point. */
export const FRESH_CONTAINER_MIN_METRICS_RESOLUTION: Millis = 10 * SECOND;

/** storage.resourceUsage: the rate between two points, or why there is none. */
export function resourceUsage(
  last: MetricsPoint,
  prev: MetricsPoint,
): { cpu: number; memory: number; timestamp: Millis; window: Millis } | { error: string } {
  if (last.startTime < prev.startTime) return { error: 'unexpected decrease in startTime of node/container' };
  if (last.cumulativeCpuUsed < prev.cumulativeCpuUsed) return { error: 'unexpected decrease in cumulative CPU usage value' };
  const window = last.timestamp - prev.timestamp;
  // uint64(cpuUsage) nanocores, then Quantity.MilliValue() (rounded up), as the HPA and kubectl read it.
  const nanocores = Math.floor((last.cumulativeCpuUsed - prev.cumulativeCpuUsed) / (window / SECOND));
  return { cpu: Math.ceil(nanocores / 1e6), memory: last.memoryUsage, timestamp: last.timestamp, window };
}

/** podStorage.Store: the new batch becomes `last`; `prev` keeps what a rate can be taken against. */
export function storePods(s: PodStorage, newPods: ReadonlyMap<string, ContainerPoints>, metricResolution: Millis): PodStorage {
  const last = new Map<string, ContainerPoints>();
  const prev = new Map<string, ContainerPoints>();
  for (const [podRef, newPod] of newPods) {
    const prevContainers = new Map<string, MetricsPoint>();
    for (const [name, point] of newPod) {
      const age = point.timestamp - point.startTime;
      if (point.startTime < point.timestamp && age < metricResolution && age >= FRESH_CONTAINER_MIN_METRICS_RESOLUTION) {
        // A fresh container: its start is a point with no CPU used yet.
        prevContainers.set(name, { ...point, timestamp: point.startTime, cumulativeCpuUsed: 0 });
        continue;
      }
      const lastContainer = s.last.get(podRef)?.get(name);
      // Kept only if the container has not restarted since (its start is before the stored point).
      if (lastContainer === undefined || !(point.startTime < lastContainer.timestamp)) continue;
      if (point.timestamp > lastContainer.timestamp) prevContainers.set(name, lastContainer);
      else {
        const prevPoint = s.prev.get(podRef)?.get(name);
        if (prevPoint !== undefined && prevPoint.timestamp < point.timestamp) prevContainers.set(name, prevPoint);
      }
    }
    if (prevContainers.size > 0) prev.set(podRef, prevContainers);
    last.set(podRef, newPod);
  }
  return { last, prev };
}

/** podStorage.GetMetrics for one pod: its containers' rates, or undefined while one lacks a previous point. */
export function podMetricsOf(
  s: PodStorage,
  podRef: string,
): { timestamp: Millis; window: Millis; containers: ContainerMetrics[] } | undefined {
  const lastPod = s.last.get(podRef);
  const prevPod = s.prev.get(podRef);
  if (lastPod === undefined || prevPod === undefined) return undefined;
  const containers: ContainerMetrics[] = [];
  let earliest: { timestamp: Millis; window: Millis } | undefined;
  for (const [name, lastContainer] of lastPod) {
    const prevContainer = prevPod.get(name);
    if (prevContainer === undefined) return undefined; // allContainersPresent = false
    const usage = resourceUsage(lastContainer, prevContainer);
    if ('error' in usage) continue; // "Skipping container usage metric"
    containers.push({ name, cpu: usage.cpu, memory: usage.memory });
    if (earliest === undefined || earliest.timestamp > usage.timestamp) earliest = usage;
  }
  return { timestamp: earliest?.timestamp ?? 0, window: earliest?.window ?? 0, containers };
}

/** nodeStorage.Store. */
export function storeNodes(s: NodeStorage, newNodes: ReadonlyMap<string, MetricsPoint>): NodeStorage {
  const prev = new Map<string, MetricsPoint>();
  for (const [name, point] of newNodes) {
    const lastNode = s.last.get(name);
    if (lastNode === undefined) continue;
    if (point.timestamp > lastNode.timestamp) prev.set(name, lastNode);
    else {
      const prevPoint = s.prev.get(name);
      if (prevPoint !== undefined && prevPoint.timestamp < point.timestamp) prev.set(name, prevPoint);
    }
  }
  return { last: newNodes, prev };
}

/** nodeStorage.GetMetrics for one node. */
export function nodeMetricsOf(
  s: NodeStorage,
  name: string,
): { timestamp: Millis; window: Millis; cpu: number; memory: number } | undefined {
  const last = s.last.get(name);
  const prev = s.prev.get(name);
  if (last === undefined || prev === undefined) return undefined;
  const usage = resourceUsage(last, prev);
  return 'error' in usage ? undefined : usage;
}
