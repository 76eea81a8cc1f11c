import {
  type Change,
  type ClusterView,
  type Controller,
  deepEqual,
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
import { DEFAULT_NODE_MONITOR, type NodeMonitorTiming, unknownAt } from './health.js';
import { computeZones, evictionRate, zoneOf } from './zones.js';

/**
 * The node lifecycle controller: notices a node whose kubelet stopped heartbeating, marks
 * its conditions Unknown and its pods not ready, and taints it `unreachable` — NoSchedule at
 * once, NoExecute through the per-zone eviction rate limiter — so that the taint eviction
 * controller evicts its pods after their tolerationSeconds. It also keeps the `unschedulable`
 * taint in step with spec.unschedulable, and lifts the taints when the node is Ready again.
 */
export const NODE_CONTROLLER = 'node-controller';

const MANAGED_TAINTS = new Set([TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE, TAINT_NODE_UNSCHEDULABLE]);
const HEALTH_CONDITIONS = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'];

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
      if (name !== change.key && (readiness(n) !== 'True' || view.nodeRuntime(name)?.up === false)) keys.push(name);
      return true;
    });
  }
  return keys;
}

function unknownConditions(conditions: readonly NodeCondition[] | undefined, now: Millis): NodeCondition[] {
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
  return out;
}

/** Marks the node's pods not ready (MarkPodsNotReady): only Ready's status changes. */
function markPodsNotReady(view: ClusterView, node: string, now: Millis): Effect[] {
  const effects: Effect[] = [];
  for (const pod of view.podsOnNode(node)) {
    if (getCondition(pod.status?.conditions, 'Ready')?.status !== 'True') continue;
    effects.push(
      {
        type: 'patch',
        ref: refOf(pod),
        patchType: 'strategic',
        subresource: 'status',
        patch: { status: { conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: now }] } },
      },
      recordEvent(pod, 'Warning', 'NodeNotReady', 'Node is not ready'),
    );
  }
  return effects;
}

function taint(key: string, effect: Taint['effect'], previous: readonly Taint[], now: Millis): Taint {
  return previous.find((t) => t.key === key && t.effect === effect) ?? { key, effect, timeAdded: now };
}

function reconcile(timing: NodeMonitorTiming, view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  const node = view.get('Node', undefined, key);
  if (node === undefined) return [];
  const runtime = view.nodeRuntime(key);
  const now = ctx.now;
  if (runtime !== undefined && !runtime.up) {
    const at = unknownAt(runtime, timing);
    if (now < at) return [{ type: 'requeueAfter', after: at - now }];
    if (readiness(node) !== 'Unknown') {
      const updated: Node = { ...node, status: { ...node.status, conditions: unknownConditions(node.status?.conditions, now) } };
      return [
        // monitorNodeHealth: tryUpdateNodeHealth, up to NodeHealthUpdateRetry (5) tries, each after a fresh GET.
        { type: 'updateStatus', object: updated, retry: { times: 4 } },
        recordEvent(node, 'Normal', 'NodeNotReady', `Node ${key} status is now: NodeNotReady`),
        ...markPodsNotReady(view, key, now),
      ];
    }
  }
  // Taints follow the Ready condition and spec.unschedulable.
  const previous = node.spec.taints ?? [];
  const ready = readiness(node);
  const wanted: Taint[] = [];
  const effects: Effect[] = [];
  const condTaint = ready === 'Unknown' ? TAINT_NODE_UNREACHABLE : ready === 'False' ? TAINT_NODE_NOT_READY : undefined;
  if (condTaint !== undefined) {
    wanted.push(taint(condTaint, 'NoSchedule', previous, now));
    const zones = computeZones(view);
    const hasNoExecute = previous.some((t) => t.key === condTaint && t.effect === 'NoExecute');
    if (!zones.allFullyDisrupted) {
      if (hasNoExecute) wanted.push(taint(condTaint, 'NoExecute', previous, now));
      else {
        // The zone's eviction queue: a token bucket (burst 1) at the zone's rate.
        const zone = zoneOf(node);
        const rate = evictionRate(zones, zone);
        const bucket = ctx.memory<Bucket>(`limiter/${zone}`) ?? { tokens: 1, at: now };
        const tokens = Math.min(1, bucket.tokens + ((now - bucket.at) * rate) / 1000);
        if (tokens >= 1) {
          wanted.push(taint(condTaint, 'NoExecute', previous, now));
          effects.push({ type: 'remember', key: `limiter/${zone}`, value: { tokens: tokens - 1, at: now } });
        } else if (rate > 0) {
          effects.push({ type: 'requeueAfter', after: Math.ceil(((1 - tokens) * 1000) / rate) });
        }
      }
    }
  }
  if (node.spec.unschedulable) wanted.push(taint(TAINT_NODE_UNSCHEDULABLE, 'NoSchedule', previous, now));
  const taints = [...previous.filter((t) => !MANAGED_TAINTS.has(t.key)), ...wanted];
  if (!deepEqual(taints, previous)) {
    const { taints: _old, ...spec } = node.spec;
    effects.push({ type: 'update', object: { ...node, spec: taints.length > 0 ? { ...spec, taints } : spec } });
  }
  return effects;
}

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
