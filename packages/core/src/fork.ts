import type { Controller } from './engine/controller.js';
import type { Invariant } from './engine/invariants.js';
import type { Actor, SimEvent } from './events.js';
import type { EventLog } from './log/log.js';
import type { Millis } from './time/duration.js';

/**
 * What a Simulation was told, in order: the events scheduled (with their times and actors)
 * and the runs, each up to its bound. The engine is deterministic, so doing the same calls
 * again on a fresh engine of the same options rebuilds it exactly — its state, log, timeline,
 * random streams, controllers' queues and expectations — with nothing shared. That is how
 * `Simulation.fork()` branches: re-execution rather than a copy of the engine's memory, which
 * would have to follow every reference between timeline items, runtimes and calls.
 */
export type JournalEntry =
  | { readonly op: 'at'; readonly time: Millis; readonly event: EventText; readonly by: Actor }
  | { readonly op: 'run'; readonly until?: Millis; readonly maxEvents?: number };

/**
 * An event as the JSON text the log writes it in. The journal holds every input for as long
 * as the simulation lives, so it holds them as text: a pod to create weighs about half as
 * much (the churn at 10k pods: 280 bytes an input against 480-580 as objects, none of them
 * kept alive past its dispatch otherwise), and Simulation.at() hands the engine the event
 * parsed back from this very text, so the original and every fork run on equal inputs.
 */
export type EventText = string & { readonly __eventText: true };

/** The text of an event (see EventText); JSON, as the log and `kubesim replay` read it. */
export function eventText(event: SimEvent): EventText {
  return JSON.stringify(event) as EventText;
}

/** The event a text holds: a new object each call, shared with nothing. */
export function parseEvent(text: EventText): SimEvent {
  return JSON.parse(text) as SimEvent;
}

/** What a Simulation.fork may have of its own: invariants, event log, controllers. */
export interface ForkOptions {
  /**
   * The fork's invariants: fresh instances (most keep running counts, so the original's
   * cannot be shared). Default none. They see the whole history again as it is re-executed.
   */
  readonly invariants?: readonly Invariant[];
  /** The fork's event log. Default a new one that keeps its entries. */
  readonly log?: EventLog;
  /**
   * The fork's controllers. Default the original's: a controller is a pure function of what
   * it reads (its memory lives in the engine), so they can be shared.
   */
  readonly controllers?: readonly Controller[];
}

/** A journal that records what it is told, and can be read back in order. */
export class Journal {
  private readonly entries: JournalEntry[] = [];

  /** Remembers one at() or run() call, in order. */
  record(entry: JournalEntry): void {
    this.entries.push(entry);
  }

  /** The calls so far (a copy: later calls to the original do not show in it). */
  snapshot(): readonly JournalEntry[] {
    return [...this.entries];
  }
}
