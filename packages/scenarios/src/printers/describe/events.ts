import type { KubeEvent, Millis } from '@kubesim/core';
import { since } from './format.js';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './writer.js';

/**
 * DescribeEvents: `Events:\t<none>` (which joins the alignment run above it), or a table
 * sorted by last time seen, with `2m (x3 over 5m)` for repeated events. The message is the
 * event's, trimmed: v1.34 prints no field path before it (that arrived with PR #133627, v1.35).
 */
export function describeEvents(events: readonly KubeEvent[], w: PrefixWriter, now: Millis): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  // event.SortableEvents orders by lastTimestamp; a stable sort keeps the list order on ties.
  const sorted = [...events].sort((a, b) => a.lastTimestamp - b.lastTimestamp);
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const interval = eventInterval(e, now);
    const source = e.source.component || (e.reportingComponent ?? '');
    w.write(LEVEL_1, `${e.type}\t${e.reason}\t${interval}\t${source}\t${e.message.trim()}\n`);
  }
}

/**
 * How long ago an event happened, as describe and `kubectl events` print it (both
 * translateTimestampSince): since its first occurrence, or `<since last> (xN over <since
 * first>)` for a repeated event.
 */
export function eventInterval(e: KubeEvent, now: Millis): string {
  const first = since(e.firstTimestamp, now);
  return e.count > 1 ? `${since(e.lastTimestamp, now)} (x${e.count} over ${first})` : first;
}
