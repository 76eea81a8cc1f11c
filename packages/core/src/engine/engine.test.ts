import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types.js';
import { isKubesimError } from '../errors.js';
import { stateHash } from '../log/stateHash.js';
import { Simulation } from '../simulation.js';
import type { Controller } from './controller.js';
import { Engine } from './engine.js';

function pod(name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'x' } },
    spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
  };
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

describe('engine loop', () => {
  it('applies a controller write after the API latency, caused by its reconcile', () => {
    const engine = new Engine({ seed: 1, controllers: [labeller], apiLatency: 5, controllerLatency: 2 });
    engine.schedule(1000, { type: 'Create', object: pod('a') });
    expect(engine.run().stoppedBy).toBe('quiet');
    const entries = engine.log.entries();
    const types = entries.map((e) => `${e.time}:${e.event.type}:${e.by}`);
    expect(types).toEqual([
      '0:Start:engine',
      '1000:Create:user',
      '1002:Reconcile:engine',
      '1007:Update:labeller',
      '1009:Reconcile:engine',
    ]);
    expect(entries[3]?.cause).toBe(entries[2]?.seq);
    expect(engine.view.get('Pod', 'default', 'a')?.metadata.labels).toEqual({ app: 'x', seen: 'true' });
  });

  it('orders equal-time events: inputs, then API writes, then reconciles, each in the order scheduled', () => {
    const engine = new Engine({ seed: 1, controllers: [labeller], apiLatency: 0, controllerLatency: 0 });
    engine.schedule(0, { type: 'Create', object: pod('a') });
    engine.schedule(0, { type: 'Create', object: pod('b') });
    engine.run();
    const seen = engine.log.entries().map((e) => (e.event.type === 'Reconcile' ? `R ${e.event.key}` : `${e.event.type} ${e.by}`));
    expect(seen).toEqual([
      'Start engine',
      'Create user',
      'Create user',
      'R default/a',
      'Update labeller',
      'R default/b',
      'Update labeller',
      'R default/a',
      'R default/b',
    ]);
  });

  it('reconciles a key once for several changes at one instant (a de-duplicating queue)', () => {
    const counting: Controller = {
      name: 'counter',
      component: 'counter',
      watches: [{ kind: 'Pod', keys: () => ['all'] }],
      reconcile: () => [],
    };
    const engine = new Engine({ seed: 1, controllers: [counting] });
    for (const n of ['a', 'b', 'c']) engine.schedule(0, { type: 'Create', object: pod(n) });
    engine.run();
    expect(engine.log.entries().filter((e) => e.event.type === 'Reconcile')).toHaveLength(1);
  });

  it('logs a rejected write with the API error and changes nothing', () => {
    const engine = new Engine({ seed: 1 });
    engine.schedule(0, { type: 'Create', object: pod('a') });
    engine.run();
    const before = stateHash(engine.state);
    engine.schedule(engine.now, { type: 'Create', object: pod('a') });
    engine.run();
    const last = engine.log.entries().at(-1);
    expect(last?.error).toEqual({ reason: 'AlreadyExists', message: 'pods "a" already exists' });
    expect(stateHash(engine.state)).toBe(before);
  });

  it('retries a key whose write was rejected, with a growing back-off', () => {
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
    const engine = new Engine({ seed: 1, controllers: [stubborn], apiLatency: 1 });
    engine.schedule(0, { type: 'Create', object: pod('a') });
    engine.run();
    const reconciles = engine.log
      .entries()
      .filter((e) => e.event.type === 'Reconcile')
      .map((e) => e.time);
    // Rejections land at 1, 7 and 18: retries 5ms, 10ms, 20ms later.
    expect(reconciles).toEqual([0, 6, 17, 38]);
    expect(engine.view.get('Pod', 'default', 'a')?.metadata.labels).toEqual({ n: '4' });
  });

  it('stops a hot requeue loop at one instant and names the controller and key', () => {
    const hot: Controller = {
      name: 'spinner',
      component: 'spinner',
      watches: [{ kind: 'Pod' }],
      reconcile: () => [{ type: 'requeueAfter', after: 0 }],
    };
    const engine = new Engine({ seed: 1, controllers: [hot], maxEventsPerInstant: 500 });
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
    const a = new Engine({ seed: 1, controllers: [ticking] });
    a.schedule(0, { type: 'Create', object: pod('a') });
    const byCount = a.run({ maxEvents: 100 });
    expect(byCount.stoppedBy).toBe('maxEvents');
    expect(byCount.message).toMatch(
      /^run stopped at the event bound \(100 events\) at 1m3?\d?s: controller ticker kept requeueing default\/a/,
    );
    const b = new Engine({ seed: 1, controllers: [ticking], maxTime: 60_000 });
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
    const engine = new Engine({ seed: 1, controllers: [broken] });
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
    const engine = new Engine({ seed: 1 });
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

  it('exposes how many of a key’s writes are still in flight', () => {
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
    const engine = new Engine({ seed: 1, controllers: [watcher], apiLatency: 10 });
    engine.schedule(0, { type: 'Create', object: pod('a') });
    engine.run();
    expect(seen).toEqual([0, 1, 0]);
  });
});
