import type { Kind, KubeObject } from '../api/types.js';
import type { ApiFaultError, ApiFaultsEvent, ObjectRef, SimEvent, WriteError } from '../events.js';
import type { RandomStream } from '../random/streams.js';
import { conflict, groupResource } from '../reducer/api.js';
import type { Millis } from '../time/duration.js';

/** The API verb of a controller's write, as an ApiFaults rule names it (RBAC's verbs). */
export type Verb = NonNullable<ApiFaultsEvent['verb']>;

/** What a write touches: its kind and name, its verb and the HTTP method client-go sends it with. */
export interface WriteTarget {
  readonly kind: Kind;
  readonly name: string;
  readonly verb: Verb;
  readonly method: 'post' | 'put' | 'patch' | 'delete';
}

/** The target of an API write; undefined for what is no API write (world events, Event writes). */
export function writeTarget(event: SimEvent): WriteTarget | undefined {
  switch (event.type) {
    case 'Create':
      return objectTarget(event.object, 'create', 'post');
    case 'Update':
    case 'UpdateStatus':
      return objectTarget(event.object, 'update', 'put');
    case 'Apply':
      return objectTarget(event.object, 'patch', 'patch');
    case 'Patch':
      return refTarget(event.ref, 'patch', 'patch');
    case 'Scale':
      return refTarget(event.ref, 'update', 'put');
    case 'Delete':
      return refTarget(event.ref, 'delete', 'delete');
    // pods/binding and pods/eviction are creates of a subresource (POST).
    case 'Bind':
    case 'Evict':
      return refTarget(event.ref, 'create', 'post');
    default:
      return undefined;
  }
}

function objectTarget(o: KubeObject, verb: Verb, method: WriteTarget['method']): WriteTarget {
  return { kind: o.kind as Kind, name: o.metadata.name ?? '', verb, method };
}

function refTarget(ref: ObjectRef, verb: Verb, method: WriteTarget['method']): WriteTarget {
  return { kind: ref.kind, name: ref.name, verb, method };
}

/** The cause InternalError gives when the event names none: etcd losing its leader mid-request. */
export const DEFAULT_INTERNAL_CAUSE = 'etcdserver: leader changed';
/** The webhook an injected rejection names. */
export const FAULT_WEBHOOK = 'faults.kubesim.io';

/**
 * The error the caller of a faulted write sees, worded as upstream words it
 * (k8s.io/apimachinery/pkg/api/errors/errors.go):
 * - Conflict: NewConflict, the API server's optimistic-concurrency refusal (409);
 * - InternalError: NewInternalError, `Internal error occurred: <cause>` (500);
 * - Timeout: NewGenericServerResponse for a 504 without a Status body, `the server was unable
 *   to return a response in the time allotted, but may still be processing the request
 *   (post pods)` — the write itself landed;
 * - Rejected: an admission webhook's denial (apiserver/pkg/admission/plugin/webhook/errors
 *   ToStatusErr): 403 Forbidden when the webhook gives no code, `pods "web-1" is forbidden:
 *   admission webhook "<name>" denied the request: <message>` (or `... without explanation`).
 */
export function faultError(fault: ApiFaultError, event: SimEvent, message?: string): WriteError {
  const t = writeTarget(event);
  const kind = t?.kind ?? 'Pod';
  const name = t?.name ?? '';
  switch (fault) {
    case 'Conflict':
      return conflict(kind, name);
    case 'InternalError':
      return { reason: 'InternalError', message: `Internal error occurred: ${message ?? DEFAULT_INTERNAL_CAUSE}` };
    case 'Timeout': {
      // client-go names the resource and, for a request on a named object, the name (a create has none).
      const named = event.type === 'Create' ? '' : ` ${name}`;
      const target = t === undefined ? '' : ` (${t.method} ${groupResource(kind)}${named})`;
      return {
        reason: 'Timeout',
        message: `the server was unable to return a response in the time allotted, but may still be processing the request${target}`,
      };
    }
    case 'Rejected': {
      const denied = `admission webhook ${JSON.stringify(FAULT_WEBHOOK)} denied the request`;
      const why = message === undefined ? `${denied} without explanation` : `${denied}: ${message}`;
      return { reason: 'Forbidden', message: `${groupResource(kind)} ${JSON.stringify(name || 'Unknown')} is forbidden: ${why}` };
    }
  }
}

interface Rule {
  readonly event: ApiFaultsEvent;
  /** Faults left to inject; Infinity without a count. */
  left: number;
}

/**
 * The ApiFaults rules in force. The first rule (oldest first) that matches a write and fires
 * decides its fault; a rule with a probability draws from the run's `faults` stream once per
 * matching write, so runs without such a rule draw nothing and keep their streams.
 */
export class ApiFaultRules {
  private rules: Rule[] = [];

  constructor(private readonly random: RandomStream) {}

  get size(): number {
    return this.rules.length;
  }

  add(event: ApiFaultsEvent): void {
    this.rules.push({ event, left: event.count ?? Number.POSITIVE_INFINITY });
  }

  /** The fault for a write by `controller` at `now`, if a rule fires on it. */
  decide(controller: string, event: SimEvent, now: Millis): ApiFaultsEvent | undefined {
    if (this.rules.length === 0) return undefined;
    this.rules = this.rules.filter((r) => r.left > 0 && (r.event.until === undefined || r.event.until > now));
    const t = writeTarget(event);
    if (t === undefined) return undefined;
    for (const r of this.rules) {
      const e = r.event;
      if (e.controller !== undefined && e.controller !== controller) continue;
      if (e.kind !== undefined && e.kind !== t.kind) continue;
      if (e.verb !== undefined && e.verb !== t.verb) continue;
      if (e.probability !== undefined && !(this.random.next() < e.probability)) continue;
      r.left--;
      return e;
    }
    return undefined;
  }
}
