import {
  DEFAULT_LIMITS,
  type Distribution,
  type ExternalMetricSpec,
  type ImageProfile,
  type ImageProfileRule,
  type ImageRunOverride,
  isKubesimError,
  type KubeObject,
  KubesimError,
  type Limits,
  type LoadSpec,
  type Millis,
  type NodeSpec,
  parseDuration,
  parseStartTime,
  type UsageProfile,
} from '@kubesim/core';
import type { Expectation } from '../expect/types.js';
import { type ControlPlaneInput, controlPlaneSpec, mergeControlPlane } from './controlPlane.js';
import { parseDistribution } from './distribution.js';
import type { ClusterSpec, Fault, Manifest, Scenario, Step } from './model.js';

/** A delay: a Go duration (`2s`), the distribution syntax (`uniform(1s, 3s)`), or a Distribution. */
export type DelayInput = string | number | Distribution;

/** How containers of an image behave, as a scenario writes it. */
export interface ImageBehaviour {
  /** Pulling the image when the node does not have it. */
  readonly pull?: DelayInput;
  /** Creating and starting a container once the image is there. */
  readonly start?: DelayInput;
  /** From start until the readiness probe first passes. */
  readonly ready?: DelayInput;
  /** From SIGTERM until the process exits (the grace period caps it). */
  readonly stop?: DelayInput;
  /** Every pull fails with this error, as the registry reports it. */
  readonly pullError?: string;
  /** The readiness probe never passes. */
  readonly neverReady?: boolean;
  /** The process exits after running this long (with exitCode, default 1: a crash). */
  readonly crashAfter?: DelayInput;
  /** The process runs to completion after this long (with exitCode, default 0). */
  readonly exitAfter?: DelayInput;
  readonly exitCode?: number;
  /** The exit code drawn per run: code → weight (`{ "0": 3, "1": 1 }`). */
  readonly exitCodes?: Readonly<Record<string, number>>;
  /** The exit code when SIGTERM stops it (default 0, or 143 with crashAfter or exitAfter). */
  readonly termExitCode?: number;
  /** What the process prints (`kubectl logs`). */
  readonly logs?: string;
  /** What a running container uses (millicores, bytes), and per unit of the load it serves. */
  readonly usage?: UsageProfile;
  /** Per Job completion index: what its containers do instead. */
  readonly byIndex?: Readonly<Record<string, IndexBehaviour>>;
}

/** What a Job completion index may change about a run. */
export interface IndexBehaviour {
  readonly exitAfter?: DelayInput;
  readonly exitCode?: number;
  readonly exitCodes?: Readonly<Record<string, number>>;
  readonly logs?: string;
}

function runOf(b: IndexBehaviour, defaultExit: number): ImageRunOverride {
  return {
    ...(b.exitAfter !== undefined ? { runFor: toDistribution(b.exitAfter), exitCode: b.exitCode ?? defaultExit } : {}),
    ...(b.exitAfter === undefined && b.exitCode !== undefined ? { exitCode: b.exitCode } : {}),
    ...(b.exitCodes !== undefined
      ? { exitCodes: Object.entries(b.exitCodes).map(([code, weight]) => ({ code: Number(code), weight })) }
      : {}),
    ...(b.logs !== undefined ? { logs: b.logs } : {}),
  };
}

export function toDistribution(d: DelayInput): Distribution {
  if (typeof d === 'number') return { kind: 'fixed', value: d };
  if (typeof d === 'string') return parseDistribution(d);
  return d;
}

/** An ImageBehaviour (a scenario's `images` entry: delays as durations or distributions) as core's ImageProfile. */
export function imageProfile(b: ImageBehaviour): ImageProfile {
  return {
    ...(b.pull !== undefined ? { pull: toDistribution(b.pull) } : {}),
    ...(b.start !== undefined ? { start: toDistribution(b.start) } : {}),
    ...(b.ready !== undefined ? { ready: toDistribution(b.ready) } : {}),
    ...(b.stop !== undefined ? { stop: toDistribution(b.stop) } : {}),
    ...(b.pullError !== undefined ? { pullError: b.pullError } : {}),
    ...(b.neverReady ? { neverReady: true } : {}),
    ...(b.termExitCode !== undefined ? { termExitCode: b.termExitCode } : {}),
    ...(b.crashAfter !== undefined ? { runFor: toDistribution(b.crashAfter), exitCode: b.exitCode ?? 1 } : {}),
    ...(b.crashAfter === undefined && (b.exitAfter !== undefined || b.exitCodes !== undefined || b.logs !== undefined)
      ? runOf(b, 0)
      : {}),
    ...(b.crashAfter !== undefined && b.logs !== undefined ? { logs: b.logs } : {}),
    ...(b.usage !== undefined ? { usage: b.usage } : {}),
    ...(b.byIndex !== undefined
      ? { byIndex: Object.fromEntries(Object.entries(b.byIndex).map(([ix, o]) => [ix, runOf(o, b.exitCode ?? 0)])) }
      : {}),
  };
}

function millis(t: string | number): Millis {
  return typeof t === 'number' ? t : parseDuration(t);
}

/** How long a run goes on after its last step when the scenario does not say. */
export const DEFAULT_TAIL: Millis = 5 * 60_000;

/**
 * Builds a Scenario in TypeScript; the YAML format is a thin layer over the same calls.
 *
 *   scenario('rolling update').seed(7).nodes(3)
 *     .image('nginx:*', { pull: 'lognormal(2s, 0.4)', ready: '1s' })
 *     .manifest('nginx.yaml', deployment)
 *     .kubectl('0s', 'apply -f nginx.yaml')
 *     .kubectl('1m', 'set image deployment/nginx nginx=nginx:1.25')
 *     .fault('1m10s', { type: 'nodeFails', node: 'node-2' })
 *     .invariants('deployment-availability', 'eventual-convergence')
 *     .until('5m').build();
 */
export class ScenarioBuilder {
  private name: string | undefined;
  private source: string | undefined;
  private seedValue = '1';
  private untilValue: Millis | undefined;
  private readonly nodeSpecs: NodeSpec[] = [];
  private cluster: Omit<ClusterSpec, 'nodes'> = {};
  private readonly rules: ImageProfileRule[] = [];
  private readonly manifests = new Map<string, Manifest>();
  private readonly steps: Step[] = [];
  private readonly expectations: Expectation[] = [];
  private readonly checks: string[] = [];
  private maxEventsValue: number | undefined;
  private limitsValue: Partial<Limits> = {};
  private startTimeValue: number | undefined;
  private readonly loads: LoadSpec[] = [];
  private readonly externals: ExternalMetricSpec[] = [];
  private metricsServerValue: boolean | undefined;

  constructor(name?: string) {
    this.name = name;
  }

  /** Where the scenario came from (a file path), named in messages. */
  from(source: string): this {
    this.source = source;
    return this;
  }

  /** The seed of the run's random streams (default `1`): same seed, same run. */
  seed(seed: string | number): this {
    this.seedValue = String(seed);
    return this;
  }

  /**
   * The wall-clock instant the run starts at (RFC 3339, or Unix milliseconds): what CronJob
   * schedules and printed timestamps count from. Default 2026-01-01T00:00:00Z.
   */
  startTime(t: string | number): this {
    try {
      this.startTimeValue = parseStartTime(t);
    } catch (e) {
      if (!isKubesimError(e)) throw e;
      throw new KubesimError('E_SCENARIO', e.message);
    }
    return this;
  }

  /** When the run ends (a duration or ms); default DEFAULT_TAIL after the last step. */
  until(t: string | number): this {
    this.untilValue = millis(t);
    return this;
  }

  /** Bound on events (log entries and syncs), so that a controller that loops stops with a message. */
  maxEvents(n: number): this {
    this.maxEventsValue = n;
    return this;
  }

  /** Bounds on pods, nodes and objects (core's limits.ts); set them before adding nodes. */
  limits(limits: Partial<Limits>): this {
    this.limitsValue = { ...this.limitsValue, ...limits };
    return this;
  }

  /**
   * `count` more nodes with the given capacity, numbered on from those already added (node-1..node-N
   * on a fresh builder); node() adds one by its spec.
   */
  nodes(count: number, spec: Omit<NodeSpec, 'name'> = {}): this {
    // Refused before a hundred million specs are made: the node limit, checked up front.
    checkNodeCount(this.nodeSpecs.length + count, this.limitsValue);
    const first = this.nodeSpecs.length + 1;
    for (let i = 0; i < count; i++) this.nodeSpecs.push({ ...spec, name: `node-${first + i}` });
    return this;
  }

  /** One node by its spec (name, capacity, labels, taints). */
  node(spec: NodeSpec): this {
    this.nodeSpecs.push(spec);
    return this;
  }

  /** A StorageClass created at the start and marked the default, so claims without a class get it. */
  defaultStorageClass(name: string): this {
    this.cluster = { ...this.cluster, defaultStorageClass: name };
    return this;
  }

  /**
   * Shorthand timing: every API call takes `api`, every informer sees a change `controller` late (not
   * with controlPlane()).
   */
  latency(opts: { api?: string | number; controller?: string | number }): this {
    this.cluster = {
      ...this.cluster,
      ...(opts.api !== undefined ? { apiLatency: millis(opts.api) } : {}),
      ...(opts.controller !== undefined ? { controllerLatency: millis(opts.controller) } : {}),
    };
    return this;
  }

  /**
   * The control plane's timing: a profile (`upstream`, the default, or `instant`) and
   * overrides on it. A later call overrides single fields of an earlier one.
   *
   *   .controlPlane({
   *     profile: 'upstream',
   *     apiLatency: 'lognormal(8ms, 0.5)',
   *     processes: { 'kube-controller-manager': { qps: 100, burst: 100 } },
   *     controllers: { replicaset: { workers: 10, syncBase: '100us', syncPerObject: '2us' } },
   *   })
   */
  controlPlane(opts: ControlPlaneInput): this {
    this.cluster = { ...this.cluster, controlPlane: mergeControlPlane(this.cluster.controlPlane, controlPlaneSpec(opts)) };
    return this;
  }

  /** How containers of images matching `match` (an image or a glob: `nginx:*`) behave. The first matching rule wins. */
  image(match: string, behaviour: ImageBehaviour): this {
    this.rules.push({ match, profile: imageProfile(behaviour) });
    return this;
  }

  /** Objects `kubectl apply -f NAME` (or `create -f`, `delete -f`) reads. */
  manifest(name: string, ...objects: KubeObject[]): this {
    this.manifests.set(name, { name, objects });
    return this;
  }

  /** A manifest with where each object starts in its file, as the YAML loader gives it. */
  loadedManifest(manifest: Manifest): this {
    this.manifests.set(manifest.name, manifest);
    return this;
  }

  /** A `kubectl` command line run at a time (from the start); `location` names where it was written. */
  kubectl(at: string | number, command: string, location?: string): this {
    this.steps.push({ at: millis(at), kubectl: command, ...(location !== undefined ? { location } : {}) });
    return this;
  }

  /** A fault at a time; a partition with a duration also puts its heal on the timeline. */
  fault(at: string | number, fault: Fault, location?: string): this {
    const t = millis(at);
    this.steps.push({ at: t, fault, ...(location !== undefined ? { location } : {}) });
    if (fault.type === 'nodePartition' && fault.duration !== undefined) {
      const heal: Fault = { type: 'nodePartitionHeals', node: fault.node };
      this.steps.push({ at: t + fault.duration, fault: heal, ...(location !== undefined ? { location } : {}) });
    }
    return this;
  }

  /** The `nodeFails` fault at a time. */
  failNode(at: string | number, node: string): this {
    return this.fault(at, { type: 'nodeFails', node });
  }

  /** The `nodeRecovers` fault at a time. */
  recoverNode(at: string | number, node: string): this {
    return this.fault(at, { type: 'nodeRecovers', node });
  }

  /** An `expect` step (../expect/types.ts). */
  expect(expectation: Expectation): this {
    this.expectations.push(expectation);
    return this;
  }

  /** The invariants to check: library names (INVARIANT_NAMES), `eventually-stable(BOUND)`, or field rules. */
  invariants(...names: string[]): this {
    this.checks.push(...names);
    return this;
  }

  /** Load on a workload over time (its ready pods share it); one per target. */
  load(spec: LoadSpec): this {
    const t = spec.target;
    if (this.loads.some((l) => l.target.kind === t.kind && l.target.namespace === t.namespace && l.target.name === t.name)) {
      throw new KubesimError('E_SCENARIO', `two loads are on ${t.kind.toLowerCase()}/${t.name} in namespace ${t.namespace}`);
    }
    this.loads.push(spec);
    return this;
  }

  /** An external metric series (external.metrics.k8s.io). */
  externalMetric(spec: ExternalMetricSpec): this {
    this.externals.push(spec);
    return this;
  }

  /** Run a metrics-server, or not; by default one runs when the scenario needs metrics. */
  metricsServer(on: boolean): this {
    this.metricsServerValue = on;
    return this;
  }

  /** The Scenario: steps in time order (same-time steps as written); throws E_SCENARIO when it is inconsistent. */
  build(): Scenario {
    // Steps run in time order; steps at the same time in the order they were written.
    const steps = this.steps
      .map((s, i) => ({ s, i }))
      .sort((a, b) => a.s.at - b.s.at || a.i - b.i)
      .map(({ s }) => s);
    const lastStep = steps.at(-1)?.at ?? 0;
    checkNodeCount(this.nodeSpecs.length, this.limitsValue);
    const until = this.untilValue ?? lastStep + DEFAULT_TAIL;
    if (until < lastStep) {
      throw new KubesimError('E_SCENARIO', `until (${until}ms) is before the last step (at ${lastStep}ms)`);
    }
    if (
      this.cluster.controlPlane !== undefined &&
      (this.cluster.apiLatency !== undefined || this.cluster.controllerLatency !== undefined)
    ) {
      throw new KubesimError(
        'E_SCENARIO',
        'give latency() (the shorthand) or controlPlane(), not both: its apiLatency and processes[NAME].informerLag are the full form',
      );
    }
    const names = new Set<string>();
    for (const n of this.nodeSpecs) {
      if (names.has(n.name)) throw new KubesimError('E_SCENARIO', `two nodes are named ${n.name}`);
      names.add(n.name);
    }
    return {
      ...(this.name !== undefined ? { name: this.name } : {}),
      ...(this.source !== undefined ? { source: this.source } : {}),
      seed: this.seedValue,
      ...(this.startTimeValue !== undefined ? { startTime: this.startTimeValue } : {}),
      until,
      cluster: { ...this.cluster, nodes: [...this.nodeSpecs] },
      images: [...this.rules],
      manifests: new Map(this.manifests),
      steps,
      ...(this.expectations.length > 0
        ? {
            expectations: this.expectations
              .map((e, i) => ({ e, i }))
              .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
              .map(({ e }) => e),
          }
        : {}),
      invariants: [...this.checks],
      ...(this.maxEventsValue !== undefined ? { maxEvents: this.maxEventsValue } : {}),
      loads: [...this.loads],
      externalMetrics: [...this.externals],
      ...(this.metricsServerValue !== undefined ? { metricsServer: this.metricsServerValue } : {}),
      ...(Object.keys(this.limitsValue).length > 0 ? { limits: { ...this.limitsValue } } : {}),
    };
  }
}

/** A cluster of more nodes than the node limit is refused before the run. */
export function checkNodeCount(count: number, limits: Partial<Limits>): void {
  const max = limits.nodes ?? DEFAULT_LIMITS.nodes;
  if (count > max) {
    throw new KubesimError('E_SCENARIO', `${count} nodes are more than the node limit (limits.nodes: ${max})`);
  }
}

/** Starts a ScenarioBuilder: `scenario('rolling update').seed(7).nodes(3)...build()`. */
export function scenario(name?: string): ScenarioBuilder {
  return new ScenarioBuilder(name);
}
