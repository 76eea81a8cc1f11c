import { getCondition, humanDuration, type Millis, type Node } from '@kubesim/core';

/** `kubectl get nodes`: NAME STATUS ROLES AGE VERSION (printNode). */
export const NODE_COLUMNS: readonly string[] = ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'];

/** A node's STATUS column: Ready, NotReady or Unknown, then SchedulingDisabled when cordoned. */
export function nodeStatusColumn(node: Node): string {
  const ready = getCondition(node.status?.conditions, 'Ready');
  let s = ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady';
  if (node.spec.unschedulable) s += ',SchedulingDisabled';
  return s;
}

/** A node's ROLES column, from its node-role.kubernetes.io/ labels (`<none>` without). */
export function nodeRolesColumn(node: Node): string {
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .filter((r) => r !== '')
    .sort();
  return roles.length === 0 ? '<none>' : roles.join(',');
}

/** A node's row of `kubectl get nodes`. */
export function nodeRow(node: Node, now: Millis): string[] {
  return [
    node.metadata.name ?? '',
    nodeStatusColumn(node),
    nodeRolesColumn(node),
    humanDuration(now - (node.metadata.creationTimestamp ?? now)),
    node.status?.nodeInfo?.kubeletVersion ?? '',
  ];
}
