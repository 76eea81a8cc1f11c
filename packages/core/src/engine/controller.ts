import type { PatchType } from '../api/patch.js';
import type { Kind, KubeObject } from '../api/types.js';
import type { DeletePropagation, ObjectRef, RecordEvent, SimEventType, WorldEvent, WriteError } from '../events.js';
import type { RandomStream } from '../random/streams.js';
import type { Change } from '../reducer/result.js';
import type { Millis } from '../time/duration.js';
import type { ClusterView } from './view.js';

/**
 * An event a controller records about the outcome of one of its writes, as upstream's
 * clients do after the call returns (`Created pod: web-x2k9p`, `Error creating: ...`). The
 * engine records `success` when the write is applied and `failure` (with the API server's
 * message appended) when it is rejected.
 */
export interface WriteReport {
  readonly involved: RecordEvent['involved'];
  readonly success?: { readonly eventType: 'Normal' | 'Warning'; readonly reason: string; readonly message: string };
  readonly failure?: { readonly eventType: 'Normal' | 'Warning'; readonly reason: string; readonly message: string };
  /** Errors that record no failure Event (CreateStatefulPod "sinks" AlreadyExists). */
  readonly quietOn?: readonly WriteError['reason'][];
}

/**
 * How a sync sends an API call. By default a sync sends its calls one after another, each
 * once the previous one has returned, as a Go sync makes its calls, and its worker waits
 * for all of them.
 */
export interface CallOptions {
  readonly report?: WriteReport;
  /**
   * Calls with the same wave number, next to each other, are sent together once every
   * earlier call has returned (slowStartBatch's batches); when a call of a wave fails, the
   * later waves are not sent.
   */
  readonly wave?: number;
  /** Sent without the sync waiting for its answer (a goroutine: the scheduler's binding cycle). */
  readonly async?: boolean;
  /**
   * A failure of this call does not end the sync: the loop goes on to the next call (and the
   * sync still returns an error), as a Go loop that collects errors does (MarkPodsNotReady).
   */
  readonly continueOnError?: boolean;
  /**
   * NotFound is no error for this call: not a failure of the sync or its wave, no failure
   * Event (RealPodControl.DeletePod returns before recording when the pod is gone). Default:
   * true for a delete, false for every other call (the StatefulSet's pod delete sets false:
   * DeleteStatefulPod returns NotFound as an error).
   */
  readonly ignoreNotFound?: boolean;
  /**
   * A NotFound still fails the sync (and its wave), but the call counts as done for the
   * sync's ifWaveFailed status: upstream's StatefulSet rolling update decrements
   * currentReplicas when its pod delete finds the pod gone, then returns the error.
   */
  readonly notFoundIsDone?: boolean;
  /**
   * Whether ctx.inFlight() counts this call until the controller's informers show it: its
   * expectations. Default true; upstream's ReplicaSet expects only its pod creates and deletes,
   * so its status update and adoption patches set false.
   */
  readonly expectation?: boolean;
  /**
   * A failed update is tried again, up to `times` more tries, over the object's current
   * version: from a fresh GET (updateReplicaSetStatus's statusUpdateRetries: 1, any error), or
   * `fromCache` after a pause, from the controller's informers (the StatefulSet status updater:
   * retry.RetryOnConflict with DefaultRetry, 5 tries 10ms apart, re-reading its lister).
   */
  readonly retry?: {
    readonly times: number;
    readonly onlyConflicts?: boolean;
    readonly fromCache?: { readonly pause: Millis };
  };
  /**
   * The client GETs the object first and writes over what it read (the kubelet's status
   * manager reads the pod, then patches its status): one more request through the rate
   * limiter, one more round trip, and the write carries the object's metadata as the GET
   * found it (so no resourceVersion conflict), with the status (or spec) the sync computed.
   */
  readonly getFirst?: boolean;
}

/**
 * What a controller may ask the engine to do. Effects are data: the controller returns
 * them, the engine carries them out. API calls go out through the controller's client
 * (its rate limiter) and land after the API latency, as events in the log; memory and
 * requeues take effect at once.
 */
export type Effect =
  | ({ readonly type: 'create'; readonly object: KubeObject } & CallOptions)
  | ({ readonly type: 'update'; readonly object: KubeObject } & CallOptions)
  | ({
      readonly type: 'updateStatus';
      readonly object: KubeObject;
      /**
       * The status to write instead when a wave of this sync failed before it: what the
       * upstream sync returns when a pod call errs before it has counted it (the StatefulSet's
       * rolling update returns before decrementing currentReplicas).
       */
      readonly ifWaveFailed?: KubeObject;
    } & CallOptions)
  | ({
      readonly type: 'patch';
      readonly ref: ObjectRef;
      readonly patchType: PatchType;
      readonly patch: unknown;
      readonly subresource?: 'status' | 'finalize';
      /** Precondition: patch only this incarnation of the name. */
      readonly uid?: string;
    } & CallOptions)
  | ({
      readonly type: 'delete';
      readonly ref: ObjectRef;
      readonly propagationPolicy?: DeletePropagation;
      readonly gracePeriodSeconds?: number;
      readonly uid?: string;
    } & CallOptions)
  | ({
      readonly type: 'bind';
      readonly ref: ObjectRef;
      readonly uid: string;
      readonly nodeName: string;
    } & CallOptions)
  | ({ readonly type: 'evict'; readonly ref: ObjectRef; readonly uid?: string } & CallOptions)
  /** The scale subresource: set spec.replicas through /scale, as the HPA controller and `kubectl scale` do. */
  | ({ readonly type: 'scale'; readonly ref: ObjectRef; readonly replicas: number } & CallOptions)
  | {
      readonly type: 'event';
      readonly involved: RecordEvent['involved'];
      readonly eventType: 'Normal' | 'Warning';
      readonly reason: string;
      readonly message: string;
      readonly host?: string;
    }
  /** Reconcile this key (default: the one being reconciled) again after a delay. */
  | { readonly type: 'requeueAfter'; readonly after: Millis; readonly key?: string }
  /** Queue another key of this controller now (queue.Add). */
  | { readonly type: 'enqueue'; readonly key: string }
  /** The sync returns an error of its own (not a call's): AddRateLimited once it is done, no Forget. */
  | { readonly type: 'error'; readonly message: string }
  /**
   * A change to the world, not an API call (a world-side component: metrics-server's scrape, the
   * kernel's OOM killer): logged at the sync's time as a world event, by the controller's name.
   */
  | { readonly type: 'world'; readonly event: WorldEvent }
  /** The controller's own memory (an informer cache, expectations, a timer): undefined forgets. */
  | { readonly type: 'remember'; readonly key: string; readonly value: unknown };

/** The effects that are API calls (each goes through the client's rate limiter and the API server). */
export type ApiEffect = Extract<
  Effect,
  { type: 'create' | 'update' | 'updateStatus' | 'patch' | 'delete' | 'bind' | 'evict' | 'scale' | 'event' }
>;

/** An API error one of a key's calls met, and which write it was. */
export interface CallFailure extends WriteError {
  readonly write: SimEventType;
  /** The name of the object written to (the pod a failed patch was for). */
  readonly name?: string;
}

/** What a sync gets besides its view: the time, its seeded random streams, its memory and its work queue's facts. */
export interface ReconcileContext {
  readonly now: Millis;
  /** A random stream of this controller's, derived by name: the same name always gives the same draws. */
  random(name: string): RandomStream;
  /** What this controller remembered under a key. */
  memory<T>(key: string): T | undefined;
  /**
   * How many API writes this controller issued while reconciling this key that have not
   * landed yet: requests still on the wire. Zero means every earlier write was applied or
   * rejected.
   */
  inFlight(): number;
  /**
   * The API errors this key's writes met since its previous reconcile: what upstream's
   * sync would have got back from its calls (for conditions like ReplicaFailure).
   */
  failures(): readonly CallFailure[];
  /** A name as the API server would generate it from metadata.generateName (`web-` → `web-x2k9p`). */
  generateName(base: string): string;
  /**
   * A read past the informers, straight from the API server (a GET): the state as it is now,
   * not as the informers lag behind it. For the few reads upstream makes live, such as the
   * HPA's GET of its target's /scale; the GET's own round trip and rate-limiter cost are not
   * modelled. Absent in contexts that have no API server behind them (unit-test fakes).
   */
  live?(): ClusterView;
}

/** An informer's event handler: a kind the controller watches, and which of its keys a change enqueues. */
export interface Watch {
  readonly kind: Kind | 'NodeRuntime';
  /** The keys to reconcile for a change; by default the changed object's own key. */
  readonly keys?: (change: Change, view: ClusterView) => Iterable<string>;
}

/**
 * A controller: a pure reconcile function plus what it watches. It reads the view, returns
 * effects, and never mutates anything or reads a clock.
 */
export interface Controller {
  readonly name: string;
  /** The event source name it records under (`deployment-controller`, `kubelet`, ...). */
  readonly component: string;
  readonly watches: readonly Watch[];
  /** One sync of one key: reads the view (the controller's informer caches), returns the API calls and requeues to make. */
  reconcile(view: ClusterView, key: string, ctx: ReconcileContext): readonly Effect[];
  /** How upstream runs it; the control plane's timing profile fills in the rest. */
  readonly runtime?: ControllerRuntimeSpec;
}

/** Where and how upstream runs a controller. */
export interface ControllerRuntimeSpec {
  /**
   * The process it runs in (`kube-controller-manager`, `kube-scheduler`, `kubelet`): its
   * client settings and informer lag. Default kube-controller-manager.
   */
  readonly process?: string;
  /** Its workers by default (upstream's --concurrent-*-syncs); Infinity for a worker per key. Default 1. */
  readonly workers?: number;
  /**
   * Which instance of the process serves a key, for a process that runs once per node (the
   * kubelet of a pod's node): each instance has clients of its own.
   */
  readonly instance?: (view: ClusterView, key: string) => string | undefined;
}
