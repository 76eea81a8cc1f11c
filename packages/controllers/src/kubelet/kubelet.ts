import {
  type Change,
  type ClusterView,
  type Controller,
  type Effect,
  getCondition,
  isPodTerminal,
  kubeletState,
  type Millis,
  type Node,
  type NodeRuntime,
  type Pod,
  type ReconcileContext,
  SECOND,
} from '@kubesim/core';

import { releasePodIP } from './addresses.js';
import { reclock } from './clock.js';
import { kubeletStart } from './containerEnv.js';
import { EMPTY_NODE_MEMORY, type NodeMemory, type PodRun } from './memory.js';
import { NODE_STATUS_KEY, syncNodeStatus } from './nodeStatus.js';
import { afterKubeletRestart } from './restart.js';
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
 * fresh and restarts the containers it finds. A kubelet restarting (KubeletRestart) acts once
 * its new process runs, over the containers that ran on; a node cut off (NodePartition) runs
 * its containers on, seeing and reporting nothing until the partition heals; a node's clock
 * skew (ClockSkew) shifts every time its kubelet writes.
 */
export const KUBELET = 'kubelet';

/**
 * A change of the node's world record wakes its pods; a kubelet restart or a partition's end
 * also wakes the kubelet's node status sync.
 */
function podKeysOfNode(change: Change, view: ClusterView): Iterable<string> {
  const keys = view.podsOnNode(change.key).map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  const old = change.old as NodeRuntime | undefined;
  const now = change.new as NodeRuntime | undefined;
  if (old?.partitionedAt !== now?.partitionedAt || old?.kubeletRestart !== now?.kubeletRestart)
    keys.push(`${NODE_STATUS_KEY}${change.key}`);
  return keys;
}

/**
 * A node turned Unknown while its kubelet runs and reaches the API server (the node controller's
 * write landed after the kubelet came back): the kubelet's next status sync puts it right.
 */
function nodeStatusKey(change: Change, view: ClusterView): Iterable<string> {
  const unknown = (n: unknown): boolean =>
    getCondition((n as Node | undefined)?.status?.conditions, 'Ready')?.status === 'Unknown';
  if (!unknown(change.new) || unknown(change.old)) return [];
  const runtime = view.nodeRuntime(change.key);
  return runtime !== undefined && kubeletState(runtime, view.now) === 'up' ? [`${NODE_STATUS_KEY}${change.key}`] : [];
}

/** The node whose kubelet serves a key: a pod's node, or the node of a node status key. */
function podNode(view: ClusterView, key: string): string | undefined {
  if (key.startsWith(NODE_STATUS_KEY)) return key.slice(NODE_STATUS_KEY.length);
  return view.getByKey('Pod', key)?.spec.nodeName || undefined;
}

/**
 * A context whose clock reads `skew` ms off the true time; everything else is the engine's
 * context itself (by delegation, so whatever the context offers stays reachable).
 */
function onNodeClock(ctx: ReconcileContext, skew: Millis): ReconcileContext {
  return skew === 0 ? ctx : (Object.create(ctx, { now: { value: ctx.now + skew } }) as ReconcileContext);
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

/** While a node is cut off, a kubelet that remembers a pod the API server no longer has looks again this often. */
const CUT_OFF_RESYNC: Millis = 10 * SECOND;

function reconcile(view: ClusterView, key: string, trueCtx: ReconcileContext): Effect[] {
  if (key.startsWith(NODE_STATUS_KEY)) return syncNodeStatus(view, key.slice(NODE_STATUS_KEY.length), trueCtx);
  const pod = view.getByKey('Pod', key);
  const remembered = trueCtx.memory<PodRun>(key);
  const nodeName = pod === undefined ? remembered?.nodeName : pod.spec.nodeName;
  if (!nodeName) return [];
  const runtime = view.nodeRuntime(nodeName);
  const now = trueCtx.now; // the view's time is its last change's, not this sync's
  const state = runtime === undefined ? 'down' : kubeletState(runtime, now);
  // A kubelet restarting acts on the pod once its new process runs; one cut off from the API
  // server sees nothing until the partition heals (which wakes every pod of the node).
  if (state === 'restarting') return [{ type: 'requeueAfter', after: (runtime?.kubeletRestart?.until ?? now) - now }];
  if (state === 'cutOff') return pod === undefined && remembered ? [{ type: 'requeueAfter', after: CUT_OFF_RESYNC }] : [];
  if (pod === undefined) return remembered ? forgetPod(trueCtx, key, remembered) : [];
  if (runtime === undefined || state === 'down') return []; // a dead node runs nothing
  // The kubelet works on its node's clock: every time it writes (and waits on) is skewed.
  const ctx = onNodeClock(trueCtx, runtime.skew ?? 0);
  const node = view.get('Node', undefined, nodeName);
  const uid = pod.metadata.uid as string;
  // Memory of another pod with this name, or from before the node rebooted, is void; memory
  // from before a kubelet restart is the runtime's and is rebuilt (restart.ts).
  let current = remembered?.uid === uid && remembered.bootId === runtime.bootId ? remembered : undefined;
  const start = kubeletStart(view, nodeName, now);
  if (current !== undefined && current.skew !== (runtime.skew ?? 0)) current = reclock(current, runtime.skew ?? 0, now);
  if (current !== undefined && current.kubeletStart !== start)
    current = afterKubeletRestart(current, pod, start, start + (runtime.skew ?? 0), ctx);
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
      { kind: 'Node', keys: nodeStatusKey },
    ],
    reconcile,
    // A pod worker per pod (pod_workers.go), and a kubelet (with its own clients) per node.
    runtime: { process: 'kubelet', workers: Number.POSITIVE_INFINITY, instance: podNode },
  };
}
