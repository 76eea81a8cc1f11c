import { type Effect, isPodAvailable, isPodReady, type Node, type Pod } from '@kubesim/core';
import { newControllerRef } from '../controllerutils/controllerRef.js';
import { podFromTemplate } from '../controllerutils/podTemplate.js';
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatches } from '../controllerutils/slowStart.js';
import { refOf } from '../util/effects.js';
import { failedPodsBackoffKey } from './backoff.js';
import type { DaemonSetSync } from './context.js';
import { podByCreationTimestampAndPhase } from './nodeShouldRunDaemonPod.js';
import {
  allowsSurge,
  createPodTemplate,
  DAEMONSET_UNIQUE_LABEL_KEY,
  replaceDaemonSetPodNodeNameNodeAffinity,
} from './util/daemonset_util.js';

/**
 * manage, podsShouldBeOnNode and syncNodes (daemon_controller.go): on every node that should run
 * the daemon and has no pod, create one; delete failed and succeeded pods (a failed one under a
 * per-node back-off), extra pods (without surge the oldest stays; with surge the oldest old and
 * oldest new, until the new one is available), and pods on nodes that should not keep them.
 */

/** BurstReplicas: the most creations, and the most deletions, one sync sends. */
export const BURST_REPLICAS = 250;

interface NodeWork {
  readonly nodesNeedingDaemonPods: string[];
  readonly podsToDelete: Pod[];
}

/** The surge rule: keep the oldest new pod and the oldest old one; the old goes once the new is available. */
function surgeExtras(s: DaemonSetSync, running: Pod[], hash: string, podsToDelete: Pod[]): void {
  let oldestNew: Pod | undefined;
  let oldestOld: Pod | undefined;
  for (const pod of [...running].sort(podByCreationTimestampAndPhase)) {
    if (pod.metadata.labels?.[DAEMONSET_UNIQUE_LABEL_KEY] === hash) {
      if (oldestNew === undefined) {
        oldestNew = pod;
        continue;
      }
    } else if (oldestOld === undefined) {
      oldestOld = pod;
      continue;
    }
    podsToDelete.push(pod);
  }
  if (oldestNew !== undefined && oldestOld !== undefined) {
    if (!isPodReady(oldestOld) || isPodAvailable(oldestNew, s.minReadySeconds, s.now)) podsToDelete.push(oldestOld);
  }
}

/** podsShouldBeOnNode: what one node needs created and deleted. */
export function podsShouldBeOnNode(s: DaemonSetSync, node: Node, nodeToDaemonPods: Map<string, Pod[]>, hash: string): NodeWork {
  const nodeName = node.metadata.name as string;
  const { shouldRun, shouldContinueRunning } = s.shouldRun(node);
  const daemonPods = nodeToDaemonPods.get(nodeName);
  const nodesNeedingDaemonPods: string[] = [];
  const podsToDelete: Pod[] = [];
  if (shouldRun && daemonPods === undefined) {
    nodesNeedingDaemonPods.push(nodeName);
  } else if (shouldContinueRunning) {
    const running: Pod[] = [];
    for (const pod of daemonPods ?? []) {
      if (pod.metadata.deletionTimestamp !== undefined) continue;
      const phase = pod.status?.phase;
      const who = `${pod.metadata.namespace}/${pod.metadata.name}`;
      if (phase === 'Failed') {
        // The DaemonSet often fights a kubelet that rejects its pods: back off per node.
        const key = failedPodsBackoffKey(s.ds.metadata.uid as string, s.ds.status?.observedGeneration ?? 0, nodeName);
        if (s.backoff.isInBackOffSinceUpdate(key, s.now)) {
          s.emit({ type: 'requeueAfter', after: s.backoff.get(key) });
          continue;
        }
        s.backoff.next(key, s.now);
        s.event('Warning', 'FailedDaemonPod', `Found failed daemon pod ${who} on node ${nodeName}, will try to kill it`);
        podsToDelete.push(pod);
      } else if (phase === 'Succeeded') {
        s.event('Normal', 'SucceededDaemonPod', `Found succeeded daemon pod ${who} on node ${nodeName}, will try to delete it`);
        podsToDelete.push(pod);
      } else running.push(pod);
    }
    if (!allowsSurge(s.ds)) {
      // Without surge, more than one pod on a node: all but the oldest go.
      if (running.length > 1) podsToDelete.push(...[...running].sort(podByCreationTimestampAndPhase).slice(1));
    } else if (running.length <= 1) {
      // Surging: a node that should run the daemon keeps at least one pod not being deleted.
      if (running.length === 0 && shouldRun) nodesNeedingDaemonPods.push(nodeName);
    } else surgeExtras(s, running, hash, podsToDelete);
  } else if (daemonPods !== undefined) {
    for (const pod of daemonPods) if (pod.metadata.deletionTimestamp === undefined) podsToDelete.push(pod);
  }
  return { nodesNeedingDaemonPods, podsToDelete };
}

/**
 * getUnscheduledPodsWithoutNode: pods pinned to a node that no longer exists and never
 * scheduled; the pod garbage collector only removes pods bound to a missing node.
 */
function getUnscheduledPodsWithoutNode(s: DaemonSetSync, nodeToDaemonPods: Map<string, Pod[]>): Pod[] {
  const running = new Set(s.nodes.map((n) => n.metadata.name));
  const out: Pod[] = [];
  for (const [nodeName, pods] of nodeToDaemonPods) {
    if (running.has(nodeName)) continue;
    for (const pod of pods) if (!pod.spec.nodeName) out.push(pod);
  }
  return out;
}

/** manage: every node's work, then syncNodes. */
export function manage(s: DaemonSetSync, hash: string): void {
  const nodeToDaemonPods = s.nodeToDaemonPods(false);
  const nodesNeedingDaemonPods: string[] = [];
  const podsToDelete: Pod[] = [];
  for (const node of s.nodes) {
    const work = podsShouldBeOnNode(s, node, nodeToDaemonPods, hash);
    nodesNeedingDaemonPods.push(...work.nodesNeedingDaemonPods);
    podsToDelete.push(...work.podsToDelete);
  }
  podsToDelete.push(...getUnscheduledPodsWithoutNode(s, nodeToDaemonPods));
  syncNodes(s, podsToDelete, nodesNeedingDaemonPods, hash);
}

/**
 * syncNodes: up to BurstReplicas creations in slow-start batches (1, 2, 4, ...; none after a
 * batch with a failure), each pod pinned to its node by a required node affinity that the
 * scheduler honours; then up to BurstReplicas deletions, all at once.
 */
export function syncNodes(
  s: DaemonSetSync,
  podsToDelete: readonly Pod[],
  nodesNeedingDaemonPods: readonly string[],
  hash: string,
): void {
  const createDiff = Math.min(nodesNeedingDaemonPods.length, BURST_REPLICAS);
  const deleteDiff = Math.min(podsToDelete.length, BURST_REPLICAS);
  const ds = s.ds;
  const involved = s.involved;
  if (createDiff > 0) {
    const template = createPodTemplate(ds.spec.template, s.generation, hash);
    const ref = newControllerRef(ds);
    let pos = 0;
    for (const batch of slowStartBatches(createDiff, SLOW_START_INITIAL_BATCH_SIZE)) {
      const calls: Effect[] = [];
      for (let i = pos; i < pos + batch; i++) {
        const nodeName = nodesNeedingDaemonPods[i] as string;
        const spec = { ...template.spec, affinity: replaceDaemonSetPodNodeNameNodeAffinity(template.spec.affinity, nodeName) };
        const name = s.ctx.generateName(`${ds.metadata.name}-`);
        calls.push({
          type: 'create',
          object: podFromTemplate({ ...template, spec }, ds, ref, { name }),
          report: {
            involved,
            success: { eventType: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${name}` },
            failure: { eventType: 'Warning', reason: 'FailedCreate', message: 'Error creating: ' },
          },
        });
      }
      s.wave(calls);
      pos += batch;
    }
  }
  s.wave(
    podsToDelete.slice(0, deleteDiff).map(
      (pod): Effect => ({
        type: 'delete',
        ref: refOf(pod),
        report: {
          involved,
          success: { eventType: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}` },
          failure: { eventType: 'Warning', reason: 'FailedDelete', message: 'Error deleting: ' },
        },
      }),
    ),
  );
}
