import type { PatchType } from './api/patch.js';
import { canonicalQuantity } from './api/quantity.js';
import type { Kind, KindMap, KubeObject, Node, Taint } from './api/types.js';
import { handedOut, handedOutLog } from './boundary.js';
import { Engine, type EngineOptions, type RunResult } from './engine/engine.js';
import type { ClusterView } from './engine/view.js';
import type { Actor, DeletePropagation, LogEntry, ObjectRef, SimEvent, WorldEvent } from './events.js';
import { eventText, type ForkOptions, Journal, parseEvent } from './fork.js';
import type { EventLog } from './log/log.js';
import { stateHash } from './log/stateHash.js';
import type { ClusterState } from './state.js';
import { type Millis, parseDuration } from './time/duration.js';
import type { ImageProfile } from './world.js';

/** A node as a scenario describes it; everything but the name has a default. */
export interface NodeSpec {
  readonly name: string;
  /** CPU capacity, a quantity (`4`, `3500m`). Default 4. */
  readonly cpu?: string | number;
  /** Memory capacity, a quantity (`8Gi`). Default 8Gi. */
  readonly memory?: string;
  /** Pod capacity. Default 110 (the kubelet's maxPods). */
  readonly pods?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly Taint[];
  readonly unschedulable?: boolean;
}

/** The Node object a kubelet would register for a NodeSpec. */
export function nodeFromSpec(spec: NodeSpec): Node {
  const capacity: Record<string, string> = {
    cpu: canonicalQuantity(spec.cpu ?? '4'),
    memory: canonicalQuantity(spec.memory ?? '8Gi'),
    pods: String(spec.pods ?? 110),
    'ephemeral-storage': '100Gi',
  };
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: spec.name, ...(spec.labels ? { labels: { ...spec.labels } } : {}) },
    spec: {
      ...(spec.taints ? { taints: [...spec.taints] } : {}),
      ...(spec.unschedulable ? { unschedulable: true } : {}),
    },
    status: { capacity, allocatable: { ...capacity } },
  };
  return node;
}

/** A simulated time: milliseconds, or a Go duration string (`'45s'`, `'1m30s'`). */
export type TimeArg = Millis | string;

function toMillis(t: TimeArg): Millis {
  return typeof t === 'number' ? t : parseDuration(t);
}

/** A Simulation's options: the engine's, plus the nodes and objects the cluster starts with. */
export interface SimulationOptions extends EngineOptions {
  /** Nodes that exist from the start: names, or specs. */
  readonly nodes?: readonly (string | NodeSpec)[];
  /** Objects applied at the start, as `kubectl apply -f` would. */
  readonly objects?: readonly KubeObject[];
}

/**
 * The programmatic front door: a cluster with nodes, objects and image profiles, actions
 * and faults scheduled at simulated times, and the state and log to read back. Every
 * method that takes a time takes milliseconds or a Go duration (`'45s'`), absolute from
 * the start of the simulation, and defaults to now.
 */
export class Simulation {
  readonly engine: Engine;
  private handedOutLog: EventLog | undefined;
  /** Every at() and run(), for fork() (./fork.ts). */
  private readonly journal = new Journal();
  private readonly options: SimulationOptions;

  constructor(opts: SimulationOptions) {
    this.options = opts;
    this.engine = new Engine(opts);
    for (const n of opts.nodes ?? []) this.addNode(n, 0);
    for (const o of opts.objects ?? []) this.apply(o, 0);
  }

  get now(): Millis {
    return this.engine.now;
  }
  get state(): ClusterState {
    return this.engine.state;
  }
  get view(): ClusterView {
    return this.engine.view;
  }
  /** The event log; its entries are frozen (./boundary.ts). */
  get log(): EventLog {
    this.handedOutLog ??= handedOutLog(this.engine.log);
    return this.handedOutLog;
  }

  /** Calls `listener` with each entry as it is logged, frozen (./boundary.ts). */
  onEntry(listener: (entry: LogEntry) => void): this {
    this.engine.onEntry((entry) => listener(handedOut(entry)));
    return this;
  }

  /**
   * Schedules any event; the typed helpers below cover the usual ones. The event is copied:
   * changing it (or an object in it) afterwards changes nothing. The copy is the event's JSON
   * text parsed back, the form the log writes and `kubesim replay` reads (an undefined field
   * is left out, as in the log), and the journal keeps that text (./fork.ts EventText).
   */
  at(time: TimeArg | undefined, event: SimEvent, by: Actor = 'user'): this {
    const at = time === undefined ? this.now : toMillis(time);
    const text = eventText(event);
    this.engine.schedule(at, parseEvent(text), by);
    this.journal.record({ op: 'at', time: at, event: text, by });
    return this;
  }

  /**
   * Injects a fault: a world event, such as the control-plane faults of faults/ (ControllerLag,
   * ControllerRestart, WatchFault, ApiFaults), logged by `world`, so a run replays exactly.
   */
  inject(event: WorldEvent, at?: TimeArg): this {
    return this.at(at, event, 'world');
  }

  /**
   * An independent simulation at this instant: the same state, log, pending events, random
   * streams and controller memory, sharing nothing mutable with this one, so that each can be
   * given its own future ("what if the node had failed 5s later?"). Built by doing this
   * simulation's calls again on a fresh engine (./fork.ts): deterministic, so the same; it
   * costs the time this one has run. Calls made on `engine` directly are not repeated, and
   * listeners (onEntry) are not carried over.
   */
  fork(opts: ForkOptions = {}): Simulation {
    const { nodes: _nodes, objects: _objects, invariants: _invariants, log: _log, ...rest } = this.options;
    const fork = new Simulation({
      ...rest,
      ...(opts.invariants !== undefined ? { invariants: opts.invariants } : {}),
      ...(opts.log !== undefined ? { log: opts.log } : {}),
      ...(opts.controllers !== undefined ? { controllers: opts.controllers } : {}),
    });
    for (const j of this.journal.snapshot()) {
      if (j.op === 'at') fork.at(j.time, parseEvent(j.event), j.by);
      else fork.run(j.until, j.maxEvents);
    }
    return fork;
  }

  /**
   * A machine joins the cluster (by name, or with a NodeSpec for its capacity, labels and taints) and
   * registers its Node.
   */
  addNode(node: string | NodeSpec, at?: TimeArg): this {
    const spec = typeof node === 'string' ? { name: node } : node;
    return this.at(at, { type: 'NodeAdded', node: nodeFromSpec(spec) }, 'world');
  }
  /**
   * The machine goes down: its kubelet stops, and the API still shows the node Ready until the node
   * lifecycle controller notices.
   */
  failNode(name: string, at?: TimeArg): this {
    return this.at(at, { type: 'NodeFails', name }, 'world');
  }
  /** The machine comes back: a new boot whose kubelet posts a Ready status at once (unless it is partitioned). */
  recoverNode(name: string, at?: TimeArg): this {
    return this.at(at, { type: 'NodeRecovers', name }, 'world');
  }
  /** The node's kubelet process restarts; it is down `downtime` ms (default KUBELET_RESTART_DOWNTIME). */
  restartKubelet(node: string, at?: TimeArg, downtime?: Millis): this {
    return this.at(at, { type: 'KubeletRestart', node, ...(downtime !== undefined ? { downtime } : {}) }, 'world');
  }
  /** The node is cut off from the API server (its pods run on) until healPartition. */
  partitionNode(node: string, at?: TimeArg): this {
    return this.at(at, { type: 'NodePartition', node }, 'world');
  }
  /** Ends partitionNode: the node reaches the API server again. */
  healPartition(node: string, at?: TimeArg): this {
    return this.at(at, { type: 'NodePartitionHeals', node }, 'world');
  }
  /** The node's clock reads `skew` ms off the true time from now on (0: right again). */
  skewClock(node: string, skew: Millis, at?: TimeArg): this {
    return this.at(at, { type: 'ClockSkew', node, skew }, 'world');
  }
  /** A running container of the pod `ref` dies (default: its first container; exit code 1, 137 reads as OOMKilled). */
  crashContainer(ref: ObjectRef, container?: string, at?: TimeArg, exitCode?: number): this {
    return this.at(
      at,
      {
        type: 'ContainerCrash',
        ref,
        ...(container !== undefined ? { container } : {}),
        ...(exitCode !== undefined ? { exitCode } : {}),
      },
      'world',
    );
  }
  /** How containers of images matching the glob `match` behave from then on (pull, start, ready, run, exit). */
  setImageProfile(match: string, profile: ImageProfile, at?: TimeArg): this {
    return this.at(at, { type: 'SetImageProfile', match, profile }, 'world');
  }

  /** `kubectl apply`: creates the object, or updates it from the manifest. */
  apply(object: KubeObject, at?: TimeArg): this {
    return this.at(at, { type: 'Apply', object });
  }
  /** `kubectl create`: creates the object; rejected (AlreadyExists) when the name is taken. */
  create(object: KubeObject, at?: TimeArg): this {
    return this.at(at, { type: 'Create', object });
  }
  /** `kubectl scale`: sets replicas through the scale subresource. */
  scale(ref: ObjectRef, replicas: number, at?: TimeArg): this {
    return this.at(at, { type: 'Scale', ref, replicas });
  }
  /** `kubectl patch`: a strategic merge patch by default, or `merge` / `json`. */
  patch(ref: ObjectRef, patch: unknown, patchType: PatchType = 'strategic', at?: TimeArg): this {
    return this.at(at, { type: 'Patch', ref, patch, patchType });
  }
  /** `kubectl label`: a null value removes the label (`key-`). */
  label(ref: ObjectRef, labels: Readonly<Record<string, string | null>>, at?: TimeArg): this {
    return this.patch(ref, { metadata: { labels } }, 'merge', at);
  }
  /** `kubectl delete`, with the propagation policy and grace period it takes. */
  delete(ref: ObjectRef, opts: { propagationPolicy?: DeletePropagation; gracePeriodSeconds?: number } = {}, at?: TimeArg): this {
    return this.at(at, { type: 'Delete', ref, ...opts });
  }

  /** Runs until a time (inclusive), or with no time until nothing is left to happen. */
  run(until?: TimeArg, maxEvents?: number): RunResult {
    const bound = until === undefined ? undefined : toMillis(until);
    this.journal.record({
      op: 'run',
      ...(bound !== undefined ? { until: bound } : {}),
      ...(maxEvents !== undefined ? { maxEvents } : {}),
    });
    return this.engine.run({
      ...(bound !== undefined ? { until: bound } : {}),
      ...(maxEvents !== undefined ? { maxEvents } : {}),
    });
  }

  /** The object as stored, frozen: assigning to it throws (./boundary.ts). */
  get<K extends Kind>(kind: K, name: string, namespace = 'default'): KindMap[K] | undefined {
    return handedOut(this.engine.view.get(kind, namespace, name));
  }

  /** The objects of a kind, frozen, in a new list. */
  list<K extends Kind>(kind: K, namespace?: string): KindMap[K][] {
    return this.engine.view.list(kind, namespace).map(handedOut);
  }

  /** The hash of the current state (log/stateHash.ts): what `kubesim replay` checks a log reproduces. */
  stateHash(): string {
    return stateHash(this.engine.state);
  }
}
