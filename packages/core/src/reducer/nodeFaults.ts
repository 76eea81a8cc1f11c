import type { ClockSkewEvent, KubeletRestartEvent, NodePartitionEvent, NodePartitionHealsEvent } from '../events.js';
import type { ClusterState } from '../state.js';
import { type Millis, SECOND } from '../time/duration.js';
import { kubeletStartedAt, type NodeRuntime } from '../world.js';
import { type ReduceResult, rejected, skipped } from './result.js';

/**
 * The reducer cases of the node faults (issue 13). Each only changes the node's world record
 * (NodeRuntime): the kubelet and the node lifecycle controller watch it and act as upstream's
 * would on a kubelet that restarts, a node cut off from the API server, or a clock that is off.
 */

/**
 * How long a kubelet restart keeps it down by default: kubeadm's kubelet.service restarts the
 * process with RestartSec=10.
 */
export const KUBELET_RESTART_DOWNTIME: Millis = 10 * SECOND;

function withNode(state: ClusterState, name: string, change: (old: NodeRuntime) => NodeRuntime | string): ReduceResult {
  const old = state.world.nodes.get(name);
  if (old === undefined)
    return rejected(state, { reason: 'NotFound', message: `node ${JSON.stringify(name)} is not part of the cluster` });
  const next = change(old);
  if (typeof next === 'string') return skipped(state, next);
  return {
    state: { ...state, world: { ...state.world, nodes: state.world.nodes.set(name, next) } },
    changes: [{ kind: 'NodeRuntime', key: name, old, new: next }],
  };
}

export function kubeletRestart(state: ClusterState, e: KubeletRestartEvent, now: Millis): ReduceResult {
  return withNode(state, e.node, (old) => {
    if (!old.up) return `node ${e.node} is down`;
    if (old.kubeletRestart !== undefined && now < old.kubeletRestart.until) return `the kubelet of ${e.node} is restarting`;
    const downtime = Math.max(0, e.downtime ?? KUBELET_RESTART_DOWNTIME);
    // startedAt: the process that runs until now (a former restart's, once over).
    return { ...old, startedAt: kubeletStartedAt(old, now), kubeletRestart: { at: now, until: now + downtime } };
  });
}

export function nodePartition(state: ClusterState, e: NodePartitionEvent, now: Millis): ReduceResult {
  return withNode(state, e.node, (old) =>
    old.partitionedAt !== undefined ? `node ${e.node} is already cut off` : { ...old, partitionedAt: now },
  );
}

export function nodePartitionHeals(state: ClusterState, e: NodePartitionHealsEvent): ReduceResult {
  return withNode(state, e.node, (old) => {
    if (old.partitionedAt === undefined) return `node ${e.node} is not cut off`;
    const { partitionedAt: _p, ...rest } = old;
    return rest;
  });
}

export function clockSkew(state: ClusterState, e: ClockSkewEvent): ReduceResult {
  return withNode(state, e.node, (old) => {
    if ((old.skew ?? 0) === e.skew) return `the clock of ${e.node} is already ${e.skew}ms off`;
    const { skew: _s, ...rest } = old;
    return e.skew === 0 ? rest : { ...rest, skew: e.skew };
  });
}
