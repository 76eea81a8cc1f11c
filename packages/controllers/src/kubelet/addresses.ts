import type { ClusterView, Node, Pod } from '@kubesim/core';
import type { NodeMemory } from './memory.js';

/** The node's InternalIP, as the kubelet reports it in hostIP. */
export function nodeIP(node: Node | undefined): string {
  return node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
}

/**
 * The CNI's host-local IPAM: the next free address of the node's pod CIDR (a /24 here),
 * counting up from .2 and wrapping, skipping addresses its pods hold.
 */
export function allocatePodIP(pod: Pod, node: Node | undefined, view: ClusterView, pass: { nodeMemory: NodeMemory }): string {
  const cidr = node?.spec.podCIDR ?? '10.244.0.0/24';
  const prefix = cidr.split('/')[0]?.split('.').slice(0, 3).join('.') ?? '10.244.0';
  const inUse = new Set(view.podsOnNode(pod.spec.nodeName as string).map((p) => p.status?.podIP));
  let n = pass.nodeMemory.nextIp;
  for (let tries = 0; tries < 253; tries++) {
    const candidate = `${prefix}.${n}`;
    n = n >= 254 ? 2 : n + 1;
    if (!inUse.has(candidate)) {
      pass.nodeMemory = { ...pass.nodeMemory, nextIp: n };
      return candidate;
    }
  }
  pass.nodeMemory = { ...pass.nodeMemory, nextIp: n };
  return `${prefix}.${n}`;
}
