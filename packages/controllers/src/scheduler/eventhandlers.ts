import { type Change, type ClusterView, deepEqual, isPodTerminal, type Node, type Pod } from '@kubesim/core';
import type { ClusterEvent } from './hints.js';

/**
 * The scheduler's informer event handlers (pkg/scheduler/eventhandlers.go): which keys a
 * change queues. An unscheduled pod's own add, update or delete queues the pod; anything that
 * may make unschedulable pods schedulable queues one move request (`@move:<event>[:<object>]`),
 * whose sync walks only the pods whose rejecting plugins care about the event. A status-only
 * update of an unscheduled pod (the scheduler's own PodScheduled=False) and the binding of a
 * pod queue nothing, so a pod costs one scheduling cycle, not three.
 */

export const SCHEDULER_NAME = 'default-scheduler';

const MOVE = '@move:';

/** responsibleForPod for the one default profile. */
export function responsibleForPod(pod: Pod): boolean {
  return (pod.spec.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME;
}

/** The key of a move request for an event, about one object or (folded) about any. */
export function moveKey(event: ClusterEvent, object?: string): string {
  return object === undefined ? `${MOVE}${event}` : `${MOVE}${event}:${object}`;
}

export function parseMoveKey(key: string): { event: ClusterEvent; object: string | undefined } | undefined {
  if (!key.startsWith(MOVE)) return undefined;
  const rest = key.slice(MOVE.length);
  const colon = rest.indexOf(':');
  return colon < 0
    ? { event: rest as ClusterEvent, object: undefined }
    : { event: rest.slice(0, colon) as ClusterEvent, object: rest.slice(colon + 1) };
}

/**
 * Whether a move could find anything: with no unscheduled pod at all there is no
 * unschedulable one, so the event costs the scheduler nothing (upstream's MoveAll over an
 * empty unschedulablePods).
 */
function anyPending(view: ClusterView): boolean {
  return view.podCountOnNode('') > 0;
}

function unscheduled(pod: Pod): boolean {
  return !pod.spec.nodeName && responsibleForPod(pod);
}

/** addPod / updatePod / deletePod. */
export function podEventKeys(change: Change, view: ClusterView): Iterable<string> {
  if (change.kind !== 'Pod') return [];
  const before = change.old as Pod | undefined;
  const after = change.new as Pod | undefined;
  if (after !== undefined && unscheduled(after)) {
    // Add, or an update that may change the pod's scheduling (its spec, its deletion).
    if (
      before === undefined ||
      before.metadata.deletionTimestamp !== after.metadata.deletionTimestamp ||
      (before.spec !== after.spec && !deepEqual(before.spec, after.spec))
    )
      return [change.key];
    return [];
  }
  // An unscheduled pod deleted. Its binding queues nothing: the scheduler's own assumption is
  // confirmed by the cache (lazily, see assumedUsage), and a pod bound by someone else is
  // dropped from the queue by the next move or flush that finds it bound.
  if (before !== undefined && unscheduled(before)) return after === undefined ? [change.key] : [];
  // An assigned pod that goes away or finishes frees its node's room (deleteAssignedPodFromCache).
  const freed = before?.spec.nodeName && !isPodTerminal(before) && (after === undefined || isPodTerminal(after));
  return freed && anyPending(view) ? [moveKey('AssignedPodDelete')] : [];
}

/** addNodeToCache / updateNodeInCache: a move per scheduling property that changed. */
export function nodeEventKeys(change: Change, view: ClusterView): Iterable<string> {
  if (change.kind !== 'Node' || change.new === undefined || !anyPending(view)) return [];
  const after = change.new as Node;
  const before = change.old as Node | undefined;
  if (before === undefined) return [moveKey('NodeAdd', change.key)];
  return nodeSchedulingPropertiesChange(after, before).map((e) => moveKey(e, change.key));
}

/**
 * NodeSchedulingPropertiesChange: allocatable, labels and taints; spec.unschedulable only when
 * the node becomes schedulable again (an UpdateNodeTaint). Heartbeats and condition-only
 * updates move no pods here.
 */
export function nodeSchedulingPropertiesChange(after: Node, before: Node): ClusterEvent[] {
  const out: ClusterEvent[] = [];
  if (!deepEqual(before.status?.allocatable, after.status?.allocatable)) out.push('UpdateNodeAllocatable');
  if (!deepEqual(before.metadata.labels, after.metadata.labels)) out.push('UpdateNodeLabel');
  const uncordoned = !!before.spec.unschedulable && !after.spec.unschedulable;
  if (uncordoned || !deepEqual(before.spec.taints, after.spec.taints)) out.push('UpdateNodeTaint');
  return out;
}

/** PVC Add|Update: one move per claim, for the pods that use it. */
export function claimEventKeys(change: Change, view: ClusterView): Iterable<string> {
  if (change.kind !== 'PersistentVolumeClaim' || change.new === undefined || !anyPending(view)) return [];
  return [moveKey('PersistentVolumeClaimChange', change.key)];
}

/** PV Add|Update and StorageClass Add|Update: folded into one move each. */
export function volumeEventKeys(change: Change, view: ClusterView): Iterable<string> {
  if (change.new === undefined || !anyPending(view)) return [];
  if (change.kind === 'PersistentVolume') return [moveKey('PersistentVolumeChange')];
  if (change.kind === 'StorageClass') return [moveKey('StorageClassChange')];
  return [];
}

/** A pod this scheduler should place: not bound, not being deleted, and naming this scheduler. */
export function isPending(pod: Pod | undefined): pod is Pod {
  return pod !== undefined && !pod.spec.nodeName && pod.metadata.deletionTimestamp === undefined && responsibleForPod(pod);
}
