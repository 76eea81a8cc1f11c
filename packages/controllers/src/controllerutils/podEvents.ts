import { type Change, type ClusterView, deepEqual, type Kind, type KindMap, type Pod } from '@kubesim/core';
import { controllerOf } from './controllerRef.js';

/**
 * What a workload controller's addPod / updatePod / deletePod handlers queue: the controller
 * of `kind` that owns the old or the new pod, and — for an orphan that is new, was just
 * released, or was relabelled, and is not being deleted — every controller of `kind` in its
 * namespace whose selector matches it, since one may adopt it (getPodJobs,
 * getPodDaemonSets, getPodStatefulSets). Keys are `namespace/name`.
 */
export function podEventKeys<K extends Kind>(
  change: Change,
  view: ClusterView,
  kind: K,
  selects: (owner: KindMap[K], labels: Readonly<Record<string, string>> | undefined) => boolean,
): Set<string> {
  const before = change.old as Pod | undefined;
  const after = change.new as Pod | undefined;
  const keys = new Set<string>();
  for (const pod of [before, after]) {
    const ref = controllerOf(pod);
    if (ref?.kind === kind && pod !== undefined) keys.add(`${pod.metadata.namespace ?? 'default'}/${ref.name}`);
  }
  if (after === undefined || controllerOf(after) !== undefined || after.metadata.deletionTimestamp !== undefined) return keys;
  const relabelled =
    before === undefined || controllerOf(before) !== undefined || !deepEqual(before.metadata.labels, after.metadata.labels);
  if (!relabelled) return keys;
  view.forEach(kind, after.metadata.namespace, (owner) => {
    if (selects(owner as KindMap[K], after.metadata.labels))
      keys.add(`${owner.metadata.namespace ?? 'default'}/${owner.metadata.name}`);
    return true;
  });
  return keys;
}
