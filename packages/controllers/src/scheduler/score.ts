import type { Node, NodeUsage, Pod, ResourceList } from '@kubesim/core';
import { tolerationsTolerateTaint } from '@kubesim/core';
import { allocatable } from './filters.js';

/**
 * The default scheduler's scores for a feasible node, weighted as the default profile
 * weighs them: NodeResourcesFit (LeastAllocated, weight 1), NodeResourcesBalancedAllocation
 * (weight 1) and TaintToleration (weight 3). NodeAffinity and InterPodAffinity score 0 for
 * pods without preferences; PodTopologySpread and ImageLocality are not modelled.
 */
const MAX_NODE_SCORE = 100;

function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** LeastAllocated over cpu and memory, each weight 1, with the non-zero request defaults. */
export function leastAllocated(node: Node, usage: NodeUsage, request: ResourceList): number {
  const cap = allocatable(node);
  const cpu = leastRequestedScore(usage.nonZeroMilliCpu + request.nonZeroMilliCpu, cap.milliCpu);
  const mem = leastRequestedScore(usage.nonZeroMemory + request.nonZeroMemory, cap.memory);
  return Math.floor((cpu + mem) / 2);
}

function fraction(requested: number, capacity: number): number {
  return capacity === 0 ? 0 : Math.min(1, requested / capacity);
}

/** BalancedAllocation with real requests: 100 × (1 − |f_cpu − f_mem| / 2). */
export function balancedAllocation(node: Node, usage: NodeUsage, request: ResourceList): number {
  const cap = allocatable(node);
  const fc = fraction(usage.milliCpu + request.milliCpu, cap.milliCpu);
  const fm = fraction(usage.memory + request.memory, cap.memory);
  const std = Math.abs(fc - fm) / 2;
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** Untolerated PreferNoSchedule taints: counted here, normalised (reversed) over all nodes. */
export function intolerablePreferNoSchedule(pod: Pod, node: Node): number {
  let n = 0;
  for (const t of node.spec.taints ?? []) {
    if (t.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(pod.spec.tolerations, t)) n++;
  }
  return n;
}

export const WEIGHTS = { taintToleration: 3, leastAllocated: 1, balancedAllocation: 1 } as const;

/** Final scores for the feasible nodes, in their order. */
export function scoreNodes(pod: Pod, nodes: readonly { node: Node; usage: NodeUsage }[], request: ResourceList): number[] {
  const taintCounts = nodes.map(({ node }) => intolerablePreferNoSchedule(pod, node));
  const maxCount = Math.max(0, ...taintCounts);
  return nodes.map(({ node, usage }, i) => {
    const taint =
      maxCount === 0 ? MAX_NODE_SCORE : MAX_NODE_SCORE - Math.floor(((taintCounts[i] ?? 0) * MAX_NODE_SCORE) / maxCount);
    return (
      WEIGHTS.taintToleration * taint +
      WEIGHTS.leastAllocated * leastAllocated(node, usage, request) +
      WEIGHTS.balancedAllocation * balancedAllocation(node, usage, request)
    );
  });
}
