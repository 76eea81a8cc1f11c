import type { LogEntry, SimEvent } from '@kubesim/core';
import type { Mark } from './types.js';

/** What an event acted on, as Kind/name (a node by its name). */
export function eventTarget(e: SimEvent): string {
  if ('object' in e) return `${e.object.kind}/${e.object.metadata.name ?? ''}`;
  if ('ref' in e) return `${e.ref.kind}/${e.ref.name}`;
  if (e.type === 'NodeAdded') return `Node/${e.node.metadata.name ?? ''}`;
  if (e.type === 'NodeFails' || e.type === 'NodeRecovers') return `Node/${e.name}`;
  if (e.type === 'SetImageProfile') return `images ${e.match}`;
  return '';
}

/**
 * A mark for each write a user made (kubectl) and each fault the world made; not the world's
 * set-up at 0s (the nodes, the default storage class) nor metrics samples, which are load.
 */
export function markOf(entry: LogEntry): Mark | undefined {
  const e = entry.event;
  if (entry.by === 'user') {
    const verdict = entry.error !== undefined ? ` (rejected: ${entry.error.reason})` : '';
    return { at: entry.time, by: 'user', text: `${e.type} ${eventTarget(e)}${verdict}` };
  }
  if (entry.by !== 'world' || e.type === 'MetricSample') return undefined;
  if (entry.time === 0 && (e.type === 'NodeAdded' || e.type === 'Create')) return undefined;
  return { at: entry.time, by: 'world', text: `${e.type} ${eventTarget(e)}` };
}
