import type {
  Distribution,
  ExternalMetricSpec,
  ImageProfileRule,
  KubeObject,
  Limits,
  LoadSpec,
  Millis,
  NodeSpec,
} from '@kubesim/core';
import type { Expectation } from '../expect/types.js';
import { type ComponentFault, describeComponentFault } from './faults.js';

/**
 * A scenario, as both the TypeScript builder and the YAML file produce it: a cluster, how
 * images behave, the manifests kubectl can read, timed steps, and the invariants to check.
 * Times are simulated milliseconds from the start.
 */
export interface Scenario {
  readonly name?: string;
  /** Where the scenario came from (a file path), for messages. */
  readonly source?: string;
  readonly seed: string;
  /** The wall-clock instant (Unix ms) the run starts at, when the scenario names one. */
  readonly startTime?: number;
  /** When the run ends. */
  readonly until: Millis;
  readonly cluster: ClusterSpec;
  readonly images: readonly ImageProfileRule[];
  /** Manifests by the name `kubectl -f` uses for them: each a list of objects, with where each came from. */
  readonly manifests: ReadonlyMap<string, Manifest>;
  readonly steps: readonly Step[];
  /** The `expect` steps, in time order (absent when there are none). */
  readonly expectations?: readonly Expectation[];
  readonly invariants: readonly string[];
  /** Bounds on the run, so that a controller that loops stops with a message. */
  readonly maxEvents?: number;
  /** The load on workloads over time, which the metrics pipeline turns into pod usage. */
  readonly loads: readonly LoadSpec[];
  /** External metric series (a queue length) for External HPA metrics. */
  readonly externalMetrics: readonly ExternalMetricSpec[];
  /**
   * Whether a metrics-server runs. Unset: it does when the scenario has load, an external
   * metric, a HorizontalPodAutoscaler or a `kubectl autoscale`/`top` step (a kubeadm cluster has
   * none: false shows what an HPA does without one).
   */
  readonly metricsServer?: boolean;
  /** Bounds on pods, nodes and objects (core's DEFAULT_LIMITS where not set). */
  readonly limits?: Partial<Limits>;
}

/** The `cluster` of a scenario: its nodes, a default StorageClass, and the control plane's timing. */
export interface ClusterSpec {
  readonly nodes: readonly NodeSpec[];
  /** A StorageClass created at the start and marked as the default (so claims without a class get it). */
  readonly defaultStorageClass?: string;
  /** Shorthand (`cluster.latency.api`): every API call takes exactly this long. */
  readonly apiLatency?: Millis;
  /** Shorthand (`cluster.latency.controller`): every process's informers see a change this late. */
  readonly controllerLatency?: Millis;
  /** The control plane's timing in full: a profile and overrides on it (not with the shorthands). */
  readonly controlPlane?: ControlPlaneSpec;
}

/** The engine's timing profiles: a real cluster's defaults, or every controller reacting at once. */
export type ProfileName = 'upstream' | 'instant';

/**
 * The control plane's timing as a scenario gives it: a profile, and overrides of single
 * fields on it (a field left out keeps the profile's value). Times are milliseconds; sync
 * costs are fractional milliseconds; Infinity is `unlimited`.
 */
export interface ControlPlaneSpec {
  readonly profile?: ProfileName;
  /** From a request leaving its client's rate limiter to the API server's answer. */
  readonly apiLatency?: Distribution;
  /** By process: kube-controller-manager, kube-scheduler, kubelet, external-provisioner. */
  readonly processes?: Readonly<Record<string, ProcessTimingSpec>>;
  /** By controller name (deployment, replicaset, scheduler, ...). */
  readonly controllers?: Readonly<Record<string, ControllerTimingSpec>>;
}

/** A process's clients (like --kube-api-qps/--kube-api-burst) and its informers' lag. */
export interface ProcessTimingSpec {
  readonly qps?: number;
  readonly burst?: number;
  /** A client of its own for Events (the scheduler and kubelet have one upstream). */
  readonly eventQps?: number;
  readonly eventBurst?: number;
  readonly informerLag?: Millis;
}

/** A controller's workers (--concurrent-*-syncs) and the simulated cost of one sync. */
export interface ControllerTimingSpec {
  readonly workers?: number;
  readonly syncBase?: number;
  readonly syncPerObject?: number;
}

/** A manifest file a scenario carries (by name): the objects `kubectl apply -f NAME` reads. */
export interface Manifest {
  readonly name: string;
  readonly objects: readonly KubeObject[];
  /** Where each object starts in its file (`nginx.yaml:12`), for messages. */
  readonly locations?: readonly string[];
}

/** A timed step of a scenario: a kubectl command or a fault. */
export type Step = KubectlStep | FaultStep;

/** A `kubectl` command line run at `at` ms from the start. */
export interface KubectlStep {
  readonly at: Millis;
  readonly kubectl: string;
  /** Where the step is written (`scenario.yaml:31`), for messages. */
  readonly location?: string;
}

/** A fault injected at `at` ms from the start; `location` is where the step is written. */
export interface FaultStep {
  readonly at: Millis;
  readonly fault: Fault;
  readonly location?: string;
}

/**
 * A fault a scenario injects: nodes failing, recovering or joining, a pod killed, a container
 * crashing, an image profile changing, or a node or control-plane fault (faults.ts).
 */
export type Fault =
  | { readonly type: 'nodeFails'; readonly node: string }
  | { readonly type: 'nodeRecovers'; readonly node: string }
  | { readonly type: 'nodeJoins'; readonly node: NodeSpec }
  /**
   * A pod is killed from outside (a chaos tool): deleted at once, with no grace period. It is
   * named, or the first (by name) running pod a label selector matches.
   */
  | { readonly type: 'podKilled'; readonly pod?: string; readonly selector?: string; readonly namespace?: string }
  | {
      readonly type: 'containerCrashes';
      readonly pod: string;
      readonly namespace?: string;
      readonly container?: string;
      readonly exitCode?: number;
    }
  | { readonly type: 'imageProfile'; readonly rule: ImageProfileRule }
  /** Node and control-plane faults (faults.ts). */
  | ComponentFault;

/** Whether a step is a kubectl command (else a fault). */
export function isKubectlStep(step: Step): step is KubectlStep {
  return 'kubectl' in step;
}

/** How a fault reads in the timeline: `node node-2 fails`. */
export function describeFault(f: Fault): string {
  switch (f.type) {
    case 'nodeFails':
      return `node ${f.node} fails`;
    case 'nodeRecovers':
      return `node ${f.node} recovers`;
    case 'nodeJoins':
      return `node ${f.node.name} joins`;
    case 'podKilled':
      return f.pod !== undefined ? `pod ${f.pod} is killed` : `a pod matching ${f.selector} is killed`;
    case 'containerCrashes':
      return `container ${f.container ?? '(first)'} of pod ${f.pod} crashes${f.exitCode !== undefined ? ` (exit code ${f.exitCode})` : ''}`;
    case 'imageProfile':
      return `image profile for ${f.rule.match} changes`;
    default:
      return describeComponentFault(f);
  }
}
