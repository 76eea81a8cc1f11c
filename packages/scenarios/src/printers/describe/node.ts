import { nodelifecycle } from '@kubesim/controllers';
import type { ClusterView, KubeEvent, Millis, Node, Pod } from '@kubesim/core';
import { formatRFC1123Z } from '../rfc1123.js';
import { describeEvents } from './events.js';
import { quantityString } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline, printTaintsMultiline } from './multiline.js';
import { describeNodeResource } from './nodeResources.js';
import { LEVEL_0, LEVEL_1, type PrefixWriter, tabbedString } from './writer.js';

/**
 * The node's Lease in kube-node-lease, which kubesim does not store: its holder is the node
 * and its renew time the kubelet's last renewal (every 10s from the kubelet's start, never
 * after the machine failed, and none while it restarts or is cut off; on its own clock); the kubelet never sets an acquire time. A node without a
 * machine behind it has no lease, and describe says so as it would on a missing lease.
 */
function describeNodeLease(view: ClusterView, node: Node, now: Millis, w: PrefixWriter): void {
  const name = node.metadata.name ?? '';
  const runtime = view.nodeRuntime(name);
  if (runtime === undefined) {
    w.write(LEVEL_0, `Lease:\tFailed to get lease: leases.coordination.k8s.io ${JSON.stringify(name)} not found\n`);
    return;
  }
  // The last renewal that reached the API server: none since the machine failed, the kubelet
  // went down to restart, or the node was cut off.
  const renewed = nodelifecycle.leaseRenewTime(runtime, now);
  w.write(LEVEL_0, 'Lease:\n');
  w.write(LEVEL_1, `HolderIdentity:\t${name}\n`);
  w.write(LEVEL_1, 'AcquireTime:\t<unset>\n');
  w.write(LEVEL_1, `RenewTime:\t${formatRFC1123Z(renewed, view.startTime)}\n`);
}

function printResourceList(list: Record<string, string>, w: PrefixWriter): void {
  for (const name of Object.keys(list).sort()) w.write(LEVEL_0, `  ${name}:\t${quantityString(list[name])}\n`);
}

const NODE_INFO: readonly [string, string][] = [
  ['Machine ID', 'machineID'],
  ['System UUID', 'systemUUID'],
  ['Boot ID', 'bootID'],
  ['Kernel Version', 'kernelVersion'],
  ['OS Image', 'osImage'],
  ['Operating System', 'operatingSystem'],
  ['Architecture', 'architecture'],
  ['Container Runtime Version', 'containerRuntimeVersion'],
  ['Kubelet Version', 'kubeletVersion'],
];

/** findNodeRoles: `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role` values, sorted, deduplicated. */
function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length) {
      roles.add(k.slice('node-role.kubernetes.io/'.length));
    } else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

/** Events about the node: recorders use its uid, the kubelet its name. */
function nodeEvents(view: ClusterView, node: Node): KubeEvent[] {
  const byUid = view.eventsFor(node.metadata.uid ?? '');
  const byName = node.metadata.name === node.metadata.uid ? [] : view.eventsFor(node.metadata.name ?? '');
  return [...byUid, ...byName];
}

/** describeNode: identity, taints, lease, conditions, addresses, capacity, system info, the pods and their resources. */
export function describeNode(view: ClusterView, node: Node, now: Millis): string {
  const status = node.status ?? {};
  // The field selector kubectl lists with: bound here, and neither Succeeded nor Failed.
  const pods: Pod[] = view
    .podsOnNode(node.metadata.name ?? '')
    .filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${node.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Roles:\t${nodeRoles(node)}\n`);
    printLabelsMultiline(w, 'Labels', node.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(node.metadata.creationTimestamp, view.startTime)}\n`);
    printTaintsMultiline(w, 'Taints', node.spec.taints);
    w.write(LEVEL_0, `Unschedulable:\t${node.spec.unschedulable === true}\n`);
    describeNodeLease(view, node, now, w);
    const conditions = status.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions) {
        w.write(
          LEVEL_1,
          `${c.type} \t${c.status} \t${formatRFC1123Z(c.lastHeartbeatTime, view.startTime)} \t${formatRFC1123Z(c.lastTransitionTime, view.startTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
        );
      }
    }
    w.write(LEVEL_0, 'Addresses:\n');
    for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
    if (Object.keys(status.capacity ?? {}).length > 0) {
      w.write(LEVEL_0, 'Capacity:\n');
      printResourceList(status.capacity ?? {}, w);
    }
    if (Object.keys(status.allocatable ?? {}).length > 0) {
      w.write(LEVEL_0, 'Allocatable:\n');
      printResourceList(status.allocatable ?? {}, w);
    }
    w.write(LEVEL_0, 'System Info:\n');
    for (const [title, key] of NODE_INFO) w.write(LEVEL_0, `  ${title}:\t${status.nodeInfo?.[key] ?? ''}\n`);
    const spec = node.spec as Node['spec'] & { podCIDRs?: string[] };
    if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
    if ((spec.podCIDRs ?? []).length > 0) w.write(LEVEL_0, `PodCIDRs:\t${(spec.podCIDRs ?? []).join(',')}\n`);
    if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
    describeNodeResource(pods, node, w, now);
    describeEvents(nodeEvents(view, node), w, now);
  });
}
