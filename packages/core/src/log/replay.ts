import { KubesimError } from '../errors.js';
import type { LogEntry } from '../events.js';
import { type Change, reduce } from '../reducer/index.js';
import { type ClusterState, initialState } from '../state.js';
import type { Millis } from '../time/duration.js';
import { type ParsedEntry, Resolver } from './format.js';

/** How to replay a log: up to when, and how strictly. */
export interface ReplayOptions {
  /** Rebuild the state as it was at this simulated time (after every event at or before it). */
  readonly at?: Millis;
  /** Check that every write is rejected or skipped exactly as the log says (default true). */
  readonly verify?: boolean;
  /**
   * Called with each entry folded (after Start) and what it changed, as the engine's listeners
   * are; then the states after and before it (for invariants re-checked on a replay).
   */
  readonly onEntry?: (entry: LogEntry, changes: readonly Change[], state: ClusterState, prev: ClusterState) => void;
}

/**
 * Rebuilds a state by folding a log through the reducer alone: no controllers, no random
 * streams. The first entry must be the Start event the engine writes. Entries read back from
 * a file (parseLog, readLog) are completed from the state before each, as the log wrote them
 * (the stored version an update diffs against, the owner's template); the entries are read
 * once, in order, so a generator over a file's lines is enough.
 */
export function replay(entries: Iterable<ParsedEntry>, opts: ReplayOptions = {}): ClusterState {
  const verify = opts.verify ?? true;
  const resolver = new Resolver();
  let state: ClusterState | undefined;
  for (const parsed of entries) {
    if (state === undefined) {
      const start = 'event' in parsed ? parsed.event : parsed.encoded;
      if (start.type !== 'Start') {
        throw new KubesimError('E_REPLAY', `the log must begin with a Start event, found ${start.type} at seq ${parsed.seq}`);
      }
      state = initialState(start.seed, start.uidSalt, start.imageProfiles, start.startTime);
      continue;
    }
    if (opts.at !== undefined && parsed.time > opts.at) break;
    const entry = resolver.resolve(state, parsed);
    const result = reduce(state, entry);
    if (verify) {
      const logged = entry.error?.message;
      const now = result.error?.message;
      if (logged !== now) {
        throw new KubesimError(
          'E_REPLAY',
          `replay diverged at seq ${entry.seq} (${entry.event.type} at ${entry.time}ms): the log says ${logged ?? 'accepted'}, replay gives ${now ?? 'accepted'}`,
        );
      }
    }
    const prev = state;
    state = result.state;
    opts.onEntry?.(entry, result.changes, state, prev);
  }
  if (state === undefined) throw new KubesimError('E_REPLAY', 'the log is empty');
  if (opts.at !== undefined && opts.at > state.time) state = { ...state, time: opts.at };
  return state;
}
