import { KINDS } from '../api/kinds.js';
import { SYSTEM_NAMESPACES } from '../reducer/namespace.js';
import type { Change } from '../reducer/result.js';
import { NAMESPACES_AT_START } from '../reducer/serviceAccount.js';
import type { ClusterState } from '../state.js';

/**
 * Bounds on the work a run may do, beside its event and time bounds: one event can set off
 * unbounded work (`replicas: 1000000000`: the ReplicaSet controller creates pods for hours of
 * simulated time, each a few events, long past any memory), so a run stops, with a message
 * naming the limit, as soon as the cluster holds more than it allows, or a workload asks for
 * more pods than it allows (that run would reach the limit anyway, only later and slower).
 * The defaults are what a laptop survives.
 */
export interface Limits {
  /** Pods in the store at once. */
  readonly pods: number;
  /** Nodes in the cluster. */
  readonly nodes: number;
  /** Objects of every kind in the store (pods, nodes and events included). */
  readonly objects: number;
}

/** How big a cluster kubesim accepts by default: 100,000 pods, 10,000 nodes, a million objects. */
export const DEFAULT_LIMITS: Limits = { pods: 100_000, nodes: 10_000, objects: 1_000_000 };

/** The pods a workload wants at once: its replicas, or a Job's parallelism. */
function wantedPods(obj: { readonly kind: string; readonly spec?: unknown }): number | undefined {
  const spec = obj.spec as { replicas?: unknown; parallelism?: unknown } | undefined;
  switch (obj.kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'StatefulSet':
      return typeof spec?.replicas === 'number' ? spec.replicas : undefined;
    case 'Job':
      return typeof spec?.parallelism === 'number' ? spec.parallelism : undefined;
    default:
      return undefined;
  }
}

/** The objects in the store, bar the system namespaces and their `default` ServiceAccounts every cluster starts with. */
function objectCount(state: ClusterState): number {
  let n = -SYSTEM_NAMESPACES.length - NAMESPACES_AT_START.length;
  for (const k of KINDS) n += state.store.objects[k.kind].size;
  return n + state.store.generic.size;
}

/**
 * Why the state after these changes passes a limit, or undefined. Only a write that adds an
 * object or changes a workload can pass one, so other events cost a glance at their changes.
 */
export function limitReached(changes: readonly Change[], state: ClusterState, limits: Limits): string | undefined {
  let created = false;
  for (const c of changes) {
    if (c.kind === 'NodeRuntime' || c.new === undefined) continue;
    if (c.old === undefined) created = true;
    const wanted = wantedPods(c.new);
    if (wanted !== undefined && wanted > limits.pods && wanted !== (c.old === undefined ? undefined : wantedPods(c.old))) {
      const { namespace, name } = c.new.metadata;
      const field = c.new.kind === 'Job' ? 'spec.parallelism' : 'spec.replicas';
      return `run stopped at the pod limit (limits.pods: ${limits.pods}): ${c.new.kind} ${namespace}/${name} asks for ${wanted} pods (${field})`;
    }
  }
  if (!created) return undefined;
  const pods = state.store.objects.Pod.size;
  if (pods > limits.pods) return `run stopped at the pod limit (limits.pods: ${limits.pods}): ${pods} pods`;
  const nodes = state.store.objects.Node.size;
  if (nodes > limits.nodes) return `run stopped at the node limit (limits.nodes: ${limits.nodes}): ${nodes} nodes`;
  const objects = objectCount(state);
  if (objects > limits.objects) return `run stopped at the object limit (limits.objects: ${limits.objects}): ${objects} objects`;
  return undefined;
}
