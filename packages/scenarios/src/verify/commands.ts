import { defaultControllers } from '@kubesim/controllers';
import {
  type Deployment,
  type ImageProfileRule,
  type KubeObject,
  type NodeSpec,
  Simulation,
  type Violation,
} from '@kubesim/core';
import fc from 'fast-check';
import { createInvariants } from '../invariants/library.js';

/**
 * fast-check's model-based testing (`fc.commands`) over a Simulation: the real system is a
 * simulated cluster checking invariants at every event, the model is what the user asked for
 * (each Deployment's replicas and image, the nodes that are down). Each command acts, lets
 * the cluster run for a while, and fails when an invariant was violated; `settle` checks the
 * end: a healed cluster converges to what the model says.
 *
 *   fc.assert(fc.property(deploymentCommands(['web']), (cmds) =>
 *     fc.modelRun(() => clusterSetup({ deployments: { web: 3 } }), cmds)));
 */
export interface ClusterModel {
  readonly replicas: Map<string, number>;
  readonly images: Map<string, string>;
  readonly down: Set<string>;
  readonly nodes: readonly string[];
}

/** The real system of the model-based commands: the Simulation the commands act on. */
export interface ClusterReal {
  readonly sim: Simulation;
}

/** A fast-check model-based command on a simulated cluster (deploymentCommands). */
export type ClusterCommand = fc.Command<ClusterModel, ClusterReal>;

function noViolations(real: ClusterReal, what: string): void {
  const v: Violation | undefined = real.sim.engine.violations[0];
  if (v !== undefined) throw new Error(`${v.invariant} violated at ${(v.time / 1000).toFixed(3)}s after ${what}: ${v.message}`);
}

class Scale implements ClusterCommand {
  constructor(
    readonly name: string,
    readonly replicas: number,
    readonly wait: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(m: ClusterModel, r: ClusterReal): void {
    m.replicas.set(this.name, this.replicas);
    r.sim.scale({ kind: 'Deployment', name: this.name }, this.replicas).run(r.sim.now + this.wait);
    noViolations(r, this.toString());
  }
  toString(): string {
    return `scale ${this.name} to ${this.replicas}, wait ${this.wait}ms`;
  }
}

class SetImage implements ClusterCommand {
  constructor(
    readonly name: string,
    readonly image: string,
    readonly wait: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(m: ClusterModel, r: ClusterReal): void {
    m.images.set(this.name, this.image);
    const patch = { spec: { template: { spec: { containers: [{ name: 'app', image: this.image }] } } } };
    r.sim.patch({ kind: 'Deployment', name: this.name }, patch).run(r.sim.now + this.wait);
    noViolations(r, this.toString());
  }
  toString(): string {
    return `set image ${this.name}=${this.image}, wait ${this.wait}ms`;
  }
}

class FailNode implements ClusterCommand {
  constructor(
    readonly node: string,
    readonly wait: number,
  ) {}
  check(m: Readonly<ClusterModel>): boolean {
    // Keep one node up, so the workloads have somewhere to go.
    return !m.down.has(this.node) && m.down.size < m.nodes.length - 1;
  }
  run(m: ClusterModel, r: ClusterReal): void {
    m.down.add(this.node);
    r.sim.failNode(this.node).run(r.sim.now + this.wait);
    noViolations(r, this.toString());
  }
  toString(): string {
    return `fail ${this.node}, wait ${this.wait}ms`;
  }
}

class RecoverNode implements ClusterCommand {
  constructor(
    readonly node: string,
    readonly wait: number,
  ) {}
  check(m: Readonly<ClusterModel>): boolean {
    return m.down.has(this.node);
  }
  run(m: ClusterModel, r: ClusterReal): void {
    m.down.delete(this.node);
    r.sim.recoverNode(this.node).run(r.sim.now + this.wait);
    noViolations(r, this.toString());
  }
  toString(): string {
    return `recover ${this.node}, wait ${this.wait}ms`;
  }
}

/** Commands on the Deployments named (scale, set image) and on the nodes (fail, recover). */
export function deploymentCommands(
  names: readonly string[],
  nodes: readonly string[] = ['node-1', 'node-2', 'node-3'],
): fc.Arbitrary<Iterable<ClusterCommand>> {
  const wait = fc.integer({ min: 0, max: 60 }).map((s) => s * 1000);
  const name = fc.constantFrom(...names);
  const node = fc.constantFrom(...nodes);
  return fc.commands(
    [
      fc.tuple(name, fc.integer({ min: 0, max: 6 }), wait).map(([n, k, w]) => new Scale(n, k, w)),
      fc.tuple(name, fc.constantFrom('app:v1', 'app:v2', 'app:v3'), wait).map(([n, i, w]) => new SetImage(n, i, w)),
      fc.tuple(node, wait).map(([n, w]) => new FailNode(n, w)),
      fc.tuple(node, wait).map(([n, w]) => new RecoverNode(n, w)),
    ],
    { maxCommands: 8 },
  );
}

/** What clusterSetup builds: Deployments (name → replicas), nodes, seed, invariants. */
export interface ClusterSetupOptions {
  /** Deployments by name and replicas, running `app:v1` (container `app`). */
  readonly deployments: Readonly<Record<string, number>>;
  readonly nodes?: readonly string[];
  readonly seed?: string;
  /** Invariant names (default: the Deployment ones and replicaset-convergence's fence). */
  readonly invariants?: readonly string[];
}

const QUICK_IMAGES: ImageProfileRule[] = [
  { match: '*', profile: { pull: { kind: 'uniform', min: 500, max: 1500 }, start: { kind: 'uniform', min: 200, max: 800 } } },
];

function deployment(name: string, replicas: number): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'app:v1' }] } },
    },
  };
}

/** The `fc.modelRun` setup: a fresh cluster with the Deployments settled, and its model. */
export function clusterSetup(opts: ClusterSetupOptions): { model: ClusterModel; real: ClusterReal } {
  const nodes = opts.nodes ?? ['node-1', 'node-2', 'node-3'];
  const objects: KubeObject[] = Object.entries(opts.deployments).map(([n, k]) => deployment(n, k));
  const sim = new Simulation({
    seed: opts.seed ?? '1',
    controllers: defaultControllers(),
    nodes: nodes.map((name): NodeSpec => ({ name })),
    objects,
    imageProfiles: QUICK_IMAGES,
    invariants: createInvariants(opts.invariants ?? ['deployment-availability', 'deployment-surge', 'replicaset-convergence']),
  });
  sim.run(30_000);
  return {
    model: {
      replicas: new Map(Object.entries(opts.deployments)),
      images: new Map(Object.keys(opts.deployments).map((n) => [n, 'app:v1'])),
      down: new Set(),
      nodes,
    },
    real: { sim },
  };
}

/**
 * The end of a model run: recover every node, let the cluster settle for `settleFor`, and
 * check that each Deployment has what the model says (replicas, image, all available).
 */
export function settle(model: ClusterModel, real: ClusterReal, settleFor: number = 10 * 60_000): void {
  for (const n of model.down) real.sim.recoverNode(n);
  real.sim.run(real.sim.now + settleFor);
  noViolations(real, 'settling');
  for (const [name, replicas] of model.replicas) {
    const d = real.sim.get('Deployment', name);
    const s = d?.status;
    const image = d?.spec.template.spec?.containers[0]?.image;
    if (d?.spec.replicas !== replicas || image !== model.images.get(name))
      throw new Error(`deployment ${name}: spec is not what was asked`);
    if ((s?.updatedReplicas ?? 0) !== replicas || (s?.availableReplicas ?? 0) !== replicas || (s?.replicas ?? 0) !== replicas) {
      throw new Error(`deployment ${name} did not settle: ${JSON.stringify(s)} for ${replicas} replicas`);
    }
  }
}
