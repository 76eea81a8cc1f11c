import type { ClusterState } from '../state.js';
import type { Millis } from '../time/duration.js';

/**
 * What a component's informers show it: the API server's state as it was `lag` ago. A
 * shared informer applies each watch event to its cache and then calls the handlers
 * (tools/cache: sharedIndexInformer.HandleDeltas), so a controller that is told of a change
 * `lag` after it was written reads a cache exactly that far behind. Watch events arrive in
 * order, so with one lag per component the cache at `t` is the state after every write at
 * or before `t - lag`.
 *
 * The history keeps the last state of each simulated millisecond over the longest lag in
 * use, so a lagging view costs a binary search, never a copy: states are persistent values
 * that share everything unchanged.
 */
export class StateHistory {
  private times: Millis[] = [];
  /** Entries before `head` are let go (undefined): only `times` waits for the compaction. */
  private states: (ClusterState | undefined)[] = [];
  private head = 0;

  constructor(
    /** The longest lag any component reads at; older states are let go. */
    public maxLag: Millis,
  ) {}

  /**
   * A component may read `lag` behind from now on (a fault made its informers late): keep that
   * much history from now, starting with the state now. States older than the previous bound
   * are gone, so a view that asks further back gets the oldest kept: a cache that stops moving
   * until time catches up, never one that goes back.
   */
  raise(lag: Millis, now: Millis, state: ClusterState): void {
    if (lag <= this.maxLag) return;
    this.maxLag = lag;
    this.record(now, state);
  }

  /** Records the state after an event at `time` (the last one recorded at a time wins). */
  record(time: Millis, state: ClusterState): void {
    if (this.maxLag <= 0) return;
    const n = this.times.length;
    if (n > this.head && this.times[n - 1] === time) {
      this.states[n - 1] = state;
      return;
    }
    this.times.push(time);
    this.states.push(state);
    this.prune(time);
  }

  /**
   * The state as of `time`: after every event at or before it (the oldest kept when `time`
   * is before it, as at the start of a run); undefined when nothing was recorded.
   */
  at(time: Millis): ClusterState | undefined {
    let lo = this.head;
    let hi = this.times.length - 1;
    if (hi < lo) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.times[mid] as Millis) <= time) lo = mid;
      else hi = mid - 1;
    }
    return this.states[lo];
  }

  /** How many states this history holds alive (a count for tests: it walks the list). */
  get kept(): number {
    let n = 0;
    for (const s of this.states) if (s !== undefined) n++;
    return n;
  }

  /**
   * Keeps one state at or before `now - maxLag` (the oldest a lagging view can ask for). A
   * state passed over is let go at once: each holds the tree paths its millisecond's writes
   * copied, so thousands of them waiting for the compaction below held more than the
   * cluster itself (the churn at 10k pods: up to 4,096 states, about 30 KB each).
   */
  private prune(now: Millis): void {
    const horizon = now - this.maxLag;
    let h = this.head;
    while (h + 1 < this.times.length && (this.times[h + 1] as Millis) <= horizon) this.states[h++] = undefined;
    this.head = h;
    if (h >= 4096 && h * 2 >= this.times.length) {
      this.times = this.times.slice(h);
      this.states = this.states.slice(h);
      this.head = 0;
    }
  }
}
