import type { ImageProfileRule, KubeObject, Millis, NodeSpec } from '@kubesim/core';

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
  /** When the run ends. */
  readonly until: Millis;
  readonly cluster: ClusterSpec;
  readonly images: readonly ImageProfileRule[];
  /** Manifests by the name `kubectl -f` uses for them: each a list of objects, with where each came from. */
  readonly manifests: ReadonlyMap<string, Manifest>;
  readonly steps: readonly Step[];
  readonly invariants: readonly string[];
  /** Bounds on the run, so that a controller that loops stops with a message. */
  readonly maxEvents?: number;
}

export interface ClusterSpec {
  readonly nodes: readonly NodeSpec[];
  /** A StorageClass created at the start and marked as the default (so claims without a class get it). */
  readonly defaultStorageClass?: string;
  /** From a controller's decision to its write landing in the API server. */
  readonly apiLatency?: Millis;
  /** From a watched change to the controller's reconcile. */
  readonly controllerLatency?: Millis;
}

export interface Manifest {
  readonly name: string;
  readonly objects: readonly KubeObject[];
  /** Where each object starts in its file (`nginx.yaml:12`), for messages. */
  readonly locations?: readonly string[];
}

export type Step = KubectlStep | FaultStep;

export interface KubectlStep {
  readonly at: Millis;
  readonly kubectl: string;
  /** Where the step is written (`scenario.yaml:31`), for messages. */
  readonly location?: string;
}

export interface FaultStep {
  readonly at: Millis;
  readonly fault: Fault;
  readonly location?: string;
}

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
  | { readonly type: 'imageProfile'; readonly rule: ImageProfileRule };

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
  }
}
