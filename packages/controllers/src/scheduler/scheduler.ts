import {
  type Change,
  type ClusterView,
  type Controller,
  type Effect,
  getCondition,
  isPodTerminal,
  NO_USAGE,
  type Node,
  type NodeUsage,
  type Pod,
  podRequests,
  type ReconcileContext,
  type ResourceList,
  SECOND,
} from '@kubesim/core';
import { ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER, ANN_SELECTED_NODE, podClaimNames } from '../persistentvolume/util.js';
import { namespacedName, recordEvent, refOf } from '../util/effects.js';
import {
  type FilterResult,
  filterNode,
  findPodVolumes,
  fitErrorMessage,
  type PodVolumeClaims,
  preFilterErrorMessage,
  volumeBindingFilter,
  volumeBindingPreFilter,
} from './filters.js';
import { scoreNodes } from './score.js';

/**
 * The default scheduler (kube-scheduler with its default profile): binds each pending pod
 * to the best feasible node. Like upstream it assumes a pod onto its node the moment it
 * decides, so that the next decision already counts it, and forgets the assumption once
 * the binding is seen (or has failed). Unschedulable pods get PodScheduled=False and a
 * FailedScheduling event, and are retried on node changes and freed resources, with the
 * queue's back-off (1s doubling to 10s) and at the latest after 5 minutes.
 */
export const SCHEDULER_NAME = 'default-scheduler';

const INITIAL_BACKOFF = 1 * SECOND;
const MAX_BACKOFF = 10 * SECOND;
/** DefaultPodMaxInUnschedulablePodsDuration: unschedulable pods are retried at least this often. */
const MAX_UNSCHEDULABLE_WAIT = 5 * 60 * SECOND;
/** Below this many nodes every node is considered (minFeasibleNodesToFind). */
const MIN_FEASIBLE_NODES = 100;

/** VolumeBinding's bind timeout: PreBind waits this long for the pod's claims to be bound. */
const BIND_TIMEOUT = 600 * SECOND;

interface Assumed {
  readonly uid: string;
  readonly node: string;
  readonly request: ResourceList;
  /** PreBind is waiting (since then) for the pod's claims to be bound before binding the pod. */
  readonly volumesSince?: number;
}

interface Attempts {
  readonly uid: string;
  readonly count: number;
  readonly backoffUntil: number;
}

function addUsage(a: NodeUsage, r: ResourceList, sign: 1 | -1): NodeUsage {
  return {
    milliCpu: a.milliCpu + sign * r.milliCpu,
    memory: a.memory + sign * r.memory,
    nonZeroMilliCpu: a.nonZeroMilliCpu + sign * r.nonZeroMilliCpu,
    nonZeroMemory: a.nonZeroMemory + sign * r.nonZeroMemory,
    pods: a.pods + sign,
  };
}

function isPending(pod: Pod | undefined): pod is Pod {
  return (
    pod !== undefined &&
    !pod.spec.nodeName &&
    pod.metadata.deletionTimestamp === undefined &&
    (pod.spec.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME
  );
}

/** numFeasibleNodesToFind with the default (adaptive) percentageOfNodesToScore. */
export function numFeasibleNodesToFind(numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES) return numAllNodes;
  const percentage = Math.max(5, 50 - Math.floor(numAllNodes / 125));
  return Math.max(MIN_FEASIBLE_NODES, Math.floor((numAllNodes * percentage) / 100));
}

/** Which pods a change may make schedulable: the pod itself, or every pending pod. */
function podKeys(change: Change, view: ClusterView): Iterable<string> {
  if (change.kind !== 'Pod') return [];
  const before = change.old as Pod | undefined;
  const after = change.new as Pod | undefined;
  const keys: string[] = [];
  if ((before !== undefined && !before.spec.nodeName) || (after !== undefined && !after.spec.nodeName)) keys.push(change.key);
  // A bound pod that goes away (or finishes) frees room: pending pods may fit now.
  const freed = before?.spec.nodeName && (after === undefined || isPodTerminal(after)) && !isPodTerminal(before);
  if (freed) for (const p of view.podsOnNode('')) keys.push(`${p.metadata.namespace}/${p.metadata.name}`);
  return keys;
}

function pendingPodKeys(_change: Change, view: ClusterView): Iterable<string> {
  return view.podsOnNode('').map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
}

/** A claim change moves the pending pods that use it (or any claim, for a volume change). */
function volumePodKeys(change: Change, view: ClusterView): Iterable<string> {
  const claim = change.kind === 'PersistentVolumeClaim' ? (change.new ?? change.old) : undefined;
  const keys: string[] = [];
  for (const p of view.podsOnNode('')) {
    const names = podClaimNames(p);
    if (names.length === 0) continue;
    if (claim !== undefined && (p.metadata.namespace !== claim.metadata.namespace || !names.includes(claim.metadata.name ?? '')))
      continue;
    keys.push(`${p.metadata.namespace}/${p.metadata.name}`);
  }
  return keys;
}

/** isPVCFullyBound for every claim of the pod: PreBind's wait is over. */
function claimsBound(view: ClusterView, pod: Pod): boolean {
  return podClaimNames(pod).every((name) => {
    const claim = view.get('PersistentVolumeClaim', pod.metadata.namespace, name);
    return !!claim?.spec.volumeName && claim.metadata.annotations?.[ANN_BIND_COMPLETED] !== undefined;
  });
}

/**
 * BindPodVolumes' API updates: a matched volume gets the claim as its claimRef; a claim to
 * provision gets the chosen node. The PV controller and the provisioner do the rest.
 */
function bindPodVolumes(view: ClusterView, claims: PodVolumeClaims, node: Node): Effect[] {
  const { bindings, provisions } = findPodVolumes(view, claims, node);
  const out: Effect[] = [];
  for (const [claim, pv] of bindings) {
    out.push({
      type: 'patch',
      ref: refOf(pv),
      patchType: 'merge',
      uid: pv.metadata.uid as string,
      patch: {
        metadata: { annotations: { [ANN_BOUND_BY_CONTROLLER]: 'yes' } },
        spec: {
          claimRef: {
            kind: 'PersistentVolumeClaim',
            namespace: claim.metadata.namespace,
            name: claim.metadata.name,
            uid: claim.metadata.uid,
            apiVersion: 'v1',
            resourceVersion: claim.metadata.resourceVersion,
          },
        },
      },
    });
  }
  for (const claim of provisions) {
    if (claim.metadata.annotations?.[ANN_SELECTED_NODE] === node.metadata.name) continue;
    out.push({
      type: 'patch',
      ref: refOf(claim),
      patchType: 'merge',
      uid: claim.metadata.uid as string,
      patch: { metadata: { annotations: { [ANN_SELECTED_NODE]: node.metadata.name } } },
    });
  }
  return out;
}

/** The pod's binding and the Scheduled event. */
function bindPod(pod: Pod, nodeName: string): Effect[] {
  return [
    { type: 'bind', ref: refOf(pod), uid: pod.metadata.uid as string, nodeName },
    recordEvent(pod, 'Normal', 'Scheduled', `Successfully assigned ${namespacedName(pod)} to ${nodeName}`),
  ];
}

interface Candidate {
  readonly node: Node;
  readonly usage: NodeUsage;
}

function findFeasible(
  view: ClusterView,
  pod: Pod,
  request: ResourceList,
  ctx: ReconcileContext,
  start: string,
  claims: PodVolumeClaims | undefined,
): { feasible: Candidate[]; failures: FilterResult[]; total: number; next: string } {
  const volumes = claims === undefined ? undefined : (node: Node) => volumeBindingFilter(view, claims, node);
  const total = view.count('Node');
  const want = numFeasibleNodesToFind(total);
  const feasible: Candidate[] = [];
  const failures: FilterResult[] = [];
  let last = start;
  const visit = (node: Node): boolean => {
    const name = node.metadata.name as string;
    last = name;
    const assumedOn = ctx.memory<NodeUsage>(`assumedOn/${name}`) ?? NO_USAGE;
    const base = view.nodeUsage(name);
    const usage: NodeUsage = assumedOn === NO_USAGE ? base : addUsageList(base, assumedOn);
    const failure = filterNode(pod, node, usage, request, () => view.podsOnNode(name), volumes);
    if (failure === undefined) feasible.push({ node, usage });
    else failures.push(failure);
    return feasible.length < want;
  };
  // Round-robin over nodes in name order, starting after the last node looked at.
  let more = true;
  view.state.store.objects.Node.forEachRange(start === '' ? undefined : `${start}\u0000`, undefined, (n) => (more = visit(n)));
  if (more && start !== '') view.state.store.objects.Node.forEachRange(undefined, `${start}\u0000`, (n) => (more = visit(n)));
  return { feasible, failures, total, next: total > want ? last : '' };
}

function addUsageList(a: NodeUsage, b: NodeUsage): NodeUsage {
  return {
    milliCpu: a.milliCpu + b.milliCpu,
    memory: a.memory + b.memory,
    nonZeroMilliCpu: a.nonZeroMilliCpu + b.nonZeroMilliCpu,
    nonZeroMemory: a.nonZeroMemory + b.nonZeroMemory,
    pods: a.pods + b.pods,
  };
}

/** Drops an assumption (the pod was bound, deleted, or its binding failed). */
function forgetAssumed(ctx: ReconcileContext, key: string, assumed: Assumed): Effect[] {
  const onNode = ctx.memory<NodeUsage>(`assumedOn/${assumed.node}`) ?? NO_USAGE;
  const left = addUsage(onNode, assumed.request, -1);
  return [
    { type: 'remember', key: `assumed/${key}`, value: undefined },
    { type: 'remember', key: `assumedOn/${assumed.node}`, value: left.pods === 0 ? undefined : left },
  ];
}

function unschedulable(pod: Pod, message: string, now: number): Effect[] {
  const effects: Effect[] = [recordEvent(pod, 'Warning', 'FailedScheduling', message)];
  const current = getCondition(pod.status?.conditions, 'PodScheduled');
  if (current?.status !== 'False' || current.reason !== 'Unschedulable' || current.message !== message) {
    effects.push({
      type: 'patch',
      ref: refOf(pod),
      patchType: 'strategic',
      subresource: 'status',
      patch: {
        status: {
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message,
              lastProbeTime: null,
              lastTransitionTime: current?.status === 'False' ? (current.lastTransitionTime ?? now) : now,
            },
          ],
        },
      },
    });
  }
  return effects;
}

function reconcile(view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  const pod = view.getByKey('Pod', key);
  const assumed = ctx.memory<Assumed>(`assumed/${key}`);
  const effects: Effect[] = [];
  if (assumed !== undefined) {
    const same = pod !== undefined && pod.metadata.uid === assumed.uid && !pod.spec.nodeName;
    // PreBind: the pod is bound once its claims are (its volume writes landed first).
    if (same && assumed.volumesSince !== undefined && pod.metadata.deletionTimestamp === undefined) {
      if (ctx.inFlight() > 0) return [];
      if (claimsBound(view, pod)) {
        const { volumesSince: _v, ...rest } = assumed;
        return [{ type: 'remember', key: `assumed/${key}`, value: rest }, ...bindPod(pod, assumed.node)];
      }
      // Checked when the pod is next woken rather than by a timer, so a finished wait leaves none behind.
      if (ctx.now < assumed.volumesSince + BIND_TIMEOUT) return [];
    }
    // The binding is still on its way: wait for it.
    else if (same && ctx.inFlight() > 0) return [];
    effects.push(...forgetAssumed(ctx, key, assumed));
  }
  if (!isPending(pod)) {
    if (ctx.memory(`attempts/${key}`) !== undefined) effects.push({ type: 'remember', key: `attempts/${key}`, value: undefined });
    return effects;
  }
  const uid = pod.metadata.uid as string;
  const prior = ctx.memory<Attempts>(`attempts/${key}`);
  const attempts = prior?.uid === uid ? prior : undefined;
  if (attempts !== undefined && ctx.now < attempts.backoffUntil) {
    effects.push({ type: 'requeueAfter', after: attempts.backoffUntil - ctx.now });
    return effects;
  }
  const request = podRequests(pod.spec);
  const start = ctx.memory<string>('nextStartNode') ?? '';
  const volumes = volumeBindingPreFilter(view, pod);
  const { feasible, failures, total, next } =
    volumes.message === undefined
      ? findFeasible(view, pod, request, ctx, start, volumes.claims)
      : { feasible: [], failures: [], total: view.count('Node'), next: start };
  if (next !== start) effects.push({ type: 'remember', key: 'nextStartNode', value: next || undefined });
  if (feasible.length === 0) {
    const count = (attempts?.count ?? 0) + 1;
    const backoff = Math.min(INITIAL_BACKOFF * 2 ** (count - 1), MAX_BACKOFF);
    const message =
      total === 0
        ? 'no nodes available to schedule pods'
        : volumes.message !== undefined
          ? preFilterErrorMessage(total, volumes.message)
          : fitErrorMessage(total, failures);
    effects.push(...unschedulable(pod, message, ctx.now));
    effects.push({ type: 'remember', key: `attempts/${key}`, value: { uid, count, backoffUntil: ctx.now + backoff } });
    effects.push({ type: 'requeueAfter', after: MAX_UNSCHEDULABLE_WAIT });
    return effects;
  }
  let chosen = feasible[0] as Candidate;
  if (feasible.length > 1) {
    const scores = scoreNodes(pod, feasible, request);
    const best = Math.max(...scores);
    const top = feasible.filter((_, i) => scores[i] === best);
    // selectHost: a uniform choice among the best-scored nodes, from a stream of this pod's.
    chosen = top[ctx.random(`select/${uid}/${attempts?.count ?? 0}`).int(top.length)] as Candidate;
  }
  const nodeName = chosen.node.metadata.name as string;
  const onNode = ctx.memory<NodeUsage>(`assumedOn/${nodeName}`) ?? NO_USAGE;
  effects.push(
    { type: 'remember', key: `assumedOn/${nodeName}`, value: addUsage(onNode, request, 1) },
    { type: 'remember', key: `attempts/${key}`, value: undefined },
  );
  // Claims waiting for their first consumer: bind (or provision) them, then the pod (PreBind).
  if (volumes.claims !== undefined && volumes.claims.delayed.length > 0) {
    effects.push(
      {
        type: 'remember',
        key: `assumed/${key}`,
        value: { uid, node: nodeName, request, volumesSince: ctx.now } satisfies Assumed,
      },
      ...bindPodVolumes(view, volumes.claims, chosen.node),
    );
    return effects;
  }
  effects.push(
    { type: 'remember', key: `assumed/${key}`, value: { uid, node: nodeName, request } satisfies Assumed },
    ...bindPod(pod, nodeName),
  );
  return effects;
}

export function scheduler(): Controller {
  return {
    name: 'scheduler',
    component: SCHEDULER_NAME,
    watches: [
      { kind: 'Pod', keys: podKeys },
      { kind: 'Node', keys: pendingPodKeys },
      { kind: 'PersistentVolumeClaim', keys: volumePodKeys },
      { kind: 'PersistentVolume', keys: volumePodKeys },
    ],
    reconcile,
  };
}
