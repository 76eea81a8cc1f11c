import { kindInfo } from '../api/kinds.js';
import type { Kind, KindMap, KubeEvent, KubeObject, Node, Pod } from '../api/types.js';
import type { ClusterState } from '../state.js';
import { objectKey, SEP } from '../store/keys.js';
import { getObject, NO_USAGE, type NodeUsage } from '../store/store.js';
import type { Millis } from '../time/duration.js';
import { startTimeOr } from '../time/startTime.js';
import {
  type ImageProfile,
  imageProfileFor,
  type MetricSeries,
  type NodeMetrics,
  type NodeRuntime,
  type PodMetrics,
} from '../world.js';

/**
 * A read-only window on one snapshot of the state: what a controller's informers would show
 * it. Every query is a lookup or a range walk on a persistent index; none copies a
 * collection.
 */
export class ClusterView {
  readonly state: ClusterState;
  /**
   * How many objects the queries have returned since the engine last reset it: what a sync
   * read from its informers' caches, the measure of its cost.
   */
  reads = 0;

  constructor(state: ClusterState) {
    this.state = state;
  }

  get now(): Millis {
    return this.state.time;
  }

  /** The wall-clock instant (Unix ms) simulated time 0 stands for. */
  get startTime(): number {
    return startTimeOr(this.state.startTime);
  }

  /** One object by kind, namespace (`default` when undefined; ignored for cluster-scoped kinds) and name. */
  get<K extends Kind>(kind: K, namespace: string | undefined, name: string): KindMap[K] | undefined {
    const key = kindInfo(kind).namespaced ? objectKey(namespace ?? 'default', name) : name;
    return this.getByKey(kind, key);
  }

  /** One object by its store key (`namespace/name`, or the name for cluster-scoped kinds). */
  getByKey<K extends Kind>(kind: K, key: string): KindMap[K] | undefined {
    const obj = getObject(this.state.store, kind, key);
    if (obj !== undefined) this.reads++;
    return obj;
  }

  /** All objects of a kind, or those of one namespace, in name order. */
  list<K extends Kind>(kind: K, namespace?: string): KindMap[K][] {
    const coll = this.state.store.objects[kind];
    const out = namespace === undefined ? [...coll.values()] : coll.valuesWithPrefix(`${namespace}/`);
    this.reads += out.length;
    return out;
  }

  /** Visits the objects of a kind (or of one namespace) in key order until fn returns false; each visit is a read. */
  forEach<K extends Kind>(kind: K, namespace: string | undefined, fn: (obj: KindMap[K]) => boolean | undefined): void {
    const coll = this.state.store.objects[kind];
    const visit = (v: KindMap[K]): boolean | undefined => {
      this.reads++;
      return fn(v);
    };
    if (namespace === undefined) coll.forEachRange(undefined, undefined, visit);
    else coll.forEachPrefix(`${namespace}/`, visit);
  }

  /**
   * Objects of a kind with lo <= key < hi, in key order, until fn returns false: a counted
   * walk from a point (the scheduler's round-robin over nodes). Each object visited is a read.
   */
  forEachRange<K extends Kind>(
    kind: K,
    lo: string | undefined,
    hi: string | undefined,
    fn: (obj: KindMap[K]) => boolean | undefined,
  ): void {
    this.state.store.objects[kind].forEachRange(lo, hi, (v) => {
      this.reads++;
      return fn(v as KindMap[K]);
    });
  }

  /** How many objects of a kind there are, or in one namespace; counts without reading any. */
  count(kind: Kind, namespace?: string): number {
    const coll = this.state.store.objects[kind];
    return namespace === undefined ? coll.size : coll.countPrefix(`${namespace}/`);
  }

  /** The object with this uid, of any kind, if it exists. */
  byUid(uid: string): KubeObject | undefined {
    const loc = this.state.store.byUid.get(uid);
    return loc === undefined ? undefined : this.getByKey(loc.kind, loc.key);
  }

  /** Objects with an ownerReference to uid, optionally of one kind, in kind then key order. */
  dependentsOf<K extends Kind>(uid: string, kind?: K): (K extends Kind ? KindMap[K] : KubeObject)[] {
    const out: KubeObject[] = [];
    const prefix = kind === undefined ? `${uid}${SEP}` : `${uid}${SEP}${kind}${SEP}`;
    this.state.store.dependents.forEachPrefix(prefix, (loc) => {
      const obj = getObject(this.state.store, loc.kind, loc.key);
      if (obj !== undefined) out.push(obj);
      return true;
    });
    this.reads += out.length;
    return out as never;
  }

  /** Pods bound to a node (the empty name gives the pods not yet scheduled). */
  podsOnNode(nodeName: string): Pod[] {
    const out: Pod[] = [];
    this.state.store.podsByNode.forEachPrefix(`${nodeName}${SEP}`, (key) => {
      const pod = getObject(this.state.store, 'Pod', key);
      if (pod !== undefined) out.push(pod);
      return true;
    });
    this.reads += out.length;
    return out;
  }

  /** Pods in a namespace that no controller owns: the candidates for adoption, in name order. */
  uncontrolledPods(namespace: string): Pod[] {
    const out: Pod[] = [];
    this.state.store.uncontrolledPods.forEachPrefix(`${namespace}/`, (key) => {
      const pod = getObject(this.state.store, 'Pod', key);
      if (pod !== undefined) out.push(pod);
      return true;
    });
    this.reads += out.length;
    return out;
  }

  /** How many pods are bound to a node, without reading them. */
  podCountOnNode(nodeName: string): number {
    return this.state.store.podsByNode.countPrefix(`${nodeName}${SEP}`);
  }

  /** What the pods bound to a node request in total (NO_USAGE for a node with none). */
  nodeUsage(nodeName: string): NodeUsage {
    return this.state.store.nodeUsage.get(nodeName) ?? NO_USAGE;
  }

  /** All nodes, in name order. */
  nodes(): Node[] {
    return this.list('Node');
  }

  /** The events about an object, oldest first. */
  eventsFor(uid: string): KubeEvent[] {
    const out: KubeEvent[] = [];
    this.state.store.eventsByObject.forEachPrefix(`${uid}${SEP}`, (key) => {
      const ev = getObject(this.state.store, 'Event', key);
      if (ev !== undefined) out.push(ev);
      return true;
    });
    this.reads += out.length;
    return out.sort(
      (a, b) => a.firstTimestamp - b.firstTimestamp || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
    );
  }

  // ---- the world: only the components that live on the machines read these

  /** The machine behind a node (up or failed, boot, partition, skew); undefined when there is none of that name. */
  nodeRuntime(name: string): NodeRuntime | undefined {
    return this.state.world.nodes.get(name);
  }

  /** How containers of this image behave (pull, start, ready, run, exit): the first matching rule over the defaults. */
  imageProfile(image: string): ImageProfile {
    return imageProfileFor(this.state.world.imageProfiles, image);
  }

  /** metrics-server's latest sample for a pod (`namespace/name`); undefined: none yet, or gone. */
  podMetrics(key: string): PodMetrics | undefined {
    return this.state.world.metrics.get(key);
  }

  /** metrics-server's latest sample for a node; undefined: none yet, or the node is not scraped. */
  nodeMetrics(name: string): NodeMetrics | undefined {
    return this.state.world.nodeMetrics.get(name);
  }

  /** A custom or external metric's series (see WorldState.customMetrics for the keys). */
  customMetric(key: string): readonly MetricSeries[] | undefined {
    return this.state.world.customMetrics.get(key);
  }

  /** Whether the metrics APIs are served (a metrics-server runs). */
  metricsServerUp(): boolean {
    return this.state.world.metricsServer;
  }
}
