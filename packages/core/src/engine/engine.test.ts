import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types.js';
import { isKubesimError } from '../errors.js';
import type { LogEntry } from '../events.js';
import { stateHash } from '../log/stateHash.js';
import type { ControlPlaneOptions } from '../runtime/timing.js';
import { Simulation } from '../simulation.js';
import type { Controller, Effect } from './controller.js';
import { Engine, type EngineOptions } from './engine.js';

function pod(name: string, labels: Record<string, string> = { app: 'x' }): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
  };
}

const INSTANT: ControlPlaneOptions = { profile: 'instant' };

function instant(opts: Omit<EngineOptions, 'seed'> = {}): Engine {
  return new Engine({ seed: 1, controlPlane: INSTANT, ...opts });
}

/** Labels every pod it sees with `seen=true`, once. */
const labeller: Controller = {
  name: 'labeller',
  component: 'labeller',
  watches: [{ kind: 'Pod' }],
  reconcile(view, key) {
    const p = view.getByKey('Pod', key);
    if (p === undefined || p.metadata.labels?.seen === 'true') return [];
    return [{ type: 'update', object: { ...p, metadata: { ...p.metadata, labels: { ...p.metadata.labels, seen: 'true' } } } }];
  },
};

function timesOf(engine: Engine, type: string): number[] {
  return engine.log
    .entries()
    .filter((e) => e.event.type === type)
    .map((e) => e.time);
}

/** A controller of one key (`x`) that sends `n` creates when told to by a pod named `go`. */
function creator(n: number, runtime: Controller['runtime'], extra: Partial<Effect> = {}): Controller {
  return {
    name: 'creator',
    component: 'creator',
    watches: [{ kind: 'Pod', keys: (c) => (c.key === 'default/go' && c.old === undefined ? ['x'] : []) }],
    reconcile: () =>
      Array.from({ length: n }, (_, i) => ({ type: 'create', object: pod(`p${i}`, { made: 'y' }), ...extra }) as Effect),
    ...(runtime !== undefined ? { runtime } : {}),
  };
}

describe('engine loop', () => {
  it('applies a controller write after the API latency; the reconcile that sent it is logged as its cause', () => {
    const engine = instant({ controllers: [labeller], apiLatency: 5, controllerLatency: 2 });
    engine.schedule(1000, { type: 'Create', object: pod('a') });
    expect(engine.run().stoppedBy).toBe('quiet');
    const entries = engine.log.entries();
    // The second sync (at 1009, when the informers show the label) sends nothing: it is not logged.
    expect(entries.map((e) => `${e.time}:${e.event.type}:${e.by}`)).toEqual([
      '0:Start:engine',
      '1000:Create:user',
      '1002:Reconcile:engine',
      '1007:Update:labeller',
    ]);
    expect(entries[3]?.cause).toBe(entries[2]?.seq);
    expect(engine.view.get('Pod', 'default', 'a')?.metadata.labels).toEqual({ app: 'x', seen: 'true' });
  });

  it('orders equal-time events: inputs, then API writes, then deliveries, then syncs, each in the order scheduled', () => {
    const engine = instant({ controllers: [labeller], apiLatency: 0 });
    engine.schedule(0, { type: 'Create', object: pod('a') });
    engine.schedule(0, { type: 'Create', object: pod('b') });
    const r = engine.run();
    const seen = engine.log.entries().map((e) => (e.event.type === 'Reconcile' ? `R ${e.event.key}` : `${e.event.type} ${e.by}`));
    expect(seen).toEqual([
      'Start engine',
      'Create user',
      'Create user',
      'R default/a',
      'Update labeller',
      'R default/b',
      'Update labeller',
    ]);
    // Each key is synced again once its own update shows: four syncs, two logged.
    expect(r.syncs).toBe(4);
  });

  it('syncs a key once for several changes at one instant (a de-duplicating queue)', () => {
    const counting: Controller = {
      name: 'counter',
      component: 'counter',
      watches: [{ kind: 'Pod', keys: () => ['all'] }],
      reconcile: () => [],
    };
    const engine = instant({ controllers: [counting] });
    for (const n of ['a', 'b', 'c']) engine.schedule(0, { type: 'Create', object: pod(n) });
    expect(engine.run().syncs).toBe(1);
  });

  it('logs a rejected write with the API error and changes nothing', () => {
    const engine = instant();
    engine.schedule(0, { type: 'Create', object: pod('a') });
    engine.run();
    const before = stateHash(engine.state);
    engine.schedule(engine.now, { type: 'Create', object: pod('a') });
    engine.run();
    const last = engine.log.entries().at(-1);
    expect(last?.error).toEqual({ reason: 'AlreadyExists', message: 'pods "a" already exists' });
    expect(stateHash(engine.state)).toBe(before);
  });

  it('requeues a key whose write was rejected with the controller rate limiter (5ms doubling)', () => {
    // Writes with a stale resourceVersion until it has failed three times.
    let calls = 0;
    const stubborn: Controller = {
      name: 'stubborn',
      component: 'stubborn',
      watches: [{ kind: 'Pod', keys: (c) => (c.old === undefined ? [c.key] : []) }],
      reconcile(view, key) {
        calls++;
        const p = view.getByKey('Pod', key) as Pod;
        const rv = calls <= 3 ? '999' : (p.metadata.resourceVersion as string);
        return [
          { type: 'update', object: { ...p, metadata: { ...p.metadata, resourceVersion: rv, labels: { n: String(calls) } } } },
        ];
      },
    };
    const engine = instant({ controllers: [stubborn] });
    engine.schedule(0, { type: 'Create', object: pod('a') });
    engine.run();
    // Rejections land at 1, 7 and 18: AddRateLimited 5ms, 10ms, 20ms later.
    expect(timesOf(engine, 'Reconcile')).toEqual([0, 6, 17, 38]);
    expect(engine.view.get('Pod', 'default', 'a')?.metadata.labels).toEqual({ n: '4' });
  });

  it('stops a hot requeue loop at one instant and names the controller and key', () => {
    const hot: Controller = {
      name: 'spinner',
      component: 'spinner',
      watches: [{ kind: 'Pod' }],
      reconcile: () => [{ type: 'requeueAfter', after: 0 }],
    };
    const engine = instant({ controllers: [hot], maxEventsPerInstant: 500 });
    engine.schedule(0, { type: 'Create', object: pod('a') });
    const r = engine.run();
    expect(r.stoppedBy).toBe('stuckInstant');
    expect(r.message).toContain('simulated time stopped advancing at 0s');
    expect(r.message).toContain('controller spinner kept requeueing default/a');
  });

  it('stops at the event bound and at the time bound with a message, never hanging', () => {
    const ticking: Controller = {
      name: 'ticker',
      component: 'ticker',
      watches: [{ kind: 'Pod' }],
      reconcile: () => [{ type: 'requeueAfter', after: 1000 }],
    };
    const a = instant({ controllers: [ticking] });
    a.schedule(0, { type: 'Create', object: pod('a') });
    // Syncs count toward the bound even when they write nothing.
    const byCount = a.run({ maxEvents: 100 });
    expect(byCount.stoppedBy).toBe('maxEvents');
    expect(byCount.message).toMatch(
      /^run stopped at the event bound \(100 events\) at 1m3\ds: controller ticker kept requeueing default\/a/,
    );
    const b = instant({ controllers: [ticking], maxTime: 60_000 });
    b.schedule(0, { type: 'Create', object: pod('a') });
    const byTime = b.run();
    expect(byTime.stoppedBy).toBe('maxTime');
    expect(byTime.message).toContain('run stopped at the time bound (1m0s of simulated time)');
    expect(byTime.time).toBeLessThanOrEqual(60_000);
  });

  it('fails loudly, naming controller, key and time, when a reconcile throws', () => {
    const broken: Controller = {
      name: 'broken',
      component: 'broken',
      watches: [{ kind: 'Pod' }],
      reconcile: () => {
        throw new Error('boom');
      },
    };
    const engine = instant({ controllers: [broken] });
    engine.schedule(2500, { type: 'Create', object: pod('a') });
    try {
      engine.run();
      expect.unreachable();
    } catch (e) {
      expect(isKubesimError(e, 'E_EFFECT')).toBe(true);
      expect((e as Error).message).toBe('controller broken failed to reconcile default/a at 2.5s: boom');
    }
  });

  it('refuses to schedule in the past', () => {
    const engine = instant();
    engine.schedule(100, { type: 'Create', object: pod('a') });
    engine.run({ until: 200 });
    expect(() => engine.schedule(150, { type: 'Create', object: pod('b') })).toThrow(/simulated time is already 200ms/);
  });

  it('gives generateName objects a name from the names stream, the same for the same seed', () => {
    const names = (seed: number): string[] => {
      const sim = new Simulation({ seed });
      for (let i = 0; i < 3; i++) sim.create({ ...pod(''), metadata: { generateName: 'web-' } } as Pod);
      sim.run();
      return sim.list('Pod').map((p) => p.metadata.name as string);
    };
    expect(names(3)).toEqual(names(3));
    expect(names(3)).not.toEqual(names(4));
    for (const n of names(3)) expect(n).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('counts a write in flight until the writer’s informers show it (its expectation)', () => {
    const seen: number[] = [];
    const watcher: Controller = {
      name: 'w',
      component: 'w',
      watches: [{ kind: 'Pod' }],
      reconcile(view, key, ctx) {
        seen.push(ctx.inFlight());
        const p = view.getByKey('Pod', key) as Pod;
        if (p.metadata.labels?.done || ctx.inFlight() > 0) return [];
        return [
          { type: 'update', object: { ...p, metadata: { ...p.metadata, labels: { done: 'y' } } } },
          { type: 'requeueAfter', after: 0 },
        ];
      },
    };
    // The write lands at 10; the informers show it at 15. The requeue asked for during the
    // first sync runs when that sync is done (10), while the write is still unseen.
    const engine = new Engine({ seed: 1, controllers: [watcher], apiLatency: 10, controllerLatency: 5 });
    engine.schedule(0, { type: 'Create', object: pod('a') });
    engine.run();
    expect(seen).toEqual([0, 1, 0]);
  });

  it("logs a world effect at the sync's time, by the controller, with no API latency, and applies it at once", () => {
    const sampler: Controller = {
      name: 'sampler',
      component: 'sampler',
      watches: [{ kind: 'Pod' }],
      reconcile: (_view, key) => [
        { type: 'world', event: { type: 'MetricSample', pods: { [key]: [15_000, [['c', 7, 1024]]] } } },
      ],
    };
    const engine = new Engine({ seed: 1, controllers: [sampler], apiLatency: 10, controllerLatency: 5 });
    engine.schedule(0, { type: 'Create', object: pod('a') });
    engine.run();
    const sample = engine.log.entries().find((e) => e.event.type === 'MetricSample');
    // The Create lands at 0 (a user's input); the informers show it at 5, when the sync runs.
    expect(sample).toMatchObject({ time: 5, by: 'sampler' });
    expect(engine.view.podMetrics('default/a')).toEqual({
      timestamp: 5,
      window: 15_000,
      containers: [{ name: 'c', cpu: 7, memory: 1024 }],
    });
    expect(engine.view.metricsServerUp()).toBe(true);
    // No Reconcile entry: a sync is logged only when it sends API calls.
    expect(engine.log.entries().some((e) => e.event.type === 'Reconcile')).toBe(false);
  });
});

describe('the controller runtime (client-go: workqueue, workers, rate limits, informers)', () => {
  it('folds the changes that arrive while a key is being synced into one more sync afterwards', () => {
    const syncs: number[] = [];
    const slow: Controller = {
      name: 'slow',
      component: 'slow',
      watches: [{ kind: 'Pod', keys: () => ['all'] }],
      reconcile: (_v, _k, ctx) => {
        syncs.push(ctx.now);
        return [];
      },
    };
    // Each sync costs 10ms; pods arrive every millisecond for 25ms.
    const engine = new Engine({
      seed: 1,
      controllers: [slow],
      controlPlane: { profile: 'instant', controllers: { slow: { workers: 1, sync: { base: 10, perObject: 0 } } } },
    });
    for (let i = 0; i < 25; i++) engine.schedule(i, { type: 'Create', object: pod(`p${i}`) });
    engine.run();
    expect(syncs).toEqual([0, 10, 20, 30]);
  });

  it('runs at most `workers` syncs at once; keys come out in the order they were queued', () => {
    const started: string[] = [];
    const c: Controller = {
      name: 'c',
      component: 'c',
      watches: [{ kind: 'Pod' }],
      reconcile: (_v, key, ctx) => {
        started.push(`${ctx.now} ${key}`);
        return [];
      },
    };
    const engine = new Engine({
      seed: 1,
      controllers: [c],
      controlPlane: { profile: 'instant', controllers: { c: { workers: 2 } }, sync: { base: 5 } },
    });
    for (const n of ['a', 'b', 'c', 'd', 'e']) engine.schedule(0, { type: 'Create', object: pod(n) });
    engine.run();
    expect(started).toEqual(['0 default/a', '0 default/b', '5 default/c', '5 default/d', '10 default/e']);
  });

  it('holds a controller’s writes to its client’s QPS and burst (kube-controller-manager: 20/s, burst 30)', () => {
    const engine = new Engine({
      seed: 1,
      controllers: [creator(40, { process: 'kube-controller-manager' }, { wave: 1 })],
      controlPlane: {
        apiLatency: { kind: 'fixed', value: 10 },
        sync: { base: 0, perObject: 0 },
        processes: { 'kube-controller-manager': { informerLag: 0 } },
      },
    });
    engine.schedule(0, { type: 'Create', object: pod('go') });
    engine.run();
    const creates = timesOf(engine, 'Create').slice(1);
    expect(creates).toHaveLength(40);
    // The burst goes at once; then one token every 50ms.
    expect(creates.slice(0, 30).every((t) => t === 10)).toBe(true);
    expect(creates.slice(30)).toEqual([60, 110, 160, 210, 260, 310, 360, 410, 460, 510]);
  });

  it('sends a sync’s calls one after another, waves together; a failed wave stops the later waves', () => {
    const waves: Controller = {
      name: 'waves',
      component: 'waves',
      watches: [{ kind: 'Pod', keys: (c) => (c.key === 'default/go' && c.old === undefined ? ['x'] : []) }],
      reconcile: () => [
        { type: 'create', object: pod('a'), wave: 1 },
        { type: 'create', object: pod('b'), wave: 2 },
        { type: 'create', object: pod('go'), wave: 2 }, // AlreadyExists: the wave fails
        { type: 'create', object: pod('c'), wave: 3 },
        { type: 'create', object: pod('d') },
      ],
    };
    const engine = instant({ controllers: [waves] });
    engine.schedule(0, { type: 'Create', object: pod('go') });
    // The failed sync is retried 5ms later (AddRateLimited): look before that.
    engine.run({ until: 4 });
    const creates = engine.log
      .entries()
      .filter((e): e is LogEntry & { event: { type: 'Create' } } => e.event.type === 'Create' && e.by === 'waves')
      .map((e) => `${e.time} ${e.event.object.metadata.name}${e.error ? ' rejected' : ''}`);
    expect(creates).toEqual(['1 a', '2 b', '2 go rejected', '3 d']);
  });

  it("writes a status update's ifWaveFailed instead when a wave of its sync failed (and its object otherwise)", () => {
    const withLabel = (name: string, v: string) => ({ ...pod(name), metadata: { ...pod(name).metadata, labels: { v } } });
    const statusOf = (fail: boolean): Controller => ({
      name: 'status',
      component: 'status',
      watches: [{ kind: 'Pod', keys: (c) => (c.key === 'default/go' && c.old === undefined ? ['x'] : []) }],
      reconcile: () => [
        { type: 'create', object: pod(fail ? 'go' : 'fresh'), wave: 1 },
        { type: 'updateStatus', object: withLabel('go', 'counted'), ifWaveFailed: withLabel('go', 'not counted') },
      ],
    });
    for (const fail of [true, false]) {
      const engine = instant({ controllers: [statusOf(fail)] });
      engine.schedule(0, { type: 'Create', object: pod('go') });
      engine.run({ until: 4 });
      const status = engine.log.entries().find((e) => e.event.type === 'UpdateStatus' && e.by === 'status');
      expect(status?.event.type === 'UpdateStatus' && status.event.object.metadata.labels?.v).toBe(
        fail ? 'not counted' : 'counted',
      );
    }
  });

  it('sends nothing more after a failed call outside any wave (the sync returned its error)', () => {
    const seq: Controller = {
      name: 'seq',
      component: 'seq',
      watches: [{ kind: 'Pod', keys: (c) => (c.key === 'default/go' && c.old === undefined ? ['x'] : []) }],
      reconcile: () => [
        { type: 'create', object: pod('go') }, // AlreadyExists
        { type: 'create', object: pod('after') },
      ],
    };
    const engine = instant({ controllers: [seq] });
    engine.schedule(0, { type: 'Create', object: pod('go') });
    engine.run({ until: 4 });
    expect(engine.view.get('Pod', 'default', 'after')).toBeUndefined();
    // Retried with the controller's back-off: 5ms after the failure.
    engine.run({ until: 7 });
    expect(timesOf(engine, 'Reconcile')).toEqual([0, 6]);
  });

  it('goes on past a failed call marked continueOnError, and requeues the key; an error effect fails a sync that sent nothing', () => {
    const loop: Controller = {
      name: 'loop',
      component: 'loop',
      watches: [{ kind: 'Pod', keys: (c) => (c.key === 'default/go' && c.old === undefined ? ['x'] : []) }],
      reconcile: () => [
        { type: 'create', object: pod('go'), continueOnError: true }, // AlreadyExists
        { type: 'create', object: pod('after'), continueOnError: true },
      ],
    };
    const engine = instant({ controllers: [loop] });
    engine.schedule(0, { type: 'Create', object: pod('go') });
    engine.run({ until: 7 });
    expect(engine.view.get('Pod', 'default', 'after')).toBeDefined();
    expect(timesOf(engine, 'Reconcile')).toEqual([0, 7]);
    const syncs: number[] = [];
    const failing: Controller = {
      name: 'failing',
      component: 'failing',
      watches: [{ kind: 'Pod', keys: (c) => (c.old === undefined ? ['x'] : []) }],
      reconcile: (_v, _k, ctx) => {
        syncs.push(ctx.now);
        return syncs.length < 3 ? [{ type: 'error', message: 'not yet' }] : [];
      },
    };
    const other = instant({ controllers: [failing] });
    other.schedule(0, { type: 'Create', object: pod('a') });
    other.run();
    expect(syncs).toEqual([0, 5, 15]);
  });

  it('tries a failed status update again over a fresh GET (statusUpdateRetries)', () => {
    // Writes a stale status once: the retry reads the object again and succeeds.
    const stale: Controller = {
      name: 'stale',
      component: 'stale',
      watches: [{ kind: 'Pod', keys: (c) => (c.key === 'default/a' && c.old === undefined ? [c.key] : []) }],
      reconcile: (view, key) => {
        const p = view.getByKey('Pod', key) as Pod;
        return [
          {
            type: 'updateStatus',
            object: { ...p, metadata: { ...p.metadata, resourceVersion: '999' }, status: { phase: 'Running' } },
            retry: { times: 1 },
          },
        ];
      },
    };
    const engine = instant({ controllers: [stale] });
    engine.schedule(0, { type: 'Create', object: pod('a') });
    const r = engine.run();
    const writes = engine.log.entries().filter((e) => e.event.type === 'UpdateStatus');
    // The conflict lands at 1, the GET returns at 2, the second try lands at 3.
    expect(writes.map((e) => `${e.time} ${e.error?.reason ?? 'ok'}`)).toEqual(['1 Conflict', '3 ok']);
    expect(engine.view.get('Pod', 'default', 'a')?.status?.phase).toBe('Running');
    // The sync succeeded in the end: no rate-limited requeue.
    expect(r.syncs).toBe(1);
  });

  it('a delete that finds its object gone is no failure: later waves go out, no failure Event, no retry', () => {
    const waver: Controller = {
      name: 'waver',
      component: 'waver',
      watches: [{ kind: 'Pod', keys: (c) => (c.key === 'default/go' && c.old === undefined ? ['x'] : []) }],
      reconcile: (view) => [
        {
          type: 'delete',
          ref: { kind: 'Pod', name: 'ghost' },
          wave: 1,
          report: {
            involved: {
              kind: 'Pod',
              name: 'go',
              namespace: 'default',
              uid: view.get('Pod', 'default', 'go')?.metadata.uid as string,
            },
            failure: { eventType: 'Warning', reason: 'FailedDelete', message: 'Error deleting: ' },
          },
        },
        { type: 'create', object: pod('made'), wave: 2 },
      ],
    };
    const engine = instant({ controllers: [waver] });
    engine.schedule(0, { type: 'Create', object: pod('go') });
    const r = engine.run();
    expect(engine.view.get('Pod', 'default', 'made')).toBeDefined();
    expect(timesOf(engine, 'RecordEvent')).toEqual([]);
    expect(r.syncs).toBe(1);
  });

  it('retries an update over the fresh object, keeping the write it raced (RetryOnConflict re-applies its change)', () => {
    const labeller2: Controller = {
      name: 'sts',
      component: 'sts',
      watches: [{ kind: 'Pod', keys: (c) => (c.key === 'default/a' && c.old === undefined ? [c.key] : []) }],
      reconcile: (view, key) => {
        const p = view.getByKey('Pod', key) as Pod;
        const next = { ...p, metadata: { ...p.metadata, labels: { ...p.metadata.labels, ctl: '1' } } };
        return [{ type: 'update', object: next, retry: { times: 3, onlyConflicts: true, fromCache: { pause: 10 } } }];
      },
    };
    const engine = instant({ controllers: [labeller2], apiLatency: 5 });
    engine.schedule(0, { type: 'Create', object: pod('a') });
    engine.schedule(2, {
      type: 'Patch',
      ref: { kind: 'Pod', name: 'a' },
      patchType: 'merge',
      patch: { metadata: { labels: { user: 'important' } } },
    });
    engine.run();
    expect(engine.view.get('Pod', 'default', 'a')?.metadata.labels).toEqual({ app: 'x', user: 'important', ctl: '1' });
  });

  it('a GET-first write to an object that is gone is not sent', () => {
    const status: Controller = {
      name: 'status',
      component: 'status',
      watches: [{ kind: 'Pod', keys: (c) => (c.old === undefined && c.new !== undefined ? [c.key] : []) }],
      reconcile: (view, key) => {
        const p = view.getByKey('Pod', key) as Pod;
        return [{ type: 'updateStatus', object: { ...p, status: { phase: 'Running' } }, getFirst: true }];
      },
    };
    const engine = instant({ controllers: [status], apiLatency: 5 });
    engine.schedule(0, { type: 'Create', object: pod('a') });
    engine.schedule(3, { type: 'Delete', ref: { kind: 'Pod', name: 'a' } });
    const r = engine.run();
    expect(timesOf(engine, 'UpdateStatus')).toEqual([]);
    expect(r.syncs).toBe(1);
  });

  it('stops a loop that escapes the per-instant bound (a requeue at once, syncs taking time)', () => {
    const hot: Controller = {
      name: 'hot',
      component: 'hot',
      watches: [{ kind: 'Pod', keys: () => ['x'] }],
      reconcile: () => [{ type: 'requeueAfter', after: 0 }],
    };
    const engine = new Engine({ seed: 1, controllers: [hot] });
    engine.schedule(0, { type: 'Create', object: pod('a') });
    const r = engine.run();
    expect(r.stoppedBy).toBe('hotLoop');
    expect(r.message).toMatch(/^run stopped: controller hot synced x 4096 times in \d+ms of simulated time/);
  });

  it('a reconcile that throws lets its worker and key go, so a caller that catches it can run on', () => {
    let throws = true;
    const flaky: Controller = {
      name: 'flaky',
      component: 'flaky',
      watches: [{ kind: 'Pod' }],
      reconcile: () => {
        if (throws) throw new Error('boom');
        return [];
      },
      runtime: { workers: 1 },
    };
    const engine = new Engine({
      seed: 1,
      controllers: [flaky],
      controlPlane: { profile: 'instant', controllers: { flaky: { workers: 1 } } },
    });
    engine.schedule(0, { type: 'Create', object: pod('a') });
    expect(() => engine.run()).toThrow(/controller flaky failed to reconcile default\/a/);
    throws = false;
    engine.schedule(engine.now + 1, { type: 'Create', object: pod('b') });
    expect(engine.run().syncs).toBe(1);
  });

  it('sends an async call without holding the worker', () => {
    const started: number[] = [];
    const binder: Controller = {
      name: 'binder',
      component: 'binder',
      watches: [{ kind: 'Pod', keys: (c) => (c.old === undefined ? [c.key] : []) }],
      reconcile: (view, key, ctx) => {
        started.push(ctx.now);
        const p = view.getByKey('Pod', key) as Pod;
        return [
          {
            type: 'bind',
            ref: { kind: 'Pod', name: p.metadata.name as string },
            uid: p.metadata.uid as string,
            nodeName: 'n',
            async: true,
          },
        ];
      },
      runtime: { workers: 1 },
    };
    const engine = new Engine({
      seed: 1,
      controllers: [binder],
      controlPlane: { profile: 'instant', apiLatency: { kind: 'fixed', value: 50 } },
    });
    for (const n of ['a', 'b', 'c']) engine.schedule(0, { type: 'Create', object: pod(n) });
    engine.run();
    expect(started).toEqual([0, 0, 0]);
    expect(timesOf(engine, 'Bind')).toEqual([50, 50, 50]);
  });

  it('reads its informers’ view, `informerLag` behind the API server', () => {
    const seen: string[] = [];
    const reader: Controller = {
      name: 'reader',
      component: 'reader',
      watches: [{ kind: 'Pod', keys: () => ['all'] }],
      reconcile: (view, _k, ctx) => {
        seen.push(`${ctx.now}: ${view.count('Pod')}`);
        return [];
      },
    };
    const engine = new Engine({
      seed: 1,
      controllers: [reader],
      controlPlane: {
        profile: 'instant',
        processes: { 'kube-controller-manager': { informerLag: 10 } },
        controllers: { reader: { workers: 1, sync: { base: 4, perObject: 0 } } },
      },
    });
    for (const t of [0, 3, 12]) engine.schedule(t, { type: 'Create', object: pod(`p${t}`) });
    engine.run();
    // Told of p0 at 10 it sees the state of 0; busy until 14, it then sees the state of 4 (p0, p3); p12 shows at 22.
    expect(seen).toEqual(['10: 1', '14: 2', '22: 3']);
  });

  it('records Events through the component’s correlator: 25 about one object, then one every 5 minutes', () => {
    const noisy: Controller = {
      name: 'noisy',
      component: 'noisy',
      watches: [{ kind: 'Pod', keys: () => ['all'] }],
      reconcile: (view) => {
        const p = view.get('Pod', 'default', 'target') as Pod;
        return [
          {
            type: 'event',
            involved: { kind: 'Pod', namespace: 'default', name: 'target', uid: p.metadata.uid as string },
            eventType: 'Normal',
            reason: 'Tick',
            message: `tick ${view.count('Pod')}`,
          },
        ];
      },
    };
    const engine = instant({ controllers: [noisy] });
    engine.schedule(0, { type: 'Create', object: pod('target') });
    for (let i = 0; i < 40; i++) engine.schedule(10 + i, { type: 'Create', object: pod(`p${i}`) });
    engine.run();
    expect(timesOf(engine, 'RecordEvent')).toHaveLength(25);
    // Aggregated past ten distinct messages: one Event holds the similar ones.
    const events = engine.view.eventsFor(engine.view.get('Pod', 'default', 'target')?.metadata.uid as string);
    expect(events.length).toBeLessThan(25);
    expect(events.some((e) => e.message.startsWith('(combined from similar events): '))).toBe(true);
  });
});
