import type { Distribution } from './random/streams.js';
import { PMap } from './store/pmap.js';
import type { Millis } from './time/duration.js';

/**
 * The world: what is true of the machines but not (yet) written in any API object. A node
 * that has failed still reads Ready in the API until the node lifecycle controller notices
 * the missing heartbeats; the kubelet's image cache and a container's real start-up time
 * live here or in the kubelet, never in the store.
 */
export interface NodeRuntime {
  readonly up: boolean;
  /** Increments each time the node's kubelet (re)starts; kubelet memory from an older boot is void. */
  readonly bootId: number;
  /** When the kubelet last started; lease renewals are every 10s from here. */
  readonly startedAt: Millis;
  readonly failedAt?: Millis;
  /** The order the node joined in; it fixes the node's pod CIDR and address. */
  readonly index: number;
  /**
   * The kubelet's last process restart (KubeletRestart): down in [at, until), its containers
   * running on; the new process starts at `until`. Absent when it never restarted since boot.
   */
  readonly kubeletRestart?: KubeletRestartSpan;
  /** Since when the node is cut off from the API server (NodePartition); absent when it is not. */
  readonly partitionedAt?: Millis;
  /** How far the node's clock is off the true time (ClockSkew), signed; absent: 0. */
  readonly skew?: Millis;
}

/** A kubelet process restart: the kubelet is down in [at, until) while its containers keep running. */
export interface KubeletRestartSpan {
  readonly at: Millis;
  readonly until: Millis;
}

/** When the node's current kubelet process started: the restart's end once it is over, else the boot. */
export function kubeletStartedAt(node: NodeRuntime, now: Millis): Millis {
  const r = node.kubeletRestart;
  return r !== undefined && now >= r.until ? r.until : node.startedAt;
}

/**
 * What the node's kubelet can do at `now`: `down` (the machine is down, or its kubelet is
 * restarting — it runs nothing and writes nothing), `cutOff` (partitioned: it runs its
 * containers on, but neither sees the API server nor reaches it), or `up`.
 */
export function kubeletState(node: NodeRuntime, now: Millis): 'up' | 'down' | 'restarting' | 'cutOff' {
  if (!node.up) return 'down';
  const r = node.kubeletRestart;
  if (r !== undefined && now < r.until) return 'restarting';
  return node.partitionedAt !== undefined ? 'cutOff' : 'up';
}

/**
 * How containers of an image behave: delays as distributions, and the failures users meet.
 * Every field is optional; missing ones fall back to DEFAULT_IMAGE_PROFILE.
 */
export interface ImageProfile {
  /** Pulling the image, when the node does not have it (or the policy is Always). */
  readonly pull?: Distribution;
  /** Creating and starting the container once the image is there. */
  readonly start?: Distribution;
  /** From container start until the readiness probe first passes (no probe: ready at start). */
  readonly ready?: Distribution;
  /** From SIGTERM until the process exits; the grace period caps it. */
  readonly stop?: Distribution;
  /** Every pull fails with this error (as the container runtime reports it). */
  readonly pullError?: string;
  /** The readiness probe never passes. */
  readonly neverReady?: boolean;
  /** The process exits after running this long (a crash when exitCode is non-zero). */
  readonly runFor?: Distribution;
  readonly exitCode?: number;
  /** The exit code drawn per run from these weights (seeded); it overrides exitCode. */
  readonly exitCodes?: readonly WeightedExitCode[];
  /**
   * The exit code when the process stops on SIGTERM before its grace period ends: 0 for a
   * process that handles the signal and exits cleanly, 143 (128 + 15) for one the signal ends.
   * Default: 0 for a long-running process, 143 for one with a run of its own (runFor: a Job's
   * pod, a crashing process), which does not handle it — a deleted Job pod is not a success.
   */
  readonly termExitCode?: number;
  /** What the process prints (`kubectl logs`): at its exit when it has one, else at its start. */
  readonly logs?: string;
  /**
   * Per Job completion index (the pod's `batch.kubernetes.io/job-completion-index`): what a
   * container of that index does instead (index 2 fails, say).
   */
  readonly byIndex?: Readonly<Record<string, ImageRunOverride>>;
  readonly sizeBytes?: number;
  /** What a running container of the image uses (the metrics pipeline); missing fields from DEFAULT_USAGE. */
  readonly usage?: UsageProfile;
}

/**
 * A container's resource use as a function of the load it serves (the scenario's unit: requests
 * per second, say). CPU = cpu + cpuPerUnit × load (+ the start-up burst); memory (the working
 * set) = memory + memoryPerUnit × load. A pod's share of its load goes to its containers whose
 * image declares a `usage`, split equally; when none declares one, the first container takes it.
 */
export interface UsageProfile {
  /** Baseline CPU of a running container, millicores, whatever the load. */
  readonly cpu?: number;
  /** Extra CPU per unit of load served, millicores. */
  readonly cpuPerUnit?: number;
  /** Baseline working set, bytes. */
  readonly memory?: number;
  /** Extra working set per unit of load served, bytes. */
  readonly memoryPerUnit?: number;
  /** Extra CPU (millicores) for `duration` ms after each start of the container (JIT warm-up, caches). */
  readonly startupBurst?: { readonly cpu: number; readonly duration: Millis };
}

/** An idle nginx: 1 millicore and 4 MiB at rest, 1 millicore per unit of load, flat memory. */
export const DEFAULT_USAGE: Required<Omit<UsageProfile, 'startupBurst'>> = {
  cpu: 1,
  cpuPerUnit: 1,
  memory: 4 * 1024 * 1024,
  memoryPerUnit: 0,
};

/** An exit code drawn with this weight among others. */
export interface WeightedExitCode {
  readonly code: number;
  readonly weight: number;
}

/** What a completion index may change about a container's run. */
export type ImageRunOverride = Pick<ImageProfile, 'runFor' | 'exitCode' | 'exitCodes' | 'logs'>;

/** An image profile for the images a pattern matches; the first matching rule applies. */
export interface ImageProfileRule {
  /** An image reference, or a glob over it (`nginx:*`, `*`). */
  readonly match: string;
  readonly profile: ImageProfile;
}

/** How an image behaves when no profile says otherwise: a ~2.5 s pull, a start within 0.3–1.2 s. */
export const DEFAULT_IMAGE_PROFILE: Required<Pick<ImageProfile, 'pull' | 'start' | 'stop' | 'sizeBytes'>> = {
  pull: { kind: 'lognormal', median: 2500, sigma: 0.4 },
  start: { kind: 'uniform', min: 300, max: 1200 },
  stop: { kind: 'uniform', min: 200, max: 1500 },
  sizeBytes: 67_000_000,
};

/** One container's usage as metrics-server reports it: cpu in millicores, memory in bytes (integers). */
export interface ContainerMetrics {
  readonly name: string;
  readonly cpu: number;
  readonly memory: number;
}

/** metrics.k8s.io PodMetrics: the usage over [timestamp - window, timestamp]. */
export interface PodMetrics {
  readonly timestamp: Millis;
  readonly window: Millis;
  readonly containers: readonly ContainerMetrics[];
}

/** metrics.k8s.io NodeMetrics: the node's usage (cpu millicores, memory bytes) over [timestamp - window, timestamp]. */
export interface NodeMetrics {
  readonly timestamp: Millis;
  readonly window: Millis;
  readonly cpu: number;
  readonly memory: number;
}

/** One series of a custom or external metric: its value in milli-units (Quantity.MilliValue()). */
export interface MetricSeries {
  readonly value: number;
  readonly timestamp: Millis;
  readonly window: Millis;
  readonly labels: Readonly<Record<string, string>>;
}

/** What is outside the API: node runtimes, image profiles, metrics and the loads on workloads. */
export interface WorldState {
  readonly nodes: PMap<NodeRuntime>;
  readonly imageProfiles: readonly ImageProfileRule[];
  /** Pod metrics by pod key (`namespace/name`), as metrics-server would report them. */
  readonly metrics: PMap<PodMetrics>;
  /**
   * Custom and external metric series, keyed `pods/<namespace>/<pod>/<metric>`,
   * `object/<Kind>/<namespace>/<name>/<metric>` (custom.metrics.k8s.io) and
   * `external/<namespace>/<metric>` (external.metrics.k8s.io, several labelled series).
   */
  readonly customMetrics: PMap<readonly MetricSeries[]>;
  /** Node metrics by node name (`kubectl top nodes`). */
  readonly nodeMetrics: PMap<NodeMetrics>;
  /** Whether a metrics-server runs (the metrics APIs are served); a kubeadm cluster has none. */
  readonly metricsServer: boolean;
  /** How many nodes have ever joined (each new node takes the next index). */
  readonly nodesJoined: number;
  /** How many Service cluster IPs have been allocated. */
  readonly serviceIPs: number;
}

/** A world with no nodes, metrics or loads. */
export function emptyWorld(imageProfiles: readonly ImageProfileRule[] = []): WorldState {
  return {
    nodes: PMap.empty(),
    imageProfiles,
    metrics: PMap.empty(),
    customMetrics: PMap.empty(),
    nodeMetrics: PMap.empty(),
    metricsServer: false,
    nodesJoined: 0,
    serviceIPs: 0,
  };
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

const globCache = new Map<string, RegExp>();

/** Whether an image profile rule applies to an image. */
export function imageMatches(match: string, image: string): boolean {
  if (match === image) return true;
  if (!match.includes('*') && !match.includes('?')) return false;
  let re = globCache.get(match);
  if (re === undefined) {
    re = globToRegExp(match);
    globCache.set(match, re);
  }
  return re.test(image);
}

/** The profile for an image: the first matching rule, over the defaults. */
export function imageProfileFor(rules: readonly ImageProfileRule[], image: string): ImageProfile {
  for (const r of rules) if (imageMatches(r.match, image)) return r.profile;
  return {};
}
