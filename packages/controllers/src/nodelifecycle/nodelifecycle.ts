import {
  type Change,
  type ClusterView,
  type Controller,
  type Effect,
  getCondition,
  type Millis,
  type Node,
  type NodeCondition,
  type ReconcileContext,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_UNREACHABLE,
  TAINT_NODE_UNSCHEDULABLE,
  type Taint,
} from '@kubesim/core';
import { recordEvent, refOf } from '../util/effects.js';
import { DEFAULT_NODE_MONITOR, kubeletlessUnknownAt, type NodeMonitorTiming, silenceOf, unknownAfter } from './health.js';
import { computeZones, evictionRate, zoneOf } from './zones.js';

/**
 * The node lifecycle controller (node_lifecycle_controller.go), per node:
 * - monitorNodeHealth: a node whose kubelet stopped heartbeating gets its conditions Unknown
 *   (one UpdateStatus, retried over a fresh GET), the NodeNotReady event, and its pods marked
 *   not ready (MarkPodsNotReady: one UpdateStatus per Ready pod, a failure not stopping the
 *   others; the node is retried while any failed);
 * - doNoScheduleTaintingPass (on every node update): the NoSchedule taints follow the
 *   conditions and spec.unschedulable (SwapNodeControllerTaint: a GET and a patch adding, then a
 *   GET and a patch removing);
 * - processTaintBaseEviction / doNoExecuteTaintingPass: a node that a monitor pass finds
 *   NotReady or Unknown is queued for its NoExecute taint (`unreachable` or `not-ready`), which
 *   the zone's eviction rate limiter lets through; a Ready one loses them (markNodeAsReachable).
 *   The pass that turns a node Unknown still observes it Ready: the taint waits for the next
 *   pass, node-monitor-period later.
 * The taint eviction controller then evicts the pods after their tolerationSeconds.
 */
export const NODE_CONTROLLER = 'node-controller';

const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_NODE_NOT_READY, effect: 'NoExecute' };
const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_NODE_UNREACHABLE, effect: 'NoExecute' };
const HEALTH_CONDITIONS = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'];

/** nodeConditionToTaintKeyStatusMap: the NoSchedule taint each condition status brings. */
const CONDITION_TAINTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: { False: TAINT_NODE_NOT_READY, Unknown: TAINT_NODE_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};
/** taintKeyToNodeConditionMap's keys, and the unschedulable taint: the NoSchedule taints this controller owns. */
const NO_SCHEDULE_KEYS = new Set([...Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)), TAINT_NODE_UNSCHEDULABLE]);

interface Bucket {
  readonly tokens: number;
  readonly at: Millis;
}

function readiness(node: Node | undefined): string | undefined {
  return getCondition(node?.status?.conditions, 'Ready')?.status;
}

/** A node's change wakes it, and a change of readiness wakes every unhealthy node (zone states move). */
function nodeKeys(change: Change, view: ClusterView): Iterable<string> {
  const keys = [change.key];
  if (readiness(change.old as Node | undefined) !== readiness(change.new as Node | undefined)) {
    view.forEach('Node', undefined, (n) => {
      const name = n.metadata.name as string;
      const runtime = view.nodeRuntime(name);
      const silent = runtime !== undefined && silenceOf(runtime, view.now) !== undefined;
      if (name !== change.key && (readiness(n) !== 'True' || silent)) keys.push(name);
      return true;
    });
  }
  return keys;
}

function unknownConditions(conditions: readonly NodeCondition[] | undefined, now: Millis, created?: Millis): NodeCondition[] {
  const out = (conditions ?? []).map((c) =>
    HEALTH_CONDITIONS.includes(c.type) && c.status !== 'Unknown'
      ? {
          ...c,
          status: 'Unknown' as const,
          reason: 'NodeStatusUnknown',
          message: 'Kubelet stopped posting node status.',
          lastTransitionTime: now,
        }
      : c,
  );
  // A condition the kubelet never posted (a Node with no kubelet) is added, Unknown, in
  // tryUpdateNodeHealth's order.
  for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
    if (out.some((c) => c.type === type)) continue;
    out.push({
      type,
      status: 'Unknown',
      lastHeartbeatTime: created ?? now,
      lastTransitionTime: now,
      reason: 'NodeStatusNeverUpdated',
      message: 'Kubelet never posted node status.',
    });
  }
  return out;
}

/**
 * MarkPodsNotReady: one UpdateStatus per pod of the node whose Ready condition is not False
 * yet, over the version the informer has, then the NodeNotReady event on the pod. Upstream
 * updates them one after another and goes on past a failure; here they go out as one wave,
 * which also goes on past a failure (and the failed wave has the node synced again).
 */
function markPodsNotReady(view: ClusterView, node: string, now: Millis): Effect[] {
  const effects: Effect[] = [];
  for (const pod of view.podsOnNode(node)) {
    const conditions = pod.status?.conditions ?? [];
    const ready = conditions.find((c) => c.type === 'Ready');
    if (ready === undefined || ready.status === 'False') continue;
    const updated = conditions.map((c) => (c === ready ? { ...c, status: 'False' as const, lastTransitionTime: now } : c));
    effects.push({
      type: 'updateStatus',
      object: { ...pod, status: { ...pod.status, conditions: updated } },
      wave: 1,
      report: {
        involved: {
          kind: 'Pod',
          namespace: pod.metadata.namespace as string,
          name: pod.metadata.name as string,
          uid: pod.metadata.uid as string,
        },
        success: { eventType: 'Warning', reason: 'NodeNotReady', message: 'Node is not ready' },
      },
    });
  }
  return effects;
}

function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/**
 * SwapNodeControllerTaint: AddOrUpdateTaintOnNode (a GET, then a patch of the taint list with
 * the new ones, their timeAdded now), then RemoveTaintOffNode (only when the node as the
 * informer shows it has one of them: a GET, then a patch without them). Upstream patches the
 * list over the version its GET returned; here the list is computed from the informer's node
 * and the GET rides on the patch.
 */
function swapNodeControllerTaint(node: Node, add: readonly Taint[], remove: readonly Taint[], now: Millis): Effect[] {
  const out: Effect[] = [];
  let taints = node.spec.taints ?? [];
  const ref = refOf(node);
  const write = (next: readonly Taint[]): Effect => ({
    type: 'patch',
    ref,
    patchType: 'merge',
    patch: { spec: { taints: next.length > 0 ? next : null } },
    getFirst: true,
  });
  if (add.length > 0) {
    taints = [...taints.filter((t) => !add.some((a) => sameTaint(a, t))), ...add.map((t) => ({ ...t, timeAdded: now }))];
    out.push(write(taints));
  }
  if (remove.some((r) => (node.spec.taints ?? []).some((t) => sameTaint(r, t)))) {
    taints = taints.filter((t) => !remove.some((r) => sameTaint(r, t)));
    out.push(write(taints));
  }
  return out;
}

/** doNoScheduleTaintingPass: the NoSchedule taints the conditions and spec.unschedulable call for. */
function noScheduleTaintingPass(node: Node, now: Millis): Effect[] {
  const wanted: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key !== undefined) wanted.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec.unschedulable) wanted.push({ key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
  const have = (node.spec.taints ?? []).filter((t) => t.effect === 'NoSchedule' && NO_SCHEDULE_KEYS.has(t.key));
  const add = wanted.filter((w) => !have.some((h) => sameTaint(w, h)));
  const remove = have.filter((h) => !wanted.some((w) => sameTaint(w, h)));
  if (add.length === 0 && remove.length === 0) return [];
  return swapNodeControllerTaint(node, add, remove, now);
}

/** markNodeAsReachable: RemoveTaintOffNode for unreachable, then for not-ready (each only if present). */
function markNodeAsReachable(node: Node, now: Millis): Effect[] {
  const first = swapNodeControllerTaint(node, [], [UNREACHABLE_NO_EXECUTE], now);
  const rest = (node.spec.taints ?? []).filter((t) => !sameTaint(t, UNREACHABLE_NO_EXECUTE));
  return [
    ...first,
    ...swapNodeControllerTaint({ ...node, spec: { ...node.spec, taints: rest } }, [], [NOT_READY_NO_EXECUTE], now),
  ];
}

function reconcile(timing: NodeMonitorTiming, view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  const node = view.get('Node', undefined, key);
  if (node === undefined) return [];
  const runtime = view.nodeRuntime(key);
  const now = ctx.now;
  const p = timing.monitorPeriod;
  const created = node.metadata.creationTimestamp ?? 0;
  // A Node with no simulated kubelet (one applied from a manifest) never heartbeats: it goes
  // Unknown as a node whose kubelet died at its creation does. A node down, partitioned or with
  // its kubelet restarting: the lease renewals stopped; a restart that ends before the grace
  // period runs out never turns the node Unknown.
  const silence = runtime === undefined ? undefined : silenceOf(runtime, now);
  const at =
    runtime === undefined
      ? kubeletlessUnknownAt(created, getCondition(node.status?.conditions, 'Ready') !== undefined, timing)
      : silence === undefined
        ? undefined
        : unknownAfter(silence.lastRenewal, timing);
  if (at !== undefined && (silence?.until === undefined || at < silence.until)) {
    if (now < at) return [{ type: 'requeueAfter', after: at - now }];
    if (readiness(node) !== 'Unknown') {
      const conditions = unknownConditions(node.status?.conditions, now, created);
      const updated: Node = { ...node, status: { ...node.status, conditions } };
      return [
        // tryUpdateNodeHealth, tried up to NodeHealthUpdateRetry (5) times, each over a fresh GET
        // that it decides on again: a node whose kubelet posted Ready meanwhile (it recovered) is
        // not marked Unknown. Here the write fails on the conflict, and the sync that follows
        // (the error requeues the node at once) decides on the fresh node; MarkPodsNotReady
        // (wave 1) goes out only once the update has succeeded.
        { type: 'updateStatus', object: updated, wave: 0 },
        // processTaintBaseEviction with the Ready it observed before: markNodeAsReachable.
        ...(readiness(node) === 'True' ? markNodeAsReachable(node, now) : []),
        recordEvent(node, 'Normal', 'NodeNotReady', `Node ${key} status is now: NodeNotReady`),
        ...markPodsNotReady(view, key, now),
        // The next monitor pass observes it Unknown and queues it for the NoExecute taint.
        { type: 'requeueAfter', after: at + p - now },
      ];
    }
  }
  const effects: Effect[] = [];
  const ready = readiness(node);
  // nodesToRetry: a pass whose MarkPodsNotReady failed marks the pods again.
  if (ready !== 'True' && ctx.failures().some((f) => f.write === 'UpdateStatus'))
    effects.push(...markPodsNotReady(view, key, now));
  effects.push(...noScheduleTaintingPass(node, now));
  // The NoSchedule pass's patches are computed from this same node; the NoExecute ones below
  // start from it again, as upstream's GET would return it with the first already applied.
  const afterNoSchedule = applyNoSchedule(node, now);
  // processTaintBaseEviction runs in the monitor passes: the first one after the Ready
  // condition last changed is the first to observe it.
  const since = getCondition(node.status?.conditions, 'Ready')?.lastTransitionTime;
  const observedAt = (Math.floor((typeof since === 'number' ? since : now) / p) + 1) * p;
  if (ready === 'True' || ready === undefined) {
    const tainted = (afterNoSchedule.spec.taints ?? []).some(
      (t) => sameTaint(t, UNREACHABLE_NO_EXECUTE) || sameTaint(t, NOT_READY_NO_EXECUTE),
    );
    if (tainted && now < observedAt) effects.push({ type: 'requeueAfter', after: observedAt - now });
    else effects.push(...markNodeAsReachable(afterNoSchedule, now));
    return effects;
  }
  const zones = computeZones(view);
  if (zones.allFullyDisrupted) {
    // handleDisruption: every zone fully disrupted, the controller suspects itself and lifts
    // the NoExecute taints it set (markNodeAsReachable for every node).
    effects.push(...markNodeAsReachable(afterNoSchedule, now));
    return effects;
  }
  const toAdd = ready === 'Unknown' ? UNREACHABLE_NO_EXECUTE : NOT_READY_NO_EXECUTE;
  const opposite = ready === 'Unknown' ? NOT_READY_NO_EXECUTE : UNREACHABLE_NO_EXECUTE;
  const taints = afterNoSchedule.spec.taints ?? [];
  if (taints.some((t) => sameTaint(t, toAdd))) return effects;
  if (taints.some((t) => sameTaint(t, opposite))) {
    // processTaintBaseEviction: the other NoExecute taint is swapped at once.
    effects.push(...swapNodeControllerTaint(afterNoSchedule, [toAdd], [opposite], now));
    return effects;
  }
  // markNodeForTainting, at the first monitor pass that observes the node not Ready.
  if (now < observedAt) {
    effects.push({ type: 'requeueAfter', after: observedAt - now });
    return effects;
  }
  // doNoExecuteTaintingPass: the zone's eviction queue, a token bucket (burst 1) at the zone's rate.
  const zone = zoneOf(node);
  const rate = evictionRate(zones, zone);
  const bucket = ctx.memory<Bucket>(`limiter/${zone}`) ?? { tokens: 1, at: now };
  const tokens = Math.min(1, bucket.tokens + ((now - bucket.at) * rate) / 1000);
  if (tokens >= 1) {
    effects.push({ type: 'remember', key: `limiter/${zone}`, value: { tokens: tokens - 1, at: now } });
    effects.push(...swapNodeControllerTaint(afterNoSchedule, [toAdd], [opposite], now));
  } else if (rate > 0) {
    effects.push({ type: 'requeueAfter', after: Math.ceil(((1 - tokens) * 1000) / rate) });
  }
  return effects;
}

/** The node as it is once the NoSchedule pass's patches have landed. */
function applyNoSchedule(node: Node, now: Millis): Node {
  let taints = node.spec.taints ?? [];
  for (const e of noScheduleTaintingPass(node, now)) {
    if (e.type === 'patch') taints = ((e.patch as { spec: { taints: Taint[] | null } }).spec.taints ?? []) as Taint[];
  }
  return { ...node, spec: { ...node.spec, taints } };
}

/** The node lifecycle controller: a node whose lease stops renewing turns Unknown, its pods NotReady, then tainted. */
export function nodeLifecycle(timing: Partial<NodeMonitorTiming> = {}): Controller {
  const t: NodeMonitorTiming = { ...DEFAULT_NODE_MONITOR, ...timing };
  return {
    name: 'nodelifecycle',
    component: NODE_CONTROLLER,
    watches: [{ kind: 'Node', keys: nodeKeys }, { kind: 'NodeRuntime' }],
    reconcile: (view, key, ctx) => reconcile(t, view, key, ctx),
    // nodeUpdateWorkerSize (node_lifecycle_controller.go); no flag.
    runtime: { process: 'kube-controller-manager', workers: 8 },
  };
}
