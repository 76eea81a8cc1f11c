import type { ClusterState } from '../state.js';

/** One watch event held back: the state it leads to, the keys it queues, the writer's expectations it settles. */
interface Held {
  readonly after: ClusterState;
  readonly keys: string[];
  readonly settles: string[];
}

/**
 * A controller's informers `n` watch events behind the API server (a ControllerLag with
 * `events`): each write that changes a kind it watches is held until `n` more such writes
 * have happened, then its cache shows it and its handlers queue its keys (and settle the
 * controller's expectation of its own write). The cache is the state after the last write
 * let through, so a lagging controller reads exactly what it has been told of.
 */
export class EventLag {
  private readonly held: Held[] = [];

  constructor(
    readonly n: number,
    /** The state its cache shows: after the last write let through. */
    public visible: ClusterState,
  ) {}

  get size(): number {
    return this.held.length;
  }

  /** Holds a key of the write that led to `after` (writes are told apart by the state they lead to). */
  hold(after: ClusterState, key: string | undefined, settle: string | undefined): void {
    let last = this.held[this.held.length - 1];
    if (last === undefined || last.after !== after) {
      last = { after, keys: [], settles: [] };
      this.held.push(last);
    }
    if (key !== undefined) last.keys.push(key);
    if (settle !== undefined) last.settles.push(settle);
  }

  /** The writes now more than `n` behind, oldest first, let through (all of them when the lag ends). */
  release(all = false): { readonly keys: string[]; readonly settles: string[] }[] {
    const out: { keys: string[]; settles: string[] }[] = [];
    while (this.held.length > (all ? 0 : this.n)) {
      const h = this.held.shift() as Held;
      this.visible = h.after;
      out.push({ keys: h.keys, settles: h.settles });
    }
    return out;
  }
}
