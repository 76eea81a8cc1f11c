import type { LogEntry, RecordEvent } from '@kubesim/core';
import type { EventRow } from './types.js';

/**
 * The Kubernetes Events of the run, one row per Event object in its last version (an
 * aggregated event keeps its name and counts up), in the order they were first written.
 * Read from the RecordEvent writes themselves: the reducer stores Events without reporting
 * a change (nobody watches them).
 */
export class EventRecorder {
  private readonly rows = new Map<string, EventRow>();

  observe(entry: LogEntry): void {
    if (entry.event.type !== 'RecordEvent' || entry.error !== undefined) return;
    const e: RecordEvent = entry.event;
    const key = `${e.involved.namespace || 'default'}/${e.name ?? `#${entry.seq}`}`;
    const before = this.rows.get(key);
    this.rows.set(key, {
      first: before?.first ?? entry.time,
      last: entry.time,
      type: e.eventType,
      reason: e.reason,
      object: `${e.involved.kind}/${e.involved.name}`,
      message: e.message,
      count: e.count ?? 1,
      source: e.component,
    });
  }

  list(): EventRow[] {
    return [...this.rows.values()];
  }
}
