import type { Node, Pod } from '@kubesim/core';
import type { NodeMemory } from './memory.js';

/** The node's InternalIP, as the kubelet reports it in hostIP. */
export function nodeIP(node: Node | undefined): string {
  return node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
}

/**
 * The CNI's host-local IPAM: the next free address of the node's pod CIDR (a /24 here),
 * counting up from .2 and wrapping, skipping addresses still held.
 */
export function allocatePodIP(pod: Pod, node: Node | undefined, pass: { nodeMemory: NodeMemory }): string {
  const cidr = node?.spec.podCIDR ?? '10.244.0.0/24';
  const prefix = cidr.split('/')[0]?.split('.').slice(0, 3).join('.') ?? '10.244.0';
  const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const { ips } = pass.nodeMemory;
  let n = pass.nodeMemory.nextIp;
  for (let tries = 0; tries < 253; tries++) {
    const candidate = `${prefix}.${n}`;
    n = n >= 254 ? 2 : n + 1;
    if (!ips.has(candidate)) {
      pass.nodeMemory = { ...pass.nodeMemory, nextIp: n, ips: ips.set(candidate, key) };
      return candidate;
    }
  }
  // Every address is held (more than 253 pods on a /24): share one, as an exhausted IPAM would fail.
  pass.nodeMemory = { ...pass.nodeMemory, nextIp: n };
  return `${prefix}.${n}`;
}

/** Gives a pod's address back to the node's pool. */
export function releasePodIP(memory: NodeMemory, ip: string | undefined): NodeMemory {
  if (ip === undefined || !memory.ips.has(ip)) return memory;
  return { ...memory, ips: memory.ips.delete(ip) };
}
