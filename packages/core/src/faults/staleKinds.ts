import type { Kind } from '../api/types.js';
import type { ClusterState } from '../state.js';
import type { Store } from '../store/store.js';

/**
 * A cache in which some kinds are older than the rest: a controller whose watch of one kind
 * is late or broken still has its other informers up to date. The state is `base` with the
 * collections of the stale kinds taken from their own states, and with them the indexes
 * derived from those kinds alone (pods by node, uncontrolled pods and node usage from Pods;
 * Events by object from Events). The indexes over every kind (by uid, dependents) stay the
 * base's: a lookup through them finds a stale object by its key or misses it, so an object
 * created since the cache went stale is not seen (as upstream's lister would not), but one
 * deleted since is missed by dependentsOf (upstream's lister would still list it). Persistent
 * maps make this a handful of pointer copies.
 */
export function withStaleKinds(base: ClusterState, stale: ReadonlyMap<Kind, ClusterState>): ClusterState {
  if (stale.size === 0) return base;
  const objects = { ...base.store.objects } as Record<Kind, unknown>;
  let store: { -readonly [K in keyof Store]: Store[K] } = { ...base.store };
  for (const [kind, state] of stale) {
    if (state === base) continue;
    objects[kind] = state.store.objects[kind];
    if (kind === 'Pod') {
      store.podsByNode = state.store.podsByNode;
      store.uncontrolledPods = state.store.uncontrolledPods;
      store.nodeUsage = state.store.nodeUsage;
    } else if (kind === 'Event') store.eventsByObject = state.store.eventsByObject;
  }
  store = { ...store, objects: objects as unknown as Store['objects'] };
  return { ...base, store };
}
