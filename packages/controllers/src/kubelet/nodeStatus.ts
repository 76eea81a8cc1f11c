import {
  type ClusterView,
  type Effect,
  getCondition,
  healthyNodeConditions,
  kubeletState,
  type ReconcileContext,
} from '@kubesim/core';

/**
 * The kubelet's node status sync (kubelet_node_status.go, syncNodeStatus → tryUpdateNodeStatus),
 * for a kubelet coming back to the API server: a restarted process, or a node whose partition
 * healed. The node lifecycle controller may have marked the node Unknown meanwhile; the kubelet
 * GETs its Node and posts the conditions it sees (Ready, "kubelet is posting ready status"),
 * stamped with its own clock. Upstream posts at its next nodeStatusUpdateFrequency tick (10s);
 * here at once, as a node recovering from a failure does.
 */
export const NODE_STATUS_KEY = 'node:';

export function syncNodeStatus(view: ClusterView, name: string, ctx: ReconcileContext): Effect[] {
  const runtime = view.nodeRuntime(name);
  if (runtime === undefined) return [];
  const now = ctx.now;
  const state = kubeletState(runtime, now);
  if (state === 'restarting') return [{ type: 'requeueAfter', after: (runtime.kubeletRestart?.until ?? now) - now }];
  if (state !== 'up') return [];
  const node = view.get('Node', undefined, name);
  // Only the Unknown the node controller wrote for its silence: other conditions are not ours to fix.
  if (node === undefined || getCondition(node.status?.conditions, 'Ready')?.status !== 'Unknown') return [];
  const conditions = healthyNodeConditions(node.status?.conditions, ctx.now + (runtime.skew ?? 0));
  return [{ type: 'updateStatus', object: { ...node, status: { ...node.status, conditions } }, getFirst: true }];
}
