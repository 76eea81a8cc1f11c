import { KubesimError } from '../errors.js';
import type { Distribution } from '../random/streams.js';
import type { Millis } from '../time/duration.js';

/**
 * The timing model of the control plane: how fast the API server answers, how many
 * requests a second each component's client may send, how late its informers see a
 * change, how many workers each controller has, and how long a sync takes. The `upstream`
 * profile is a real cluster's defaults (cited below); `instant` is the unit-test world
 * where every controller reacts at once, in parallel, and only the API latency passes.
 */

/** A client's token bucket (rest.Config QPS and Burst). */
export interface ClientTiming {
  readonly qps: number;
  readonly burst: number;
}

/** What every controller of one process shares: its client settings and its informers' lag. */
export interface ProcessTiming {
  /** The client each controller gets (kube-controller-manager builds one per controller). */
  readonly client: ClientTiming;
  /** A separate client for Events; without one, Events share the controller's client. */
  readonly eventClient?: ClientTiming;
  /** From a write landing in the API server to this process's informers (and handlers) seeing it. */
  readonly informerLag: Millis;
}

/**
 * The simulated duration of one sync: a base plus a cost per object it reads from its
 * informers' caches (milliseconds, fractional). Writes are not in it: a sync also waits for
 * its API calls, each through the client's rate limiter and the API latency.
 */
export interface SyncCost {
  readonly base: number;
  readonly perObject: number;
}

/** How a controller's syncs take time: its workers and the cost of a sync. */
export interface ControllerTiming {
  /** Concurrent syncs (upstream's --concurrent-*-syncs); Infinity: one worker per key. */
  readonly workers: number;
  readonly sync: SyncCost;
}

/** A control-plane profile: `upstream` (a real cluster's defaults) or `instant` (every controller reacts at once). */
export type ProfileName = 'upstream' | 'instant';

/** The control plane's timing: API latency, informer lag, client rate limits and sync costs per process and controller. */
export interface ControlPlane {
  readonly profile: ProfileName;
  /** From a request leaving its client's rate limiter to the write being committed and answered. */
  readonly apiLatency: Distribution;
  /** Per process (`kube-controller-manager`, `kube-scheduler`, `kubelet`, ...). */
  readonly processes: Readonly<Record<string, ProcessTiming>>;
  /** Per controller (by its name), over what the controller declares and the profile's sync cost. */
  readonly controllers: Readonly<Record<string, ControllerTimingOptions>>;
  /** The sync cost of a controller that declares none. */
  readonly sync: SyncCost;
}

/** The process that runs the workload controllers. */
export const KUBE_CONTROLLER_MANAGER = 'kube-controller-manager';
/** The scheduler's process. */
export const KUBE_SCHEDULER = 'kube-scheduler';
/** The kubelet's process (one per node, each with its own client). */
export const KUBELET_PROCESS = 'kubelet';

const UNLIMITED: ClientTiming = { qps: Number.POSITIVE_INFINITY, burst: Number.POSITIVE_INFINITY };

/**
 * A real cluster's defaults (v1.34):
 * - kube-controller-manager: --kube-api-qps 20, --kube-api-burst 30 (RecommendedDefault-
 *   GenericControllerManagerConfiguration), one client per controller from its client
 *   builder; a controller's Event recorder writes through that same client.
 * - kube-scheduler: clientConnection qps 50, burst 100; Events through a second clientset
 *   built from the same config (cmd/kube-scheduler/app/options: createClients).
 * - kubelet: kubeAPIQPS 50, kubeAPIBurst 100; eventRecordQPS 50, eventBurst 100 (its own
 *   client), one kubelet per node.
 */
export const UPSTREAM: ControlPlane = {
  profile: 'upstream',
  apiLatency: { kind: 'lognormal', median: 8, sigma: 0.5 },
  processes: {
    [KUBE_CONTROLLER_MANAGER]: { client: { qps: 20, burst: 30 }, informerLag: 5 },
    [KUBE_SCHEDULER]: { client: { qps: 50, burst: 100 }, eventClient: { qps: 50, burst: 100 }, informerLag: 5 },
    [KUBELET_PROCESS]: { client: { qps: 50, burst: 100 }, eventClient: { qps: 50, burst: 100 }, informerLag: 5 },
    // The CSI external-provisioner sidecar's defaults: --kube-api-qps 5, --kube-api-burst 10.
    'external-provisioner': { client: { qps: 5, burst: 10 }, informerLag: 5 },
  },
  controllers: {
    // One scheduling cycle: ~1 ms fixed (pop, snapshot, PreFilter/PreScore, assume, Reserve,
    // Permit) plus ~0.66 µs per object read, i.e. per node filtered and scored (16-way
    // parallel upstream). A 5000-node cycle evaluates 500 nodes (numFeasibleNodesToFind):
    // 1.33 ms, ~750 pods/s with the client out of the way, inside scheduler_perf's
    // SchedulingBasic 5000Nodes thresholds (680 pods/s for 10k pods, 810 for 50k;
    // kubernetes test/integration/scheduler_perf/misc/performance-config.yaml, harness client
    // QPS/burst 5000). With the default client (QPS 50, burst 100) binds, being API calls,
    // stay at 50/s after the burst: upstream's behaviour, not the cycle's cost.
    scheduler: { sync: { base: 1, perObject: 0.00066 } },
  },
  sync: { base: 0.2, perObject: 0.002 },
};

const INSTANT_PROCESS: ProcessTiming = { client: UNLIMITED, informerLag: 0 };

/** Today's unit-test world: no rate limits, no lag, no sync cost, a worker for every key, 1ms writes. */
export const INSTANT: ControlPlane = {
  profile: 'instant',
  apiLatency: { kind: 'fixed', value: 1 },
  // Named one by one, so that an override of one process leaves the others as they are.
  processes: {
    [KUBE_CONTROLLER_MANAGER]: INSTANT_PROCESS,
    [KUBE_SCHEDULER]: INSTANT_PROCESS,
    [KUBELET_PROCESS]: INSTANT_PROCESS,
    'external-provisioner': INSTANT_PROCESS,
  },
  controllers: {},
  sync: { base: 0, perObject: 0 },
};

export function profile(name: ProfileName): ControlPlane {
  switch (name) {
    case 'upstream':
      return UPSTREAM;
    case 'instant':
      return INSTANT;
  }
}

/** Overrides of a process's timing: any field, and any part of its clients (`{ client: { qps: 100 } }` keeps the burst). */
export interface ProcessTimingOptions {
  readonly client?: Partial<ClientTiming>;
  readonly eventClient?: Partial<ClientTiming>;
  readonly informerLag?: Millis;
}

/** Overrides of a controller's timing: its workers, any part of its sync cost. */
export interface ControllerTimingOptions {
  readonly workers?: number;
  readonly sync?: Partial<SyncCost>;
}

/** Overrides on a profile, as a scenario or `new Simulation` gives them. */
export interface ControlPlaneOptions {
  readonly profile?: ProfileName;
  readonly apiLatency?: Distribution;
  readonly processes?: Readonly<Record<string, ProcessTimingOptions>>;
  readonly controllers?: Readonly<Record<string, ControllerTimingOptions>>;
  readonly sync?: Partial<SyncCost>;
}

/** A profile with overrides laid over it, field by field, down to a client's QPS and a sync's base cost. */
export function controlPlane(opts: ControlPlaneOptions = {}): ControlPlane {
  const base = profile(opts.profile ?? 'upstream');
  const processes: Record<string, ProcessTiming> = { ...base.processes };
  for (const [name, p] of Object.entries(opts.processes ?? {})) {
    const was = processes[name] ?? processTimingOf(base, name);
    // Without an event client of its own, a process's Events share its client (and its overrides).
    const events = p.eventClient === undefined ? was.eventClient : { ...(was.eventClient ?? was.client), ...p.eventClient };
    processes[name] = {
      client: { ...was.client, ...p.client },
      ...(events !== undefined ? { eventClient: events } : {}),
      informerLag: p.informerLag ?? was.informerLag,
    };
  }
  const controllers: Record<string, ControllerTimingOptions> = { ...base.controllers };
  for (const [name, c] of Object.entries(opts.controllers ?? {})) {
    const was = controllers[name] ?? {};
    const sync = c.sync === undefined ? was.sync : { ...was.sync, ...c.sync };
    controllers[name] = {
      ...(c.workers !== undefined ? { workers: c.workers } : was.workers !== undefined ? { workers: was.workers } : {}),
      ...(sync !== undefined ? { sync } : {}),
    };
  }
  const cp: ControlPlane = {
    profile: base.profile,
    apiLatency: opts.apiLatency ?? base.apiLatency,
    processes,
    controllers,
    sync: { ...base.sync, ...opts.sync },
  };
  checkControlPlane(cp);
  return cp;
}

function usage(message: string): KubesimError {
  return new KubesimError('E_USAGE', `controlPlane: ${message}`);
}

function checkClient(c: ClientTiming, where: string): void {
  const unlimited = c.qps === Number.POSITIVE_INFINITY;
  if (!(c.qps > 0)) throw usage(`${where}.qps must be greater than 0 (or unlimited), not ${c.qps}`);
  if (!(c.burst >= 1) || (c.burst !== Number.POSITIVE_INFINITY && !Number.isInteger(c.burst))) {
    throw usage(`${where}.burst must be a whole number of at least 1, not ${c.burst}`);
  }
  // A bucket of infinite size never runs dry: the QPS would limit nothing.
  if (!unlimited && c.burst === Number.POSITIVE_INFINITY) throw usage(`${where}: a qps of ${c.qps} needs a finite burst`);
}

function checkSync(c: Partial<SyncCost> | undefined, where: string): void {
  for (const [k, v] of Object.entries(c ?? {})) {
    if (!(Number.isFinite(v) && v >= 0)) throw usage(`${where}.sync.${k} must be a finite number of milliseconds ≥ 0, not ${v}`);
  }
}

/** What the engine cannot run: the checks a scenario's schema makes, for callers of the API. */
function checkControlPlane(cp: ControlPlane): void {
  for (const [name, p] of Object.entries(cp.processes)) {
    checkClient(p.client, `processes.${name}.client`);
    if (p.eventClient !== undefined) checkClient(p.eventClient, `processes.${name}.eventClient`);
    if (!Number.isInteger(p.informerLag) || p.informerLag < 0) {
      throw usage(`processes.${name}.informerLag must be a whole number of milliseconds ≥ 0, not ${p.informerLag}`);
    }
  }
  for (const [name, c] of Object.entries(cp.controllers)) {
    if (c.workers !== undefined && !(c.workers === Number.POSITIVE_INFINITY || (Number.isInteger(c.workers) && c.workers >= 1))) {
      throw usage(`controllers.${name}.workers must be a whole number of at least 1 (or Infinity), not ${c.workers}`);
    }
    checkSync(c.sync, `controllers.${name}`);
  }
  checkSync(cp.sync, 'profile');
}

/** A process's timing; a process the profile does not name runs like kube-controller-manager. */
export function processTimingOf(cp: ControlPlane, process: string): ProcessTiming {
  return cp.processes[process] ?? cp.processes[KUBE_CONTROLLER_MANAGER] ?? INSTANT_PROCESS;
}

/** A controller's timing: the profile's override, else what the controller declares (instant: a worker per key). */
export function controllerTimingOf(cp: ControlPlane, name: string, declaredWorkers: number | undefined): ControllerTiming {
  const over = cp.controllers[name] ?? {};
  const workers = over.workers ?? (cp.profile === 'instant' ? Number.POSITIVE_INFINITY : (declaredWorkers ?? 1));
  if (!(workers === Number.POSITIVE_INFINITY || (Number.isInteger(workers) && workers >= 1))) {
    throw new KubesimError('E_USAGE', `controller ${name}: workers must be a whole number of at least 1, not ${workers}`);
  }
  return { workers, sync: { ...cp.sync, ...over.sync } };
}

/** The simulated duration of a sync that read `objects` objects. */
export function syncDuration(cost: SyncCost, objects: number): number {
  return cost.base + cost.perObject * objects;
}
