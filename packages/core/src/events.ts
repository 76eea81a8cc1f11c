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

/**
 * meta/v1 DeletionPropagation: Foreground and Orphan add the `foregroundDeletion` / `orphan` finalizer
 * for the garbage collector; Background deletes the owner at once and its dependents after.
 */
export type DeletePropagation = 'Background' | 'Foreground' | 'Orphan';

// ---------------------------------------------------------------- API writes
// Made by users (kubectl) and by controllers alike; the log's `by` says who.

/** `kubectl apply`: create the object, or update it from the manifest. */
export interface ApplyEvent {
  readonly type: 'Apply';
  readonly object: KubeObject;
}
/** `kubectl create` / a controller's POST: fails if the name already exists. */
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
/** A PATCH (JSON, merge or strategic merge) of an object, its status or a Namespace's finalize subresource. */
export interface PatchEvent {
  readonly type: 'Patch';
  readonly ref: ObjectRef;
  readonly patchType: PatchType;
  readonly patch: unknown;
  /** `finalize`: a Namespace's finalize subresource (only spec.finalizers changes). */
  readonly subresource?: 'status' | 'finalize';
  /** Precondition: patch only this incarnation of the name. */
  readonly uid?: string;
}
/** The scale subresource (`kubectl scale`). */
export interface ScaleEvent {
  readonly type: 'Scale';
  readonly ref: ObjectRef;
  readonly replicas: number;
}
/** A DELETE: an object with finalizers (or a pod with a grace period) only gets its deletionTimestamp; else it goes. */
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
/**
 * The kubelet process of a node restarts (the machine does not): its containers keep running,
 * its lease renewals and status writes pause for `downtime` (default KUBELET_RESTART_DOWNTIME),
 * and the new process rebuilds its state from the API server and the container runtime.
 */
export interface KubeletRestartEvent {
  readonly type: 'KubeletRestart';
  readonly node: string;
  readonly downtime?: Millis;
}
/**
 * The node is cut off from the API server: its lease renewals and status writes stop reaching
 * it, and it sees no changes, while its containers keep running. NodePartitionHeals ends it.
 */
export interface NodePartitionEvent {
  readonly type: 'NodePartition';
  readonly node: string;
}
/** Ends a NodePartition: the node reaches the API server again. */
export interface NodePartitionHealsEvent {
  readonly type: 'NodePartitionHeals';
  readonly node: string;
}
/** The node's clock reads `skew` ms off the true time from now on (signed; 0 puts it right). */
export interface ClockSkewEvent {
  readonly type: 'ClockSkew';
  readonly node: string;
  readonly skew: Millis;
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

// ---------------------------------------------------------------- Control-plane faults (faults/)

/**
 * A controller's informers lag the API server from now on: by `lag` milliseconds, or by
 * `events` watch events (changes to the kinds it watches); both 0 (or absent) end the fault.
 */
export interface ControllerLagEvent {
  readonly type: 'ControllerLag';
  readonly controller: string;
  readonly lag?: Millis;
  readonly events?: number;
}
/**
 * A controller's process crashes: its work queue, rate limiters, expectations, memory and the
 * rest of the sync in progress are lost. It starts again `delay` later (default 0), lists
 * everything and queues every object; with `relistLag`, its first list comes from an API
 * server that far behind, which catches up `relistLag` after the restart (Sieve's time travel).
 */
export interface ControllerRestartEvent {
  readonly type: 'ControllerRestart';
  readonly controller: string;
  readonly delay?: Millis;
  readonly relistLag?: Millis;
}
/**
 * Watch notifications (of a kind, to a controller; absent: all) go wrong until `until`:
 * `delay`ed by `delay`; `drop`ped (the watch breaks: changes are missed until the reflector
 * relists at `until`, default `delay` after the break, and the handlers see the difference); or
 * delivered twice (`duplicate`, the second copy `delay` after the first).
 */
export interface WatchFaultEvent {
  readonly type: 'WatchFault';
  readonly controller?: string;
  readonly kind?: Kind;
  readonly mode: 'delay' | 'drop' | 'duplicate';
  readonly delay?: Millis;
  readonly until?: Millis;
}
/** What an injected API fault does to a write (faults/apiFaults.ts has upstream's messages). */
export type ApiFaultError = 'Conflict' | 'InternalError' | 'Timeout' | 'Rejected';
/**
 * Controllers' API writes (of a controller, kind, verb; absent: all) fail from now on: every
 * one, or each with `probability` (drawn from the seeded stream `faults`), the next `count`
 * of them, until `until`. A Timeout's write lands; its caller still sees the error.
 */
export interface ApiFaultsEvent {
  readonly type: 'ApiFaults';
  readonly controller?: string;
  readonly kind?: Kind;
  readonly verb?: 'create' | 'update' | 'patch' | 'delete';
  readonly error: ApiFaultError;
  readonly probability?: number;
  readonly count?: number;
  readonly until?: Millis;
  /** The error's cause as the API server words it (InternalError) or the webhook's message (Rejected). */
  readonly message?: string;
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

/** The events that are API server requests: the writes users and controllers make. */
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

/** The events that change the world outside the API: machines, containers, metrics, and the injected faults. */
export type WorldEvent =
  | NodeAddedEvent
  | NodeFailsEvent
  | NodeRecoversEvent
  | KubeletRestartEvent
  | NodePartitionEvent
  | NodePartitionHealsEvent
  | ClockSkewEvent
  | ContainerCrashEvent
  | MetricSampleEvent
  | SetImageProfileEvent
  | ControllerLagEvent
  | ControllerRestartEvent
  | WatchFaultEvent
  | ApiFaultsEvent;

/** Every event that can be on the timeline and in the log. */
export type SimEvent = ApiWrite | WorldEvent | StartEvent | ReconcileEvent;

/** The `type` tag of a SimEvent (`Create`, `NodeFails`, `Reconcile`, ...). */
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
    | 'InternalError'
    | 'Timeout'
    | 'Forbidden'
    | 'TooManyRequests';
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
  /**
   * An injected API fault (an ApiFaults event) decided this write's outcome: the write was
   * refused with `error` without reaching storage, or (Timeout) it landed and its caller was
   * told it had timed out. Replay reads it to refuse the same write.
   */
  readonly fault?: ApiFaultError;
}
