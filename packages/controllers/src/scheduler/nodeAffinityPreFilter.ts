import type { Pod } from '@kubesim/core';
import type { NodeSelectorTerm } from '../controllerutils/nodeSelector.js';
import type { FilterResult } from './filters.js';

/**
 * NodeAffinity's PreFilter (plugins/nodeaffinity): a required node affinity whose every term
 * names nodes by `metadata.name In [...]` (the DaemonSet controller pins its pods so) limits
 * the cycle to those nodes; the others are not evaluated, and FitError counts them as
 * "node(s) didn't satisfy plugin(s) [NodeAffinity]" (UnschedulableAndUnresolvable).
 */
export const ABSENT_NODES_REASON = "node(s) didn't satisfy plugin(s) [NodeAffinity]";

export const ABSENT_NODES_STATUS: FilterResult = {
  code: 'UnschedulableAndUnresolvable',
  reasons: [ABSENT_NODES_REASON],
  plugin: 'NodeAffinity',
};

/** The node names the pod's required affinity pins it to, or undefined when any node may do. */
export function preFilterNodeNames(pod: Pod): string[] | undefined {
  const affinity = pod.spec.affinity as
    | { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] } } }
    | undefined;
  const terms = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  if (terms.length === 0) return undefined;
  let names: Set<string> | undefined;
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      // Requirements of one term are ANDed: the intersection.
      const s = new Set(r.values ?? []);
      termNames = termNames === undefined ? s : new Set([...termNames].filter((n) => s.has(n)));
    }
    // A term without a name requirement lets every node through (terms are ORed).
    if (termNames === undefined) return undefined;
    names = new Set([...(names ?? []), ...termNames]);
  }
  return [...(names ?? [])].sort();
}
