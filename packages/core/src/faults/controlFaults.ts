import type { Kind } from '../api/types.js';
import type { ControllerRuntime } from '../engine/controllerRuntime.js';
import { KubesimError } from '../errors.js';
import type {
  ApiFaultsEvent,
  ControllerLagEvent,
  ControllerRestartEvent,
  SimEvent,
  WatchFaultEvent,
  WorldEvent,
} from '../events.js';
import { randomStream } from '../random/streams.js';
import type { StateHistory } from '../runtime/informer.js';
import type { ClusterState } from '../state.js';
import type { Millis } from '../time/duration.js';
import { ApiFaultRules } from './apiFaults.js';
import { ControllerFaults, type WatchRule } from './controllerFaults.js';
import { EventLag } from './eventLag.js';
import { initialAdds, keysOf, relistChanges } from './relist.js';

/** The control-plane faults: ControllerLag, ControllerRestart, WatchFault and ApiFaults. */
export type ControlFaultEvent = ControllerLagEvent | ControllerRestartEvent | WatchFaultEvent | ApiFaultsEvent;

/** Whether an event is a control-plane fault (checked when scheduled, applied by the engine's fault state). */
export function isControlFault(e: SimEvent): e is ControlFaultEvent {
  return e.type === 'ControllerLag' || e.type === 'ControllerRestart' || e.type === 'WatchFault' || e.type === 'ApiFaults';
}

/** A broken watch's reflector relists after its back-off: client-go reflector.go defaultBackoffInit, 800ms (its jitter left out). */
export const RELIST_BACKOFF: Millis = 800;

/** What the faults need of the engine. */
export interface FaultHost {
  readonly history: StateHistory;
  state(): ClusterState;
  runtime(name: string): ControllerRuntime | undefined;
  runtimes(): Iterable<ControllerRuntime>;
  /** queue.Add now. */
  enqueue(rt: ControllerRuntime, key: string, now: Millis): void;
  /** queue.Add `lag` from now, as a watch event delivered that late (only during a notify). */
  deliver(rt: ControllerRuntime, key: string, lag: Millis, now: Millis): void;
  /** The controller's expectation of its own write on `key` is met at `at` (its informers show it). */
  settleAt(rt: ControllerRuntime, key: string, at: Millis, now: Millis): void;
  /** Runs `fire` at `time` on the timeline. */
  at(time: Millis, fire: (now: Millis) => void): void;
  /** The process's Event recorders (their correlators) are gone with it. */
  forgetRecorder(rt: ControllerRuntime): void;
}

/**
 * The engine's control-plane faults (issue 13): each is a world event in the log, applied
 * when it comes off the timeline. Per controller they live on ControllerRuntime.faults; API
 * faults are rules every controller write is checked against (none: no check).
 */
export class ControlFaults {
  readonly api: ApiFaultRules;

  constructor(
    seed: string,
    private readonly host: FaultHost,
  ) {
    this.api = new ApiFaultRules(randomStream(seed, 'faults'));
  }

  /** Refuses a fault that names no controller the engine runs (at schedule time, not mid-run). */
  check(e: ControlFaultEvent, now: Millis): void {
    const name = (e as { controller?: string }).controller;
    if (name !== undefined && this.host.runtime(name) === undefined) {
      const names = [...this.host.runtimes()].map((rt) => rt.name);
      throw new KubesimError('E_USAGE', `${e.type}: no controller named ${name} runs (${names.join(', ')})`);
    }
    // A relist from the past needs the past kept from now on (StateHistory.raise).
    if (e.type === 'ControllerRestart' && (e.relistLag ?? 0) > 0) this.raise((e.relistLag as Millis) + this.maxLag(), now);
  }

  apply(e: WorldEvent, now: Millis): void {
    switch (e.type) {
      case 'ControllerLag':
        this.lag(e, now);
        break;
      case 'ControllerRestart':
        this.restart(e, now);
        break;
      case 'WatchFault':
        this.watchFault(e, now);
        break;
      case 'ApiFaults':
        this.api.add(e);
        break;
    }
  }

  private maxLag(): Millis {
    let m = 0;
    for (const rt of this.host.runtimes()) m = Math.max(m, rt.informerLag);
    return m;
  }

  private raise(lag: Millis, now: Millis): void {
    this.host.history.raise(lag, now, this.host.state());
  }

  private faultsOf(rt: ControllerRuntime): ControllerFaults {
    rt.faults ??= new ControllerFaults();
    return rt.faults;
  }

  private clearIfEmpty(rt: ControllerRuntime): void {
    if (rt.faults?.empty === true) rt.faults = undefined;
    rt.view = undefined;
  }

  /** What rt's informers show now. */
  stateFor(rt: ControllerRuntime, f: ControllerFaults, now: Millis): ClusterState {
    return f.state(rt, now, this.host.history, this.host.state());
  }

  // ---- ControllerLag

  private lag(e: ControllerLagEvent, now: Millis): void {
    const rt = this.host.runtime(e.controller) as ControllerRuntime;
    const lag = e.lag ?? 0;
    rt.informerLag = lag > 0 ? lag : rt.process.informerLag;
    rt.view = undefined;
    if (lag > 0) this.raise(lag, now);
    const f = rt.faults;
    if (f?.eventLag !== undefined) {
      // The informers catch up: every held watch event is handled now.
      this.release(rt, f.eventLag.release(true), now);
      f.eventLag = undefined;
    }
    const events = e.events ?? 0;
    if (events > 0) {
      const g = this.faultsOf(rt);
      if (!g.down) g.eventLag = new EventLag(events, this.stateFor(rt, g, now));
    }
    this.clearIfEmpty(rt);
  }

  private release(rt: ControllerRuntime, out: { keys: string[]; settles: string[] }[], now: Millis): void {
    for (const h of out) {
      for (const k of h.keys) this.host.enqueue(rt, k, now);
      for (const k of h.settles) this.host.settleAt(rt, k, now, now);
    }
  }

  // ---- ControllerRestart

  private restart(e: ControllerRestartEvent, now: Millis): void {
    const rt = this.host.runtime(e.controller) as ControllerRuntime;
    rt.crash();
    this.host.forgetRecorder(rt);
    const f = this.faultsOf(rt);
    f.down = true;
    // The process's informers die with it: held events, broken watches and a relist in progress go too.
    f.eventLag = undefined;
    f.relist = undefined;
    f.watch = f.watch.filter((r) => r.mode !== 'drop');
    const epoch = rt.epoch;
    this.host.at(now + Math.max(0, e.delay ?? 0), (t) => this.up(rt, epoch, e.relistLag ?? 0, t));
  }

  /**
   * The process is back: its informers list every kind it watches and call the handlers'
   * OnAdd for every object (the initial list), which queue every key; with a relistLag the
   * list is as of that long ago, and the API server catches up that long after.
   */
  private up(rt: ControllerRuntime, epoch: number, relistLag: Millis, now: Millis): void {
    if (rt.epoch !== epoch) return; // crashed again before it came back
    const f = this.faultsOf(rt);
    f.down = false;
    if (relistLag > 0) {
      const from = this.host.history.at(now - relistLag) ?? this.host.state();
      f.relist = { from, until: now + relistLag, lag: relistLag };
      this.host.at(now + relistLag, (t) => this.caughtUp(rt, epoch, t));
    }
    rt.view = undefined;
    const list = this.stateFor(rt, f, now);
    for (const w of rt.controller.watches) {
      for (const key of keysOf(w, initialAdds(list, w.kind), list)) this.host.enqueue(rt, key, now);
    }
    this.clearIfEmpty(rt);
  }

  /** The lagging API server has caught up: the watch brings every change since the stale list. */
  private caughtUp(rt: ControllerRuntime, epoch: number, now: Millis): void {
    const f = rt.faults;
    if (rt.epoch !== epoch || f?.relist === undefined) return;
    const from = f.relist.from;
    f.relist = undefined;
    this.requeueDiff(rt, f, undefined, from, now);
    this.clearIfEmpty(rt);
  }

  /** Queues the keys of every object of the watched kinds (or of `kind`) that differs between `from` and what rt's informers show now. */
  private requeueDiff(rt: ControllerRuntime, f: ControllerFaults, kind: Kind | undefined, from: ClusterState, now: Millis): void {
    const to = this.stateFor(rt, f, now);
    for (const w of rt.controller.watches) {
      if (kind !== undefined && w.kind !== kind) continue;
      for (const key of keysOf(w, relistChanges(from, to, w.kind), to)) this.host.enqueue(rt, key, now);
    }
  }

  // ---- WatchFault

  private watchFault(e: WatchFaultEvent, now: Millis): void {
    const targets =
      e.controller !== undefined ? [this.host.runtime(e.controller) as ControllerRuntime] : [...this.host.runtimes()];
    for (const rt of targets) {
      if (e.kind !== undefined && !rt.controller.watches.some((w) => w.kind === e.kind)) continue;
      if (rt.faults?.down === true) continue;
      const f = this.faultsOf(rt);
      const delay = e.delay ?? (e.mode === 'drop' ? RELIST_BACKOFF : 0);
      const until = e.mode === 'drop' ? (e.until ?? now + delay) : e.until;
      const rule: WatchRule = {
        kind: e.kind,
        mode: e.mode,
        delay,
        until,
        frozen: e.mode === 'drop' ? this.stateFor(rt, f, now) : undefined,
        settles: [],
      };
      if (e.mode === 'delay') this.raise(this.maxLag() + delay, now);
      f.watch.push(rule);
      rt.view = undefined;
      if (until !== undefined) this.host.at(until, (t) => this.endWatchRule(rt, rule, t));
    }
  }

  /**
   * A rule's time is up. A broken watch ends with the reflector's relist: the handlers see
   * what changed while it was down (Replace), and the controller's own writes among it meet
   * its expectations.
   */
  private endWatchRule(rt: ControllerRuntime, rule: WatchRule, now: Millis): void {
    const f = rt.faults;
    if (f === undefined || !f.watch.includes(rule)) return;
    f.watch = f.watch.filter((r) => r !== rule);
    rt.view = undefined;
    if (rule.mode === 'drop') {
      this.requeueDiff(rt, f, rule.kind, rule.frozen as ClusterState, now);
      for (const k of rule.settles) this.host.settleAt(rt, k, now, now);
    }
    this.clearIfEmpty(rt);
  }

  // ---- the engine's notify, for a controller with faults

  /** A change of `kind` maps to `key` for rt: hand it over as its faults say. */
  deliver(rt: ControllerRuntime, f: ControllerFaults, kind: Kind | 'NodeRuntime', key: string, now: Millis): void {
    if (f.down) return;
    if (f.eventLag !== undefined) {
      f.eventLag.hold(this.host.state(), key, undefined);
      this.release(rt, f.eventLag.release(), now);
      return;
    }
    let lag = f.lag(rt);
    let dup: Millis | undefined;
    for (const r of f.rulesFor(kind, now)) {
      if (r.mode === 'drop') return;
      if (r.mode === 'delay') lag += r.delay;
      else dup = r.delay;
    }
    this.host.deliver(rt, key, lag, now);
    // A second copy: the queue drops it if the key still waits; the informer turns a repeated
    // add into OnUpdate with an unchanged resourceVersion, so it meets no expectation twice.
    if (dup !== undefined) this.host.deliver(rt, key, lag + dup, now);
  }

  /** rt's own write on `key` (of `kind`) landed: its expectation is met when its informers show it. */
  settle(rt: ControllerRuntime, f: ControllerFaults, kind: Kind | 'NodeRuntime' | undefined, key: string, now: Millis): void {
    if (f.down) return;
    if (f.eventLag !== undefined) {
      f.eventLag.hold(this.host.state(), undefined, key);
      this.release(rt, f.eventLag.release(), now);
      return;
    }
    let lag = f.lag(rt);
    for (const r of kind === undefined ? [] : f.rulesFor(kind, now)) {
      if (r.mode === 'drop') {
        r.settles.push(key);
        return;
      }
      if (r.mode === 'delay') lag += r.delay;
    }
    this.host.settleAt(rt, key, now + lag, now);
  }
}
