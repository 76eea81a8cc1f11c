import type { Kind, KubeObject } from '../api/types.js';
import type { Watch } from '../engine/controller.js';
import { ClusterView } from '../engine/view.js';
import type { Change } from '../reducer/result.js';
import type { ClusterState } from '../state.js';
import type { PMap } from '../store/pmap.js';

type Collection = PMap<KubeObject> | PMap<unknown>;

function collection(state: ClusterState, kind: Watch['kind']): Collection {
  return kind === 'NodeRuntime' ? state.world.nodes : (state.store.objects[kind as Kind] as PMap<KubeObject>);
}

function entries(map: Collection): [string, unknown][] {
  const out: [string, unknown][] = [];
  (map as PMap<unknown>).forEachRange(undefined, undefined, (v, k) => {
    out.push([k, v]);
    return true;
  });
  return out;
}

/**
 * What a relist's Replace tells the handlers: every object of the kind that differs between
 * the cache (`from`) and the list (`to`), as an add, an update or a delete. Upstream's
 * DeltaFIFO.Replace queues a Replaced delta for every listed object and a Deleted one
 * (DeletedFinalStateUnknown) for every cached object the list lacks; processDeltas turns a
 * Replaced of a cached object into OnUpdate(old, new), which the controllers' handlers drop
 * when the resourceVersion has not moved. States are persistent, so an unchanged object is
 * the same value in both: the walk compares references. In key order.
 */
export function relistChanges(from: ClusterState, to: ClusterState, kind: Watch['kind']): Change[] {
  const a = collection(from, kind);
  const b = collection(to, kind);
  if (a === b) return [];
  const olds = entries(a);
  const news = entries(b);
  const out: Change[] = [];
  let i = 0;
  let j = 0;
  const push = (key: string, old: unknown, nu: unknown): void => {
    out.push({
      kind,
      key,
      ...(old !== undefined ? { old } : {}),
      ...(nu !== undefined ? { new: nu } : {}),
    } as Change);
  };
  while (i < olds.length || j < news.length) {
    const o = olds[i];
    const n = news[j];
    if (n === undefined || (o !== undefined && o[0] < n[0])) {
      push((o as [string, unknown])[0], (o as [string, unknown])[1], undefined);
      i++;
    } else if (o === undefined || n[0] < o[0]) {
      push(n[0], undefined, n[1]);
      j++;
    } else {
      if (o[1] !== n[1]) push(n[0], o[1], n[1]);
      i++;
      j++;
    }
  }
  return out;
}

/** Every object of the kind as an add: what a new informer's first list hands its handlers (OnAdd, isInInitialList). */
export function initialAdds(state: ClusterState, kind: Watch['kind']): Change[] {
  return entries(collection(state, kind)).map(([key, v]) => ({ kind, key, new: v }) as Change);
}

/** The keys a watch maps changes to, in order, without repeats. */
export function keysOf(watch: Watch, changes: readonly Change[], state: ClusterState): string[] {
  const seen = new Set<string>();
  const view = new ClusterView(state);
  for (const c of changes) {
    if (watch.keys === undefined) seen.add(c.key);
    else for (const k of watch.keys(c, view)) seen.add(k);
  }
  return [...seen];
}
