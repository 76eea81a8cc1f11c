import {
  type ClusterView,
  type Controller,
  type Effect,
  type ExternalMetricSpec,
  type LoadSpec,
  type MetricSampleEvent,
  type Millis,
  type NodeSample,
  type PodSample,
  type ReconcileContext,
  SECOND,
  type SeriesSample,
} from '@kubesim/core';
import { loadGroups, shareIntegrals, sharesAt } from '../usage/serving.js';
import { customSeries } from './customMetrics.js';
import { DEFAULT_NODE_OVERHEAD, type NodeOverhead, scrape } from './scrape.js';
import {
  EMPTY_NODE_STORAGE,
  EMPTY_POD_STORAGE,
  type NodeStorage,
  nodeMetricsOf,
  type PodStorage,
  podMetricsOf,
  storeNodes,
  storePods,
} from './storage.js';

/**
 * metrics-server (v0.7) as a world-side component: every --metric-resolution it scrapes every
 * live kubelet, stores the points as its storage does, and publishes what its metrics.k8s.io
 * API would serve from then on — with the custom and external series of the scenario's loads —
 * as one MetricSample world event per scrape. It runs when a scenario asks for it, not in
 * defaultControllers() by default (a kubeadm cluster has none).
 */

export const METRICS_SERVER = 'metrics-server';

/** --metric-resolution's default. */
export const DEFAULT_METRIC_RESOLUTION: Millis = 15 * SECOND;

/** What metrics-server needs from the scenario: the loads, the external metrics, the seed of the noise, the resolution and the node overhead. */
export interface MetricsServerOptions {
  /** The loads on workloads and Services (their pods' usage, their custom metrics). */
  readonly loads?: readonly LoadSpec[];
  /** External metric series (external.metrics.k8s.io). */
  readonly externalMetrics?: readonly ExternalMetricSpec[];
  /** The seed of the loads' noise; default the run's seed. */
  readonly seed?: string | number;
  /** --metric-resolution: the time between scrapes. Default 15s. */
  readonly metricResolution?: Millis;
  /** What each node uses beyond its pods (kubectl top nodes). Default 50m and 512Mi. */
  readonly nodeOverhead?: NodeOverhead;
}

/** What the metrics-server keeps between scrapes. */
export interface ScraperMemory {
  readonly at: Millis;
  readonly pods: PodStorage;
  readonly nodes: NodeStorage;
}

const SCRAPE_KEY = 'scrape';
const MEMORY_KEY = 'storage';

/** The scrape: the event it writes and the storage it leaves. */
export function scrapeOnce(
  view: ClusterView,
  now: Millis,
  memory: ScraperMemory | undefined,
  opts: MetricsServerOptions,
): { event: MetricSampleEvent; memory: ScraperMemory } {
  const resolution = opts.metricResolution ?? DEFAULT_METRIC_RESOLUTION;
  const seed = opts.seed === undefined ? view.state.seed : String(opts.seed);
  const groups = loadGroups(view, opts.loads ?? []);
  const storage = memory?.pods ?? EMPTY_POD_STORAGE;
  const nodeStorage = memory?.nodes ?? EMPTY_NODE_STORAGE;
  const batch = scrape(view, {
    now,
    integrals: shareIntegrals(groups, memory?.at ?? now - resolution, now, seed),
    shares: sharesAt(groups, now, seed),
    storage,
    lastNodes: nodeStorage.last,
    overhead: opts.nodeOverhead ?? DEFAULT_NODE_OVERHEAD,
  });
  const pods = storePods(storage, batch.pods, resolution);
  const nodes = storeNodes(nodeStorage, batch.nodes);

  const world = view.state.world;
  const podSamples: Record<string, PodSample> = {};
  for (const key of pods.last.keys()) {
    const m = podMetricsOf(pods, key);
    if (m !== undefined) podSamples[key] = [m.window, m.containers.map((c) => [c.name, c.cpu, c.memory] as const)];
  }
  const nodeSamples: Record<string, NodeSample> = {};
  for (const name of nodes.last.keys()) {
    const m = nodeMetricsOf(nodes, name);
    if (m !== undefined) nodeSamples[name] = [m.window, m.cpu, m.memory];
  }
  const series: Record<string, readonly SeriesSample[]> = {};
  for (const [key, list] of customSeries(groups, opts.externalMetrics ?? [], now, seed, resolution)) series[key] = list;
  const gone = [...world.metrics.keys()].filter((k) => !Object.hasOwn(podSamples, k));
  const nodesGone = [...world.nodeMetrics.keys()].filter((k) => !Object.hasOwn(nodeSamples, k));
  const seriesGone = [...world.customMetrics.keys()].filter((k) => !Object.hasOwn(series, k));
  const event: MetricSampleEvent = {
    type: 'MetricSample',
    ...(Object.keys(podSamples).length > 0 ? { pods: podSamples } : {}),
    ...(gone.length > 0 ? { gone } : {}),
    ...(Object.keys(nodeSamples).length > 0 ? { nodes: nodeSamples } : {}),
    ...(nodesGone.length > 0 ? { nodesGone } : {}),
    ...(Object.keys(series).length > 0 ? { series } : {}),
    ...(seriesGone.length > 0 ? { seriesGone } : {}),
  };
  return { event, memory: { at: now, pods, nodes } };
}

/** metrics-server v0.7 (`metrics-server`): scrapes every live kubelet each resolution and records one MetricSample. */
export function metricsServer(opts: MetricsServerOptions = {}): Controller {
  const resolution = opts.metricResolution ?? DEFAULT_METRIC_RESOLUTION;
  return {
    name: METRICS_SERVER,
    component: METRICS_SERVER,
    // It starts with the cluster's first node; from then on its own ticker drives it.
    watches: [{ kind: 'NodeRuntime', keys: () => [SCRAPE_KEY] }],
    reconcile(view: ClusterView, _key: string, ctx: ReconcileContext): Effect[] {
      const memory = ctx.memory<ScraperMemory>(MEMORY_KEY);
      // A node's change wakes it between ticks: wait for the next tick (time.Ticker).
      if (memory !== undefined && ctx.now < memory.at + resolution) return [];
      const { event, memory: next } = scrapeOnce(view, ctx.now, memory, opts);
      return [
        { type: 'world', event },
        { type: 'remember', key: MEMORY_KEY, value: next },
        { type: 'requeueAfter', after: resolution },
      ];
    },
    runtime: { process: METRICS_SERVER, workers: 1 },
  };
}
