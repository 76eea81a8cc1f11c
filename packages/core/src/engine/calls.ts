import type { KubeObject } from '../api/types.js';
import type { SimEvent } from '../events.js';
import { applyDiff, type Diff } from '../log/diff.js';
import type { TokenBucket } from '../runtime/ratelimiter.js';
import type { ApiEffect, CallOptions, WriteReport } from './controller.js';
import type { ControllerRuntime } from './controllerRuntime.js';
import type { ClusterView } from './view.js';

/**
 * The API calls of one sync, as a Go sync makes them: one after another (each once the
 * previous has returned), or a wave at a time (slowStartBatch: the calls of a wave together,
 * the next wave once all of them have returned, no further waves after a failure). The
 * sync's worker is busy until the last call has returned.
 */
export interface Call {
  readonly rt: ControllerRuntime;
  /** The life of rt's process that sent it (ControllerRuntime.epoch): after a restart its answer goes nowhere. */
  readonly epoch: number;
  readonly key: string;
  /** The write; a retry replaces it with the same change over the object's fresh version. */
  event: SimEvent;
  /** The seq of the reconcile entry that issued it. */
  readonly cause: number;
  /** What the sync that issued it read: its informers' view when it decided. */
  readonly decidedOn: ClusterView;
  /** The write to send instead when a wave of its sync failed before it (an updateStatus's ifWaveFailed). */
  readonly ifWaveFailed?: SimEvent;
  readonly bucket: TokenBucket;
  readonly report: WriteReport | undefined;
  /** Which instance of the process sent it (the kubelet's node), for the Event a report records. */
  readonly instance: string | undefined;
  readonly wave: number | undefined;
  readonly continueOnError: boolean;
  readonly ignoreNotFound: boolean;
  readonly notFoundIsDone: boolean;
  /** Counted in ctx.inFlight() until the controller's informers show it. */
  readonly expectation: boolean;
  /** For an update that may be retried: the change it makes, as a diff from the object the sync read. */
  readonly change: Diff | undefined;
  /** A GET to send before the write (cleared once it has been answered). */
  getFirst: boolean;
  /** Tries left after a failure, over the object's current version. */
  retriesLeft: number;
  readonly retry: CallOptions['retry'];
  /** The sync it belongs to when the sync waits for it; undefined for a call sent without waiting. */
  readonly run: SyncRun | undefined;
}

export class SyncRun {
  /** The calls the worker waits for, in order. */
  readonly calls: Call[] = [];
  /** The next call to send. */
  next = 0;
  /** Calls sent and not answered yet. */
  outstanding = 0;
  /** A call failed: the sync returns an error (AddRateLimited, no Forget). */
  failed = false;
  /** A call of a wave failed: later waves are not sent. */
  waveFailed = false;
  /** A wave failed in a way its sync had not counted on: an updateStatus's ifWaveFailed is written. */
  fallback = false;
  /** A call outside any wave failed: the sync returned its error, nothing after it is sent. */
  aborted = false;
  /** The life of rt's process it runs in: when the process restarts, the rest of the sync is lost. */
  readonly epoch: number;

  constructor(
    readonly rt: ControllerRuntime,
    readonly key: string,
    readonly worker: number,
    /** When the sync's computation ended (fractional milliseconds). */
    readonly computed: number,
  ) {
    this.epoch = rt.epoch;
  }

  /**
   * The calls to send now: the next call alone, or the whole next wave. Calls of later waves
   * after a failed wave are skipped, calls outside any wave are still sent (the ReplicaSet
   * controller writes its status after a failed slow start); after a failed call outside any
   * wave nothing more is sent (`if err != nil { return err }`).
   */
  nextGroup(): Call[] {
    const out: Call[] = [];
    if (this.aborted) return out;
    while (this.next < this.calls.length) {
      const first = this.calls[this.next] as Call;
      if (first.wave !== undefined && this.waveFailed) {
        this.next++;
        continue;
      }
      if (this.fallback && first.ifWaveFailed !== undefined) first.event = first.ifWaveFailed;
      out.push(first);
      this.next++;
      if (first.wave === undefined) break;
      while (this.next < this.calls.length && (this.calls[this.next] as Call).wave === first.wave) {
        out.push(this.calls[this.next] as Call);
        this.next++;
      }
      break;
    }
    return out;
  }
}

/** The write an API effect makes, as the API server receives it. */
export function toEvent(effect: ApiEffect, component: string): SimEvent {
  switch (effect.type) {
    case 'create':
      return { type: 'Create', object: effect.object };
    case 'update':
      return { type: 'Update', object: effect.object };
    case 'updateStatus':
      return { type: 'UpdateStatus', object: effect.object };
    case 'patch':
      return {
        type: 'Patch',
        ref: effect.ref,
        patchType: effect.patchType,
        patch: effect.patch,
        ...(effect.subresource !== undefined ? { subresource: effect.subresource } : {}),
        ...(effect.uid !== undefined ? { uid: effect.uid } : {}),
      };
    case 'delete':
      return {
        type: 'Delete',
        ref: effect.ref,
        ...(effect.propagationPolicy !== undefined ? { propagationPolicy: effect.propagationPolicy } : {}),
        ...(effect.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: effect.gracePeriodSeconds } : {}),
        ...(effect.uid !== undefined ? { uid: effect.uid } : {}),
      };
    case 'bind':
      return { type: 'Bind', ref: effect.ref, uid: effect.uid, nodeName: effect.nodeName };
    case 'evict':
      return { type: 'Evict', ref: effect.ref, ...(effect.uid !== undefined ? { uid: effect.uid } : {}) };
    case 'scale':
      return { type: 'Scale', ref: effect.ref, replicas: effect.replicas };
    case 'event':
      return {
        type: 'RecordEvent',
        involved: effect.involved,
        eventType: effect.eventType,
        reason: effect.reason,
        message: effect.message,
        component,
        ...(effect.host !== undefined ? { host: effect.host } : {}),
      };
  }
}

/**
 * A failed update sent again over the object as a fresh read returns it: the sync's change
 * (its diff from the object it read) applied to the current version, which carries the current
 * resourceVersion, so a write that raced it is kept (as upstream's RetryOnConflict closures
 * re-apply their change to the object they re-read); a status update replaces the status.
 * Undefined when the object is gone (the retry's read fails: the first error stands).
 */
export function retried(event: SimEvent, current: KubeObject | undefined, change: Diff | undefined): SimEvent | undefined {
  if (current === undefined) return undefined;
  if (event.type === 'UpdateStatus') {
    const status = (event.object as { status?: unknown }).status;
    return { type: 'UpdateStatus', object: { ...current, status } as KubeObject };
  }
  if (event.type === 'Update') {
    const o = change === undefined ? event.object : (applyDiff(current, change) as KubeObject);
    return {
      type: 'Update',
      object: { ...o, metadata: { ...o.metadata, resourceVersion: current.metadata.resourceVersion } } as KubeObject,
    };
  }
  return undefined;
}
