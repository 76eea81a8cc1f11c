import {
  type Change,
  type ClusterView,
  type ControllerRevision,
  type DaemonSet,
  deepEqual,
  type Node,
  type NodeCondition,
  type Watch,
} from '@kubesim/core';
import { controllerOf } from '../controllerutils/controllerRef.js';
import { podEventKeys } from '../controllerutils/podEvents.js';
import { revisionOwners } from './history.js';
import { nodeShouldRunDaemonPod } from './nodeShouldRunDaemonPod.js';
import { selectorOf } from './selector.js';

/**
 * The DaemonSet controller's informer handlers (daemon_controller.go addPod/updatePod/
 * deletePod, addNode/updateNode, addHistory/updateHistory/deleteHistory): which sets a change
 * wakes. Node deletions wake nothing: the pods of a deleted node go through the pod garbage
 * collector, and their deletion wakes the set.
 */

const keyOf = (ds: DaemonSet): string => `${ds.metadata.namespace ?? 'default'}/${ds.metadata.name}`;

function selects(ds: DaemonSet, labels: Readonly<Record<string, string>> | undefined): boolean {
  return selectorOf(ds)?.matches(labels) ?? false;
}

/** The owning set (of the old and new pod); for an orphan that is new or relabelled, every set that selects it. */
function podKeys(change: Change, view: ClusterView): Iterable<string> {
  return podEventKeys(change, view, 'DaemonSet', selects);
}

/** nodeInSameCondition: the same condition types are True on both. */
function nodeInSameCondition(old: readonly NodeCondition[] | undefined, cur: readonly NodeCondition[] | undefined): boolean {
  const trueTypes = (cs: readonly NodeCondition[] | undefined): string[] =>
    (cs ?? [])
      .filter((c) => c.status === 'True')
      .map((c) => c.type)
      .sort();
  return deepEqual([...new Set(trueTypes(old))], [...new Set(trueTypes(cur))]);
}

/** shouldIgnoreNodeUpdate: the same True conditions, and nothing else changed but them and the resourceVersion. */
function shouldIgnoreNodeUpdate(old: Node, cur: Node): boolean {
  if (!nodeInSameCondition(old.status?.conditions, cur.status?.conditions)) return false;
  const strip = (n: Node): unknown => ({
    ...n,
    metadata: { ...n.metadata, resourceVersion: undefined },
    status: { ...(n.status ?? {}), conditions: undefined },
  });
  return deepEqual(strip(old), strip(cur));
}

/** addNode: every set that should run on the new node; updateNode: every set whose verdict for it changed. */
function nodeKeys(change: Change, view: ClusterView): Iterable<string> {
  const before = change.old as Node | undefined;
  const after = change.new as Node | undefined;
  // Most clusters run few DaemonSets; a node's heartbeat should cost nothing when there are none.
  if (after === undefined || view.count('DaemonSet') === 0) return [];
  if (before !== undefined && shouldIgnoreNodeUpdate(before, after)) return [];
  const keys: string[] = [];
  view.forEach('DaemonSet', undefined, (ds) => {
    const cur = nodeShouldRunDaemonPod(after, ds);
    if (before === undefined) {
      if (cur.shouldRun) keys.push(keyOf(ds));
    } else {
      const old = nodeShouldRunDaemonPod(before, ds);
      if (old.shouldRun !== cur.shouldRun || old.shouldContinueRunning !== cur.shouldContinueRunning) keys.push(keyOf(ds));
    }
    return true;
  });
  return keys;
}

/** A revision's owner (old and new); an orphan wakes the sets that select it, a deleted orphan none. */
function revisionKeys(change: Change, view: ClusterView): Iterable<string> {
  const before = change.old as ControllerRevision | undefined;
  const after = change.new as ControllerRevision | undefined;
  const keys = new Set<string>();
  if (after === undefined) {
    if (before !== undefined && controllerOf(before) !== undefined) for (const k of revisionOwners(view, before)) keys.add(k);
    return keys;
  }
  if (before !== undefined && controllerOf(before) !== undefined) for (const k of revisionOwners(view, before)) keys.add(k);
  if (controllerOf(after) !== undefined || before === undefined || !deepEqual(before.metadata.labels, after.metadata.labels)) {
    for (const k of revisionOwners(view, after)) keys.add(k);
  }
  return keys;
}

export const daemonSetWatches: readonly Watch[] = [
  { kind: 'DaemonSet' },
  { kind: 'Pod', keys: podKeys },
  { kind: 'Node', keys: nodeKeys },
  { kind: 'ControllerRevision', keys: revisionKeys },
];
