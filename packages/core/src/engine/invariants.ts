import type { LogEntry } from '../events.js';
import type { Change } from '../reducer/result.js';
import type { ClusterState } from '../state.js';
import type { Millis } from '../time/duration.js';
import type { ClusterView } from './view.js';

/** What an invariant sees after each event: the states either side of it and what changed. */
export interface InvariantContext {
  readonly prev: ClusterState;
  readonly state: ClusterState;
  readonly entry: LogEntry;
  readonly changes: readonly Change[];
  readonly view: ClusterView;
  /**
   * For a controller's write: the view the sync that issued it read — the controller's
   * informers when it decided, which may be behind `view` by its informer lag, its sync and the
   * API latency. What a controller could not yet see, it cannot be blamed for.
   */
  readonly decidedOn?: ClusterView;
}

/** An invariant's answer: undefined when it holds, a message (and the objects involved) when it does not. */
export type InvariantResult = undefined | string | { readonly message: string; readonly objects?: readonly string[] };

/**
 * A named property checked after every event. It should look only at what changed (or at
 * indexes), never rescan every pod, so that checking stays cheap as the cluster grows.
 */
export interface Invariant {
  readonly name: string;
  /** Judges the state after one event: undefined when the property holds, else what is wrong. */
  check(ctx: InvariantContext): InvariantResult;
}

/** One violation of an invariant: which, at which event, what is wrong and the objects involved. */
export interface Violation {
  readonly invariant: string;
  readonly time: Millis;
  readonly seq: number;
  readonly event: string;
  readonly message: string;
  readonly objects: readonly string[];
}
