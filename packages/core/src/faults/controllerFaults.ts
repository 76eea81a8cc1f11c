import type { Kind } from '../api/types.js';
import type { ControllerRuntime } from '../engine/controllerRuntime.js';
import type { StateHistory } from '../runtime/informer.js';
import type { ClusterState } from '../state.js';
import type { Millis } from '../time/duration.js';
import type { EventLag } from './eventLag.js';
import { withStaleKinds } from './staleKinds.js';

/** A WatchFault as it applies to one controller. */
export interface WatchRule {
  /** The kind whose watch is faulty; undefined: every kind the controller watches. */
  readonly kind: Kind | undefined;
  readonly mode: 'delay' | 'drop' | 'duplicate';
  /** delay: how much later; duplicate: how long after the first copy the second comes. */
  readonly delay: Millis;
  /** When it ends (drop: when the reflector relists); undefined: never. */
  readonly until: Millis | undefined;
  /** drop: the state the cache of the kind froze at when the watch broke. */
  readonly frozen: ClusterState | undefined;
  /** drop: the controller's own writes its handlers did not see, settled by the relist. */
  readonly settles: string[];
}

/**
 * The control-plane faults on one controller: whether its process is down, an informer
 * lag counted in watch events, a relist from a lagging API server, faulty watches. Its
 * informer lag in milliseconds is ControllerRuntime.informerLag. The engine consults it
 * only for a controller that has one (ControllerRuntime.faults), so a run without faults
 * pays nothing.
 */
export class ControllerFaults {
  down = false;
  eventLag: EventLag | undefined;
  /** After a restart with a relistLag: the list the new informers started from, and when the API server caught up. */
  relist: { readonly from: ClusterState; readonly until: Millis; readonly lag: Millis } | undefined;
  watch: WatchRule[] = [];
  private cached: { base: ClusterState; stale: ClusterState[]; state: ClusterState } | undefined;

  get empty(): boolean {
    return !this.down && this.eventLag === undefined && this.relist === undefined && this.watch.length === 0;
  }

  /** How late the controller's informers see the API server, in milliseconds, restart's relist included. */
  lag(rt: ControllerRuntime): Millis {
    return this.relist === undefined ? rt.informerLag : Math.max(rt.informerLag, this.relist.lag);
  }

  /** The rules in force on a change of `kind` at `now` (a drop lasts until its relist). */
  rulesFor(kind: Kind | 'NodeRuntime', now: Millis): WatchRule[] {
    return this.watch.filter(
      (r) => (r.kind === undefined || r.kind === kind) && (r.mode === 'drop' || r.until === undefined || r.until > now),
    );
  }

  /** What the controller's informers show at `now`. */
  state(rt: ControllerRuntime, now: Millis, history: StateHistory, current: ClusterState): ClusterState {
    if (this.eventLag !== undefined) return this.eventLag.visible;
    const lag = this.lag(rt);
    const at = (t: Millis): ClusterState => (t >= now ? current : (history.at(t) ?? current));
    let base = at(now - lag);
    const stale = new Map<Kind, ClusterState>();
    for (const r of this.watch) {
      if (r.mode === 'duplicate' || (r.mode === 'delay' && r.until !== undefined && r.until <= now)) continue;
      const s = r.mode === 'drop' ? (r.frozen as ClusterState) : at(now - lag - r.delay);
      if (r.kind === undefined) base = s;
      else stale.set(r.kind, s);
    }
    if (stale.size === 0) return base;
    const parts = [...stale.values()];
    const c = this.cached;
    if (c !== undefined && c.base === base && c.stale.length === parts.length && c.stale.every((s, i) => s === parts[i])) {
      return c.state;
    }
    const state = withStaleKinds(base, stale);
    this.cached = { base, stale: parts, state };
    return state;
  }
}
