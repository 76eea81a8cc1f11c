import {
  type ClusterView,
  type Effect,
  getObject,
  NO_USAGE,
  type NodeUsage,
  type ReconcileContext,
  type ResourceList,
} from '@kubesim/core';
import { forgetVolumes } from './volumeCache.js';

/**
 * The scheduler cache's assumed pods (pkg/scheduler/backend/cache): a pod counts on its node
 * from the moment the scheduling cycle picks it (AssumePod) until the informer shows its
 * binding, or until the assumption is forgotten (ForgetPod).
 * @module
 */

/** What the scheduler remembers of a pod it assumed onto a node. */
export interface Assumed {
  readonly uid: string;
  readonly node: string;
  readonly request: ResourceList;
  /** PreBind is waiting (since then) for the pod's claims to be bound before binding the pod. */
  readonly volumesSince?: number;
}

/** A pod the scheduler cache has assumed onto a node. */
interface AssumedPod {
  readonly key: string;
  readonly uid: string;
  readonly request: ResourceList;
}

function addUsage(a: NodeUsage, r: ResourceList, sign: 1 | -1): NodeUsage {
  return {
    milliCpu: a.milliCpu + sign * r.milliCpu,
    memory: a.memory + sign * r.memory,
    nonZeroMilliCpu: a.nonZeroMilliCpu + sign * r.nonZeroMilliCpu,
    nonZeroMemory: a.nonZeroMemory + sign * r.nonZeroMemory,
    pods: a.pods + sign,
  };
}

/**
 * The pods assumed onto one node, with their summed requests, valid as of `base`: the node's
 * usage object (a persistent value) when they were last checked against the informer. While
 * the informer shows no change on the node, no assumption on it can have been confirmed, so
 * the sum is reused; after a change the assumptions are checked again.
 */
export interface AssumedOnNode {
  readonly pods: readonly AssumedPod[];
  readonly usage: NodeUsage;
  readonly base: NodeUsage;
}

function assumedOnKey(node: string): string {
  return `assumedOn/${node}`;
}

function sumRequests(pods: readonly AssumedPod[]): NodeUsage {
  let usage = NO_USAGE;
  for (const a of pods) usage = addUsage(usage, a.request, 1);
  return usage;
}

function plus(a: NodeUsage, b: NodeUsage): NodeUsage {
  if (b.pods === 0) return a;
  return {
    milliCpu: a.milliCpu + b.milliCpu,
    memory: a.memory + b.memory,
    nonZeroMilliCpu: a.nonZeroMilliCpu + b.nonZeroMilliCpu,
    nonZeroMemory: a.nonZeroMemory + b.nonZeroMemory,
    pods: a.pods + b.pods,
  };
}

/**
 * A node's requests as the scheduler cache sees them: its bound pods plus the pods assumed
 * onto it whose binding the informer does not show yet. When the node changed, assumptions
 * the informer has caught up with (bound, gone, or replaced) are dropped and the result goes
 * into `changed`. The check reads the store directly, uncounted: upstream confirms an assumed
 * pod in the informer's event handler, not in the scheduling cycle, so it is no part of the
 * cycle's cost.
 */
export function cachedUsage(
  view: ClusterView,
  ctx: ReconcileContext,
  node: string,
  changed: Map<string, AssumedOnNode>,
): NodeUsage {
  const base = view.nodeUsage(node);
  const entry = changed.get(node) ?? ctx.memory<AssumedOnNode>(assumedOnKey(node));
  if (entry === undefined) return base;
  if (entry.base === base) return plus(base, entry.usage);
  const pods = entry.pods.filter((a) => {
    const pod = getObject(view.state.store, 'Pod', a.key);
    return pod !== undefined && pod.metadata.uid === a.uid && !pod.spec.nodeName;
  });
  const checked: AssumedOnNode = { pods, usage: pods.length === entry.pods.length ? entry.usage : sumRequests(pods), base };
  changed.set(node, checked);
  return plus(base, checked.usage);
}

/** Writes the nodes' checked assumptions back, forgetting the per-pod records of those confirmed. */
export function commitAssumed(ctx: ReconcileContext, changed: Map<string, AssumedOnNode>, effects: Effect[]): void {
  for (const [node, entry] of changed) {
    const kept = new Set(entry.pods.map((a) => a.key));
    for (const a of ctx.memory<AssumedOnNode>(assumedOnKey(node))?.pods ?? []) {
      if (kept.has(a.key)) continue;
      if (ctx.memory<Assumed>(`assumed/${a.key}`)?.uid === a.uid) {
        effects.push({ type: 'remember', key: `assumed/${a.key}`, value: undefined });
      }
    }
    effects.push({ type: 'remember', key: assumedOnKey(node), value: entry.pods.length > 0 ? entry : undefined });
  }
}

/** AssumePod: the pod counts on its node from now on. */
export function assume(
  view: ClusterView,
  ctx: ReconcileContext,
  key: string,
  assumed: Assumed,
  changed: Map<string, AssumedOnNode>,
): Effect[] {
  const entry = changed.get(assumed.node) ??
    ctx.memory<AssumedOnNode>(assumedOnKey(assumed.node)) ?? {
      pods: [],
      usage: NO_USAGE,
      base: view.nodeUsage(assumed.node),
    };
  changed.set(assumed.node, {
    pods: [...entry.pods, { key, uid: assumed.uid, request: assumed.request }],
    usage: addUsage(entry.usage, assumed.request, 1),
    base: entry.base,
  });
  return [{ type: 'remember', key: `assumed/${key}`, value: assumed }];
}

/** ForgetPod: the assumption is dropped (the pod was deleted, or its binding failed). */
export function forgetAssumed(ctx: ReconcileContext, key: string, assumed: Assumed): Effect[] {
  const entry = ctx.memory<AssumedOnNode>(assumedOnKey(assumed.node));
  const pods = entry?.pods.filter((a) => a.key !== key) ?? [];
  const volumes = forgetVolumes(ctx, key);
  return [
    ...(volumes !== undefined ? [volumes] : []),
    { type: 'remember', key: `assumed/${key}`, value: undefined },
    {
      type: 'remember',
      key: assumedOnKey(assumed.node),
      value: entry !== undefined && pods.length > 0 ? { pods, usage: sumRequests(pods), base: entry.base } : undefined,
    },
  ];
}
