import {
  type ClusterView,
  type Controller,
  type Effect,
  getCondition,
  getObject,
  NO_USAGE,
  type Node,
  type NodeUsage,
  type Pod,
  podRequests,
  type ReconcileContext,
  type ResourceList,
  SECOND,
} from '@kubesim/core';
import { ANN_BOUND_BY_CONTROLLER, ANN_SELECTED_NODE } from '../persistentvolume/util.js';
import { namespacedName, recordEvent, refOf } from '../util/effects.js';
import {
  claimEventKeys,
  moveKey,
  nodeEventKeys,
  parseMoveKey,
  podEventKeys,
  responsibleForPod,
  SCHEDULER_NAME,
  volumeEventKeys,
} from './eventhandlers.js';
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
import { type ClusterEvent, type EventObject, isPodWorthRequeuing, pluginsInterestedIn } from './hints.js';
import { ABSENT_NODES_STATUS, preFilterNodeNames } from './nodeAffinityPreFilter.js';
import { FLUSH_KEY, isPodBackingoff, type Plugin, SchedulingQueue } from './queue.js';
import { scoreNodes } from './score.js';
import { assumedForClaims, assumedVolumes, assumeVolumes, checkBindings, forgetVolumes } from './volumeCache.js';

/**
 * The default scheduler (kube-scheduler with its default profile), in time as upstream runs
 * it: one scheduling cycle at a time (the controller's one worker), each costing a base plus
 * a cost per node it filters and scores (what it reads through the view), then a binding
 * cycle that does not hold the scheduler up: the bind, and PreBind's volume writes, go out
 * asynchronously through kube-scheduler's client (its QPS 50 caps binds at 50 a second, as
 * upstream). The pod is assumed onto its node the moment it is chosen, so the next cycle
 * already counts it, until the informer shows the binding.
 *
 * A pod that fits nowhere gets PodScheduled=False and a FailedScheduling event and waits in
 * the scheduling queue (queue.ts) for an event its rejecting plugins care about (hints.ts),
 * with backoff 1s doubling to 10s, and at the latest for the 5-minute leftover flush.
 */
export { SCHEDULER_NAME } from './eventhandlers.js';

/** minFeasibleNodesToFind: below this many nodes every node is considered. */
const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** minFeasibleNodesPercentageToFind. */
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** VolumeBinding's bind timeout: PreBind waits this long for the pod's claims to be bound. */
const BIND_TIMEOUT = 600 * SECOND;
/** BindPodVolumes checks the claims every second (wait.PollUntilContextTimeout, not immediately). */
const BIND_POLL_INTERVAL = 1 * SECOND;

interface Assumed {
  readonly uid: string;
  readonly node: string;
  readonly request: ResourceList;
  /** PreBind is waiting (since then) for the pod's claims to be bound before binding the pod. */
  readonly volumesSince?: number;
}

/** A pod the scheduler cache has assumed onto a node. */
interface AssumedPod {
  readonly key: string;
  readonly uid: string;
  readonly request: ResourceList;
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
  return pod !== undefined && !pod.spec.nodeName && pod.metadata.deletionTimestamp === undefined && responsibleForPod(pod);
}

/**
 * numFeasibleNodesToFind: every node below 100; else the percentage (adaptive by default:
 * 50% less 1% per 125 nodes, at least 5%) of the nodes, and at least 100.
 */
export function numFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) percentage = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - Math.trunc(numAllNodes / 125));
  return Math.max(MIN_FEASIBLE_NODES_TO_FIND, Math.trunc((numAllNodes * percentage) / 100));
}

// ---------------------------------------------------------------- the cache's assumed pods

/**
 * The pods assumed onto one node, with their summed requests, valid as of `base`: the node's
 * usage object (a persistent value) when they were last checked against the informer. While
 * the informer shows no change on the node, no assumption on it can have been confirmed, so
 * the sum is reused; after a change the assumptions are checked again.
 */
interface AssumedOnNode {
  readonly pods: readonly AssumedPod[];
  readonly usage: NodeUsage;
  readonly base: NodeUsage;
}

function assumedOnKey(node: string): string {
  return `assumedOn/${node}`;
}

function sumRequests(pods: readonly AssumedPod[]): NodeUsage {
  let usage = NO_USAGE;
  for (const a of pods) usage = addUsage(usage, a.request, 1);
  return usage;
}

function plus(a: NodeUsage, b: NodeUsage): NodeUsage {
  if (b.pods === 0) return a;
  return {
    milliCpu: a.milliCpu + b.milliCpu,
    memory: a.memory + b.memory,
    nonZeroMilliCpu: a.nonZeroMilliCpu + b.nonZeroMilliCpu,
    nonZeroMemory: a.nonZeroMemory + b.nonZeroMemory,
    pods: a.pods + b.pods,
  };
}

/**
 * A node's requests as the scheduler cache sees them: its bound pods plus the pods assumed
 * onto it whose binding the informer does not show yet. When the node changed, assumptions
 * the informer has caught up with (bound, gone, or replaced) are dropped and the result goes
 * into `changed`. The check reads the store directly, uncounted: upstream confirms an assumed
 * pod in the informer's event handler, not in the scheduling cycle, so it is no part of the
 * cycle's cost.
 */
function cachedUsage(view: ClusterView, ctx: ReconcileContext, node: string, changed: Map<string, AssumedOnNode>): NodeUsage {
  const base = view.nodeUsage(node);
  const entry = changed.get(node) ?? ctx.memory<AssumedOnNode>(assumedOnKey(node));
  if (entry === undefined) return base;
  if (entry.base === base) return plus(base, entry.usage);
  const pods = entry.pods.filter((a) => {
    const pod = getObject(view.state.store, 'Pod', a.key);
    return pod !== undefined && pod.metadata.uid === a.uid && !pod.spec.nodeName;
  });
  const checked: AssumedOnNode = { pods, usage: pods.length === entry.pods.length ? entry.usage : sumRequests(pods), base };
  changed.set(node, checked);
  return plus(base, checked.usage);
}

/** Writes the nodes' checked assumptions back, forgetting the per-pod records of those confirmed. */
function commitAssumed(ctx: ReconcileContext, changed: Map<string, AssumedOnNode>, effects: Effect[]): void {
  for (const [node, entry] of changed) {
    const kept = new Set(entry.pods.map((a) => a.key));
    for (const a of ctx.memory<AssumedOnNode>(assumedOnKey(node))?.pods ?? []) {
      if (kept.has(a.key)) continue;
      if (ctx.memory<Assumed>(`assumed/${a.key}`)?.uid === a.uid) {
        effects.push({ type: 'remember', key: `assumed/${a.key}`, value: undefined });
      }
    }
    effects.push({ type: 'remember', key: assumedOnKey(node), value: entry.pods.length > 0 ? entry : undefined });
  }
}

/** AssumePod: the pod counts on its node from now on. */
function assume(
  view: ClusterView,
  ctx: ReconcileContext,
  key: string,
  assumed: Assumed,
  changed: Map<string, AssumedOnNode>,
): Effect[] {
  const entry = changed.get(assumed.node) ??
    ctx.memory<AssumedOnNode>(assumedOnKey(assumed.node)) ?? {
      pods: [],
      usage: NO_USAGE,
      base: view.nodeUsage(assumed.node),
    };
  changed.set(assumed.node, {
    pods: [...entry.pods, { key, uid: assumed.uid, request: assumed.request }],
    usage: addUsage(entry.usage, assumed.request, 1),
    base: entry.base,
  });
  return [{ type: 'remember', key: `assumed/${key}`, value: assumed }];
}

/** ForgetPod: the assumption is dropped (the pod was deleted, or its binding failed). */
function forgetAssumed(ctx: ReconcileContext, key: string, assumed: Assumed): Effect[] {
  const entry = ctx.memory<AssumedOnNode>(assumedOnKey(assumed.node));
  const pods = entry?.pods.filter((a) => a.key !== key) ?? [];
  const volumes = forgetVolumes(ctx, key);
  return [
    ...(volumes !== undefined ? [volumes] : []),
    { type: 'remember', key: `assumed/${key}`, value: undefined },
    {
      type: 'remember',
      key: assumedOnKey(assumed.node),
      value: entry !== undefined && pods.length > 0 ? { pods, usage: sumRequests(pods), base: entry.base } : undefined,
    },
  ];
}

// ---------------------------------------------------------------- filtering and scoring

interface Candidate {
  readonly node: Node;
  readonly usage: NodeUsage;
}

/**
 * findNodesThatPassFilters: round-robin over the nodes in name order from where the previous
 * cycle stopped, until numFeasibleNodesToFind nodes fit. Every node looked at is read through
 * the view, so the cycle's cost grows with the nodes it evaluates.
 */
function findFeasible(
  view: ClusterView,
  pod: Pod,
  request: ResourceList,
  ctx: ReconcileContext,
  start: string,
  claims: PodVolumeClaims | undefined,
  changed: Map<string, AssumedOnNode>,
  only: readonly string[] | undefined = undefined,
): { feasible: Candidate[]; failures: FilterResult[]; total: number; next: string } {
  const assumed = claims === undefined ? undefined : assumedForClaims(assumedVolumes(view, ctx), claims.delayed);
  const volumes = claims === undefined ? undefined : (node: Node) => volumeBindingFilter(view, claims, node, assumed);
  const total = view.count('Node');
  const want = numFeasibleNodesToFind(total);
  const feasible: Candidate[] = [];
  const failures: FilterResult[] = [];
  let last = start;
  let more = true;
  const visit = (node: Node): boolean => {
    const name = node.metadata.name as string;
    last = name;
    const usage = cachedUsage(view, ctx, name, changed);
    const failure = filterNode(pod, node, usage, request, () => view.podsOnNode(name), volumes);
    if (failure === undefined) feasible.push({ node, usage });
    else failures.push(failure);
    more = feasible.length < want;
    return more;
  };
  if (only !== undefined) {
    // NodeAffinity's PreFilter named the nodes: only those are evaluated, the rest are absent.
    let evaluated = 0;
    for (const name of only) {
      const node = view.get('Node', undefined, name);
      if (node === undefined) continue;
      evaluated++;
      if (!visit(node)) break;
    }
    for (let i = evaluated; i < total; i++) failures.push(ABSENT_NODES_STATUS);
    // The round robin runs over the nodes PreFilter kept: for one node (a daemon pod),
    // (index + 1) % 1 puts the next cycle back at the first node.
    return { feasible, failures, total, next: only.length === 1 ? '' : start };
  }
  view.forEachRange('Node', start === '' ? undefined : `${start}\u0000`, undefined, visit);
  if (more && start !== '') view.forEachRange('Node', undefined, `${start}\u0000`, visit);
  return { feasible, failures, total, next: total > want ? last : '' };
}

// ---------------------------------------------------------------- binding cycle

/**
 * BindPodVolumes' API updates, sent from the binding goroutine: a matched volume gets the
 * claim as its claimRef; a claim to provision gets the chosen node. The PV controller and the
 * provisioner do the rest.
 */
function bindPodVolumes(view: ClusterView, ctx: ReconcileContext, key: string, claims: PodVolumeClaims, node: Node): Effect[] {
  const assumed = assumedVolumes(view, ctx);
  const { bindings, provisions } = findPodVolumes(view, claims, node, assumedForClaims(assumed, claims.delayed));
  const out: Effect[] = [assumeVolumes(assumed, bindings, key)];
  for (const [claim, pv] of bindings) {
    out.push({
      type: 'patch',
      ref: refOf(pv),
      patchType: 'merge',
      uid: pv.metadata.uid as string,
      // bindAPIUpdate is an Update of the version chosen: a volume changed since is a Conflict.
      patch: {
        metadata: { resourceVersion: pv.metadata.resourceVersion, annotations: { [ANN_BOUND_BY_CONTROLLER]: 'yes' } },
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
      async: true,
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
      async: true,
    });
  }
  return out;
}

/**
 * The Bind call, from the binding goroutine: the scheduling cycle does not wait for it. The
 * Scheduled event is recorded once the binding has succeeded (finishBinding), a
 * FailedScheduling one if it is refused.
 */
function bind(pod: Pod, nodeName: string): Effect {
  const name = namespacedName(pod);
  return {
    type: 'bind',
    ref: refOf(pod),
    uid: pod.metadata.uid as string,
    nodeName,
    async: true,
    report: {
      involved: recordInvolved(pod),
      success: { eventType: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${name} to ${nodeName}` },
      failure: {
        eventType: 'Warning',
        reason: 'FailedScheduling',
        message: `bind plugin "DefaultBinder" failed to bind pod "${name}": `,
      },
    },
  };
}

function recordInvolved(pod: Pod): Extract<Effect, { type: 'event' }>['involved'] {
  return (recordEvent(pod, 'Normal', '', '') as Extract<Effect, { type: 'event' }>).involved;
}

// ---------------------------------------------------------------- failure handling

/** handleSchedulingFailure's status update: PodScheduled=False, written only when it changes. */
export function updatePodCondition(pod: Pod, reason: 'Unschedulable' | 'SchedulerError', message: string, now: number): Effect[] {
  const current = getCondition(pod.status?.conditions, 'PodScheduled');
  if (current?.status === 'False' && current.reason === reason && current.message === message) return [];
  return [
    {
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
              reason,
              message,
              lastProbeTime: null,
              lastTransitionTime: current?.status === 'False' ? (current.lastTransitionTime ?? now) : now,
            },
          ],
        },
      },
    },
  ];
}

/**
 * handleBindingCycleError: the assumption is forgotten, which frees room like a deleted
 * assigned pod (a move request), and the pod goes back to the queue after an error backoff.
 */
function bindingCycleError(
  ctx: ReconcileContext,
  queue: SchedulingQueue,
  key: string,
  pod: Pod,
  assumed: Assumed,
  message: string,
): Effect[] {
  queue.addUnschedulableIfNotPresent(key, assumed.uid, [], ctx.now);
  return [
    ...forgetAssumed(ctx, key, assumed),
    { type: 'enqueue', key: moveKey('AssignedPodDelete') },
    ...updatePodCondition(pod, 'SchedulerError', message, ctx.now),
  ];
}

// ---------------------------------------------------------------- scheduleOne

/**
 * One pod's turn: the end of its binding cycle if it is assumed (PreBind's poll, or a binding
 * that failed), else a scheduling cycle if the queue lets it be popped now.
 */
function scheduleOne(view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  const effects: Effect[] = [];
  const queue = new SchedulingQueue(ctx, effects);
  const pod = view.getByKey('Pod', key);
  const assumed = ctx.memory<Assumed>(`assumed/${key}`);
  if (assumed !== undefined) {
    const same = pod !== undefined && pod.metadata.uid === assumed.uid && !pod.spec.nodeName;
    if (same && pod.metadata.deletionTimestamp === undefined) {
      if (assumed.volumesSince === undefined) {
        // The binding is still on its way; with nothing in flight it was refused.
        if (ctx.inFlight() > 0) return [];
        const error = ctx.failures()[0]?.message ?? 'binding failed';
        effects.push(...bindingCycleError(ctx, queue, key, pod, assumed, error));
        queue.commit(ctx.now);
        return effects;
      }
      // PreBind: BindPodVolumes' API updates fail it at once; then it polls every second
      // (checkBindings) until the claims are bound, then Bind.
      const refused = ctx.failures()[0];
      const checked = refused !== undefined || ctx.inFlight() > 0 ? false : checkBindings(view, ctx, pod, key);
      if (checked === true) {
        const { volumesSince: _v, ...rest } = assumed;
        return [{ type: 'remember', key: `assumed/${key}`, value: rest }, bind(pod, assumed.node)];
      }
      let error: string | undefined;
      if (refused !== undefined) error = refused.message;
      else if (typeof checked === 'string') error = `binding volumes: ${checked}`;
      else if (ctx.now >= assumed.volumesSince + BIND_TIMEOUT) error = 'binding volumes: context deadline exceeded';
      if (error === undefined) return [{ type: 'requeueAfter', after: BIND_POLL_INTERVAL }];
      const message = `running PreBind plugin "VolumeBinding": ${error}`;
      effects.push(
        recordEvent(pod, 'Warning', 'FailedScheduling', message),
        ...bindingCycleError(ctx, queue, key, pod, assumed, message),
      );
      queue.commit(ctx.now);
      return effects;
    }
    effects.push(...forgetAssumed(ctx, key, assumed));
    // handleAssumedPodDeletion: unless the pod was bound, the room it held is free again.
    if (!(pod?.metadata.uid === assumed.uid && pod.spec.nodeName)) {
      effects.push({ type: 'enqueue', key: moveKey('AssignedPodDelete') });
    }
  }
  if (!isPending(pod)) {
    queue.forget(key);
    queue.commit(ctx.now);
    return effects;
  }
  const info = queue.get(key, pod.metadata.uid);
  if (info !== undefined && info.queue !== 'active' && isPodBackingoff(info, ctx.now)) {
    // Woken early (by its own update): an update may make it schedulable, but not sooner
    // than its backoff allows (Update → isPodWorthRequeuing → queueAfterBackoff).
    queue.requeue(key, info, 'afterBackoff', ctx.now);
  } else {
    effects.push(...schedulingCycle(view, key, pod, ctx, queue));
  }
  queue.commit(ctx.now);
  return effects;
}

/** schedulingCycle: PreFilter, Filter, Score, then assume and start the binding cycle, or handle the failure. */
function schedulingCycle(view: ClusterView, key: string, pod: Pod, ctx: ReconcileContext, queue: SchedulingQueue): Effect[] {
  const effects: Effect[] = [];
  const uid = pod.metadata.uid as string;
  const info = queue.get(key, uid);
  const request = podRequests(pod.spec);
  const start = ctx.memory<string>('nextStartNode') ?? '';
  const changed = new Map<string, AssumedOnNode>();
  const volumes = volumeBindingPreFilter(view, pod);
  const { feasible, failures, total, next } =
    volumes.message === undefined
      ? findFeasible(view, pod, request, ctx, start, volumes.claims, changed, preFilterNodeNames(pod))
      : { feasible: [], failures: [], total: view.count('Node'), next: start };
  if (next !== start) effects.push({ type: 'remember', key: 'nextStartNode', value: next || undefined });
  if (feasible.length === 0) {
    commitAssumed(ctx, changed, effects);
    // ErrNoNodesAvailable has no rejecting plugin: it backs off like an error.
    const plugins: Plugin[] =
      total === 0 ? [] : volumes.message !== undefined ? ['VolumeBinding'] : [...new Set(failures.map((f) => f.plugin))].sort();
    const message =
      total === 0
        ? 'no nodes available to schedule pods'
        : volumes.message !== undefined
          ? preFilterErrorMessage(total, volumes.message)
          : fitErrorMessage(total, failures);
    queue.addUnschedulableIfNotPresent(key, uid, plugins, ctx.now);
    effects.push(recordEvent(pod, 'Warning', 'FailedScheduling', message));
    effects.push(...updatePodCondition(pod, 'Unschedulable', message, ctx.now));
    return effects;
  }
  let chosen = feasible[0] as Candidate;
  if (feasible.length > 1) {
    const scores = scoreNodes(pod, feasible, request);
    const best = Math.max(...scores);
    const top = feasible.filter((_, i) => scores[i] === best);
    // selectHost: a uniform choice among the best-scored nodes, from a stream of this pod's.
    const attempts = (info?.unschedulableCount ?? 0) + (info?.consecutiveErrorsCount ?? 0);
    chosen = top[ctx.random(`select/${uid}/${attempts}`).int(top.length)] as Candidate;
  }
  const nodeName = chosen.node.metadata.name as string;
  queue.forget(key);
  // Claims waiting for their first consumer: bind (or provision) them, then the pod (PreBind).
  if (volumes.claims !== undefined && volumes.claims.delayed.length > 0) {
    effects.push(
      ...assume(view, ctx, key, { uid, node: nodeName, request, volumesSince: ctx.now }, changed),
      ...bindPodVolumes(view, ctx, key, volumes.claims, chosen.node),
      { type: 'requeueAfter', after: BIND_POLL_INTERVAL },
    );
    commitAssumed(ctx, changed, effects);
    return effects;
  }
  effects.push(...assume(view, ctx, key, { uid, node: nodeName, request }, changed), bind(pod, nodeName));
  commitAssumed(ctx, changed, effects);
  return effects;
}

// ---------------------------------------------------------------- moves and flushes

/** The object a move request is about, as the scheduler's informers show it now. */
function eventObject(view: ClusterView, event: ClusterEvent, object: string | undefined): EventObject | undefined {
  if (object === undefined) return {};
  if (event === 'PersistentVolumeClaimChange') {
    const claim = view.getByKey('PersistentVolumeClaim', object);
    return claim === undefined ? undefined : { claim };
  }
  const node = view.getByKey('Node', object);
  return node === undefined ? undefined : { node };
}

/**
 * MoveAllToActiveOrBackoffQueue: the unschedulable pods whose rejecting plugins registered for
 * the event, and whose hints say it may help, go to backoffQ or activeQ. Pods the index still
 * lists but that are no longer pending are dropped on the way.
 */
function moveAllToActiveOrBackoffQueue(
  view: ClusterView,
  ctx: ReconcileContext,
  event: ClusterEvent,
  object: string | undefined,
): Effect[] {
  const effects: Effect[] = [];
  const obj = eventObject(view, event, object);
  if (obj === undefined) return effects;
  const queue = new SchedulingQueue(ctx, effects);
  for (const key of queue.byPlugins(pluginsInterestedIn(event))) {
    const info = queue.get(key);
    const pod = view.getByKey('Pod', key);
    if (info === undefined || !isPending(pod) || pod.metadata.uid !== info.uid) {
      queue.forget(key);
      continue;
    }
    queue.requeue(key, info, isPodWorthRequeuing(info, event, pod, obj), ctx.now);
  }
  queue.commit(ctx.now);
  return effects;
}

/** flushUnschedulablePodsLeftover: pods unschedulable for over 5 minutes go back (UnschedulableTimeout). */
function flushUnschedulablePodsLeftover(view: ClusterView, ctx: ReconcileContext): Effect[] {
  const effects: Effect[] = [];
  const queue = new SchedulingQueue(ctx, effects);
  for (const key of queue.leftover(ctx.now)) {
    const info = queue.get(key);
    const pod = view.getByKey('Pod', key);
    if (info === undefined || !isPending(pod) || pod.metadata.uid !== info.uid) {
      queue.forget(key);
      continue;
    }
    queue.requeue(key, info, 'afterBackoff', ctx.now);
  }
  queue.commit(ctx.now, true);
  return effects;
}

function reconcile(view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  if (key === FLUSH_KEY) return flushUnschedulablePodsLeftover(view, ctx);
  const move = parseMoveKey(key);
  if (move !== undefined) return moveAllToActiveOrBackoffQueue(view, ctx, move.event, move.object);
  return scheduleOne(view, key, ctx);
}

/** kube-scheduler's default profile: one scheduling cycle at a time, filters, scores, asynchronous binding. */
export function scheduler(): Controller {
  return {
    name: 'scheduler',
    component: SCHEDULER_NAME,
    watches: [
      { kind: 'Pod', keys: podEventKeys },
      { kind: 'Node', keys: nodeEventKeys },
      { kind: 'PersistentVolumeClaim', keys: claimEventKeys },
      { kind: 'PersistentVolume', keys: volumeEventKeys },
      { kind: 'StorageClass', keys: volumeEventKeys },
    ],
    reconcile,
    // One scheduling cycle at a time (sched.Run: wait.UntilWithContext(ctx, sched.ScheduleOne, 0)).
    runtime: { process: 'kube-scheduler', workers: 1 },
  };
}
