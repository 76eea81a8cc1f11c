import { kindInfo } from '../api/kinds.js';
import type { KubeEvent } from '../api/types.js';
import type { RecordEvent } from '../events.js';
import { produce } from '../immer.js';
import { deriveUid } from '../random/names.js';
import type { ClusterState } from '../state.js';
import { objectKey } from '../store/keys.js';
import { getObject, putObject } from '../store/store.js';
import type { Millis } from '../time/duration.js';
import { alreadyExists } from './api.js';
import { admitToNamespace } from './namespace.js';
import { type ReduceResult, rejected } from './result.js';

/**
 * The API server's side of a core/v1 Event write. The recording client has already
 * correlated it (runtime/eventsCache.ts) and the entry says what it sent, so this is one
 * lookup by name: a create, or the patch client-go's recordEvent sends for a repeat
 * (falling back to a create when the Event is gone, as recordEvent does on NotFound).
 */

/** Event names are `<object>.<unix nanos in hex>`; kubesim's clock starts at zero, so seq keeps them apart. */
export function eventName(involvedName: string, now: Millis, seq: number): string {
  const nanos = BigInt(now) * 1_000_000n + BigInt(seq % 1_000_000);
  return `${involvedName}.${nanos.toString(16)}`;
}

export function recordEvent(state: ClusterState, e: RecordEvent, now: Millis, seq: number): ReduceResult {
  const namespace = e.involved.namespace || 'default';
  const name = e.name ?? eventName(e.involved.name, now, seq);
  const key = objectKey(namespace, name);
  const count = e.count ?? 1;
  const lastTimestamp = e.lastTimestamp ?? now;
  const existing = getObject(state.store, 'Event', key);
  const rv = state.store.resourceVersion + 1;
  // Events are written for people and nobody watches them, so they report no change.
  if (existing !== undefined) {
    // A create of a taken name is refused, as the API server refuses it (and the recorder drops the event).
    if (count <= 1) return rejected(state, alreadyExists('Event', name));
    const patched = produce(existing, (d) => {
      d.count = count;
      d.message = e.message;
      d.lastTimestamp = lastTimestamp;
      d.metadata.resourceVersion = String(rv);
    });
    return { state: { ...state, store: putObject(state.store, patched, rv) }, changes: [] };
  }
  // NamespaceLifecycle refuses a new Event in a missing or terminating namespace; the recorder drops it.
  const refused = admitToNamespace(state.store, 'Event', namespace, name);
  if (refused) return rejected(state, refused);
  const involvedObject: KubeEvent['involvedObject'] = {
    kind: e.involved.kind,
    name: e.involved.name,
    uid: e.involved.uid,
    apiVersion: kindInfo(e.involved.kind).apiVersion,
  };
  if (e.involved.namespace !== undefined) involvedObject.namespace = e.involved.namespace;
  if (e.involved.fieldPath !== undefined) involvedObject.fieldPath = e.involved.fieldPath;
  const source: KubeEvent['source'] = { component: e.component };
  if (e.host !== undefined) source.host = e.host;
  const event: KubeEvent = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace, uid: deriveUid(state.uidSalt, rv), resourceVersion: String(rv), creationTimestamp: now },
    involvedObject,
    reason: e.reason,
    message: e.message,
    type: e.eventType,
    source,
    firstTimestamp: e.firstTimestamp ?? lastTimestamp,
    lastTimestamp,
    count,
    reportingComponent: e.component,
  };
  return { state: { ...state, store: putObject(state.store, event, rv) }, changes: [] };
}
