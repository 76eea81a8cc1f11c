import type { RecordEvent } from '../events.js';
import type { ControllerFaults } from '../faults/controllerFaults.js';
import { generateName } from '../random/names.js';
import { type RandomStream, randomStream } from '../random/streams.js';
import { TokenBucket } from '../runtime/ratelimiter.js';
import type { ClientTiming, ControllerTiming, ProcessTiming } from '../runtime/timing.js';
import { WorkerPool } from '../runtime/workers.js';
import { WorkQueue } from '../runtime/workqueue.js';
import type { Millis } from '../time/duration.js';
import type { CallFailure, Controller, ReconcileContext } from './controller.js';
import type { ClusterView } from './view.js';

/** Where one component instance's Events go: the client it writes them with (its correlator is the engine's, by component and host). */
export interface EventChannel {
  readonly bucket: TokenBucket;
  readonly host: string | undefined;
  /**
   * The writes waiting behind the one on its way: the recorder's sink writes one Event at a
   * time (recordToSink runs in the broadcaster's one goroutine), so a count's patch never
   * overtakes the create it follows.
   */
  readonly waiting: { readonly event: RecordEvent; readonly cause: number }[];
  busy: boolean;
}

/**
 * Everything the engine keeps for one controller: its work queue and workers, its clients,
 * its memory, and the bookkeeping of its keys (writes in flight, errors since the last sync).
 * It is also the ReconcileContext of the sync in progress: the engine runs one sync at a
 * time, so `now` and `key` are set before each reconcile call (no object per sync).
 */
export class ControllerRuntime implements ReconcileContext {
  /** Replaced when the controller's process restarts (crash()), as are the workers and clients. */
  queue: WorkQueue = new WorkQueue();
  workers: WorkerPool;
  readonly memoryOf: Map<string, unknown> = new Map();
  /** Writes issued per key that its informers have not shown back yet (or that have not been answered). */
  readonly inFlightOf: Map<string, number> = new Map();
  /** The API errors each key's writes met since its last sync. */
  readonly failuresOf: Map<string, CallFailure[]> = new Map();
  /** The time of this controller's dispatch on the timeline, or −1 when none is pending. */
  dispatchAt: Millis = -1;
  /** Its informers' view at the last lagging state asked for (kept while the state is the same). */
  view: ClusterView | undefined;
  /** How late its informers see the API server: its process's lag, or a ControllerLag fault's. */
  informerLag: Millis;
  /** Which life of its process this is: a sync or call of an earlier one died with it (faults/restart.ts). */
  epoch = 0;
  /** The control-plane faults on it (faults/), undefined when none: the engine's fast path. */
  faults: ControllerFaults | undefined;
  private readonly clients = new Map<string, TokenBucket>();
  private readonly eventChannels = new Map<string, EventChannel>();
  private sharedClient: TokenBucket;

  // The sync in progress.
  now: Millis = 0;
  key = '';
  private liveView: () => ClusterView = () => {
    throw new Error('internal: no sync in progress');
  };
  private currentFailures: readonly CallFailure[] = [];

  constructor(
    readonly controller: Controller,
    readonly process: ProcessTiming,
    readonly timing: ControllerTiming,
    private readonly seed: string,
    private readonly names: RandomStream,
  ) {
    this.workers = new WorkerPool(timing.workers);
    this.sharedClient = bucketOf(process.client);
    this.informerLag = process.informerLag;
  }

  /**
   * Its process dies: the work queue with its rate limiter and timers, the workers, the
   * clients' token buckets, the Event recorders' buffers, the memory and the expectations are
   * lost. The syncs and calls of this life are told apart by the epoch and come to nothing.
   */
  crash(): void {
    this.epoch++;
    this.queue = new WorkQueue();
    this.workers = new WorkerPool(this.timing.workers);
    this.memoryOf.clear();
    this.inFlightOf.clear();
    this.failuresOf.clear();
    this.dispatchAt = -1;
    this.view = undefined;
    this.clients.clear();
    this.sharedClient = bucketOf(this.process.client);
    for (const ch of this.eventChannels.values()) ch.waiting.length = 0;
    this.eventChannels.clear();
  }

  get name(): string {
    return this.controller.name;
  }

  /** Which instance of its process serves a key (the kubelet of the pod's node); undefined for a singleton. */
  instanceOf(view: ClusterView, key: string): string | undefined {
    return this.controller.runtime?.instance?.(view, key);
  }

  /** The client of a process instance: one per controller, and per node for the kubelet. */
  client(instance: string | undefined): TokenBucket {
    if (instance === undefined) return this.sharedClient;
    let bucket = this.clients.get(instance);
    if (bucket === undefined) {
      bucket = bucketOf(this.process.client);
      this.clients.set(instance, bucket);
    }
    return bucket;
  }

  /** A process instance is gone (its Node was deleted): its clients go with it. */
  forgetInstance(instance: string): void {
    this.clients.delete(instance);
    this.eventChannels.delete(instance);
  }

  /** Where a component instance's Events go: its own event client, or its controller client. */
  events(host: string | undefined): EventChannel {
    const id = host ?? '';
    let ch = this.eventChannels.get(id);
    if (ch === undefined) {
      const bucket = this.process.eventClient === undefined ? this.client(host) : bucketOf(this.process.eventClient);
      ch = { bucket, host, waiting: [], busy: false };
      this.eventChannels.set(id, ch);
    }
    return ch;
  }

  /** Sets up the context for a sync of `key` at `now`: the errors its calls met since its last sync move to ctx.failures(). */
  begin(key: string, now: Millis, live: () => ClusterView): void {
    this.key = key;
    this.now = now;
    this.liveView = live;
    this.currentFailures = this.failuresOf.get(key) ?? [];
    this.failuresOf.delete(key);
  }

  addInFlight(key: string, n: number): void {
    const left = (this.inFlightOf.get(key) ?? 0) + n;
    // Never below zero: a write of an earlier life of the process, seen after a restart,
    // lowers the new life's count as upstream's CreationObserved does, and no further.
    if (left <= 0) this.inFlightOf.delete(key);
    else this.inFlightOf.set(key, left);
  }

  addFailure(key: string, error: CallFailure): void {
    const list = this.failuresOf.get(key);
    if (list === undefined) this.failuresOf.set(key, [error]);
    else list.push(error);
  }

  // ---- ReconcileContext (arrow properties: safe to pass around unbound)

  readonly random = (name: string): RandomStream => randomStream(this.seed, `${this.controller.name}/${name}`);
  readonly memory = <T>(key: string): T | undefined => this.memoryOf.get(key) as T | undefined;
  readonly inFlight = (): number => this.inFlightOf.get(this.key) ?? 0;
  readonly failures = (): readonly CallFailure[] => this.currentFailures;
  readonly generateName = (base: string): string => generateName(base, this.names);
  readonly live = (): ClusterView => this.liveView();
}

function bucketOf(c: ClientTiming): TokenBucket {
  return new TokenBucket(c.qps, c.burst);
}
