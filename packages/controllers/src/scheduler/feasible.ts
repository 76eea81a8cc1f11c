import type { ClusterView, Node, NodeUsage, Pod, ReconcileContext, ResourceList } from '@kubesim/core';
import { type AssumedOnNode, cachedUsage } from './cache.js';
import { type FilterResult, filterNode, type PodVolumeClaims, volumeBindingFilter } from './filters.js';
import { ABSENT_NODES_STATUS } from './nodeAffinityPreFilter.js';
import { assumedForClaims, assumedVolumes } from './volumeCache.js';

/** minFeasibleNodesToFind: below this many nodes every node is considered. */
const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** minFeasibleNodesPercentageToFind. */
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * numFeasibleNodesToFind: every node below 100; else the percentage (adaptive by default:
 * 50% less 1% per 125 nodes, at least 5%) of the nodes, and at least 100.
 */
export function numFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) percentage = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - Math.trunc(numAllNodes / 125));
  return Math.max(MIN_FEASIBLE_NODES_TO_FIND, Math.trunc((numAllNodes * percentage) / 100));
}

/** A node that passed the filters, with its requests as the cache sees them. */
export interface Candidate {
  readonly node: Node;
  readonly usage: NodeUsage;
}

/**
 * findNodesThatPassFilters: round-robin over the nodes in name order from where the previous
 * cycle stopped, until numFeasibleNodesToFind nodes fit. Every node looked at is read through
 * the view, so the cycle's cost grows with the nodes it evaluates.
 */
export function findFeasible(
  view: ClusterView,
  pod: Pod,
  request: ResourceList,
  ctx: ReconcileContext,
  start: string,
  claims: PodVolumeClaims | undefined,
  changed: Map<string, AssumedOnNode>,
  only: readonly string[] | undefined = undefined,
): { feasible: Candidate[]; failures: FilterResult[]; total: number; next: string } {
  const assumed = claims === undefined ? undefined : assumedForClaims(assumedVolumes(view, ctx), claims.delayed);
  const volumes = claims === undefined ? undefined : (node: Node) => volumeBindingFilter(view, claims, node, assumed);
  const total = view.count('Node');
  const want = numFeasibleNodesToFind(total);
  const feasible: Candidate[] = [];
  const failures: FilterResult[] = [];
  let last = start;
  let more = true;
  const visit = (node: Node): boolean => {
    const name = node.metadata.name as string;
    last = name;
    const usage = cachedUsage(view, ctx, name, changed);
    const failure = filterNode(pod, node, usage, request, () => view.podsOnNode(name), volumes);
    if (failure === undefined) feasible.push({ node, usage });
    else failures.push(failure);
    more = feasible.length < want;
    return more;
  };
  if (only !== undefined) {
    // NodeAffinity's PreFilter named the nodes: only those are evaluated, the rest are absent.
    let evaluated = 0;
    for (const name of only) {
      const node = view.get('Node', undefined, name);
      if (node === undefined) continue;
      evaluated++;
      if (!visit(node)) break;
    }
    for (let i = evaluated; i < total; i++) failures.push(ABSENT_NODES_STATUS);
    // The round robin runs over the nodes PreFilter kept: for one node (a daemon pod),
    // (index + 1) % 1 puts the next cycle back at the first node.
    return { feasible, failures, total, next: only.length === 1 ? '' : start };
  }
  view.forEachRange('Node', start === '' ? undefined : `${start}\u0000`, undefined, visit);
  if (more && start !== '') view.forEachRange('Node', undefined, `${start}\u0000`, visit);
  return { feasible, failures, total, next: total > want ? last : '' };
}
