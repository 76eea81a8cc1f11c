import { isKind, kindInfo } from '../api/kinds.js';
import type { Kind, KubeObject } from '../api/types.js';
import { KubesimError } from '../errors.js';
import type { Actor, ApiFaultError, LogEntry, ObjectRef, RecordEvent, SimEvent, SimEventType, WriteError } from '../events.js';
import type { ClusterState } from '../state.js';
import { objectKey } from '../store/keys.js';
import { applyDiff, type Diff, diffJson, diffSized, valueSize } from './diff.js';
import { type LogHeader, type LogTrailer, readHeader, readTrailer } from './header.js';

/**
 * The log file, format 3: JSON Lines, one line per entry, each holding what changed.
 *
 * The first line is the header and the last the trailer (./header.ts). Each line between is
 * one entry, its fields always in this order, each left out when it has its usual value:
 *
 * | field           | holds                                                                           |
 * | --------------- | ------------------------------------------------------------------------------- |
 * | `seq`           | the entry's seq, when it is not the previous line's + 1 (the first is 0)        |
 * | `t`             | milliseconds since the previous line's time (`time`: the time, when not whole)  |
 * | `by`            | who caused it, when not the usual: the controller of the reconcile it came from |
 * |                 | (its `cause`), else `engine` (Start, Reconcile), `world` (faults), `user`       |
 * | `c`             | how many entries back its cause is: cause = seq - c (`cause`: the seq itself)   |
 * | the event type  | `"Reconcile":"kubelet"`; `"Delete":"Pod"` (the kind of its ref, or of a         |
 * |                 | RecordEvent's involved object); for an object write, `"UpdateStatus":"Pod"`    |
 * |                 | (the object's kind); or the event's fields as an object,                        |
 * |                 | `"NodeFails":{"name":"n1"}`, when there is nothing to shorten                   |
 * | `key`           | `namespace/name` (`name` without a namespace): the ref's, the involved          |
 * |                 | object's, the reconciled one's, the stored object an object write diffs         |
 * |                 | against, or the owner whose template a Create starts from; left out when it is  |
 * |                 | the key of the reconcile the entry came from                                    |
 * | `from`          | a Create's base: the template of its controller, of this kind at `key`          |
 * |                 | (GetPodFromTemplate's pod); `"last"`: the object of the Create of its kind      |
 * |                 | before it. A write to an object that is gone: `"deleted"`, the object as the    |
 * |                 | last Delete of it found it (a kubelet's status write racing the removal)        |
 * | `like`          | a status write also draws on the object the status write `like` entries back    |
 * |                 | wrote (another pod at the same step): the diff's second base (`["~", D]`); a    |
 * |                 | RecordEvent's fields are a diff against those of the Event `like` entries back  |
 * | `diff`          | an object write: the object as a diff (./diff.ts) against its base: the stored  |
 * |                 | version it replaces, unless `from` says otherwise                               |
 * | event fields    | the other fields as they are, but: `"uid":0` is the uid of the object the ref   |
 * |                 | (or involved object) names; a RecordEvent's `"component":0` is its `by`         |
 * | `error`         | the API server's error, when the write was rejected                             |
 * | `skipped`       | why the event was moot                                                          |
 * | `fault`         | the injected API fault that refused the write (or timed it out after it landed) |
 *
 * So a kubelet status update reads `{"c":12,"UpdateStatus":"Pod","diff":{"status":...}}` and
 * a ReplicaSet's new pod `{"c":3,"Create":"Pod","from":"ReplicaSet","diff":{"metadata":
 * {"name":"web-5cc4fd5dc8-jrszl"}}}`. What a line leaves out comes from the lines before it
 * (seq, time, the cause's controller and key within CAUSE_WINDOW entries, the last Create of
 * a kind, the status writes and Events of the last LIKE_WINDOW entries, what the Deletes of the
 * last DELETED_WINDOW entries found) and from the state before it (the stored version, the
 * owner's template, the uid): replay looks those up as it folds. The
 * writer needs the state before each entry only while it writes the line.
 */
export { LOG_FORMAT } from './header.js';

/** How far back a line may lean on its cause's controller and key; older causes are written out. */
export const CAUSE_WINDOW = 65536;

/** How far back (in entries) a status write may find the one it is `like`. */
export const LIKE_WINDOW = 1024;

/**
 * How far back (in entries) a write to an object that is gone may find it as its last Delete
 * found it: a kubelet's last status write can land thousands of entries after the removal.
 */
export const DELETED_WINDOW = 16384;

type Category = 'object' | 'ref' | 'involved' | 'reconcile' | 'plain';

const CATEGORY: Readonly<Record<SimEventType, Category>> = {
  Apply: 'object',
  Create: 'object',
  Update: 'object',
  UpdateStatus: 'object',
  Patch: 'ref',
  Scale: 'ref',
  Delete: 'ref',
  Bind: 'ref',
  Evict: 'ref',
  RecordEvent: 'involved',
  NodeAdded: 'plain',
  NodeFails: 'plain',
  NodeRecovers: 'plain',
  KubeletRestart: 'plain',
  NodePartition: 'plain',
  NodePartitionHeals: 'plain',
  ClockSkew: 'plain',
  ContainerCrash: 'ref',
  MetricSample: 'plain',
  SetImageProfile: 'plain',
  ControllerLag: 'plain',
  ControllerRestart: 'plain',
  WatchFault: 'plain',
  ApiFaults: 'plain',
  Start: 'plain',
  Reconcile: 'reconcile',
};

/** Who causes an event of this type when nothing says otherwise. */
const USUAL_ACTOR: Readonly<Record<SimEventType, Actor>> = {
  Apply: 'user',
  Create: 'user',
  Update: 'user',
  UpdateStatus: 'user',
  Patch: 'user',
  Scale: 'user',
  Delete: 'user',
  Bind: 'user',
  Evict: 'user',
  RecordEvent: 'user',
  NodeAdded: 'world',
  NodeFails: 'world',
  NodeRecovers: 'world',
  KubeletRestart: 'world',
  NodePartition: 'world',
  NodePartitionHeals: 'world',
  ClockSkew: 'world',
  ContainerCrash: 'world',
  MetricSample: 'world',
  SetImageProfile: 'world',
  ControllerLag: 'world',
  ControllerRestart: 'world',
  WatchFault: 'world',
  ApiFaults: 'world',
  Start: 'engine',
  Reconcile: 'engine',
};

/** The fields after `ref` that a ref event may have, so a line's other fields can be told apart. */
const REF_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Patch: ['patchType', 'patch', 'subresource', 'uid'],
  Scale: ['replicas'],
  Delete: ['propagationPolicy', 'gracePeriodSeconds', 'uid'],
  Bind: ['uid', 'nodeName'],
  Evict: ['uid'],
  ContainerCrash: ['container', 'exitCode'],
};

const ENTRY_FIELDS: ReadonlySet<string> = new Set(['seq', 't', 'time', 'by', 'c', 'cause', 'key', 'error', 'skipped', 'fault']);

/** Names a RecordEvent's own fields must not take for its line to be read back unambiguously. */
const LINE_FIELDS: ReadonlySet<string> = new Set([...ENTRY_FIELDS, 'uid', 'fieldPath', 'from', 'like', 'diff']);

function isEventType(k: string): k is SimEventType {
  return Object.hasOwn(CATEGORY, k);
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The members JSON would write. */
function jsonKeys(o: object): string[] {
  const r = o as Obj;
  return Object.keys(r).filter((k) => r[k] !== undefined);
}

// ---------------------------------------------------------------- Bases

/** What a line needs from the state before its entry, looked up when the entry is appended. */
export interface EntryContext {
  /** An object write (not a Create): where its object is stored, and the version stored there. */
  readonly key?: string;
  readonly stored?: KubeObject;
  /** A Create: the controller whose template it starts from. */
  readonly owner?: { readonly kind: Kind; readonly key: string; readonly object: KubeObject };
  /** A ref event's uid precondition is the uid of the object its ref names. */
  readonly storedUid?: true;
  /** A Delete: the object its ref names, as it was (a write to it after it is gone diffs against this). */
  readonly deleting?: KubeObject;
}

/** Where the store keeps the object a ref names, the way the reducer looks it up. */
function refLookupKey(kind: string, namespace: string | undefined, name: string): string | undefined {
  if (!isKind(kind)) return undefined;
  return kindInfo(kind).namespaced ? objectKey(namespace ?? 'default', name) : name;
}

function stored(state: ClusterState, kind: string, key: string): KubeObject | undefined {
  return isKind(kind) ? (state.store.objects[kind].get(key) as KubeObject | undefined) : undefined;
}

function templateOf(owner: KubeObject): Obj | undefined {
  const spec = (owner as { spec?: unknown }).spec;
  const template = isObject(spec) ? spec.template : undefined;
  return isObject(template) ? template : undefined;
}

/**
 * What a controller's Create starts from (GetPodFromTemplate): the template's labels,
 * annotations, finalizers and spec, the owner's name and namespace and its controller reference. A
 * created object of another kind (a Deployment's ReplicaSet) holds the template in its spec.
 */
function templateBase(owner: KubeObject, kind: string): Obj {
  const template = templateOf(owner) ?? {};
  const tm = isObject(template.metadata) ? template.metadata : {};
  // Named as the owner (a pod is `<owner>-<suffix>` or `<owner>-<ordinal>`), so the name is a change, not an insertion.
  const metadata: Obj = { name: owner.metadata.name, namespace: owner.metadata.namespace };
  if (tm.labels !== undefined) metadata.labels = tm.labels;
  if (tm.annotations !== undefined) metadata.annotations = tm.annotations;
  if (tm.finalizers !== undefined) metadata.finalizers = tm.finalizers;
  metadata.ownerReferences = [
    {
      apiVersion: owner.apiVersion,
      kind: owner.kind,
      name: owner.metadata.name,
      uid: owner.metadata.uid,
      controller: true,
      blockOwnerDeletion: true,
    },
  ];
  if (kind === 'Pod') return { apiVersion: 'v1', kind, metadata, spec: template.spec };
  return { apiVersion: isKind(kind) ? kindInfo(kind).apiVersion : undefined, kind, metadata, spec: { template } };
}

/** The owner whose template a Create starts from: its controller, when that has a spec.template. */
function templateOwner(state: ClusterState, obj: KubeObject): EntryContext['owner'] {
  const ref = obj.metadata?.ownerReferences?.find((r) => r.controller === true);
  if (ref === undefined) return undefined;
  const loc = state.store.byUid.get(ref.uid);
  if (loc === undefined) return undefined;
  const owner = stored(state, loc.kind, loc.key);
  if (owner === undefined || templateOf(owner) === undefined) return undefined;
  return { kind: loc.kind, key: loc.key, object: owner };
}

/** Looks up, in the state before an entry, what its line will leave out. Keeps no reference to the state. */
export function entryContext(entry: LogEntry, prev: ClusterState): EntryContext | undefined {
  const e = entry.event;
  switch (CATEGORY[e.type]) {
    case 'object': {
      const obj = (e as { object?: KubeObject }).object;
      if (!isObject(obj) || typeof obj.kind !== 'string' || !isObject(obj.metadata)) return undefined;
      if (e.type === 'Create') {
        const owner = templateOwner(prev, obj);
        return owner === undefined ? undefined : { owner };
      }
      const meta = obj.metadata;
      if (typeof meta.name !== 'string') return undefined;
      const namespace = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined;
      const key = refLookupKey(obj.kind, namespace, meta.name);
      if (key === undefined) return undefined;
      const object = stored(prev, obj.kind, key);
      return object === undefined ? { key } : { key, stored: object };
    }
    case 'ref': {
      const { ref, uid } = e as { ref?: ObjectRef; uid?: unknown };
      if (!isObject(ref) || typeof ref.kind !== 'string' || typeof ref.name !== 'string') return undefined;
      if (uid === undefined && e.type !== 'Delete') return undefined;
      const key = refLookupKey(ref.kind, ref.namespace, ref.name);
      const object = key === undefined ? undefined : stored(prev, ref.kind, key);
      const deleting = e.type === 'Delete' && object !== undefined ? { deleting: object } : {};
      if (object === undefined) return undefined;
      return typeof uid === 'string' && object.metadata.uid === uid ? { storedUid: true, ...deleting } : deleting;
    }
    case 'involved': {
      const { kind, namespace, name, uid } = (e as { involved?: Partial<ObjectRef> & { uid?: unknown } }).involved ?? {};
      if (typeof uid !== 'string' || typeof kind !== 'string' || typeof name !== 'string') return undefined;
      const key = refLookupKey(kind, namespace, name);
      const object = key === undefined ? undefined : stored(prev, kind, key);
      return object?.metadata.uid === uid ? { storedUid: true } : undefined;
    }
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------- Refs as keys

/** `namespace/name`, or `name` when the ref has no namespace; undefined when that would not read back the same. */
function refToKey(ref: unknown): string | undefined {
  if (!isObject(ref)) return undefined;
  const keys = jsonKeys(ref);
  const { kind, namespace, name } = ref;
  if (typeof kind !== 'string' || typeof name !== 'string' || name.includes('/')) return undefined;
  if (keys.length === 2 && keys[0] === 'kind' && keys[1] === 'name') return name;
  if (keys.length === 3 && keys[0] === 'kind' && keys[1] === 'namespace' && keys[2] === 'name') {
    if (typeof namespace !== 'string' || namespace.includes('/')) return undefined;
    return `${namespace}/${name}`;
  }
  return undefined;
}

/** A RecordEvent's involved object as a key: a ref followed by its uid and, maybe, a fieldPath, in that order. */
function involvedKey(involved: unknown): string | undefined {
  if (!isObject(involved)) return undefined;
  const keys = jsonKeys(involved);
  const n = keys[keys.length - 1] === 'fieldPath' ? keys.length - 1 : keys.length;
  if (keys[n - 1] !== 'uid' || typeof involved.uid !== 'string') return undefined;
  if (n === keys.length - 1 && typeof involved.fieldPath !== 'string') return undefined;
  const ref: Obj = {};
  for (const k of keys.slice(0, n - 1)) ref[k] = involved[k];
  return refToKey(ref);
}

function keyToRef(kind: string, key: string): ObjectRef {
  const slash = key.indexOf('/');
  return (slash < 0 ? { kind, name: key } : { kind, namespace: key.slice(0, slash), name: key.slice(slash + 1) }) as ObjectRef;
}

// ---------------------------------------------------------------- The lines before

/** The last CAUSE_WINDOW entries' actor and key, which a line's cause may stand for. */
class Recent {
  // Plain arrays that grow as entries come, so a short log costs little.
  private readonly seqs: number[] = [];
  private readonly actors: Actor[] = [];
  private readonly keys: (string | undefined)[] = [];

  note(seq: number, actor: Actor, key: string | undefined): void {
    if (!Number.isSafeInteger(seq) || seq < 0) return;
    const i = seq % CAUSE_WINDOW;
    this.seqs[i] = seq;
    this.actors[i] = actor;
    this.keys[i] = key;
  }

  get(seq: number | undefined): { actor: Actor; key: string | undefined } | undefined {
    if (seq === undefined || !Number.isSafeInteger(seq) || seq < 0) return undefined;
    const i = seq % CAUSE_WINDOW;
    if (this.seqs[i] !== seq) return undefined;
    return { actor: this.actors[i] as Actor, key: this.keys[i] };
  }
}

/** What an entry lends the lines it causes: a Reconcile its controller and key, any other entry its actor. */
function lend(recent: Recent, seq: number, event: SimEvent | undefined, by: Actor): void {
  if (event?.type === 'Reconcile') recent.note(seq, event.controller, event.key);
  else recent.note(seq, by, undefined);
}

function usualActor(type: SimEventType, cause: { actor: Actor } | undefined): Actor {
  return cause?.actor ?? USUAL_ACTOR[type];
}

function isWhole(...ns: number[]): boolean {
  return ns.every((n) => Number.isSafeInteger(n));
}

/** `"from":"last"`: a Create diffs against the object of the Create of its kind before it. */
const LAST = 'last';
/** `"from":"deleted"`: a write to an object that is gone diffs against it as the last Delete of it found it. */
const DELETED = 'deleted';

/**
 * What lines may diff against from the lines before them: the object of the last Create of
 * each kind, and the objects of the status writes of the last LIKE_WINDOW entries. Writer and
 * resolver each keep one, fed the same entries, so they agree on what is there.
 */
class LineMemory {
  private readonly created = new Map<string, unknown>();
  private readonly statusSeqs: number[] = [];
  private readonly statusObjects: unknown[] = [];
  /** `kind\0key` → the object as the last Delete of it found it, and that Delete's seq. */
  private readonly deletedObjects = new Map<string, { readonly seq: number; readonly object: unknown }>();
  private deletes = 0;

  noteDeleted(seq: number, kind: string, key: string, object: unknown): void {
    this.deletedObjects.set(`${kind}\u0000${key}`, { seq, object });
    // Forget what is out of reach now and then, so the map stays as small as the window.
    if (++this.deletes % LIKE_WINDOW === 0) {
      for (const [k, v] of this.deletedObjects) if (seq - v.seq >= DELETED_WINDOW) this.deletedObjects.delete(k);
    }
  }

  /** The object as the last Delete of it (within DELETED_WINDOW entries before seq) found it. */
  deleted(seq: number, kind: string, key: string): unknown {
    const d = this.deletedObjects.get(`${kind}\u0000${key}`);
    return d !== undefined && seq - d.seq < DELETED_WINDOW ? d.object : undefined;
  }

  /** A write diffed against a deleted object: its job is done (a second late write is rare). */
  useDeleted(kind: string, key: string): void {
    this.deletedObjects.delete(`${kind}\u0000${key}`);
  }

  note(seq: number, event: SimEvent): void {
    if (event.type !== 'Create' && event.type !== 'UpdateStatus') return;
    const obj = event.object as unknown;
    if (!isObject(obj)) return;
    if (event.type === 'Create') {
      if (typeof obj.kind === 'string') this.created.set(obj.kind, obj);
    } else if (Number.isSafeInteger(seq) && seq >= 0) {
      const i = seq % LIKE_WINDOW;
      this.statusSeqs[i] = seq;
      this.statusObjects[i] = obj;
    }
  }

  lastCreated(kind: string): unknown {
    return this.created.get(kind);
  }

  /** The object the status write at seq wrote, while it is within the window. */
  statusWrite(seq: number): unknown {
    if (!Number.isSafeInteger(seq) || seq < 0) return undefined;
    const i = seq % LIKE_WINDOW;
    return this.statusSeqs[i] === seq ? this.statusObjects[i] : undefined;
  }
}

/**
 * What an Event write says besides whom it is about: the involved object's fieldPath, then
 * its own fields (`"component":0` when the component is its `by`). A RecordEvent line may be a
 * diff of this against an earlier one's (`like`): the same reason, another pod.
 */
function eventBody(event: SimEvent, by: Actor): Obj | undefined {
  if (event.type !== 'RecordEvent' || !isObject(event.involved)) return undefined;
  const ev = event as unknown as Obj;
  const body: Obj = {};
  if (event.involved.fieldPath !== undefined) body.fieldPath = event.involved.fieldPath;
  for (const k of jsonKeys(ev)) if (k !== 'type' && k !== 'involved') body[k] = k === 'component' && ev[k] === by ? 0 : ev[k];
  return body;
}

function eventSignature(event: RecordEvent): string {
  return `${String(event.involved?.kind)}\u0000${String(event.eventType)}\u0000${String(event.reason)}`;
}

/** The bodies of the RecordEvents of the last LIKE_WINDOW entries, for lines `like` them. Writer and reader each keep one. */
class RecentEvents {
  private readonly seqs: number[] = [];
  private readonly bodies: Obj[] = [];

  note(seq: number, event: SimEvent | undefined, by: Actor): void {
    const body = event === undefined ? undefined : eventBody(event, by);
    if (body === undefined || !Number.isSafeInteger(seq) || seq < 0) return;
    const i = seq % LIKE_WINDOW;
    this.seqs[i] = seq;
    this.bodies[i] = body;
  }

  get(seq: number): Obj | undefined {
    if (!Number.isSafeInteger(seq) || seq < 0) return undefined;
    const i = seq % LIKE_WINDOW;
    return this.seqs[i] === seq ? this.bodies[i] : undefined;
  }
}

/**
 * Which earlier status write a new one is likely like: the same kind, phase and conditions
 * (for a pod, the same step of its lifecycle). The writer's guess only: the line names the
 * write it chose, and the writer takes it only when the diff comes out smaller.
 */
function statusSignature(kind: string, obj: Obj): string {
  const status = obj.status;
  if (!isObject(status)) return kind;
  let sig = `${kind}\u0000${String(status.phase)}`;
  if (Array.isArray(status.conditions)) {
    for (const c of status.conditions) if (isObject(c)) sig += `\u0000${String(c.type)}=${String(c.status)}`;
  }
  if (Array.isArray(status.containerStatuses)) {
    for (const c of status.containerStatuses) if (isObject(c) && isObject(c.state)) sig += `\u0000${Object.keys(c.state).join()}`;
  }
  return sig;
}

// ---------------------------------------------------------------- Writing

/** Turns entries into entry lines (formats 2 and 3), in order; one writer per file. */
export class LineWriter {
  private prevSeq = -1;
  private prevTime = 0;
  private readonly recent = new Recent();
  private readonly memory = new LineMemory();
  /** Status signature → seq of the last status write with it. */
  private readonly lastBySignature = new Map<string, number>();
  /** The signature of the status write being written, noted once it is. */
  private signature: string | undefined;
  private readonly events = new RecentEvents();
  /** An Event's involved kind, type and reason → seq of the last RecordEvent with them. */
  private readonly lastEventBySignature = new Map<string, number>();

  line(entry: LogEntry, ctx?: EntryContext): string {
    const { seq, time, cause, event } = entry;
    const out: Obj = {};
    if (seq !== this.prevSeq + 1) out.seq = seq;
    if (time !== this.prevTime) {
      if (isWhole(time, this.prevTime, time - this.prevTime)) out.t = time - this.prevTime;
      else out.time = time;
    }
    const causeInfo = this.recent.get(cause);
    if (entry.by !== usualActor(event.type, causeInfo)) out.by = entry.by;
    if (cause !== undefined) {
      if (isWhole(seq, cause, seq - cause)) out.c = seq - cause;
      else out.cause = cause;
    }
    this.encodeEvent(out, entry, ctx, causeInfo?.key);
    if (entry.error !== undefined) out.error = entry.error;
    if (entry.skipped !== undefined) out.skipped = entry.skipped;
    if (entry.fault !== undefined) out.fault = entry.fault;
    this.prevSeq = seq;
    this.prevTime = time;
    lend(this.recent, seq, event, entry.by);
    this.memory.note(seq, event);
    if (ctx?.deleting !== undefined) {
      const ref = (event as { ref: ObjectRef }).ref;
      const key = refLookupKey(ref.kind, ref.namespace, ref.name);
      if (key !== undefined) this.memory.noteDeleted(seq, ref.kind, key, ctx.deleting);
    }
    if (this.signature !== undefined) this.lastBySignature.set(this.signature, seq);
    this.signature = undefined;
    this.events.note(seq, event, entry.by);
    if (event.type === 'RecordEvent') this.lastEventBySignature.set(eventSignature(event), seq);
    return JSON.stringify(out);
  }

  private encodeEvent(out: Obj, entry: LogEntry, ctx: EntryContext | undefined, causeKey: string | undefined): void {
    const { seq, event: e } = entry;
    const type = e.type;
    const ev = e as unknown as Obj;
    const keys = jsonKeys(ev);
    if (keys[0] === 'type') {
      switch (CATEGORY[type]) {
        case 'reconcile': {
          const { controller, key } = ev;
          if (keys.length === 3 && keys[1] === 'controller' && typeof controller === 'string' && typeof key === 'string') {
            out[type] = controller;
            if (key !== causeKey) out.key = key;
            return;
          }
          break;
        }
        case 'object': {
          const obj = ev.object;
          if (keys.length === 2 && keys[1] === 'object' && isObject(obj) && typeof obj.kind === 'string') {
            if (this.encodeObject(out, seq, type, obj as Obj & { kind: string }, ctx, causeKey)) return;
          }
          break;
        }
        case 'ref': {
          const allowed = REF_FIELDS[type] ?? [];
          const key = refToKey(ev.ref);
          if (keys[1] !== 'ref' || key === undefined || !keys.slice(2).every((k) => allowed.includes(k))) break;
          out[type] = (ev.ref as ObjectRef).kind;
          if (key !== causeKey) out.key = key;
          for (const k of keys.slice(2)) out[k] = k === 'uid' && ctx?.storedUid === true ? 0 : ev[k];
          return;
        }
        case 'involved': {
          const involved = ev.involved as Obj;
          const key = involvedKey(involved);
          const rest = keys.slice(2);
          if (keys[1] !== 'involved' || key === undefined || rest.some((k) => LINE_FIELDS.has(k) || isEventType(k))) break;
          if (ev.component !== undefined && typeof ev.component !== 'string') break;
          out[type] = involved.kind;
          if (key !== causeKey) out.key = key;
          out.uid = ctx?.storedUid === true ? 0 : involved.uid;
          const body = eventBody(e, entry.by) as Obj;
          // Like the last Event with the same reason (another pod pulled, started, killed)?
          const likeSeq = this.lastEventBySignature.get(eventSignature(e as RecordEvent));
          const like = likeSeq === undefined || seq - likeSeq >= LIKE_WINDOW ? undefined : this.events.get(likeSeq);
          if (likeSeq !== undefined && like !== undefined) {
            const diff = diffJson(like, body) ?? {};
            const n = seq - likeSeq;
            if (JSON.stringify(diff).length + String(n).length + 15 < JSON.stringify(body).length) {
              out.like = n;
              out.diff = diff;
              return;
            }
          }
          Object.assign(out, body);
          return;
        }
        case 'plain':
          break;
      }
    }
    const fields: Obj = {};
    for (const k of keys) if (k !== 'type') fields[k] = ev[k];
    out[type] = fields;
  }

  /** Writes an object as a diff against the closest base there is; false when it is best written whole. */
  private encodeObject(
    out: Obj,
    seq: number,
    type: SimEventType,
    obj: Obj & { kind: string },
    ctx: EntryContext | undefined,
    causeKey: string | undefined,
  ): boolean {
    const options: { fields: Obj; diff: Diff; size: number }[] = [];
    const consider = (fields: Obj, base: unknown, second?: unknown): void => {
      const r = diffSized(base, obj, second);
      // A second base the diff does not draw on need not be named.
      if (second !== undefined && !r.second) delete fields.like;
      options.push({ fields, diff: r.diff, size: JSON.stringify(fields).length + r.size });
    };
    // Only a base that may not fit at all (a template, another object) needs weighing against the whole object.
    let mayNotFit = true;
    if (type === 'Create') {
      const owner = ctx?.owner;
      const last = this.memory.lastCreated(obj.kind);
      if (owner !== undefined) consider({ key: owner.key, from: owner.kind }, templateBase(owner.object, obj.kind));
      else if (last !== undefined) consider({ from: LAST }, last);
    } else if (ctx?.key !== undefined) {
      const { key, stored: storedObject } = ctx;
      // Gone (a kubelet's status write racing the pod's removal)? Then as its last Delete found it.
      const deleted = storedObject === undefined ? this.memory.deleted(seq, obj.kind, key) : undefined;
      const base = storedObject ?? deleted;
      const fields: Obj = deleted === undefined ? { key } : { key, from: DELETED };
      // A status write may also draw on an earlier one like it (another pod at the same step of
      // its lifecycle): its diff then says `["~", D]` where that one is closer.
      if (type === 'UpdateStatus') this.signature = statusSignature(obj.kind, obj);
      const likeSeq = this.signature === undefined ? undefined : this.lastBySignature.get(this.signature);
      const like = likeSeq === undefined || seq - likeSeq >= LIKE_WINDOW ? undefined : this.memory.statusWrite(likeSeq);
      if (likeSeq !== undefined && like !== undefined) consider({ ...fields, like: seq - likeSeq }, base, like);
      else if (base !== undefined) consider(fields, base);
      mayNotFit = base === undefined;
    }
    const best = options[0];
    if (best === undefined) return false;
    if (mayNotFit && best.size >= valueSize(obj)) return false;
    out[type] = obj.kind;
    for (const [k, v] of Object.entries(best.fields)) if (k !== 'key' || v !== causeKey) out[k] = v;
    if (best.fields.from === DELETED) this.memory.useDeleted(obj.kind, best.fields.key as string);
    out.diff = best.diff;
    return true;
  }
}

// ---------------------------------------------------------------- Reading

/** An object write read back: the object is a diff against something in the state before it. */
export interface DiffedObjectEvent {
  readonly type: 'Create' | 'Apply' | 'Update' | 'UpdateStatus';
  readonly kind: Kind;
  /** The stored object's key, or (from a kind) the owner's. */
  readonly key: string;
  /** The owner's kind, whose template the object starts from; `last`: the last Create of the kind; `deleted`: the object as its last Delete found it. */
  readonly from?: Kind | 'last' | 'deleted';
  /** The seq of the earlier status write whose status the base takes. */
  readonly like?: number;
  readonly diff: Diff;
}

/** A ref event (or RecordEvent) read back whose uid is that of the object its ref names (`"uid":0`). */
export interface StoredUidEvent {
  readonly type: 'StoredUid';
  readonly event: SimEvent;
}

/** An entry read back whose event still needs the state before it (replay completes it). */
export interface EncodedEntry {
  readonly seq: number;
  readonly time: number;
  readonly by: Actor;
  readonly cause?: number;
  readonly encoded: DiffedObjectEvent | StoredUidEvent;
  readonly error?: WriteError;
  readonly skipped?: string;
  readonly fault?: ApiFaultError;
  /** `file:line`, for messages. */
  readonly at: string;
}

/** What parseLog gives: entries, some still needing the state before them. */
export type ParsedEntry = LogEntry | EncodedEntry;

/** Whether a parsed line is patch-encoded (holds what changed, not the whole event). */
export function isEncoded(e: ParsedEntry): e is EncodedEntry {
  return 'encoded' in e;
}

function fail(message: string): KubesimError {
  return new KubesimError('E_REPLAY', message);
}

/** Reads the lines of a log file (formats 2 and 3), in order; one reader per file. */
export class LineReader {
  /** The header, once read. */
  header: LogHeader | undefined;
  /** The trailer and its line number, once read: no entry may follow it. */
  trailer: (LogTrailer & { readonly line: number }) | undefined;
  private prevSeq = -1;
  private prevTime = 0;
  private readonly recent = new Recent();
  private readonly events = new RecentEvents();

  constructor(private readonly source = 'log') {}

  /** One line (its 1-based number for messages): an entry, or undefined for the header and blank lines. */
  read(line: string, lineNo: number): ParsedEntry | undefined {
    if (line.trim() === '') return undefined;
    const where = `${this.source}:${lineNo}`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (e) {
      throw fail(`${where}: not a JSON object: ${(e as Error).message}`);
    }
    if (this.header === undefined) {
      this.header = readHeader(parsed, where);
      return undefined;
    }
    if (this.trailer !== undefined) throw fail(`${where}: a line after the trailer (line ${this.trailer.line})`);
    if (!isObject(parsed)) throw fail(`${where}: not a JSON object`);
    if ('kubesim' in parsed) {
      this.trailer = { ...readTrailer(parsed, this.header, where), line: lineNo };
      return undefined;
    }
    const entry = this.decode(parsed, where);
    checkOrder(entry, this.prevSeq, this.prevTime, this.header, where);
    this.prevSeq = entry.seq;
    this.prevTime = entry.time;
    // Encoded entries are writes: they lend only their actor, so nothing needs resolving here.
    lend(this.recent, entry.seq, isEncoded(entry) ? undefined : entry.event, entry.by);
    const event = isEncoded(entry) ? (entry.encoded.type === 'StoredUid' ? entry.encoded.event : undefined) : entry.event;
    this.events.note(entry.seq, event, entry.by);
    return entry;
  }

  private decode(line: Obj, where: string): ParsedEntry {
    const num = (k: string): number | undefined => {
      const v = line[k];
      if (v !== undefined && typeof v !== 'number') throw fail(`${where}: ${k} must be a number, found ${JSON.stringify(v)}`);
      return v;
    };
    const seq = num('seq') ?? this.prevSeq + 1;
    const time = num('time') ?? this.prevTime + (num('t') ?? 0);
    const c = num('c');
    const cause = num('cause') ?? (c === undefined ? undefined : seq - c);
    const types = Object.keys(line).filter(isEventType);
    const type = types[0];
    if (type === undefined) throw fail(`${where}: no event (a line holds one event type as a key, such as "Create")`);
    if (types.length > 1) throw fail(`${where}: two events on one line (${types.join(', ')})`);
    const causeInfo = this.recent.get(cause);
    const by = line.by ?? usualActor(type, causeInfo);
    if (typeof by !== 'string') throw fail(`${where}: by must be a string`);
    const head = { seq, time, by, ...(cause !== undefined ? { cause } : {}) };
    const tail = {
      ...(line.error !== undefined ? { error: line.error as WriteError } : {}),
      ...(line.skipped !== undefined ? { skipped: line.skipped as string } : {}),
      ...(line.fault !== undefined ? { fault: line.fault as ApiFaultError } : {}),
    };
    const value = line[type];
    if (isObject(value)) {
      return { ...head, event: { type, ...value } as unknown as SimEvent, ...tail };
    }
    const category = CATEGORY[type];
    if (typeof value !== 'string' || category === 'plain') {
      throw fail(`${where}: ${type} must hold ${category === 'plain' ? 'its fields as an object' : 'a kind or its fields'}`);
    }
    const key = line.key ?? causeInfo?.key ?? (line.from === LAST ? '' : undefined);
    if (typeof key !== 'string')
      throw fail(`${where}: ${type} needs a key (there is none, and no reconcile cause to take it from)`);
    switch (category) {
      case 'reconcile':
        return { ...head, event: { type: 'Reconcile', controller: value, key }, ...tail };
      case 'object': {
        const { from, like, diff } = line;
        if (!isKind(value)) throw fail(`${where}: ${type} of unknown kind ${value}`);
        if (like !== undefined && (typeof like !== 'number' || (from !== undefined && from !== DELETED))) {
          throw fail(`${where}: like must be a number of entries back, and goes with no from but "deleted"`);
        }
        if (from !== undefined && (typeof from !== 'string' || (from !== LAST && from !== DELETED && !isKind(from)))) {
          throw fail(`${where}: from must be a kind, "last" or "deleted", found ${JSON.stringify(from)}`);
        }
        if ((from === LAST || isKind(String(from))) !== (type === 'Create') && from !== undefined) {
          throw fail(`${where}: ${type} cannot be "from":${JSON.stringify(from)}`);
        }
        if (diff === undefined) throw fail(`${where}: ${type} of a ${value} needs a diff`);
        const encoded: DiffedObjectEvent = {
          type: type as DiffedObjectEvent['type'],
          kind: value,
          key,
          ...(from !== undefined ? { from: from as Kind | 'last' | 'deleted' } : {}),
          ...(like !== undefined ? { like: seq - like } : {}),
          diff: diff as Diff,
        };
        return { ...head, encoded, ...tail, at: where };
      }
      case 'ref': {
        const allowed = REF_FIELDS[type] ?? [];
        const event: Obj = { type, ref: keyToRef(value, key) };
        for (const k of Object.keys(line)) {
          if (k === type || ENTRY_FIELDS.has(k)) continue;
          if (!allowed.includes(k)) throw fail(`${where}: ${type} has no field ${k}`);
          event[k] = line[k];
        }
        if (event.uid === 0)
          return { ...head, encoded: { type: 'StoredUid', event: event as unknown as SimEvent }, ...tail, at: where };
        return { ...head, event: event as unknown as SimEvent, ...tail };
      }
      case 'involved': {
        const { uid, like } = line;
        if (uid !== 0 && typeof uid !== 'string') throw fail(`${where}: ${type} needs the involved object's uid (or 0)`);
        let body: Obj;
        if (like !== undefined) {
          const earlier = typeof like === 'number' ? this.events.get(seq - like) : undefined;
          if (earlier === undefined)
            throw fail(`${where}: ${type} is like the event at seq ${seq - Number(like)}, which is not there`);
          let applied: unknown;
          try {
            applied = applyDiff(earlier, line.diff);
          } catch (e) {
            throw fail(`${where}: the diff does not apply: ${(e as Error).message}`);
          }
          if (!isObject(applied)) throw fail(`${where}: the diff of a ${type} must give its fields`);
          body = applied;
        } else {
          body = {};
          for (const k of Object.keys(line)) if (k !== type && k !== 'uid' && !ENTRY_FIELDS.has(k)) body[k] = line[k];
        }
        const { fieldPath } = body;
        if (fieldPath !== undefined && typeof fieldPath !== 'string') throw fail(`${where}: fieldPath must be a string`);
        const involved = { ...keyToRef(value, key), uid, ...(fieldPath !== undefined ? { fieldPath } : {}) };
        const event: Obj = { type, involved };
        for (const k of Object.keys(body)) if (k !== 'fieldPath') event[k] = k === 'component' && body[k] === 0 ? by : body[k];
        if (uid === 0)
          return { ...head, encoded: { type: 'StoredUid', event: event as unknown as SimEvent }, ...tail, at: where };
        return { ...head, event: event as unknown as SimEvent, ...tail };
      }
    }
  }
}

/**
 * Sequence numbers increase (from 0) and time does not run backwards, as the engine writes
 * them; and the Start entry's seed is the header's.
 */
function checkOrder(entry: ParsedEntry, prevSeq: number, prevTime: number, header: LogHeader, where: string): void {
  if (!Number.isSafeInteger(entry.seq) || entry.seq <= prevSeq) {
    throw fail(`${where}: seq ${entry.seq} after seq ${prevSeq}: sequence numbers must increase`);
  }
  if (!Number.isFinite(entry.time) || entry.time < prevTime) {
    throw fail(`${where}: time ${entry.time}ms after ${prevTime}ms: time must not run backwards`);
  }
  if (prevSeq === -1 && header.seed !== undefined && !isEncoded(entry) && entry.event.type === 'Start') {
    if (String(entry.event.seed) !== header.seed) {
      throw fail(
        `${where}: the Start entry's seed ${JSON.stringify(entry.event.seed)} is not the header's ${JSON.stringify(header.seed)}`,
      );
    }
  }
}

// ---------------------------------------------------------------- Resolving

/**
 * Completes the entries read back, in order, from the state just before each and from the
 * entries before it (the last Create of a kind, recent status writes). One resolver per replay.
 */
export class Resolver {
  private readonly memory = new LineMemory();

  /** Turns a parsed line into the full entry, completing a patch-encoded one from the state before it. */
  resolve(state: ClusterState, entry: ParsedEntry): LogEntry {
    const full = isEncoded(entry) ? this.complete(state, entry) : entry;
    this.memory.note(full.seq, full.event);
    if (full.event.type === 'Delete' && isObject(full.event.ref)) {
      const { kind, namespace, name } = full.event.ref;
      const key = typeof kind === 'string' && typeof name === 'string' ? refLookupKey(kind, namespace, name) : undefined;
      const object = key === undefined ? undefined : stored(state, kind, key);
      if (key !== undefined && object !== undefined) this.memory.noteDeleted(full.seq, kind, key, object);
    }
    return full;
  }

  private complete(state: ClusterState, entry: EncodedEntry): LogEntry {
    const { encoded, at } = entry;
    let event: SimEvent;
    if (encoded.type === 'StoredUid') {
      const e = encoded.event;
      const ref = e.type === 'RecordEvent' ? e.involved : (e as { ref: ObjectRef }).ref;
      const key = refLookupKey(ref.kind, ref.namespace, ref.name);
      const object = key === undefined ? undefined : stored(state, ref.kind, key);
      const uid = object?.metadata.uid;
      if (uid === undefined)
        throw fail(`${at}: "uid":0 names the uid of ${ref.kind} ${key ?? ref.name}, which does not exist here`);
      event = (e.type === 'RecordEvent' ? { ...e, involved: { ...e.involved, uid } } : { ...e, uid }) as SimEvent;
    } else {
      const { kind, key, from, like } = encoded;
      let base: unknown;
      let second: unknown;
      if (from === DELETED) {
        base = this.memory.deleted(entry.seq, kind, key);
        if (base === undefined)
          throw fail(`${at}: ${encoded.type} diffs against ${kind} ${key} as deleted, and no Delete of it is near`);
        this.memory.useDeleted(kind, key);
      }
      if (like !== undefined) {
        second = this.memory.statusWrite(like);
        if (second === undefined)
          throw fail(`${at}: ${encoded.type} is like the status write at seq ${like}, which is not there`);
        if (from === undefined) base = stored(state, kind, key);
      } else if (from === DELETED) {
        // base found above
      } else if (from === undefined) {
        base = stored(state, kind, key);
        if (base === undefined) throw fail(`${at}: ${encoded.type} diffs against ${kind} ${key}, which does not exist here`);
      } else if (from === LAST) {
        base = this.memory.lastCreated(kind);
        if (base === undefined)
          throw fail(`${at}: ${encoded.type} diffs against the last Create of a ${kind}, and there was none`);
      } else {
        const owner = stored(state, from, key);
        if (owner === undefined)
          throw fail(`${at}: ${encoded.type} starts from the template of ${from} ${key}, which does not exist here`);
        base = templateBase(owner, kind);
      }
      let object: unknown;
      try {
        object = applyDiff(base, encoded.diff, second);
      } catch (e) {
        throw fail(`${at}: the diff does not apply: ${(e as Error).message}`);
      }
      event = { type: encoded.type, object } as SimEvent;
    }
    return {
      seq: entry.seq,
      time: entry.time,
      by: entry.by,
      ...(entry.cause !== undefined ? { cause: entry.cause } : {}),
      event,
      ...(entry.error !== undefined ? { error: entry.error } : {}),
      ...(entry.skipped !== undefined ? { skipped: entry.skipped } : {}),
      ...(entry.fault !== undefined ? { fault: entry.fault } : {}),
    };
  }
}
