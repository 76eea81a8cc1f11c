import type { Kind, KubeObject } from '../api/types.js';
import { KubesimError } from '../errors.js';
import type { Actor, LogEntry, RecordEvent, SimEvent, StartEvent, WriteError } from '../events.js';
import { faultError, writeTarget } from '../faults/apiFaults.js';
import { ControlFaults, isControlFault } from '../faults/controlFaults.js';
import { type Diff, diffJson } from '../log/diff.js';
import { EventLog } from '../log/log.js';
import { fnv32a } from '../random/hash.js';
import { generateName } from '../random/names.js';
import { type RandomStream, randomStream, sample } from '../random/streams.js';
import { reduce } from '../reducer/index.js';
import { type Change, writtenChange } from '../reducer/result.js';
import { EventCorrelator, toRecordEvent } from '../runtime/eventsCache.js';
import { StateHistory } from '../runtime/informer.js';
import {
  type ControlPlane,
  type ControlPlaneOptions,
  controllerTimingOf,
  controlPlane,
  KUBE_CONTROLLER_MANAGER,
  processTimingOf,
  profile as profileOf,
  syncDuration,
} from '../runtime/timing.js';
import { type ClusterState, initialState } from '../state.js';
import { keyOf } from '../store/keys.js';
import { formatDuration, HOUR, type Millis } from '../time/duration.js';
import { parseStartTime } from '../time/startTime.js';
import { Timeline } from '../timeline/heap.js';
import type { ImageProfileRule } from '../world.js';
import { type Call, retried, SyncRun, toEvent } from './calls.js';
import type { ApiEffect, Controller, Effect, WriteReport } from './controller.js';
import { ControllerRuntime, type EventChannel } from './controllerRuntime.js';
import { HotKeys } from './hotKeys.js';
import type { Invariant, Violation } from './invariants.js';
import { DEFAULT_LIMITS, type Limits, limitReached } from './limits.js';
import { ClusterView } from './view.js';

/**
 * Equal-time order: inputs (user actions, faults) first, then API writes landing, then
 * what the informers deliver (and timers and syncs finishing), then workers taking keys.
 */
export const PRIORITY = { input: 0, api: 1, deliver: 2, dispatch: 3 } as const;

/**
 * How to build an Engine: the seed for its random streams, the controllers and image profiles,
 * control-plane timing, the bounds a run stops at, the log, the invariants to check.
 */
export interface EngineOptions {
  readonly seed: string | number;
  readonly controllers?: readonly Controller[];
  readonly imageProfiles?: readonly ImageProfileRule[];
  /** The control plane's timing: a profile (`upstream`, the default, or `instant`) and overrides. */
  readonly controlPlane?: ControlPlaneOptions;
  /** Shorthand: every API call takes exactly this long (overrides controlPlane.apiLatency). */
  readonly apiLatency?: Millis;
  /** Shorthand: every process's informers see a change this late (overrides controlPlane's lags). */
  readonly controllerLatency?: Millis;
  /** Bound on events per run() call: log entries and syncs. Default 10,000,000. */
  readonly maxEvents?: number;
  /** Bound on simulated time for a run() without `until`. Default 24h. */
  readonly maxTime?: Millis;
  /** Bound on events (entries and syncs) at one simulated instant (time stopped advancing). Default 200,000. */
  readonly maxEventsPerInstant?: number;
  /** Bounds on pods, nodes and objects (limits.ts); each defaults to DEFAULT_LIMITS'. */
  readonly limits?: Partial<Limits>;
  readonly log?: EventLog;
  readonly invariants?: readonly Invariant[];
  /** Write core/v1 Events (what describe shows). Default true. */
  readonly recordEvents?: boolean;
  /**
   * The wall-clock instant the run starts at: RFC 3339 (`2026-03-08T01:59:00-05:00`) or Unix
   * milliseconds. CronJob schedules and printed timestamps count from it. Default
   * 2026-01-01T00:00:00Z.
   */
  readonly startTime?: string | number;
}

/** What waits on the timeline. */
type Item =
  /** A user action or a fault. */
  | { readonly kind: 'input'; readonly event: SimEvent; readonly by: Actor }
  /** A controller's API call landing in the API server. */
  | { readonly kind: 'call'; readonly call: Call }
  /** The answer to the GET a call sends first. */
  | { readonly kind: 'get'; readonly call: Call }
  /** The answer to the GET before a failed update's next try. */
  | { readonly kind: 'refetch'; readonly call: Call; readonly error: WriteError; readonly cause: number }
  /** An Event write landing (and its recorder free for the next). */
  | {
      readonly kind: 'record';
      readonly event: RecordEvent;
      readonly by: string;
      readonly cause: number;
      readonly channel: EventChannel;
    }
  /** Informers handing changes to their controllers (queue.Add), and a write showing up in its writer's cache. */
  | { readonly kind: 'deliver'; readonly adds: Delivery[]; readonly settle?: ControllerRuntime; readonly settleKey?: string }
  /** An AddAfter timer coming due. */
  | { readonly kind: 'timer'; readonly rt: ControllerRuntime; readonly key: string; readonly at: Millis }
  /** A sync without calls finishing its computation. */
  | { readonly kind: 'done'; readonly run: SyncRun }
  /** A worker of the controller takes the next key. */
  | { readonly kind: 'dispatch'; readonly rt: ControllerRuntime }
  /** A control-plane fault's next step (a restarted controller back up, a broken watch relisting). */
  | { readonly kind: 'fault'; readonly fire: (now: Millis) => void };

interface Delivery {
  readonly rt: ControllerRuntime;
  readonly key: string;
}

/**
 * Why Engine.run returned: `until` reached, `quiet` (nothing left to do), a bound hit (`maxEvents`,
 * `maxTime`, `stuckInstant` when time stopped advancing, `hotLoop`, `limit` on objects); see RunResult.message.
 */
export type StopReason = 'until' | 'quiet' | 'maxEvents' | 'maxTime' | 'stuckInstant' | 'hotLoop' | 'violation' | 'limit';

/** What one Engine.run call did: why it stopped, where simulated time is, how many entries and syncs it ran. */
export interface RunResult {
  readonly stoppedBy: StopReason;
  /** Simulated time at the end of the run. */
  readonly time: Millis;
  /** Log entries written during this run. */
  readonly events: number;
  /** Syncs (reconciles) run during this run, logged or not. */
  readonly syncs: number;
  /** Why a bound stopped the run, naming the busiest controller and key. */
  readonly message?: string;
}

/** Called after each log entry is appended, with the changes it made and the state after it. */
export type EntryListener = (entry: LogEntry, changes: readonly Change[], state: ClusterState) => void;

type Watchers = Map<string, { rt: ControllerRuntime; keys: NonNullable<Controller['watches'][number]['keys']> | undefined }[]>;

/**
 * The engine: pop the earliest item, reduce it, log it, hand what changed to the informers
 * of the controllers that watch it, check invariants. Controllers run as upstream's do: a
 * work queue and workers each, syncs that take time and wait for their API calls, clients
 * held to their QPS, informers that see the API server a little late (runtime/).
 * Everything is deterministic: same seed and inputs, same log.
 */
export class Engine {
  private readonly timeline = new Timeline<Item>();
  private readonly runtimes = new Map<string, ControllerRuntime>();
  private readonly watchers: Watchers = new Map();
  private readonly correlators = new Map<string, EventCorrelator>();
  /** notify()'s scratch: the keys to deliver later, by lag (emptied before it returns). */
  private readonly delayed = new Map<Millis, Delivery[]>();
  private readonly names: RandomStream;
  private readonly apiRandom: RandomStream;
  readonly controlPlane: ControlPlane;
  private readonly history: StateHistory;
  private readonly maxEvents: number;
  private readonly maxTime: Millis;
  private readonly maxEventsPerInstant: number;
  private readonly invariants: readonly Invariant[];
  private readonly recordEvents: boolean;
  private readonly listeners: EntryListener[] = [];
  private readonly hot = new HotKeys();
  private instant = -1;
  /** Set when one key has taken nearly all recent syncs within a simulated second. */
  private hotLoop: string | undefined;
  /** Set when the state passed a limit (limits.ts); the run stops, now and on any later run(). */
  private limitHit: string | undefined;
  private readonly limits: Limits;
  private eventsAtInstant = 0;
  private syncCount = 0;
  private cachedView: ClusterView | undefined;
  private readonly faults: ControlFaults;

  readonly log: EventLog;
  readonly violations: Violation[] = [];
  private current: ClusterState;
  private nextSeq = 0;
  private clock: Millis = 0;

  constructor(opts: EngineOptions) {
    const seed = String(opts.seed);
    const uidSalt = fnv32a(`uid\u0000${seed}`);
    const profiles = opts.imageProfiles ?? [];
    const startTime = opts.startTime === undefined ? undefined : parseStartTime(opts.startTime);
    this.current = initialState(seed, uidSalt, profiles, startTime);
    this.names = randomStream(seed, 'names');
    this.apiRandom = randomStream(seed, 'apiserver');
    this.controlPlane = withShorthands(controlPlane(opts.controlPlane), opts);
    this.maxEvents = opts.maxEvents ?? 10_000_000;
    this.maxTime = opts.maxTime ?? 24 * HOUR;
    this.maxEventsPerInstant = opts.maxEventsPerInstant ?? 200_000;
    this.invariants = opts.invariants ?? [];
    this.recordEvents = opts.recordEvents ?? true;
    this.log = opts.log ?? new EventLog();
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    for (const c of opts.controllers ?? []) this.addController(c);
    this.checkNames(opts.controlPlane);
    let maxLag = 0;
    for (const rt of this.runtimes.values()) maxLag = Math.max(maxLag, rt.informerLag);
    this.history = new StateHistory(maxLag);
    this.history.record(0, this.current);
    this.faults = new ControlFaults(seed, {
      history: this.history,
      state: () => this.current,
      runtime: (name) => this.runtimes.get(name),
      runtimes: () => this.runtimes.values(),
      enqueue: (rt, key, now) => {
        if (rt.queue.add(key)) this.wantDispatch(rt, now);
      },
      deliver: (rt, key, lag, now) => this.deliver(rt, key, lag, now),
      settleAt: (rt, key, at, now) => {
        if (at <= now) rt.addInFlight(key, -1);
        else this.timeline.push(at, PRIORITY.deliver, { kind: 'deliver', adds: [], settle: rt, settleKey: key });
      },
      at: (time, fire) => this.timeline.push(time, PRIORITY.deliver, { kind: 'fault', fire }),
      forgetRecorder: (rt) => this.correlators.delete(`${rt.controller.component}\u0000`),
    });
    const start: StartEvent = {
      type: 'Start',
      seed,
      uidSalt,
      imageProfiles: profiles,
      ...(startTime !== undefined ? { startTime } : {}),
    };
    this.append({ seq: this.nextSeq++, time: 0, by: 'engine', event: start }, [], this.current);
  }

  private addController(c: Controller): void {
    if (this.runtimes.has(c.name)) throw new KubesimError('E_USAGE', `two controllers are named ${c.name}`);
    const process = processTimingOf(this.controlPlane, c.runtime?.process ?? KUBE_CONTROLLER_MANAGER);
    const timing = controllerTimingOf(this.controlPlane, c.name, c.runtime?.workers);
    const rt = new ControllerRuntime(c, process, timing, this.current.seed, this.names);
    this.runtimes.set(c.name, rt);
    for (const w of c.watches) {
      const list = this.watchers.get(w.kind) ?? [];
      list.push({ rt, keys: w.keys });
      this.watchers.set(w.kind, list);
    }
  }

  /** An override naming a controller or process the engine does not run would do nothing: refused. */
  private checkNames(opts: ControlPlaneOptions | undefined): void {
    const controllers = [...this.runtimes.keys()];
    for (const name of Object.keys(opts?.controllers ?? {})) {
      if (!this.runtimes.has(name)) {
        throw new KubesimError(
          'E_USAGE',
          `controlPlane.controllers.${name}: no controller of that name runs (${controllers.join(', ')})`,
        );
      }
    }
    const processes = new Set(Object.keys(profileOf(opts?.profile ?? 'upstream').processes));
    for (const rt of this.runtimes.values()) processes.add(rt.controller.runtime?.process ?? KUBE_CONTROLLER_MANAGER);
    for (const name of Object.keys(opts?.processes ?? {})) {
      if (!processes.has(name)) {
        throw new KubesimError(
          'E_USAGE',
          `controlPlane.processes.${name}: no such process (${[...processes].sort().join(', ')})`,
        );
      }
    }
  }

  get state(): ClusterState {
    return this.current;
  }

  /** Simulated now: the time of the last event, or the `until` of the last run. */
  get now(): Millis {
    return this.clock;
  }

  /** The API server's state now (what `kubectl get` reads). */
  get view(): ClusterView {
    if (this.cachedView === undefined || this.cachedView.state !== this.current) this.cachedView = new ClusterView(this.current);
    return this.cachedView;
  }

  /** How many items wait on the timeline. */
  get pending(): number {
    return this.timeline.size;
  }

  /** Registers a listener called after every log entry (after invariants are checked). */
  onEntry(listener: EntryListener): void {
    this.listeners.push(listener);
  }

  /** Schedules a user action or a world event at a simulated time (not before now). */
  schedule(at: Millis, event: SimEvent, by: Actor = 'user'): void {
    if (!Number.isInteger(at) || at < this.clock) {
      throw new KubesimError('E_USAGE', `cannot schedule ${event.type} at ${at}ms: simulated time is already ${this.clock}ms`);
    }
    if (isControlFault(event)) this.faults.check(event, this.clock);
    this.timeline.push(at, PRIORITY.input, { kind: 'input', event: this.withName(event), by });
  }

  /** The next item that step() would process, if any. */
  peek(): { time: Millis; type: string } | undefined {
    const top = this.timeline.peek();
    if (top === undefined) return undefined;
    const item = top.item;
    const type =
      item.kind === 'input' || item.kind === 'record'
        ? item.event.type
        : item.kind === 'call' || item.kind === 'get' || item.kind === 'refetch'
          ? item.call.event.type
          : 'Reconcile';
    return { time: top.time, type };
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
   * Processes the next item on the timeline. Returns the log entry it wrote, or undefined
   * when the timeline is empty or the item wrote none (a delivery, a timer, a sync that sent
   * nothing).
   */
  step(): LogEntry | undefined {
    const top = this.timeline.pop();
    if (top === undefined) return undefined;
    const now = top.time;
    this.clock = now;
    const item = top.item;
    switch (item.kind) {
      case 'input': {
        const entry = this.write(item.event, item.by, undefined, now).entry;
        if (isControlFault(item.event)) this.faults.apply(item.event, now);
        return entry;
      }
      case 'fault':
        item.fire(now);
        return undefined;
      case 'record': {
        const entry = this.write(item.event, item.by, item.cause, now).entry;
        const ch = item.channel;
        ch.busy = false;
        const next = ch.waiting.shift();
        if (next !== undefined) this.writeEvent(ch, next.event, item.by, next.cause, now);
        return entry;
      }
      case 'call':
        return this.land(item.call, now);
      case 'refetch':
        this.retry(item.call, item.error, item.cause, now);
        return undefined;
      case 'get':
        this.afterGet(item.call, now);
        return undefined;
      case 'deliver':
        // A process that is down (ControllerRestart) hears nothing.
        for (const d of item.adds) if (d.rt.faults?.down !== true && d.rt.queue.add(d.key)) this.wantDispatch(d.rt, now);
        if (item.settle !== undefined) item.settle.addInFlight(item.settleKey as string, -1);
        return undefined;
      case 'timer':
        if (item.rt.queue.fire(item.key, item.at)) this.wantDispatch(item.rt, now);
        return undefined;
      case 'done':
        this.finish(item.run, item.run.computed, now);
        return undefined;
      case 'dispatch':
        return this.dispatch(item.rt, now);
    }
  }

  /** Reduces one write, logs it and tells the informers; returns its entry and whether it changed anything. */
  private write(event: SimEvent, by: Actor, cause: number | undefined, now: Millis): { entry: LogEntry; changed: boolean } {
    const entry: LogEntry = { seq: this.nextSeq++, time: now, by, ...(cause !== undefined ? { cause } : {}), event };
    const prev = this.current;
    const result = reduce(prev, entry);
    this.current = result.state;
    this.history.record(now, this.current);
    const logged: LogEntry =
      result.error !== undefined
        ? { ...entry, error: result.error }
        : result.skipped !== undefined
          ? { ...entry, skipped: result.skipped }
          : entry;
    this.append(logged, result.changes, prev);
    this.notify(result.changes, now);
    return { entry: logged, changed: result.changes.length > 0 };
  }

  private append(entry: LogEntry, changes: readonly Change[], prev: ClusterState, decidedOn?: ClusterView): void {
    this.log.append(entry, prev);
    this.countEvent(entry.time);
    if (this.invariants.length > 0 && entry.event.type !== 'Reconcile') this.checkInvariants(entry, changes, prev, decidedOn);
    if (changes.length > 0) this.limitHit ??= limitReached(changes, this.current, this.limits);
    for (const l of this.listeners) l(entry, changes, this.current);
  }

  private checkInvariants(
    entry: LogEntry,
    changes: readonly Change[],
    prev: ClusterState,
    decidedOn: ClusterView | undefined,
  ): void {
    for (const inv of this.invariants) {
      const ctx = { prev, state: this.current, entry, changes, view: this.view };
      const r = inv.check(decidedOn === undefined ? ctx : { ...ctx, decidedOn });
      if (r === undefined) continue;
      const v =
        typeof r === 'string'
          ? { message: r, objects: [] as readonly string[] }
          : { message: r.message, objects: r.objects ?? [] };
      this.violations.push({ invariant: inv.name, time: entry.time, seq: entry.seq, event: entry.event.type, ...v });
    }
  }

  /**
   * Hands every change to the controllers that watch its kind, for the keys they map it to:
   * at once, or as a delivery `informerLag` later (grouped per lag).
   */
  private notify(changes: readonly Change[], now: Millis, writer?: Call): void {
    let settle = writer;
    const delayed = this.delayed;
    if (changes.length > 0) {
      const view = this.view;
      for (const change of changes) {
        if (change.kind === 'Node' && change.new === undefined) this.forgetNode(change.key);
        const list = this.watchers.get(change.kind);
        if (list === undefined) continue;
        for (const { rt, keys } of list) {
          const f = rt.faults;
          if (f !== undefined) {
            if (keys === undefined) this.faults.deliver(rt, f, change.kind, change.key, now);
            else for (const key of keys(change, view)) this.faults.deliver(rt, f, change.kind, key, now);
            continue;
          }
          const lag = rt.informerLag;
          if (keys === undefined) this.deliver(rt, change.key, lag, now);
          else for (const key of keys(change, view)) this.deliver(rt, key, lag, now);
        }
      }
    }
    // A writer with faults has its expectation met as its faulty informers show the write.
    if (settle?.rt.faults !== undefined) {
      this.faults.settle(settle.rt, settle.rt.faults, writtenChange(changes)?.kind, settle.key, now);
      settle = undefined;
    }
    // The writer's own expectation is met when its informers show the write.
    const settleLag = settle?.rt.informerLag ?? 0;
    if (settle !== undefined && settleLag === 0) settle.rt.addInFlight(settle.key, -1);
    let settled = settle === undefined || settleLag === 0;
    if (delayed.size > 0) {
      for (const [lag, adds] of delayed) {
        const mine = !settled && lag === settleLag;
        if (mine) settled = true;
        this.timeline.push(now + lag, PRIORITY.deliver, {
          kind: 'deliver',
          adds,
          ...(mine ? { settle: (settle as Call).rt, settleKey: (settle as Call).key } : {}),
        });
      }
      delayed.clear();
    }
    if (!settled) {
      const s = settle as Call;
      this.timeline.push(now + settleLag, PRIORITY.deliver, { kind: 'deliver', adds: [], settle: s.rt, settleKey: s.key });
    }
  }

  /** A Node is gone: the per-node clients and Event recorders of its components go too. */
  private forgetNode(name: string): void {
    for (const rt of this.runtimes.values()) rt.forgetInstance(name);
    const suffix = `\u0000${name}`;
    for (const id of [...this.correlators.keys()]) if (id.endsWith(suffix)) this.correlators.delete(id);
  }

  /** Adds a key to rt's queue now, or collects it for the delivery `lag` later. */
  private deliver(rt: ControllerRuntime, key: string, lag: Millis, now: Millis): void {
    if (lag === 0) {
      if (rt.queue.add(key)) this.wantDispatch(rt, now);
      return;
    }
    const list = this.delayed.get(lag);
    if (list === undefined) this.delayed.set(lag, [{ rt, key }]);
    else list.push({ rt, key });
  }

  /** A worker may take a key from rt's queue at `now`: put one dispatch on the timeline. */
  private wantDispatch(rt: ControllerRuntime, now: Millis): void {
    if (rt.dispatchAt === now || !rt.workers.idle) return;
    rt.dispatchAt = now;
    this.timeline.push(now, PRIORITY.dispatch, { kind: 'dispatch', rt });
  }

  /** What a controller's informers show at `now`: the state `informerLag` ago. */
  private viewFor(rt: ControllerRuntime, now: Millis): ClusterView {
    const lag = rt.informerLag;
    if (lag === 0 && rt.faults === undefined) return this.view;
    const state =
      rt.faults !== undefined ? this.faults.stateFor(rt, rt.faults, now) : (this.history.at(now - lag) ?? this.current);
    if (state === this.current) return this.view;
    if (rt.view === undefined || rt.view.state !== state) rt.view = new ClusterView(state);
    return rt.view;
  }

  /**
   * One worker takes the next key and syncs it: the reconcile reads the controller's
   * informers' view, its duration follows from what it read, then its calls go out. Returns
   * the reconcile's log entry when it sent anything.
   */
  private dispatch(rt: ControllerRuntime, now: Millis): LogEntry | undefined {
    rt.dispatchAt = -1;
    if (!rt.workers.idle || rt.queue.length === 0) return undefined;
    const key = rt.queue.get() as string;
    const { worker, start } = rt.workers.acquire(now);
    const view = this.viewFor(rt, now);
    view.reads = 0;
    rt.begin(key, now, () => this.view);
    let effects: readonly Effect[];
    try {
      effects = rt.controller.reconcile(view, key, rt);
    } catch (e) {
      // The worker and the key are let go, so a caller that catches this can run on.
      rt.workers.release(worker, start);
      rt.queue.done(key);
      throw new KubesimError(
        'E_EFFECT',
        `controller ${rt.name} failed to reconcile ${key} at ${formatDuration(now)}: ${(e as Error).message}`,
      );
    }
    this.syncCount++;
    this.countEvent(now);
    this.hotLoop ??= this.hot.note(rt.name, key, now);
    const run = new SyncRun(rt, key, worker, start + syncDuration(rt.timing.sync, view.reads));
    const entry = this.carryOut(rt, run, view, effects, now);
    if (run.calls.length > 0) this.advance(run, Math.floor(run.computed));
    else if (Math.floor(run.computed) <= now) this.finish(run, run.computed, now);
    else this.timeline.push(Math.floor(run.computed), PRIORITY.deliver, { kind: 'done', run });
    if (rt.queue.length > 0) this.wantDispatch(rt, now);
    return entry;
  }

  /**
   * The effects of one reconcile: memory and timers at once; API calls queued on the run (or
   * sent without waiting); Events through the component's correlator. The reconcile is
   * logged only when it sends something, so its calls can name it as their cause.
   */
  private carryOut(
    rt: ControllerRuntime,
    run: SyncRun,
    view: ClusterView,
    effects: readonly Effect[],
    now: Millis,
  ): LogEntry | undefined {
    const sends: { effect: ApiEffect; event: SimEvent }[] = [];
    for (const effect of effects) {
      switch (effect.type) {
        case 'remember':
          if (effect.value === undefined) rt.memoryOf.delete(effect.key);
          else rt.memoryOf.set(effect.key, effect.value);
          break;
        case 'requeueAfter': {
          if (!Number.isFinite(effect.after)) {
            throw new KubesimError(
              'E_EFFECT',
              `controller ${rt.name} asked to requeue ${effect.key ?? run.key} after ${effect.after}ms at ${formatDuration(now)}: not a finite delay`,
            );
          }
          // Timers fire on whole milliseconds: a fractional delay rounds up.
          const at = now + Math.max(0, Math.ceil(effect.after));
          this.addAfter(rt, effect.key ?? run.key, at, now);
          break;
        }
        case 'enqueue':
          if (rt.queue.add(effect.key)) this.wantDispatch(rt, now);
          break;
        case 'error':
          run.failed = true;
          break;
        case 'world':
          // Not through a client: the world changes at once, as a fault does.
          this.write(effect.event, rt.name, undefined, now);
          break;
        case 'event': {
          if (!this.recordEvents) break;
          const event = this.correlate(toEvent(effect, rt.controller.component) as RecordEvent, now);
          if (event !== undefined) sends.push({ effect, event });
          break;
        }
        default:
          sends.push({ effect, event: this.withName(toEvent(effect, rt.controller.component)) });
      }
    }
    if (sends.length === 0) return undefined;
    const entry: LogEntry = {
      seq: this.nextSeq++,
      time: now,
      by: 'engine',
      event: { type: 'Reconcile', controller: rt.name, key: run.key },
    };
    this.append(entry, [], this.current);
    const issueAt = Math.floor(run.computed);
    const instance = rt.instanceOf(view, run.key);
    for (const { effect, event } of sends) {
      if (effect.type === 'event') {
        this.sendEvent(rt, event as RecordEvent, effect.host, entry.seq, issueAt);
        continue;
      }
      const call: Call = {
        rt,
        epoch: rt.epoch,
        key: run.key,
        event,
        cause: entry.seq,
        decidedOn: view,
        ...(effect.type === 'updateStatus' && effect.ifWaveFailed !== undefined
          ? { ifWaveFailed: this.withName({ type: 'UpdateStatus', object: effect.ifWaveFailed }) }
          : {}),
        bucket: rt.client(instance),
        report: effect.report,
        instance,
        wave: effect.wave,
        continueOnError: effect.continueOnError === true,
        ignoreNotFound: effect.ignoreNotFound ?? effect.type === 'delete',
        notFoundIsDone: effect.notFoundIsDone === true,
        expectation: effect.expectation !== false,
        change: effect.type === 'update' && effect.retry !== undefined ? changeOf(view, effect.object) : undefined,
        getFirst: effect.getFirst === true,
        retriesLeft: effect.retry?.times ?? 0,
        retry: effect.retry,
        run: effect.async === true ? undefined : run,
      };
      if (call.run === undefined) this.send(call, issueAt);
      else run.calls.push(call);
    }
    return entry;
  }

  /** The component's recorder: aggregation, de-duplication and the spam filter decide what is written. */
  private correlate(event: RecordEvent, now: Millis): RecordEvent | undefined {
    const id = `${event.component}\u0000${event.host ?? ''}`;
    let correlator = this.correlators.get(id);
    if (correlator === undefined) {
      correlator = new EventCorrelator();
      this.correlators.set(id, correlator);
    }
    return toRecordEvent(correlator.correlate(event, now));
  }

  /** An Event write, through the recorder's client, after the ones before it; no sync waits for it. */
  private sendEvent(rt: ControllerRuntime, event: RecordEvent, host: string | undefined, cause: number, at: Millis): void {
    const ch = rt.events(host);
    if (ch.busy) ch.waiting.push({ event, cause });
    else this.writeEvent(ch, event, rt.controller.component, cause, at);
  }

  private writeEvent(ch: EventChannel, event: RecordEvent, by: string, cause: number, at: Millis): void {
    ch.busy = true;
    const go = ch.bucket.reserve(at);
    this.timeline.push(go + this.latency(), PRIORITY.api, { kind: 'record', event, by, cause, channel: ch });
  }

  private latency(): Millis {
    return sample(this.controlPlane.apiLatency, this.apiRandom);
  }

  /** Sends one call: it waits for its client's token, then lands after the API latency. */
  private send(call: Call, at: Millis): void {
    const go = call.bucket.reserve(at);
    if (call.expectation) call.rt.addInFlight(call.key, 1);
    this.timeline.push(go + this.latency(), PRIORITY.api, { kind: call.getFirst ? 'get' : 'call', call });
  }

  /** Sends the run's next call or wave, or finishes the sync when none is left. */
  private advance(run: SyncRun, now: Millis): void {
    // Its process restarted: the calls it had not sent yet are lost with it.
    if (run.epoch !== run.rt.epoch) return;
    const group = run.nextGroup();
    if (group.length === 0) {
      this.finish(run, Math.max(run.computed, now), now);
      return;
    }
    run.outstanding = group.length;
    for (const call of group) this.send(call, now);
  }

  /** A call lands: the API server's answer goes back to the sync, the change to the informers. */
  private land(call: Call, now: Millis): LogEntry {
    const { entry, changed } = this.writeFor(call, now);
    // The caller's process restarted while the call was on the wire: the write lands, nobody hears.
    if (call.epoch !== call.rt.epoch) return entry;
    // A Timeout's write landed; its caller sees the error all the same.
    const error = entry.error ?? (entry.fault === 'Timeout' ? faultError('Timeout', call.event) : undefined);
    const retry = call.retry;
    if (error !== undefined && call.retriesLeft > 0 && (retry?.onlyConflicts !== true || error.reason === 'Conflict')) {
      // Still in flight: GET the object (or wait and read the informers), then try again over it.
      const pause = retry?.fromCache?.pause;
      const at = pause === undefined ? call.bucket.reserve(now) + this.latency() : now + pause;
      this.timeline.push(at, PRIORITY.api, { kind: 'refetch', call, error, cause: entry.seq });
      return entry;
    }
    this.answer(call, error, changed, entry.seq, now);
    return entry;
  }

  /** A call's final answer: back to its sync (or the key's back-off), its expectation, its Event. */
  private answer(call: Call, error: WriteError | undefined, changed: boolean, seq: number, now: Millis): void {
    const { rt, key } = call;
    // A pod already gone is no error to a call that ignores NotFound: no failure, no Event.
    const tolerated = error !== undefined && error.reason === 'NotFound' && call.ignoreNotFound;
    if (error !== undefined && !tolerated) {
      const name = writeTarget(call.event)?.name;
      rt.addFailure(key, { ...error, write: call.event.type, ...(name !== undefined ? { name } : {}) });
      const run = call.run;
      if (run !== undefined) {
        run.failed = true;
        if (call.wave !== undefined) {
          run.waveFailed = true;
          if (!(error.reason === 'NotFound' && call.notFoundIsDone)) run.fallback = true;
        } else if (!call.continueOnError) run.aborted = true;
      } else this.addRateLimited(rt, key, now);
    }
    if (!changed && call.expectation) rt.addInFlight(key, -1);
    if (call.report !== undefined && !tolerated) this.reportOutcome(call, call.report, error, now, seq);
    const run = call.run;
    if (run !== undefined && --run.outstanding === 0) this.advance(run, now);
  }

  /**
   * The GET a call sends first has returned: an update goes out over the object as the GET
   * found it (its resourceVersion and metadata, the sync's status or spec), as the kubelet's
   * status manager patches the pod it has just read.
   */
  private afterGet(call: Call, now: Millis): void {
    if (call.epoch !== call.rt.epoch) return;
    call.getFirst = false;
    const obj = (call.event as { object?: KubeObject }).object;
    const current = obj === undefined ? undefined : this.view.getByKey(obj.kind as Kind, keyOf(obj.metadata));
    if (obj !== undefined && current === undefined) {
      // The GET found nothing: the client stops there (the status manager's syncPod returns).
      if (call.expectation) call.rt.addInFlight(call.key, -1);
      const run = call.run;
      if (run !== undefined && --run.outstanding === 0) this.advance(run, now);
      return;
    }
    const fresh = retried(call.event, current, call.change);
    if (fresh !== undefined) call.event = fresh;
    this.timeline.push(call.bucket.reserve(now) + this.latency(), PRIORITY.api, { kind: 'call', call });
  }

  /** A failed update's next try, over the object as the GET found it (or the first error, if it is gone). */
  private retry(call: Call, error: WriteError, cause: number, now: Millis): void {
    if (call.epoch !== call.rt.epoch) return;
    call.retriesLeft--;
    const obj = (call.event as { object?: KubeObject }).object;
    const source = call.retry?.fromCache === undefined ? this.view : this.viewFor(call.rt, now);
    const current = obj === undefined ? undefined : source.getByKey(obj.kind as Kind, keyOf(obj.metadata));
    const next = retried(call.event, current, call.change);
    if (next === undefined) {
      this.answer(call, error, false, cause, now);
      return;
    }
    call.event = next;
    this.timeline.push(call.bucket.reserve(now) + this.latency(), PRIORITY.api, { kind: 'call', call });
  }

  /** write() for a controller's call, settling the writer's expectation when its informers see it. */
  private writeFor(call: Call, now: Millis): { entry: LogEntry; changed: boolean } {
    const plain: LogEntry = { seq: this.nextSeq++, time: now, by: call.rt.name, cause: call.cause, event: call.event };
    // An injected API fault (ApiFaults): refused before storage, or (Timeout) marked on a write that lands.
    const fault = this.faults.api.size > 0 ? this.faults.api.decide(call.rt.name, call.event, now) : undefined;
    const entry: LogEntry =
      fault === undefined || fault.error === 'Timeout'
        ? plain
        : { ...plain, fault: fault.error, error: faultError(fault.error, call.event, fault.message) };
    const prev = this.current;
    const result = reduce(prev, entry);
    this.current = result.state;
    this.history.record(now, this.current);
    const logged: LogEntry =
      result.error !== undefined
        ? { ...entry, error: result.error }
        : result.skipped !== undefined
          ? { ...entry, skipped: result.skipped }
          : fault?.error === 'Timeout'
            ? { ...entry, fault: 'Timeout' }
            : entry;
    this.append(logged, result.changes, prev, call.decidedOn);
    const changed = result.changes.length > 0;
    this.notify(result.changes, now, changed && call.expectation ? call : undefined);
    return { entry: logged, changed };
  }

  /** Records the Event a controller attached to a call, now that its outcome is known. */
  private reportOutcome(call: Call, report: WriteReport, error: WriteError | undefined, now: Millis, cause: number): void {
    if (!this.recordEvents) return;
    if (error !== undefined && report.quietOn?.includes(error.reason)) return;
    const outcome = error === undefined ? report.success : report.failure;
    if (outcome === undefined) return;
    const component = call.rt.controller.component;
    const event = this.correlate(
      {
        type: 'RecordEvent',
        involved: report.involved,
        eventType: outcome.eventType,
        reason: outcome.reason,
        message: error === undefined ? outcome.message : `${outcome.message}${error.message}`,
        component,
      },
      now,
    );
    if (event !== undefined) this.sendEvent(call.rt, event, call.instance, cause, now);
  }

  /**
   * processNextWorkItem's end: on error AddRateLimited, else Forget; then Done, which queues
   * the key again if it was added while it was being synced.
   */
  private finish(run: SyncRun, end: number, now: Millis): void {
    const { rt, key } = run;
    if (run.epoch !== rt.epoch) return; // its process restarted: the worker and queue it held are gone
    rt.workers.release(run.worker, end);
    if (run.failed) this.addRateLimited(rt, key, now);
    else rt.queue.forget(key);
    rt.queue.done(key);
    if (rt.queue.length > 0) this.wantDispatch(rt, now);
  }

  private addAfter(rt: ControllerRuntime, key: string, at: Millis, now: Millis): void {
    const timer = rt.queue.addAfter(key, at, now);
    if (timer !== undefined) this.timeline.push(timer, PRIORITY.deliver, { kind: 'timer', rt, key, at: timer });
    else if (at <= now) this.wantDispatch(rt, now);
  }

  private addRateLimited(rt: ControllerRuntime, key: string, now: Millis): void {
    const timer = rt.queue.addRateLimited(key, now);
    if (timer !== undefined) this.timeline.push(timer, PRIORITY.deliver, { kind: 'timer', rt, key, at: timer });
    else if (rt.queue.length > 0) this.wantDispatch(rt, now);
  }

  /** Counts an entry or a sync toward the bound on one instant. */
  private countEvent(time: Millis): void {
    if (time !== this.instant) {
      this.instant = time;
      this.eventsAtInstant = 0;
    }
    this.eventsAtInstant++;
  }

  /**
   * Runs until `until` (inclusive) or, without it, until nothing is left to do. A run that
   * hits a bound stops with a message naming the controller and key that kept it busy.
   */
  run(opts: { until?: Millis; maxEvents?: number } = {}): RunResult {
    const maxEvents = opts.maxEvents ?? this.maxEvents;
    const deadline = opts.until ?? this.clock + this.maxTime;
    const startCount = this.log.length;
    const startSyncs = this.syncCount;
    const stop = (stoppedBy: StopReason, message?: string): RunResult => ({
      stoppedBy,
      time: this.clock,
      events: this.log.length - startCount,
      syncs: this.syncCount - startSyncs,
      ...(message !== undefined ? { message } : {}),
    });
    for (;;) {
      if (this.limitHit !== undefined) return stop('limit', this.limitHit);
      const next = this.timeline.peekTime();
      if (next === undefined || next > deadline) {
        if (opts.until !== undefined) {
          this.clock = Math.max(this.clock, opts.until);
          return stop('until');
        }
        if (next === undefined) return stop('quiet');
        return stop(
          'maxTime',
          `run stopped at the time bound (${formatDuration(this.maxTime)} of simulated time) at ${formatDuration(this.clock)}: ${this.hot.busiest()}`,
        );
      }
      if (this.log.length - startCount + this.syncCount - startSyncs >= maxEvents) {
        return stop(
          'maxEvents',
          `run stopped at the event bound (${maxEvents} events) at ${formatDuration(this.clock)}: ${this.hot.busiest()}`,
        );
      }
      this.step();
      if (this.hotLoop !== undefined) {
        const message = this.hotLoop;
        this.hotLoop = undefined;
        return stop('hotLoop', `run stopped: ${message}`);
      }
      if (this.eventsAtInstant > this.maxEventsPerInstant) {
        return stop(
          'stuckInstant',
          `run stopped: simulated time stopped advancing at ${formatDuration(this.clock)} after ${this.maxEventsPerInstant} events at that instant: ${this.hot.busiest()}`,
        );
      }
    }
  }
}

/** The engine's latency shorthands, laid over the control plane. */
function withShorthands(cp: ControlPlane, opts: EngineOptions): ControlPlane {
  if (opts.apiLatency === undefined && opts.controllerLatency === undefined) return cp;
  const lag = opts.controllerLatency;
  const processes =
    lag === undefined
      ? cp.processes
      : Object.fromEntries(
          Object.entries({ [KUBE_CONTROLLER_MANAGER]: processTimingOf(cp, KUBE_CONTROLLER_MANAGER), ...cp.processes }).map(
            ([name, p]) => [name, { ...p, informerLag: lag }],
          ),
        );
  return {
    ...cp,
    processes,
    apiLatency: opts.apiLatency === undefined ? cp.apiLatency : { kind: 'fixed', value: opts.apiLatency },
  };
}

/** The change an update makes, as a diff from the object the sync read (for a retry over a fresh read). */
function changeOf(view: ClusterView, desired: KubeObject): Diff | undefined {
  const read = view.getByKey(desired.kind as Kind, keyOf(desired.metadata));
  return read === undefined ? undefined : diffJson(read, desired);
}
