import {
  type ClusterView,
  findUntoleratedTaint,
  integerValue,
  milliValue,
  type Node,
  type NodeUsage,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type Pod,
  parseQuantity,
  type ResourceList,
  TAINT_NODE_UNSCHEDULABLE,
  tolerationsTolerateTaint,
} from '@kubesim/core';
import { type NodeSelectorTerm, nodeSelectorTermsMatch } from '../controllerutils/nodeSelector.js';
import { findMatchingVolumes } from '../persistentvolume/match.js';
import {
  ANN_SELECTED_NODE,
  checkNodeAffinity,
  getPersistentVolumeClaimClass,
  isDelayBindingMode,
  NO_PROVISIONER,
  podClaimNames,
  storageClassOf,
} from '../persistentvolume/util.js';
import type { Plugin } from './queue.js';
import type { AssumedForClaims } from './volumeCache.js';

/**
 * The default scheduler's filter plugins, in their order (NodeUnschedulable, NodeName,
 * TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit, VolumeBinding). A node stops
 * at the first plugin that rejects it, as the framework does, with that plugin's reasons.
 */

export type FilterCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

/** A Filter plugin's rejection of a node: its status code and reasons. */
export interface FilterResult {
  readonly code: FilterCode;
  readonly reasons: readonly string[];
  /** The plugin that rejected the node: the pod's UnschedulablePlugins, for the queue. */
  readonly plugin: Plugin;
}

/** A node's allocatable CPU (millicores), memory (bytes) and pod count. */
export interface NodeCapacity {
  readonly milliCpu: number;
  readonly memory: number;
  readonly pods: number;
}

const capacityCache = new WeakMap<Node, NodeCapacity>();

/** The node's allocatable resources in scheduler units. */
export function allocatable(node: Node): NodeCapacity {
  const cached = capacityCache.get(node);
  if (cached) return cached;
  const a = node.status?.allocatable ?? node.status?.capacity ?? {};
  const cap = {
    milliCpu: a.cpu === undefined ? 0 : milliValue(parseQuantity(a.cpu)),
    memory: a.memory === undefined ? 0 : integerValue(parseQuantity(a.memory)),
    pods: a.pods === undefined ? 110 : integerValue(parseQuantity(a.pods)),
  };
  capacityCache.set(node, cap);
  return cap;
}

/** NodeAffinity's filter: nodeSelector, and any required node affinity (terms ORed). */
export function matchesNodeAffinity(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const affinity = pod.spec.affinity as
    | { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] } } }
    | undefined;
  const terms = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms === undefined) return true;
  return nodeSelectorTermsMatch(terms, node);
}

const hostPortsCache = new WeakMap<Pod['spec'], readonly string[]>();

/** The pod's host ports as `protocol/port` (cached per spec: the filter asks for every node). */
function hostPorts(pod: Pod): readonly string[] {
  const cached = hostPortsCache.get(pod.spec);
  if (cached) return cached;
  const out: string[] = [];
  for (const c of pod.spec.containers)
    for (const p of c.ports ?? []) if (p.hostPort) out.push(`${p.protocol ?? 'TCP'}/${p.hostPort}`);
  hostPortsCache.set(pod.spec, out);
  return out;
}

/** NodeUnschedulable: a cordoned node takes only pods that tolerate its unschedulable taint. */
export function nodeUnschedulableFits(pod: Pod, node: Node): boolean {
  return (
    !node.spec.unschedulable ||
    tolerationsTolerateTaint(pod.spec.tolerations, { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' })
  );
}

/** TaintToleration: every NoSchedule and NoExecute taint of the node is tolerated. */
export function taintTolerationFits(pod: Pod, node: Node): boolean {
  const taint = findUntoleratedTaint(
    node.spec.taints,
    pod.spec.tolerations,
    (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute',
  );
  return taint === undefined;
}

/** NodeResourcesFit's reasons: what the node lacks for the pod, given what its pods already request. */
export function insufficientResources(node: Node, usage: NodeUsage, request: ResourceList): string[] {
  const cap = allocatable(node);
  const reasons: string[] = [];
  if (usage.pods + 1 > cap.pods) reasons.push('Too many pods');
  if (request.milliCpu > 0 && request.milliCpu > cap.milliCpu - usage.milliCpu) reasons.push('Insufficient cpu');
  if (request.memory > 0 && request.memory > cap.memory - usage.memory) reasons.push('Insufficient memory');
  return reasons;
}

/**
 * Runs the filters for one node. `usage` is what the node's pods (and the scheduler's
 * assumed pods) already request; `podsOnNode` is consulted only for host ports.
 */
export function filterNode(
  pod: Pod,
  node: Node,
  usage: NodeUsage,
  request: ResourceList,
  podsOnNode: () => readonly Pod[],
  volumes?: (node: Node) => FilterResult | undefined,
): FilterResult | undefined {
  if (!nodeUnschedulableFits(pod, node)) {
    return { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) were unschedulable'], plugin: 'NodeUnschedulable' };
  }
  if (pod.spec.nodeName && pod.spec.nodeName !== node.metadata.name) {
    return {
      code: 'UnschedulableAndUnresolvable',
      reasons: ["node(s) didn't match the requested node name"],
      plugin: 'NodeName',
    };
  }
  if (!taintTolerationFits(pod, node)) {
    // Since v1.34 the reason no longer names the taint (kubernetes PR #134740).
    return { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint(s)'], plugin: 'TaintToleration' };
  }
  if (!matchesNodeAffinity(pod, node)) {
    return {
      code: 'UnschedulableAndUnresolvable',
      reasons: ["node(s) didn't match Pod's node affinity/selector"],
      plugin: 'NodeAffinity',
    };
  }
  const wanted = hostPorts(pod);
  if (wanted.length > 0) {
    const used = new Set(podsOnNode().flatMap(hostPorts));
    if (wanted.some((p) => used.has(p))) {
      return {
        code: 'Unschedulable',
        reasons: ["node(s) didn't have free ports for the requested pod ports"],
        plugin: 'NodePorts',
      };
    }
  }
  const reasons = insufficientResources(node, usage, request);
  if (reasons.length > 0) return { code: 'Unschedulable', reasons, plugin: 'NodeResourcesFit' };
  return volumes?.(node);
}

/**
 * FitError.Error(): `0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated
 * taint(s). no new claims to deallocate, preemption: 0/3 nodes are available: ...`. Reason
 * counts are sorted as whole strings, as upstream sorts them. The PostFilter message joins
 * the PostFilter plugins' reasons in their order: DynamicResources first (v1.34 enables DRA by
 * default and places it before DefaultPreemption), whose answer for a pod without resource
 * claims is `no new claims to deallocate`; then DefaultPreemption's. kubesim models no
 * preemption, so every node that failed for lack of resources reports no victims.
 */
export function fitErrorMessage(total: number, failures: readonly Pick<FilterResult, 'code' | 'reasons'>[]): string {
  const histogram = (counts: Map<string, number>): string =>
    [...counts.entries()]
      .map(([reason, n]) => `${n} ${reason}`)
      .sort()
      .join(', ');
  const reasons = new Map<string, number>();
  const preemption = new Map<string, number>();
  for (const f of failures) {
    for (const r of new Set(f.reasons)) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    const p =
      f.code === 'UnschedulableAndUnresolvable'
        ? 'Preemption is not helpful for scheduling'
        : 'No preemption victims found for incoming pod';
    preemption.set(p, (preemption.get(p) ?? 0) + 1);
  }
  return `0/${total} nodes are available: ${histogram(reasons)}. ${NO_CLAIMS_TO_DEALLOCATE}, preemption: 0/${total} nodes are available: ${histogram(preemption)}.`;
}

// ---------------------------------------------------------------- VolumeBinding

/** VolumeBinding's reason when no volume can be bound on a node. */
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
/** VolumeBinding's reason when a bound volume's node affinity excludes the node. */
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
/** VolumeBinding's reason when a claim is bound to a volume that does not exist. */
export const ERR_REASON_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
/** VolumeBinding's PreFilter message for an Immediate claim not bound yet. */
export const ERR_UNBOUND_IMMEDIATE_CLAIMS = 'pod has unbound immediate PersistentVolumeClaims';

/** GetPodVolumeClaims: the pod's claims, bound, or unbound with delayed (WaitForFirstConsumer) binding. */
export interface PodVolumeClaims {
  readonly bound: readonly PersistentVolumeClaim[];
  readonly delayed: readonly PersistentVolumeClaim[];
}

/**
 * VolumeBinding's PreFilter: nothing to do without claims; a missing or deleting claim, or
 * an unbound claim of an Immediate class, makes the pod unschedulable on every node.
 */
export function volumeBindingPreFilter(view: ClusterView, pod: Pod): { claims?: PodVolumeClaims; message?: string } {
  const names = podClaimNames(pod);
  if (names.length === 0) return {};
  const bound: PersistentVolumeClaim[] = [];
  const delayed: PersistentVolumeClaim[] = [];
  let immediate = 0;
  for (const name of names) {
    const claim = view.get('PersistentVolumeClaim', pod.metadata.namespace, name);
    if (claim === undefined) return { message: `persistentvolumeclaim ${JSON.stringify(name)} not found` };
    if (claim.metadata.deletionTimestamp !== undefined)
      return { message: `persistentvolumeclaim ${JSON.stringify(name)} is being deleted` };
    if (claim.spec.volumeName) bound.push(claim);
    else if (isDelayBindingMode(view, claim)) delayed.push(claim);
    else immediate++;
  }
  if (immediate > 0) return { message: ERR_UNBOUND_IMMEDIATE_CLAIMS };
  return { claims: { bound, delayed } };
}

/** FindPodVolumes on one node: the reasons it fails, or the static bindings and provisions it would make. */
export interface PodVolumesOnNode {
  readonly reasons: readonly string[];
  readonly bindings: readonly (readonly [PersistentVolumeClaim, PersistentVolume])[];
  readonly provisions: readonly PersistentVolumeClaim[];
}

/**
 * FindPodVolumes: bound claims' volumes must exist and fit the node's labels; each delayed
 * claim needs a matching volume on the node (findMatchingVolumes: smallest claims first, each
 * the smallest volume that fits, no two claims sharing one) or a class that can provision; a
 * claim whose node is already chosen fits only that node.
 */
export function findPodVolumes(
  view: ClusterView,
  claims: PodVolumeClaims,
  node: Node,
  assumed: AssumedForClaims = { taken: new Set(), held: new Map() },
): PodVolumesOnNode {
  const reasons = new Set<string>();
  for (const claim of claims.bound) {
    const pv = view.get('PersistentVolume', undefined, claim.spec.volumeName as string);
    if (pv === undefined) reasons.add(ERR_REASON_PV_NOT_EXIST);
    else if (!checkNodeAffinity(pv, node)) reasons.add(ERR_REASON_NODE_CONFLICT);
  }
  const provisions: PersistentVolumeClaim[] = [];
  const toBind: PersistentVolumeClaim[] = [];
  for (const claim of claims.delayed) {
    const selected = claim.metadata.annotations?.[ANN_SELECTED_NODE];
    if (selected === undefined) toBind.push(claim);
    else if (selected !== node.metadata.name) reasons.add(ERR_REASON_BIND_CONFLICT);
    else provisions.push(claim);
  }
  // Volumes the assume cache holds for other pods' claims are not to be had.
  const { bindings, unbound } = findMatchingVolumes(view, toBind, node, assumed.taken, assumed.held);
  for (const claim of unbound) {
    const sc = storageClassOf(view, getPersistentVolumeClaimClass(claim));
    if (sc === undefined || sc.provisioner === NO_PROVISIONER) reasons.add(ERR_REASON_BIND_CONFLICT);
    else provisions.push(claim);
  }
  return { reasons: [...reasons], bindings, provisions };
}

/** VolumeBinding's Filter. */
export function volumeBindingFilter(
  view: ClusterView,
  claims: PodVolumeClaims,
  node: Node,
  assumed?: AssumedForClaims,
): FilterResult | undefined {
  if (claims.bound.length === 0 && claims.delayed.length === 0) return undefined;
  const { reasons } = findPodVolumes(view, claims, node, assumed);
  return reasons.length > 0 ? { code: 'UnschedulableAndUnresolvable', reasons, plugin: 'VolumeBinding' } : undefined;
}

/** DynamicResources' PostFilter for a pod that has no resource claims. */
export const NO_CLAIMS_TO_DEALLOCATE = 'no new claims to deallocate';

/**
 * FitError.Error() when a PreFilter plugin rejected the pod: every node is unresolvable. The
 * PostFilter message here is DefaultPreemption's alone, as clusters of v1.34 print it for a
 * missing claim (`persistentvolumeclaim "x" not found. preemption: ...`).
 */
export function preFilterErrorMessage(total: number, message: string): string {
  return `0/${total} nodes are available: ${message}. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
}
