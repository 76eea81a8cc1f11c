import { KINDS, kindInfo } from '../api/kinds.js';
import { podRequests, type ResourceList } from '../api/resources.js';
import type { GenericObject, Kind, KindMap, KubeObject, Pod } from '../api/types.js';
import { keyOf, SEP } from './keys.js';
import { PMap } from './pmap.js';

/** Where an object lives: its kind and its key within the kind. */
export interface ObjectLocation {
  readonly kind: Kind;
  readonly key: string;
}

/** What the pods bound to a node request in total: the scheduler's view of a node's load. */
export interface NodeUsage extends ResourceList {
  readonly pods: number;
}

/** A node with nothing on it. */
export const NO_USAGE: NodeUsage = { milliCpu: 0, memory: 0, nonZeroMilliCpu: 0, nonZeroMemory: 0, pods: 0 };

/** The store's typed objects: one persistent map per kind. */
export type Collections = { readonly [K in Kind]: PMap<KindMap[K]> };

/**
 * The object store: one persistent sorted map per kind plus the indexes controllers query.
 * It is a value: every write returns a new Store that shares all untouched structure with
 * the old one, at O(log n) cost, so any Store held by a snapshot never changes.
 *
 * Indexes (all maintained on every write):
 * - byUid: uid → kind and key (owner lookups, preconditions);
 * - dependents: `<owner uid>\0<kind>\0<key>` for every ownerReference (garbage collection,
 *   pods by owner);
 * - podsByNode: `<node>\0<key>`, unbound pods under the empty node name;
 * - uncontrolledPods: the keys of pods no controller owns (what controllers may adopt);
 * - eventsByObject: `<involved uid>\0<event key>` (what `kubectl describe` shows);
 * - nodeUsage: requests of the non-terminal pods bound to each node.
 * Pods by namespace need no index: keys are `namespace/name`, so a namespace is a key range.
 */
export interface Store {
  readonly objects: Collections;
  readonly byUid: PMap<ObjectLocation>;
  readonly dependents: PMap<ObjectLocation>;
  readonly podsByNode: PMap<string>;
  readonly uncontrolledPods: PMap<string>;
  readonly eventsByObject: PMap<string>;
  readonly nodeUsage: PMap<NodeUsage>;
  /**
   * Objects of every kind kubesim stores without modelling (api/generic/): built-in kinds
   * such as Ingress or Role, CustomResourceDefinitions and custom resources, keyed
   * `<group kind>\0<namespace/name>` (genericKey).
   */
  readonly generic: PMap<GenericObject>;
  /** The last resourceVersion handed out; the API server's etcd revision. */
  readonly resourceVersion: number;
}

/** A store with no objects. */
export function emptyStore(): Store {
  const objects = {} as Record<Kind, PMap<KubeObject>>;
  for (const k of KINDS) objects[k.kind] = PMap.empty();
  return {
    objects: objects as unknown as Collections,
    byUid: PMap.empty(),
    dependents: PMap.empty(),
    podsByNode: PMap.empty(),
    uncontrolledPods: PMap.empty(),
    eventsByObject: PMap.empty(),
    nodeUsage: PMap.empty(),
    generic: PMap.empty(),
    resourceVersion: 0,
  };
}

/** The object of a kind at a key, if any. */
export function getObject<K extends Kind>(store: Store, kind: K, key: string): KindMap[K] | undefined {
  return store.objects[kind].get(key);
}

function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** The load a pod puts on its node, or nothing when it is unbound or finished. */
function podLoad(pod: Pod | undefined): { node: string; requests: ResourceList } | undefined {
  if (pod === undefined) return undefined;
  const node = pod.spec.nodeName;
  if (node === undefined || node === '' || isTerminal(pod)) return undefined;
  return { node, requests: podRequests(pod.spec) };
}

function addUsage(usage: PMap<NodeUsage>, node: string, r: ResourceList, sign: 1 | -1): PMap<NodeUsage> {
  const u = usage.get(node) ?? NO_USAGE;
  const next: NodeUsage = {
    milliCpu: u.milliCpu + sign * r.milliCpu,
    memory: u.memory + sign * r.memory,
    nonZeroMilliCpu: u.nonZeroMilliCpu + sign * r.nonZeroMilliCpu,
    nonZeroMemory: u.nonZeroMemory + sign * r.nonZeroMemory,
    pods: u.pods + sign,
  };
  return next.pods === 0 ? usage.delete(node) : usage.set(node, next);
}

function withCollection<K extends Kind>(objects: Collections, kind: K, coll: PMap<KindMap[K]>): Collections {
  // One shallow copy of a small fixed record (one field per kind), never of a collection.
  return { ...objects, [kind]: coll } as Collections;
}

function hasController(obj: KubeObject): boolean {
  return obj.metadata.ownerReferences?.some((r) => r.controller === true) === true;
}

function ownerUids(obj: KubeObject | undefined): readonly string[] {
  return obj?.metadata.ownerReferences?.map((r) => r.uid) ?? [];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Writes (creates or replaces) an object; it must already carry its uid. The caller (the
 * reducer) is responsible for resourceVersion; `resourceVersion` here is the store's counter.
 */
export function putObject(store: Store, obj: KubeObject, resourceVersion: number): Store {
  const kind = obj.kind as Kind;
  const key = keyOf(obj.metadata);
  const coll = store.objects[kind] as PMap<KubeObject>;
  const old = coll.get(key);
  const loc: ObjectLocation = { kind, key };
  let { byUid, dependents, podsByNode, uncontrolledPods, eventsByObject, nodeUsage } = store;
  const uid = obj.metadata.uid as string;
  if (old?.metadata.uid !== uid) {
    if (old !== undefined) byUid = byUid.delete(old.metadata.uid as string);
    byUid = byUid.set(uid, loc);
  }
  const oldOwners = ownerUids(old);
  const newOwners = ownerUids(obj);
  if (!sameList(oldOwners, newOwners)) {
    for (const o of oldOwners) dependents = dependents.delete(`${o}${SEP}${kind}${SEP}${key}`);
    for (const o of newOwners) dependents = dependents.set(`${o}${SEP}${kind}${SEP}${key}`, loc);
  }
  if (kind === 'Pod') {
    const oldPod = old as Pod | undefined;
    const pod = obj as Pod;
    const oldNode = oldPod?.spec.nodeName ?? '';
    const newNode = pod.spec.nodeName ?? '';
    if (oldPod === undefined || oldNode !== newNode) {
      if (oldPod !== undefined) podsByNode = podsByNode.delete(`${oldNode}${SEP}${key}`);
      podsByNode = podsByNode.set(`${newNode}${SEP}${key}`, key);
    }
    const wasUncontrolled = oldPod !== undefined && !hasController(oldPod);
    const isUncontrolled = !hasController(pod);
    if (wasUncontrolled !== isUncontrolled) {
      uncontrolledPods = isUncontrolled ? uncontrolledPods.set(key, key) : uncontrolledPods.delete(key);
    }
    const before = podLoad(oldPod);
    const after = podLoad(pod);
    if (before?.node !== after?.node || before?.requests !== after?.requests) {
      if (before) nodeUsage = addUsage(nodeUsage, before.node, before.requests, -1);
      if (after) nodeUsage = addUsage(nodeUsage, after.node, after.requests, 1);
    }
  } else if (kind === 'Event' && old === undefined) {
    const ev = obj as KindMap['Event'];
    eventsByObject = eventsByObject.set(`${ev.involvedObject.uid}${SEP}${key}`, key);
  }
  return {
    objects: withCollection(store.objects, kind, coll.set(key, obj)),
    byUid,
    dependents,
    podsByNode,
    uncontrolledPods,
    eventsByObject,
    nodeUsage,
    generic: store.generic,
    resourceVersion,
  };
}

/** Removes an object and every index entry that names it. */
export function removeObject(store: Store, kind: Kind, key: string, resourceVersion: number): Store {
  const coll = store.objects[kind] as PMap<KubeObject>;
  const old = coll.get(key);
  if (old === undefined) return store;
  let { byUid, dependents, podsByNode, uncontrolledPods, eventsByObject, nodeUsage } = store;
  byUid = byUid.delete(old.metadata.uid as string);
  for (const o of ownerUids(old)) dependents = dependents.delete(`${o}${SEP}${kind}${SEP}${key}`);
  if (kind === 'Pod') {
    const pod = old as Pod;
    podsByNode = podsByNode.delete(`${pod.spec.nodeName ?? ''}${SEP}${key}`);
    uncontrolledPods = uncontrolledPods.delete(key);
    const load = podLoad(pod);
    if (load) nodeUsage = addUsage(nodeUsage, load.node, load.requests, -1);
  } else if (kind === 'Event') {
    const ev = old as KindMap['Event'];
    eventsByObject = eventsByObject.delete(`${ev.involvedObject.uid}${SEP}${key}`);
  }
  return {
    objects: withCollection(store.objects, kind, coll.delete(key)),
    byUid,
    dependents,
    podsByNode,
    uncontrolledPods,
    eventsByObject,
    nodeUsage,
    generic: store.generic,
    resourceVersion,
  };
}

export function isNamespaced(kind: Kind): boolean {
  return kindInfo(kind).namespaced;
}
