import { NO_USAGE, type Node, type PersistentVolumeClaim, type Pod, podRequests } from '@kubesim/core';
import { podClaimNames } from '../persistentvolume/util.js';
import { insufficientResources, matchesNodeAffinity, nodeUnschedulableFits, taintTolerationFits } from './filters.js';
import type { Plugin, QueuedPodInfo, QueueingStrategy } from './queue.js';

/**
 * The cluster events that move unschedulable pods, what each filter plugin registers for
 * (EventsToRegister, v1.34 with QueueingHints GA), and the plugins' QueueingHintFns: only a
 * pod's rejecting plugins are asked, and only about events they registered for.
 */

/**
 * A cluster event, by its label (framework.ClusterEvent.Label()). Node updates are split by
 * what changed (NodeSchedulingPropertiesChange); AssignedPodDelete is also a bound pod turning
 * Succeeded or Failed, which leaves the scheduler's pod informer (its field selector drops
 * terminal pods). UnschedulableTimeout is the leftover flush's wildcard.
 */
export type ClusterEvent =
  | 'NodeAdd'
  | 'UpdateNodeAllocatable'
  | 'UpdateNodeLabel'
  | 'UpdateNodeTaint'
  | 'AssignedPodDelete'
  | 'PersistentVolumeClaimChange'
  | 'PersistentVolumeChange'
  | 'StorageClassChange'
  | 'UnschedulableTimeout';

export const CLUSTER_EVENTS: readonly ClusterEvent[] = [
  'NodeAdd',
  'UpdateNodeAllocatable',
  'UpdateNodeLabel',
  'UpdateNodeTaint',
  'AssignedPodDelete',
  'PersistentVolumeClaimChange',
  'PersistentVolumeChange',
  'StorageClassChange',
  'UnschedulableTimeout',
];

/**
 * EventsToRegister of the default profile's filter plugins with QueueingHints on:
 * NodeResourcesFit registers Pod/Delete and Node/Add|UpdateNodeAllocatable (not the taint and
 * label updates it needs only without hints); VolumeBinding registers StorageClass, PVC and PV
 * Add|Update and Node/Add|UpdateNodeLabel|UpdateNodeTaint.
 */
export const EVENTS_TO_REGISTER: Readonly<Record<Plugin, readonly ClusterEvent[]>> = {
  NodeUnschedulable: ['NodeAdd', 'UpdateNodeTaint'],
  NodeName: ['NodeAdd'],
  TaintToleration: ['NodeAdd', 'UpdateNodeTaint'],
  NodeAffinity: ['NodeAdd', 'UpdateNodeLabel'],
  NodePorts: ['AssignedPodDelete', 'NodeAdd'],
  NodeResourcesFit: ['AssignedPodDelete', 'NodeAdd', 'UpdateNodeAllocatable'],
  VolumeBinding: [
    'NodeAdd',
    'UpdateNodeLabel',
    'UpdateNodeTaint',
    'PersistentVolumeClaimChange',
    'PersistentVolumeChange',
    'StorageClassChange',
  ],
};

const PLUGINS = Object.keys(EVENTS_TO_REGISTER) as Plugin[];

/** The plugins interested in an event (isEventOfInterest): the index prefixes a move walks. */
export function pluginsInterestedIn(event: ClusterEvent): Plugin[] {
  return PLUGINS.filter((p) => EVENTS_TO_REGISTER[p].includes(event));
}

/** What a hint looks at: the object the event is about, as the move sees it. */
export interface EventObject {
  readonly node?: Node;
  readonly claim?: PersistentVolumeClaim;
}

/** A plugin's QueueingHintFn: may this event make the pod schedulable as far as this plugin is concerned? */
function hint(plugin: Plugin, event: ClusterEvent, pod: Pod, obj: EventObject): boolean {
  const node = obj.node;
  switch (plugin) {
    case 'NodeUnschedulable':
      return node !== undefined && nodeUnschedulableFits(pod, node);
    case 'NodeName':
      return node !== undefined && (!pod.spec.nodeName || pod.spec.nodeName === node.metadata.name);
    case 'TaintToleration':
      return node !== undefined && taintTolerationFits(pod, node);
    case 'NodeAffinity':
      return node !== undefined && matchesNodeAffinity(pod, node);
    case 'NodePorts':
      // Deletions are folded into one move request: any of them may have freed the ports.
      return true;
    case 'NodeResourcesFit':
      // isSchedulableAfterPodEvent: a deleted assigned pod always may have freed room;
      // isSchedulableAfterNodeChange: the pod must fit the node when it is empty.
      if (event === 'AssignedPodDelete') return true;
      return node !== undefined && insufficientResources(node, NO_USAGE, podRequests(pod.spec)).length === 0;
    case 'VolumeBinding': {
      // isSchedulableAfterPersistentVolumeClaimChange: only the pod's own claims.
      const claim = obj.claim;
      if (event !== 'PersistentVolumeClaimChange') return true;
      return (
        claim !== undefined &&
        claim.metadata.namespace === pod.metadata.namespace &&
        podClaimNames(pod).includes(claim.metadata.name ?? '')
      );
    }
  }
}

/**
 * isPodWorthRequeuing: a pod without rejecting plugins, or any wildcard event, goes back after
 * its backoff; otherwise only a Queue from one of its rejecting plugins' hints for this event
 * moves it (from an Unschedulable plugin: queueAfterBackoff).
 */
export function isPodWorthRequeuing(info: QueuedPodInfo, event: ClusterEvent, pod: Pod, obj: EventObject): QueueingStrategy {
  if (info.plugins.length === 0) return 'afterBackoff';
  if (event === 'UnschedulableTimeout') return 'afterBackoff';
  for (const plugin of info.plugins) {
    if (!EVENTS_TO_REGISTER[plugin].includes(event)) continue;
    if (hint(plugin, event, pod, obj)) return 'afterBackoff';
  }
  return 'skip';
}
