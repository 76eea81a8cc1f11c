import type { PatchType } from './api/patch.js';
import type { Kind, KubeObject, Node } from './api/types.js';
import type { Millis } from './time/duration.js';
import type { ImageProfile } from './world.js';

/**
 * The event union: everything that changes the simulated world is one of these, on the
 * timeline and then in the log. Events are plain data (JSON-serialisable) so that a log
 * can be written, read back and replayed through the reducer alone.
 */

export interface ObjectRef {
  readonly kind: Kind;
  readonly namespace?: string;
  readonly name: string;
}

export type DeletePropagation = 'Background' | 'Foreground' | 'Orphan';

// ---------------------------------------------------------------- API writes
// Made by users (kubectl) and by controllers alike; the log's `by` says who.

/** `kubectl apply`: create the object, or update it from the manifest. */
export interface ApplyEvent {
  readonly type: 'Apply';
  readonly object: KubeObject;
}
export interface CreateEvent {
  readonly type: 'Create';
  readonly object: KubeObject;
}
/** Replaces the main resource; metadata.resourceVersion, when set, is a precondition. */
export interface UpdateEvent {
  readonly type: 'Update';
  readonly object: KubeObject;
}
/** Replaces the status subresource; metadata.resourceVersion, when set, is a precondition. */
export interface UpdateStatusEvent {
  readonly type: 'UpdateStatus';
  readonly object: KubeObject;
}
export interface PatchEvent {
  readonly type: 'Patch';
  readonly ref: ObjectRef;
  readonly patchType: PatchType;
  readonly patch: unknown;
  readonly subresource?: 'status';
  /** Precondition: patch only this incarnation of the name. */
  readonly uid?: string;
}
/** The scale subresource (`kubectl scale`). */
export interface ScaleEvent {
  readonly type: 'Scale';
  readonly ref: ObjectRef;
  readonly replicas: number;
}
export interface DeleteEvent {
  readonly type: 'Delete';
  readonly ref: ObjectRef;
  readonly propagationPolicy?: DeletePropagation;
  readonly gracePeriodSeconds?: number;
  /** Precondition: delete only this incarnation of the name. */
  readonly uid?: string;
}
/** The binding subresource: the scheduler assigns a pod to a node. */
export interface BindEvent {
  readonly type: 'Bind';
  readonly ref: ObjectRef;
  readonly uid: string;
  readonly nodeName: string;
}
/** The eviction subresource: a graceful delete marked as a disruption. */
export interface EvictEvent {
  readonly type: 'Evict';
  readonly ref: ObjectRef;
  readonly uid?: string;
}
/**
 * A core/v1 Event written by a component. Aggregation is the client's job, as upstream's:
 * the recording component's EventCorrelator (runtime/eventsCache.ts) decides, and the
 * decision travels in `name`, `count` and the timestamps, so replay needs no correlator
 * and the write costs O(1).
 */
export interface RecordEvent {
  readonly type: 'RecordEvent';
  readonly involved: {
    readonly kind: Kind;
    readonly namespace?: string;
    readonly name: string;
    readonly uid: string;
    readonly fieldPath?: string;
  };
  readonly eventType: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
  readonly component: string;
  readonly host?: string;
  /**
   * The Event's name, chosen by the correlator. Absent (an event scheduled directly): the
   * reducer names a new Event `<involved name>.<hex>` and aggregates nothing.
   */
  readonly name?: string;
  /**
   * The occurrence count (absent: 1). Above 1 the write is the recorder's patch of the named
   * Event (count, message, lastTimestamp), which creates it instead when it is gone; at 1 it
   * is a create, refused with AlreadyExists if the name is taken.
   */
  readonly count?: number;
  /**
   * When the recorder recorded this occurrence: upstream stamps Events with the client's
   * clock (makeEvent), not the server's, so an Event written after a client-side wait still
   * shows when it happened. Absent: the entry's time.
   */
  readonly lastTimestamp?: Millis;
  /** When the first occurrence was recorded, for a patch that has to create the Event again (absent: lastTimestamp). */
  readonly firstTimestamp?: Millis;
}

// ---------------------------------------------------------------- The world

/** A node joins the cluster (its kubelet registers it). */
export interface NodeAddedEvent {
  readonly type: 'NodeAdded';
  readonly node: Node;
}
/** A node stops: its kubelet no longer heartbeats, its containers stop progressing. */
export interface NodeFailsEvent {
  readonly type: 'NodeFails';
  readonly name: string;
}
/** A failed node comes back: its kubelet restarts and reports Ready. */
export interface NodeRecoversEvent {
  readonly type: 'NodeRecovers';
  readonly name: string;
}
/** A running container's process dies. */
export interface ContainerCrashEvent {
  readonly type: 'ContainerCrash';
  readonly ref: ObjectRef;
  readonly container?: string;
  readonly exitCode?: number;
}
/** One container's usage in a scrape: [name, cpu millicores, memory bytes]. */
export type ContainerSample = readonly [name: string, cpu: number, memory: number];
/** A pod's new metrics: [window ms, its containers]. */
export type PodSample = readonly [window: Millis, containers: readonly ContainerSample[]];
/** A node's new metrics: [window ms, cpu millicores, memory bytes]. */
export type NodeSample = readonly [window: Millis, cpu: number, memory: number];
/** A custom or external metric series: [value in milli-units, window ms, labels when any]. */
export type SeriesSample = readonly [value: number, window: Millis, labels?: Readonly<Record<string, string>>];

/**
 * One metrics-server scrape: every metric it serves from now on. The entry's time is every
 * sample's timestamp. Tuples keep a line per scrape short (a 100-pod service every 15 s).
 * The first one turns the metrics APIs on (WorldState.metricsServer).
 */
export interface MetricSampleEvent {
  readonly type: 'MetricSample';
  /** Pods with new metrics, by pod key (`namespace/name`). */
  readonly pods?: Readonly<Record<string, PodSample>>;
  /** Pods whose metrics are gone (no longer scraped, or not yet two samples since a restart). */
  readonly gone?: readonly string[];
  readonly nodes?: Readonly<Record<string, NodeSample>>;
  readonly nodesGone?: readonly string[];
  /** Custom and external metric series, by WorldState.customMetrics key. */
  readonly series?: Readonly<Record<string, readonly SeriesSample[]>>;
  readonly seriesGone?: readonly string[];
}
/** An image profile changes from now on (for pulls and starts that begin later). */
export interface SetImageProfileEvent {
  readonly type: 'SetImageProfile';
  readonly match: string;
  readonly profile: ImageProfile;
}

// ---------------------------------------------------------------- The engine

/** The first entry of every log: what replay needs to start from. */
export interface StartEvent {
  readonly type: 'Start';
  readonly seed: string;
  readonly uidSalt: number;
  readonly imageProfiles: readonly { readonly match: string; readonly profile: ImageProfile }[];
  /** The wall-clock start (Unix ms), only when the run names one: logs of runs without it are unchanged. */
  readonly startTime?: number;
}
/** A controller's work-queue wake-up for one key. */
export interface ReconcileEvent {
  readonly type: 'Reconcile';
  readonly controller: string;
  readonly key: string;
}

export type ApiWrite =
  | ApplyEvent
  | CreateEvent
  | UpdateEvent
  | UpdateStatusEvent
  | PatchEvent
  | ScaleEvent
  | DeleteEvent
  | BindEvent
  | EvictEvent
  | RecordEvent;

export type WorldEvent =
  | NodeAddedEvent
  | NodeFailsEvent
  | NodeRecoversEvent
  | ContainerCrashEvent
  | MetricSampleEvent
  | SetImageProfileEvent;

export type SimEvent = ApiWrite | WorldEvent | StartEvent | ReconcileEvent;

export type SimEventType = SimEvent['type'];

/** Who caused an event: a user, the world (a fault), the engine, or a controller by name. */
export type Actor = 'user' | 'world' | 'engine' | (string & {});

/** Why a write did not take effect, in the API server's terms. */
export interface WriteError {
  readonly reason:
    | 'Invalid'
    | 'NotFound'
    | 'AlreadyExists'
    | 'Conflict'
    | 'BadRequest'
    | 'Forbidden'
    | 'TooManyRequests'
    | 'InternalError';
  readonly message: string;
  /** For Invalid: each field error as the Status details' causes carry it (`spec.replicas: Invalid value: ...`). */
  readonly causes?: readonly string[];
}

/** One line of the log: the event, when it happened, who caused it, and what came of it. */
export interface LogEntry {
  readonly seq: number;
  readonly time: Millis;
  readonly by: Actor;
  /** The seq of the reconcile whose effect this is, for controller writes. */
  readonly cause?: number;
  readonly event: SimEvent;
  /** Present when the event changed nothing: the API server's error, or why it was moot. */
  readonly error?: WriteError;
  readonly skipped?: string;
}
