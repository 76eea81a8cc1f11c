import { freeze } from 'immer';
import type { LogEntry } from './events.js';
import type { EventLog } from './log/log.js';

/**
 * The public API's boundary. Inside, the engine shares objects freely and freezes them only
 * under the tests (immer.ts, frozen.ts: a deep freeze per write costs a third of a run), so
 * what crosses the boundary is made safe there, once:
 * - what a caller gives (an object to apply, a node) is copied, so changing it afterwards
 *   cannot reach the simulation (an object passed to `new Simulation`, changed before `run()`):
 *   Simulation.at() parses it back from its JSON text, the copy the journal keeps (fork.ts);
 * - what a caller gets (an object, a log entry) is deep-frozen in place, so assigning to it
 *   throws in strict mode (every ES module) instead of changing the store behind the reducer.
 * Freezing in place is sound because stored objects and entries are never changed after they
 * are made (the test suite runs with everything frozen to hold the engine to that); an object
 * already frozen costs one check, so reading the same object again is cheap.
 */

/** A value handed out, deep-frozen (in place). */
export function handedOut<T>(value: T): T {
  return value !== null && typeof value === 'object' ? freeze(value, true) : value;
}

/**
 * The log as the public API hands it out: its entries are deep-frozen as they are read, and
 * the list is a copy, so neither an entry nor the list the engine appends to can be changed.
 */
export function handedOutLog(log: EventLog): EventLog {
  let frozenUpTo = 0;
  const entries = (): readonly LogEntry[] => {
    const all = log.entries();
    for (; frozenUpTo < all.length; frozenUpTo++) freeze(all[frozenUpTo] as LogEntry, true);
    return Object.freeze(all.slice());
  };
  return new Proxy(log, {
    get(target, prop) {
      if (prop === 'entries') return entries;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
