import { KubesimError } from '../errors.js';
import type { LogEntry } from '../events.js';
import { reduce } from '../reducer/index.js';
import { type ClusterState, initialState } from '../state.js';
import type { Millis } from '../time/duration.js';

export interface ReplayOptions {
  /** Rebuild the state as it was at this simulated time (after every event at or before it). */
  readonly at?: Millis;
  /** Check that every write is rejected or skipped exactly as the log says (default true). */
  readonly verify?: boolean;
}

/**
 * Rebuilds a state by folding a log through the reducer alone: no controllers, no random
 * streams. The first entry must be the Start event the engine writes.
 */
export function replay(entries: Iterable<LogEntry>, opts: ReplayOptions = {}): ClusterState {
  const verify = opts.verify ?? true;
  let state: ClusterState | undefined;
  for (const entry of entries) {
    if (state === undefined) {
      if (entry.event.type !== 'Start') {
        throw new KubesimError(
          'E_REPLAY',
          `the log must begin with a Start event, found ${entry.event.type} at seq ${entry.seq}`,
        );
      }
      state = initialState(entry.event.seed, entry.event.uidSalt, entry.event.imageProfiles);
      continue;
    }
    if (opts.at !== undefined && entry.time > opts.at) break;
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
    state = result.state;
  }
  if (state === undefined) throw new KubesimError('E_REPLAY', 'the log is empty');
  if (opts.at !== undefined && opts.at > state.time) state = { ...state, time: opts.at };
  return state;
}
