import {
  type Change,
  type ClusterView,
  type Controller,
  type Effect,
  isPodTerminal,
  type Pod,
  type ReconcileContext,
} from '@kubesim/core';

import { releasePodIP } from './addresses.js';
import { EMPTY_NODE_MEMORY, type NodeMemory, type PodRun } from './memory.js';
import { nextDue, type Pass, syncPod } from './syncPod.js';
import { terminate } from './terminating.js';
import { volumeWaitDue } from './volumeWait.js';

const earliest = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

/**
 * The kubelet of every node, as one controller keyed by pod. It runs bound pods through
 * their lifecycle — pull, create, start, ready, exit, restart — with delays drawn from the
 * image profiles, reports status to the API server, and stops and removes pods that are
 * being deleted. A node that is down runs nothing; when it comes back its kubelet starts
 * fresh and restarts the containers it finds.
 */
export const KUBELET = 'kubelet';

function podKeysOfNode(change: Change, view: ClusterView): Iterable<string> {
  return view.podsOnNode(change.key).map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
}

/** The node whose kubelet serves a pod key. */
function podNode(view: ClusterView, key: string): string | undefined {
  return view.getByKey('Pod', key)?.spec.nodeName || undefined;
}

function boundPodKey(change: Change): Iterable<string> {
  const pod = (change.new ?? change.old) as Pod | undefined;
  return pod?.spec.nodeName ? [change.key] : [];
}

/** The pod is gone from the API: drop its memory and give its address back. */
function forgetPod(ctx: ReconcileContext, key: string, run: PodRun): Effect[] {
  const effects: Effect[] = [{ type: 'remember', key, value: undefined }];
  const nodeKey = `node/${run.nodeName}`;
  const memory = ctx.memory<NodeMemory>(nodeKey);
  if (memory !== undefined) {
    const released = releasePodIP(memory, run.podIP);
    if (released !== memory) effects.push({ type: 'remember', key: nodeKey, value: released });
  }
  return effects;
}

function reconcile(view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  const pod = view.getByKey('Pod', key);
  const remembered = ctx.memory<PodRun>(key);
  if (pod === undefined) return remembered ? forgetPod(ctx, key, remembered) : [];
  const nodeName = pod.spec.nodeName;
  if (!nodeName) return [];
  const runtime = view.nodeRuntime(nodeName);
  if (runtime === undefined || !runtime.up) return []; // a dead node runs nothing
  const node = view.get('Node', undefined, nodeName);
  const uid = pod.metadata.uid as string;
  // Memory of another pod with this name, or from before the node rebooted, is void.
  const current = remembered?.uid === uid && remembered.bootId === runtime.bootId ? remembered : undefined;
  if (pod.metadata.deletionTimestamp !== undefined) return terminate(pod, current, view, ctx, key);
  if (isPodTerminal(pod)) return remembered ? forgetPod(ctx, key, remembered) : [];

  const nodeKey = `node/${nodeName}`;
  const pass: Pass = { effects: [], nodeMemory: ctx.memory<NodeMemory>(nodeKey) ?? EMPTY_NODE_MEMORY };
  const startMemory = pass.nodeMemory;
  // A new pod under an old name (a StatefulSet's): the old one's address goes back first.
  if (remembered !== undefined && remembered.uid !== uid) {
    if (remembered.nodeName === nodeName) pass.nodeMemory = releasePodIP(pass.nodeMemory, remembered.podIP);
    else pass.effects.push(...forgetPod(ctx, key, remembered));
  }
  const run = syncPod(pod, key, node, runtime.bootId, current, view, ctx, pass);
  const effects = pass.effects;
  if (run !== remembered) effects.push({ type: 'remember', key, value: run });
  if (pass.nodeMemory !== startMemory) effects.push({ type: 'remember', key: nodeKey, value: pass.nodeMemory });
  const due = earliest(nextDue(run.containers), volumeWaitDue(run.volumes));
  if (due !== undefined) effects.push({ type: 'requeueAfter', after: Math.max(0, due - ctx.now) });
  return effects;
}

/** The kubelet of every node with a simulated kubelet: pulls, starts, probes, restarts and stops containers, and reports pod status. */
export function kubelet(): Controller {
  return {
    name: 'kubelet',
    component: KUBELET,
    watches: [
      { kind: 'Pod', keys: boundPodKey },
      { kind: 'NodeRuntime', keys: podKeysOfNode },
    ],
    reconcile,
    // A pod worker per pod (pod_workers.go), and a kubelet (with its own clients) per node.
    runtime: { process: 'kubelet', workers: Number.POSITIVE_INFINITY, instance: podNode },
  };
}
