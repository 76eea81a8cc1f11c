import { KubesimError } from '../errors.js';
import type { Actor, LogEntry, SimEvent, StartEvent, WriteError } from '../events.js';
import { EventLog } from '../log/log.js';
import { fnv32a } from '../random/hash.js';
import { generateName } from '../random/names.js';
import { type RandomStream, randomStream } from '../random/streams.js';
import { reduce } from '../reducer/index.js';
import type { Change } from '../reducer/result.js';
import { type ClusterState, initialState } from '../state.js';
import { formatDuration, HOUR, type Millis } from '../time/duration.js';
import { Timeline } from '../timeline/heap.js';
import type { ImageProfileRule } from '../world.js';
import type { ApiEffect, Controller, Effect, ReconcileContext, WriteReport } from './controller.js';
import type { Invariant, Violation } from './invariants.js';
import { ClusterView } from './view.js';
import { type Wake, WorkQueue } from './workqueue.js';

/** Equal-time order: inputs (user actions, faults) first, then API writes, then reconciles. */
export const PRIORITY = { input: 0, api: 1, reconcile: 2 } as const;

export interface EngineOptions {
  readonly seed: string | number;
  readonly controllers?: readonly Controller[];
  readonly imageProfiles?: readonly ImageProfileRule[];
  /** From a controller's effect to the write landing in the API server. Default 1ms. */
  readonly apiLatency?: Millis;
  /** From a watched change to the controller's reconcile. Default 0ms. */
  readonly controllerLatency?: Millis;
  /** Bound on events per run() call. Default 10,000,000. */
  readonly maxEvents?: number;
  /** Bound on simulated time for a run() without `until`. Default 24h. */
  readonly maxTime?: Millis;
  /** Bound on events at one simulated instant (time stopped advancing). Default 200,000. */
  readonly maxEventsPerInstant?: number;
  readonly log?: EventLog;
  readonly invariants?: readonly Invariant[];
  /** Write core/v1 Events (what describe shows). Default true. */
  readonly recordEvents?: boolean;
}

type Pending =
  | {
      readonly kind: 'event';
      readonly event: SimEvent;
      readonly by: Actor;
      readonly cause?: number;
      readonly origin?: Wake;
      readonly report?: { readonly component: string; readonly report: WriteReport };
    }
  | { readonly kind: 'wake'; readonly wake: Wake };

export type StopReason = 'until' | 'quiet' | 'maxEvents' | 'maxTime' | 'stuckInstant' | 'violation';

export interface RunResult {
  readonly stoppedBy: StopReason;
  /** Simulated time at the end of the run. */
  readonly time: Millis;
  /** Log entries written during this run. */
  readonly events: number;
  /** Why a bound stopped the run, naming the busiest controller and key. */
  readonly message?: string;
}

export type EntryListener = (entry: LogEntry, changes: readonly Change[], state: ClusterState) => void;

const HOT_RING = 4096;
const BACKOFF_BASE: Millis = 5;
const BACKOFF_MAX: Millis = 1000 * 1000;

/**
 * The engine: pop the earliest event, reduce it, log it, wake the controllers that watch
 * what changed, check invariants. Controllers' effects come back as events scheduled after
 * the API latency. Everything is deterministic: same seed and inputs, same log.
 */
export class Engine {
  private readonly timeline = new Timeline<Pending>();
  private readonly queue = new WorkQueue();
  private readonly controllers = new Map<string, Controller>();
  private readonly watchers = new Map<
    string,
    { controller: Controller; keys: NonNullable<Controller['watches'][number]['keys']> | undefined }[]
  >();
  private readonly memory = new Map<string, Map<string, unknown>>();
  /** Rejected writes in a row per `controller\0key`, for the retry back-off. */
  private readonly retries = new Map<string, number>();
  /** The errors per `controller\0key` since its last reconcile (ctx.failures()). */
  private readonly failures = new Map<string, WriteError[]>();
  /** Writes issued per `controller\0key` that have not been applied yet. */
  private readonly inFlight = new Map<string, number>();
  private readonly names: RandomStream;
  private readonly apiLatency: Millis;
  private readonly controllerLatency: Millis;
  private readonly maxEvents: number;
  private readonly maxTime: Millis;
  private readonly maxEventsPerInstant: number;
  private readonly invariants: readonly Invariant[];
  private readonly recordEvents: boolean;
  private readonly listeners: EntryListener[] = [];
  private readonly hot: string[] = [];
  private hotNext = 0;
  private instant = -1;
  private eventsAtInstant = 0;
  private cachedView: ClusterView | undefined;

  readonly log: EventLog;
  readonly violations: Violation[] = [];
  private current: ClusterState;
  private nextSeq = 0;
  private clock: Millis = 0;

  constructor(opts: EngineOptions) {
    const seed = String(opts.seed);
    const uidSalt = fnv32a(`uid\u0000${seed}`);
    const profiles = opts.imageProfiles ?? [];
    this.current = initialState(seed, uidSalt, profiles);
    this.names = randomStream(seed, 'names');
    this.apiLatency = opts.apiLatency ?? 1;
    this.controllerLatency = opts.controllerLatency ?? 0;
    this.maxEvents = opts.maxEvents ?? 10_000_000;
    this.maxTime = opts.maxTime ?? 24 * HOUR;
    this.maxEventsPerInstant = opts.maxEventsPerInstant ?? 200_000;
    this.invariants = opts.invariants ?? [];
    this.recordEvents = opts.recordEvents ?? true;
    this.log = opts.log ?? new EventLog();
    for (const c of opts.controllers ?? []) this.addController(c);
    const start: StartEvent = { type: 'Start', seed, uidSalt, imageProfiles: profiles };
    this.append({ seq: this.nextSeq++, time: 0, by: 'engine', event: start }, [], this.current);
  }

  private addController(c: Controller): void {
    if (this.controllers.has(c.name)) throw new KubesimError('E_USAGE', `two controllers are named ${c.name}`);
    this.controllers.set(c.name, c);
    this.memory.set(c.name, new Map());
    for (const w of c.watches) {
      const list = this.watchers.get(w.kind) ?? [];
      list.push({ controller: c, keys: w.keys });
      this.watchers.set(w.kind, list);
    }
  }

  get state(): ClusterState {
    return this.current;
  }

  /** Simulated now: the time of the last event, or the `until` of the last run. */
  get now(): Millis {
    return this.clock;
  }

  get view(): ClusterView {
    if (this.cachedView === undefined || this.cachedView.state !== this.current) this.cachedView = new ClusterView(this.current);
    return this.cachedView;
  }

  /** How many events wait on the timeline. */
  get pending(): number {
    return this.timeline.size;
  }

  onEntry(listener: EntryListener): void {
    this.listeners.push(listener);
  }

  /** Schedules a user action or a world event at a simulated time (not before now). */
  schedule(at: Millis, event: SimEvent, by: Actor = 'user'): void {
    if (!Number.isInteger(at) || at < this.clock) {
      throw new KubesimError('E_USAGE', `cannot schedule ${event.type} at ${at}ms: simulated time is already ${this.clock}ms`);
    }
    this.timeline.push(at, PRIORITY.input, { kind: 'event', event: this.withName(event), by });
  }

  /** The next entry that step() would process, if any. */
  peek(): { time: Millis; type: string } | undefined {
    const top = this.timeline.peek();
    if (top === undefined) return undefined;
    return { time: top.time, type: top.item.kind === 'wake' ? 'Reconcile' : top.item.event.type };
  }

  /** Gives a generated name to an object created with metadata.generateName (the API server's job). */
  private withName(event: SimEvent): SimEvent {
    if (event.type !== 'Create' && event.type !== 'Apply') return event;
    const meta = event.object.metadata;
    if (meta?.name || !meta?.generateName) return event;
    return {
      ...event,
      object: { ...event.object, metadata: { ...meta, name: generateName(meta.generateName, this.names) } },
    } as SimEvent;
  }

  /**
   * Processes the next entry on the timeline. Returns the log entry it wrote, or undefined
   * when the timeline is empty or the entry was a superseded wake-up.
   */
  step(): LogEntry | undefined {
    const top = this.timeline.pop();
    if (top === undefined) return undefined;
    this.clock = top.time;
    const item = top.item;
    if (item.kind === 'wake') {
      if (!this.queue.take(item.wake, top.time)) return undefined;
      return this.reconcile(item.wake, top.time);
    }
    const entry: LogEntry = {
      seq: this.nextSeq++,
      time: top.time,
      by: item.by,
      ...(item.cause !== undefined ? { cause: item.cause } : {}),
      event: item.event,
    };
    const prev = this.current;
    const result = reduce(prev, entry);
    this.current = result.state;
    const logged: LogEntry =
      result.error !== undefined
        ? { ...entry, error: result.error }
        : result.skipped !== undefined
          ? { ...entry, skipped: result.skipped }
          : entry;
    this.append(logged, result.changes, prev);
    this.notify(result.changes, top.time);
    if (item.origin !== undefined) {
      const id = `${item.origin.controller}\u0000${item.origin.key}`;
      const left = (this.inFlight.get(id) ?? 1) - 1;
      if (left === 0) this.inFlight.delete(id);
      else this.inFlight.set(id, left);
      if (result.error !== undefined) {
        this.retry(item.origin, top.time);
        const list = this.failures.get(id) ?? [];
        list.push(result.error);
        this.failures.set(id, list);
      } else this.retries.delete(id);
    }
    if (item.report !== undefined)
      this.reportOutcome(item.report.component, item.report.report, result.error, top.time, logged.seq);
    return logged;
  }

  /** Records the event a controller attached to a write, now that its outcome is known. */
  private reportOutcome(component: string, report: WriteReport, error: WriteError | undefined, now: Millis, cause: number): void {
    if (!this.recordEvents) return;
    const outcome = error === undefined ? report.success : report.failure;
    if (outcome === undefined) return;
    const event: SimEvent = {
      type: 'RecordEvent',
      involved: report.involved,
      eventType: outcome.eventType,
      reason: outcome.reason,
      message: error === undefined ? outcome.message : `${outcome.message}${error.message}`,
      component,
    };
    this.timeline.push(now + this.apiLatency, PRIORITY.api, { kind: 'event', event, by: component, cause });
  }

  private append(entry: LogEntry, changes: readonly Change[], prev: ClusterState): void {
    this.log.append(entry);
    if (this.invariants.length > 0 && entry.event.type !== 'Reconcile') this.checkInvariants(entry, changes, prev);
    for (const l of this.listeners) l(entry, changes, this.current);
  }

  private checkInvariants(entry: LogEntry, changes: readonly Change[], prev: ClusterState): void {
    for (const inv of this.invariants) {
      const r = inv.check({ prev, state: this.current, entry, changes, view: this.view });
      if (r === undefined) continue;
      const v =
        typeof r === 'string'
          ? { message: r, objects: [] as readonly string[] }
          : { message: r.message, objects: r.objects ?? [] };
      this.violations.push({ invariant: inv.name, time: entry.time, seq: entry.seq, event: entry.event.type, ...v });
    }
  }

  /** Wakes every controller that watches a changed kind, for the keys it maps the change to. */
  private notify(changes: readonly Change[], now: Millis): void {
    if (changes.length === 0) return;
    const view = this.view;
    for (const change of changes) {
      const list = this.watchers.get(change.kind);
      if (list === undefined) continue;
      for (const { controller, keys } of list) {
        const at = now + (controller.latency ?? this.controllerLatency);
        if (keys === undefined) this.enqueue(controller.name, change.key, at, false);
        else for (const key of keys(change, view)) this.enqueue(controller.name, key, at, false);
      }
    }
  }

  private enqueue(controller: string, key: string, at: Millis, timer: boolean): void {
    const fresh = timer ? this.queue.addTimer(controller, key, at) : this.queue.add(controller, key, at);
    if (fresh) this.timeline.push(at, PRIORITY.reconcile, { kind: 'wake', wake: { controller, key, timer } });
  }

  /** A controller's write was rejected: it retries the key with a growing delay (5ms doubling). */
  private retry(origin: Wake, now: Millis): void {
    const id = `${origin.controller}\u0000${origin.key}`;
    const n = this.retries.get(id) ?? 0;
    this.retries.set(id, n + 1);
    const delay = Math.min(BACKOFF_BASE * 2 ** n, BACKOFF_MAX);
    this.enqueue(origin.controller, origin.key, now + delay, true);
  }

  private reconcile(wake: Wake, now: Millis): LogEntry {
    const controller = this.controllers.get(wake.controller);
    if (controller === undefined) throw new KubesimError('E_USAGE', `no controller named ${wake.controller}`);
    const entry: LogEntry = {
      seq: this.nextSeq++,
      time: now,
      by: 'engine',
      event: { type: 'Reconcile', controller: wake.controller, key: wake.key },
    };
    this.append(entry, [], this.current);
    this.noteHot(`${wake.controller} ${wake.key}`);
    const memory = this.memory.get(controller.name) as Map<string, unknown>;
    const id = `${controller.name}\u0000${wake.key}`;
    const failures: readonly WriteError[] = this.failures.get(id) ?? [];
    this.failures.delete(id);
    const seed = this.current.seed;
    const ctx: ReconcileContext = {
      now,
      random: (name) => randomStream(seed, `${controller.name}/${name}`),
      memory: <T>(key: string) => memory.get(key) as T | undefined,
      inFlight: () => this.inFlight.get(id) ?? 0,
      failures: () => failures,
      generateName: (base) => generateName(base, this.names),
    };
    let effects: readonly Effect[];
    try {
      effects = controller.reconcile(this.view, wake.key, ctx);
    } catch (e) {
      throw new KubesimError(
        'E_EFFECT',
        `controller ${controller.name} failed to reconcile ${wake.key} at ${formatDuration(now)}: ${(e as Error).message}`,
      );
    }
    for (const effect of effects) this.carryOut(controller, wake, effect, entry.seq, now, memory);
    return entry;
  }

  private carryOut(
    controller: Controller,
    wake: Wake,
    effect: Effect,
    cause: number,
    now: Millis,
    memory: Map<string, unknown>,
  ): void {
    switch (effect.type) {
      case 'remember':
        if (effect.value === undefined) memory.delete(effect.key);
        else memory.set(effect.key, effect.value);
        return;
      case 'requeueAfter':
        // Timers fire on whole milliseconds: a fractional delay rounds up.
        this.enqueue(controller.name, effect.key ?? wake.key, now + Math.max(0, Math.ceil(effect.after)), true);
        return;
      case 'enqueue':
        this.enqueue(controller.name, effect.key, now + (controller.latency ?? this.controllerLatency), false);
        return;
      case 'event':
        if (!this.recordEvents) return;
        break;
      default:
        break;
    }
    const api = effect as ApiEffect;
    const event = this.withName(toEvent(api, controller.component));
    const id = `${controller.name}\u0000${wake.key}`;
    this.inFlight.set(id, (this.inFlight.get(id) ?? 0) + 1);
    const report =
      api.type !== 'event' && api.report !== undefined ? { report: { component: controller.component, report: api.report } } : {};
    this.timeline.push(now + this.apiLatency, PRIORITY.api, {
      kind: 'event',
      event,
      by: controller.name,
      cause,
      origin: wake,
      ...report,
    });
  }

  private noteHot(id: string): void {
    if (this.hot.length < HOT_RING) this.hot.push(id);
    else this.hot[this.hotNext] = id;
    this.hotNext = (this.hotNext + 1) % HOT_RING;
  }

  /** The controller and key that reconciled most among the recent events. */
  private busiest(): string {
    const counts = new Map<string, number>();
    for (const id of this.hot) counts.set(id, (counts.get(id) ?? 0) + 1);
    let best: [string, number] | undefined;
    for (const [id, n] of [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
      if (best === undefined || n > best[1]) best = [id, n];
    if (best === undefined) return 'no controller was reconciling';
    const [name, key] = best[0].split(' ');
    return `controller ${name} kept requeueing ${key} (${best[1]} of the last ${this.hot.length} reconciles)`;
  }

  /**
   * Runs until `until` (inclusive) or, without it, until nothing is left to do. A run that
   * hits a bound stops with a message naming the controller and key that kept it busy.
   */
  run(opts: { until?: Millis; maxEvents?: number } = {}): RunResult {
    const maxEvents = opts.maxEvents ?? this.maxEvents;
    const deadline = opts.until ?? this.clock + this.maxTime;
    const startCount = this.log.length;
    const stop = (stoppedBy: StopReason, message?: string): RunResult => ({
      stoppedBy,
      time: this.clock,
      events: this.log.length - startCount,
      ...(message !== undefined ? { message } : {}),
    });
    for (;;) {
      const next = this.timeline.peekTime();
      if (next === undefined || next > deadline) {
        if (opts.until !== undefined) {
          this.clock = Math.max(this.clock, opts.until);
          return stop('until');
        }
        if (next === undefined) return stop('quiet');
        return stop(
          'maxTime',
          `run stopped at the time bound (${formatDuration(this.maxTime)} of simulated time) at ${formatDuration(this.clock)}: ${this.busiest()}`,
        );
      }
      if (this.log.length - startCount >= maxEvents) {
        return stop(
          'maxEvents',
          `run stopped at the event bound (${maxEvents} events) at ${formatDuration(this.clock)}: ${this.busiest()}`,
        );
      }
      const entry = this.step();
      if (entry === undefined) continue;
      if (entry.time !== this.instant) {
        this.instant = entry.time;
        this.eventsAtInstant = 0;
      }
      if (++this.eventsAtInstant > this.maxEventsPerInstant) {
        return stop(
          'stuckInstant',
          `run stopped: simulated time stopped advancing at ${formatDuration(this.clock)} after ${this.maxEventsPerInstant} events at that instant: ${this.busiest()}`,
        );
      }
    }
  }
}

function toEvent(effect: ApiEffect, component: string): SimEvent {
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
    case 'delete': {
      const { type: _t, report: _r, ...rest } = effect;
      return { type: 'Delete', ...rest };
    }
    case 'bind':
      return { type: 'Bind', ref: effect.ref, uid: effect.uid, nodeName: effect.nodeName };
    case 'evict':
      return { type: 'Evict', ref: effect.ref, ...(effect.uid !== undefined ? { uid: effect.uid } : {}) };
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
