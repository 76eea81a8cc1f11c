import { describe, expect, it } from 'vitest';
import type { Controller } from '../engine/controller.js';
import { Simulation } from '../simulation.js';
import { relistChanges } from './relist.js';
import { INSTANT, keeper, labeller, lines, pod, replaysExactly } from './testing.js';

function sim(seen: string[], extra: Controller[] = []): Simulation {
  return new Simulation({ seed: 1, controllers: [labeller(seen), ...extra], controlPlane: INSTANT, apiLatency: 0 });
}

describe('WatchFault drop', () => {
  it('misses changes while the watch is broken; the relist hands the handlers the difference', () => {
    const seen: string[] = [];
    const s = sim(seen);
    s.create(pod('a'), 50);
    s.inject({ type: 'WatchFault', controller: 'labeller', kind: 'Pod', mode: 'drop', until: 1000 }, 100);
    s.create(pod('b'), 200);
    s.run();
    expect(seen).toEqual([
      '50 default/a 1',
      '50 default/a 1', // its own label, seen
      '1000 default/b 2', // the relist: b is new (a unchanged is not handed over)
      '1000 default/b 2',
    ]);
    expect(replaysExactly(s)).toBe(true);
  });

  it('relists after the reflector back-off (800ms) when no `until` is given', () => {
    const seen: string[] = [];
    const s = sim(seen);
    s.inject({ type: 'WatchFault', controller: 'labeller', mode: 'drop' }, 100);
    s.create(pod('b'), 200);
    s.run();
    expect(seen[0]).toBe('900 default/b 1');
  });

  it('the controller meets the expectation of its own write at the relist', () => {
    const seen: string[] = [];
    const s = new Simulation({ seed: 1, controllers: [keeper(1, seen)], controlPlane: INSTANT, apiLatency: 5 });
    s.inject({ type: 'WatchFault', controller: 'keeper', kind: 'Pod', mode: 'drop', until: 500 }, 0);
    s.create(pod('go'), 10);
    s.run();
    // go's create is missed too; the relist at 500 queues x; the create of m-0 lands at 505 and is heard.
    expect(lines(s, (e) => e.event.type === 'Create')).toEqual(['10 user Create go', '505 keeper Create m-0']);
    expect(seen.at(-1)).toBe('505 inFlight=0 failures=');
  });
});

describe('WatchFault delay and duplicate', () => {
  it('delay: the kind is told and cached `delay` late', () => {
    const seen: string[] = [];
    const s = sim(seen);
    s.inject({ type: 'WatchFault', kind: 'Pod', mode: 'delay', delay: 500, until: 10_000 }, 0);
    s.create(pod('a'), 100);
    s.run();
    expect(seen[0]).toBe('600 default/a 1');
  });

  it('duplicate: each notification comes again `delay` later; the queue takes the key again', () => {
    const seen: string[] = [];
    const s = sim(seen);
    s.inject({ type: 'WatchFault', controller: 'labeller', mode: 'duplicate', delay: 50, until: 120 }, 0);
    s.create(pod('a'), 100);
    s.run();
    // The create's copy and the label's copy come at 150 together: the queue takes a once.
    expect(seen).toEqual(['100 default/a 1', '100 default/a 1', '150 default/a 1']);
  });
});

describe('relistChanges', () => {
  it('adds, updates and deletes between two states, unchanged objects left out, in key order', () => {
    const s = sim([]);
    s.create(pod('a'), 0);
    s.create(pod('b'), 0);
    s.run(1);
    const from = s.state;
    s.create(pod('c'), 2);
    s.delete({ kind: 'Pod', name: 'a' }, { gracePeriodSeconds: 0 }, 2);
    s.label({ kind: 'Pod', name: 'b' }, { x: 'y' }, 2);
    s.run(3);
    const out = relistChanges(from, s.state, 'Pod').map((c) => `${c.key} ${c.old ? 'old' : '-'} ${c.new ? 'new' : '-'}`);
    expect(out).toEqual(['default/a old -', 'default/b old new', 'default/c - new']);
  });
});

describe('a stale kind next to fresh ones', () => {
  it('a dropped Pod watch freezes the pods the controller reads, not its nodes', () => {
    const seen: string[] = [];
    const both: Controller = {
      name: 'both',
      component: 'both',
      watches: [
        { kind: 'Pod', keys: () => ['x'] },
        { kind: 'Node', keys: () => ['x'] },
      ],
      reconcile(view, _key, ctx) {
        seen.push(`${ctx.now} pods=${view.count('Pod')} nodes=${view.count('Node')} onNode=${view.podCountOnNode('')}`);
        return [];
      },
    };
    const s = new Simulation({ seed: 1, controllers: [both], controlPlane: INSTANT, apiLatency: 0 });
    s.create(pod('a'), 10);
    s.inject({ type: 'WatchFault', controller: 'both', kind: 'Pod', mode: 'drop', until: 1000 }, 100);
    s.create(pod('b'), 200);
    s.addNode('n1', 300);
    s.run();
    expect(seen).toEqual([
      '10 pods=1 nodes=0 onNode=1',
      // The node is seen at once; the pod cache (and the pods-by-node index) is as it was at 100.
      '300 pods=1 nodes=1 onNode=1',
      // The relist: b is handed over.
      '1000 pods=2 nodes=1 onNode=2',
    ]);
  });
});
