import type { Node } from '@kubesim/core';
import type { NodeMemory } from './memory.js';

/** The node's InternalIP, as the kubelet reports it in hostIP. */
export function nodeIP(node: Node | undefined): string {
  return node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
}

const prefixes = new Map<string, string>();

/** `10.244.3` of `10.244.3.0/24`: computed once per CIDR. */
function networkPrefix(cidr: string): string {
  let prefix = prefixes.get(cidr);
  if (prefix === undefined) {
    prefix = cidr.split('/')[0]?.split('.').slice(0, 3).join('.') ?? '10.244.0';
    if (prefixes.size >= 4096) prefixes.clear();
    prefixes.set(cidr, prefix);
  }
  return prefix;
}

/**
 * The CNI's host-local IPAM, for the pod `key` (`namespace/name`): the next free address of the node's pod CIDR (a /24 here),
 * counting up from .2 and wrapping, skipping addresses still held.
 */
export function allocatePodIP(key: string, node: Node | undefined, pass: { nodeMemory: NodeMemory }): string {
  const prefix = networkPrefix(node?.spec.podCIDR ?? '10.244.0.0/24');
  const { ips } = pass.nodeMemory;
  let n = pass.nodeMemory.nextIp;
  for (let tries = 0; tries < 253; tries++) {
    // Joined, so the address every status and index keeps is one flat string, not a pair of pieces.
    const candidate = [prefix, n].join('.');
    n = n >= 254 ? 2 : n + 1;
    if (!ips.has(candidate)) {
      pass.nodeMemory = { ...pass.nodeMemory, nextIp: n, ips: ips.set(candidate, key) };
      return candidate;
    }
  }
  // Every address is held (more than 253 pods on a /24): share one, as an exhausted IPAM would fail.
  pass.nodeMemory = { ...pass.nodeMemory, nextIp: n };
  return [prefix, n].join('.');
}

/** Gives a pod's address back to the node's pool. */
export function releasePodIP(memory: NodeMemory, ip: string | undefined): NodeMemory {
  if (ip === undefined || !memory.ips.has(ip)) return memory;
  return { ...memory, ips: memory.ips.delete(ip) };
}
