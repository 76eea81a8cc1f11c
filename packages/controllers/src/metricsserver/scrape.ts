import type { ClusterView, Millis, Pod } from '@kubesim/core';
import { cpuUsed, loadFractions, memoryAt, usageOf } from '../usage/usage.js';
import type { ContainerPoints, MetricsPoint, PodStorage } from './storage.js';

/**
 * One scrape of every kubelet's /metrics/resource: a point per running container (its start,
 * its cumulative CPU counter, its working set now) and per node. The cumulative counter is the
 * previous point's plus the usage integrated since (usage/usage.ts cpuUsed; the load's part
 * from usage/serving.ts shareIntegrals), so the rate between two points is the usage's mean
 * over the window between them.
 */

/** The node's own use beyond its pods (kubelet, container runtime, system daemons). */
export interface NodeOverhead {
  /** Millicores. */
  readonly cpu: number;
  /** Bytes. */
  readonly memory: number;
}

/** About what an idle kind node's kubelet, containerd and system slice use. */
export const DEFAULT_NODE_OVERHEAD: NodeOverhead = { cpu: 50, memory: 512 * 1024 * 1024 };

export interface Batch {
  readonly pods: Map<string, ContainerPoints>;
  readonly nodes: Map<string, MetricsPoint>;
}

export interface ScrapeInput {
  readonly now: Millis;
  /** Each serving pod's share integrated since the last scrape, and its share now. */
  readonly integrals: ReadonlyMap<string, number>;
  readonly shares: ReadonlyMap<string, number>;
  /** The storage as the last scrape left it (whose `last` holds the counters). */
  readonly storage: PodStorage;
  /** The nodes' last points (their counters). */
  readonly lastNodes: ReadonlyMap<string, MetricsPoint>;
  readonly overhead: NodeOverhead;
}

/** millicore·ms → nanocore-seconds, as the kubelet's seconds counter decodes (uint64(v × 1e9)). */
const NANO_PER_MILLI_MS = 1000;

function podKeyOf(p: Pod): string {
  return `${p.metadata.namespace ?? 'default'}/${p.metadata.name}`;
}

/** The points of one pod's running containers (none: the pod is not in the batch). */
function scrapePod(
  view: ClusterView,
  pod: Pod,
  key: string,
  input: ScrapeInput,
): { points: Map<string, MetricsPoint>; cpu: number; memory: number } {
  const { now } = input;
  const points = new Map<string, MetricsPoint>();
  const fractions = loadFractions(view, pod);
  const lastPod = input.storage.last.get(key);
  const integral = input.integrals.get(key) ?? 0;
  const share = input.shares.get(key) ?? 0;
  let cpu = 0;
  let memory = 0;
  pod.spec.containers.forEach((spec, i) => {
    const startedAt = pod.status?.containerStatuses?.find((s) => s.name === spec.name)?.state.running?.startedAt;
    if (startedAt === undefined || startedAt > now) return;
    const u = usageOf(view, spec.image);
    const f = fractions[i] ?? 0;
    const last = lastPod?.get(spec.name);
    const counted = last !== undefined && last.startTime === startedAt;
    const from = counted ? last.timestamp : startedAt;
    const used = Math.floor(cpuUsed(u, startedAt, from, now, integral * f) * NANO_PER_MILLI_MS);
    const point: MetricsPoint = {
      startTime: startedAt,
      timestamp: now,
      cumulativeCpuUsed: (counted ? last.cumulativeCpuUsed : 0) + used,
      memoryUsage: memoryAt(u, share * f),
    };
    points.set(spec.name, point);
    cpu += used;
    memory += point.memoryUsage;
  });
  return { points, cpu, memory };
}

/** Scrapes every live node: its pods' containers and the node itself. */
export function scrape(view: ClusterView, input: ScrapeInput): Batch {
  const { now } = input;
  const pods = new Map<string, ContainerPoints>();
  const nodes = new Map<string, MetricsPoint>();
  for (const node of view.nodes()) {
    const name = node.metadata.name ?? '';
    const runtime = view.nodeRuntime(name);
    // A node that is down answers no scrape: its pods and itself drop out.
    if (runtime === undefined || !runtime.up) continue;
    let cpu = 0;
    let memory = input.overhead.memory;
    for (const pod of view.podsOnNode(name)) {
      const key = podKeyOf(pod);
      const scraped = scrapePod(view, pod, key, input);
      if (scraped.points.size === 0) continue;
      cpu += scraped.cpu;
      memory += scraped.memory;
      // decodeBatch's checkContainerMetrics: a container with no CPU counted or no memory drops its pod.
      if ([...scraped.points.values()].some((p) => p.cumulativeCpuUsed === 0 || p.memoryUsage === 0)) continue;
      pods.set(key, scraped.points);
    }
    const last = input.lastNodes.get(name);
    const counted = last !== undefined && last.startTime === runtime.startedAt;
    const from = counted ? last.timestamp : runtime.startedAt;
    const point: MetricsPoint = {
      startTime: runtime.startedAt,
      timestamp: now,
      cumulativeCpuUsed:
        (counted ? last.cumulativeCpuUsed : 0) + cpu + Math.floor(input.overhead.cpu * (now - from) * NANO_PER_MILLI_MS),
      memoryUsage: memory,
    };
    // decodeBatch: an incomplete node point (no CPU counted, no memory) is dropped.
    if (point.cumulativeCpuUsed !== 0 && point.memoryUsage !== 0) nodes.set(name, point);
  }
  return { pods, nodes };
}
