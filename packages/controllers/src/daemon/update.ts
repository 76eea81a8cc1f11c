import { type DaemonSet, isPodAvailable, type Node, type Pod } from '@kubesim/core';
import type { DaemonSetSync } from './context.js';
import { syncNodes } from './manage.js';
import { nodeShouldRunDaemonPod } from './nodeShouldRunDaemonPod.js';
import { getTemplateGeneration, isPodUpdated, surgeCount, unavailableCount } from './util/daemonset_util.js';

/**
 * The RollingUpdate strategy (update.go rollingUpdate): without surge, delete old pods within
 * maxUnavailable and let manage create their replacements; with surge, create new pods beside
 * old ones within maxSurge and delete an old pod once its node's new pod is available.
 * Upstream walks the nodes in Go map order (random); kubesim walks them in name order.
 */

export interface DesiredNodeCounts {
  readonly maxSurge: number;
  readonly maxUnavailable: number;
  readonly desiredNumberScheduled: number;
}

/**
 * updatedDesiredNodeCounts: the nodes that should run the daemon, and maxSurge and
 * maxUnavailable of that number (percentages rounded up). If both come to 0 while some node
 * wants the daemon, maxUnavailable is 1 (the API server forbids both zero; this guards against
 * one that let it through). Every wanted node without pods gets an empty entry in the map.
 */
export function updatedDesiredNodeCounts(
  ds: DaemonSet,
  nodes: readonly Node[],
  nodeToDaemonPods: Map<string, Pod[]>,
  shouldRun: (node: Node) => boolean = (node) => nodeShouldRunDaemonPod(node, ds).shouldRun,
): DesiredNodeCounts {
  let desiredNumberScheduled = 0;
  for (const node of nodes) {
    if (!shouldRun(node)) continue;
    desiredNumberScheduled++;
    const name = node.metadata.name as string;
    if (!nodeToDaemonPods.has(name)) nodeToDaemonPods.set(name, []);
  }
  let maxUnavailable = unavailableCount(ds, desiredNumberScheduled);
  const maxSurge = surgeCount(ds, desiredNumberScheduled);
  if (desiredNumberScheduled > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable, desiredNumberScheduled };
}

/**
 * findUpdatedPodsOnNode: the node's one new and one old pod (not being deleted), or ok false
 * when it has more than one of either (manage prunes those first).
 */
export function findUpdatedPodsOnNode(
  ds: DaemonSet,
  pods: readonly Pod[],
  hash: string,
): { newPod?: Pod; oldPod?: Pod; ok: boolean } {
  const generation = getTemplateGeneration(ds);
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp !== undefined) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod !== undefined) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod !== undefined) return { ok: false };
      oldPod = pod;
    }
  }
  return { ...(newPod ? { newPod } : {}), ...(oldPod ? { oldPod } : {}), ok: true };
}

/** The map's entries in node name order (upstream ranges over a Go map). */
function byNodeName(m: Map<string, Pod[]>): [string, Pod[]][] {
  return [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** maxSurge == 0: delete available old pods while fewer than maxUnavailable are unavailable. */
function rollingUpdateUnavailable(
  s: DaemonSetSync,
  nodeToDaemonPods: Map<string, Pod[]>,
  maxUnavailable: number,
  hash: string,
): void {
  const available = (pod: Pod): boolean => isPodAvailable(pod, s.minReadySeconds, s.now);
  let numUnavailable = 0;
  const allowedReplacementPods: Pod[] = [];
  const candidatePodsToDelete: Pod[] = [];
  for (const [, pods] of byNodeName(nodeToDaemonPods)) {
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(s.ds, pods, hash);
    // A node with extra pods is left to manage, and counts as unavailable.
    if (!ok) numUnavailable++;
    else if ((oldPod === undefined) === (newPod === undefined)) numUnavailable++;
    else if (newPod !== undefined) {
      if (!available(newPod)) numUnavailable++;
    } else if (oldPod !== undefined) {
      if (!available(oldPod)) {
        // An old pod that is not available can go at once: replacing it costs no availability.
        allowedReplacementPods.push(oldPod);
        numUnavailable++;
      } else if (numUnavailable < maxUnavailable) candidatePodsToDelete.push(oldPod);
    }
  }
  const remaining = Math.min(Math.max(maxUnavailable - numUnavailable, 0), candidatePodsToDelete.length);
  syncNodes(s, [...allowedReplacementPods, ...candidatePodsToDelete.slice(0, remaining)], [], hash);
}

/**
 * maxSurge > 0: a node whose old pod is unavailable gets its new pod at once; others get one
 * while fewer than maxSurge surges are under way; an old pod goes once its node's new pod is
 * available. Old pods on nodes that should no longer run the daemon go only while more pods
 * are available than desired (the owner of a surge rollout expects full availability).
 */
function rollingUpdateSurge(
  s: DaemonSetSync,
  nodeToDaemonPods: Map<string, Pod[]>,
  counts: DesiredNodeCounts,
  hash: string,
): string | undefined {
  const available = (pod: Pod): boolean => isPodAvailable(pod, s.minReadySeconds, s.now);
  const oldPodsToDelete: Pod[] = [];
  const shouldNotRunPodsToDelete: Pod[] = [];
  const candidateNewNodes: string[] = [];
  const allowedNewNodes: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const [nodeName, pods] of byNodeName(nodeToDaemonPods)) {
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(s.ds, pods, hash);
    if (!ok) {
      // Extra pods: left to manage, counted as a surge.
      numSurge++;
      continue;
    }
    // Availability counts every node, even those the daemon is leaving.
    if (oldPod !== undefined) {
      if (available(oldPod)) numAvailable++;
    } else if (newPod !== undefined && available(newPod)) numAvailable++;
    if (oldPod === undefined) continue;
    if (newPod === undefined) {
      const node = s.node(nodeName);
      if (node === undefined) return `couldn't get node for nodeName "${nodeName}": node "${nodeName}" not found`;
      const shouldRun = s.shouldRun(node).shouldRun;
      if (!available(oldPod)) {
        if (!shouldRun) oldPodsToDelete.push(oldPod);
        else allowedNewNodes.push(nodeName);
      } else if (!shouldRun) shouldNotRunPodsToDelete.push(oldPod);
      else if (numSurge < counts.maxSurge) candidateNewNodes.push(nodeName);
      continue;
    }
    // Already surged here: wait for the new pod, then the old one goes.
    if (!available(newPod)) numSurge++;
    else oldPodsToDelete.push(oldPod);
  }
  const deletable = Math.min(numAvailable - counts.desiredNumberScheduled, shouldNotRunPodsToDelete.length);
  if (deletable > 0) oldPodsToDelete.push(...shouldNotRunPodsToDelete.slice(0, deletable));
  const remainingSurge = Math.min(Math.max(counts.maxSurge - numSurge, 0), candidateNewNodes.length);
  syncNodes(s, oldPodsToDelete, [...allowedNewNodes, ...candidateNewNodes.slice(0, remainingSurge)], hash);
  return undefined;
}

/** rollingUpdate; returns the error the sync returns, if any. */
export function rollingUpdate(s: DaemonSetSync, hash: string): string | undefined {
  const nodeToDaemonPods = s.nodeToDaemonPods(false);
  let counts: DesiredNodeCounts;
  try {
    counts = updatedDesiredNodeCounts(s.ds, s.nodes, nodeToDaemonPods, (node) => s.shouldRun(node).shouldRun);
  } catch (e) {
    return `couldn't get unavailable numbers: ${(e as Error).message}`;
  }
  if (counts.maxSurge === 0) {
    rollingUpdateUnavailable(s, nodeToDaemonPods, counts.maxUnavailable, hash);
    return undefined;
  }
  return rollingUpdateSurge(s, nodeToDaemonPods, counts, hash);
}
