import { describe, expect, it } from 'vitest';
import type { Controller } from '../engine/controller.js';
import { Simulation } from '../simulation.js';
import { INSTANT, keeper, labeller, lines, pod, replaysExactly } from './testing.js';

/** Remembers how many times it synced each key and asks to be synced again 10s later. */
function counter(seen: string[]): Controller {
  return {
    name: 'counter',
    component: 'counter',
    watches: [{ kind: 'Pod' }],
    reconcile(_view, key, ctx) {
      const n = (ctx.memory<number>(key) ?? 0) + 1;
      seen.push(`${ctx.now} ${key} #${n}`);
      return [
        { type: 'remember', key, value: n },
        { type: 'requeueAfter', after: 10_000 },
      ];
    },
  };
}

describe('ControllerRestart', () => {
  it('loses the queue, its timers and the memory; comes back after the delay and queues every object', () => {
    const seen: string[] = [];
    const s = new Simulation({ seed: 1, controllers: [counter(seen)], controlPlane: INSTANT, apiLatency: 0 });
    s.create(pod('a'), 0);
    s.create(pod('b'), 0);
    s.inject({ type: 'ControllerRestart', controller: 'counter', delay: 2000 }, 1000);
    s.create(pod('c'), 1500); // while it is down: nobody hears
    s.run(13_500);
    expect(seen).toEqual([
      '0 default/a #1',
      '0 default/b #1',
      // The initial list, in key order; the memory starts again; the 10s timers set at 0 are gone.
      '3000 default/a #1',
      '3000 default/b #1',
      '3000 default/c #1',
      '13000 default/a #2',
      '13000 default/b #2',
      '13000 default/c #2',
    ]);
    expect(replaysExactly(s)).toBe(true);
  });

  it('mid-reconcile: a call on the wire lands unheard, the calls not sent yet are lost; the relist finishes the job', () => {
    const s = new Simulation({ seed: 1, controllers: [keeper(3)], controlPlane: INSTANT, apiLatency: 100 });
    s.create(pod('go'), 10);
    // keeper syncs at 10 and sends m-0 (lands 110), then m-1 (110 → 210), then m-2.
    s.inject({ type: 'ControllerRestart', controller: 'keeper', delay: 1000 }, 150);
    s.run();
    expect(lines(s, (e) => e.event.type === 'Create' || e.event.type === 'ControllerRestart')).toEqual([
      '10 user Create go',
      '110 keeper Create m-0',
      '150 world ControllerRestart',
      '210 keeper Create m-1',
      // Back at 1150 it lists m-0 and m-1 and creates only m-2.
      '1250 keeper Create m-2',
    ]);
    expect(replaysExactly(s)).toBe(true);
  });

  it('relistLag: the first list comes from an API server that far behind, which catches up after as long (Sieve)', () => {
    const seen: string[] = [];
    const s = new Simulation({ seed: 1, controllers: [labeller(seen)], controlPlane: INSTANT, apiLatency: 0 });
    s.create(pod('a'), 100);
    s.create(pod('b'), 5000);
    s.delete({ kind: 'Pod', name: 'a' }, { gracePeriodSeconds: 0 }, 5500);
    s.inject({ type: 'ControllerRestart', controller: 'labeller', relistLag: 3000 }, 6000);
    s.run();
    const after = seen.filter((l) => Number(l.split(' ')[0]) >= 6000);
    expect(after).toEqual([
      // The list as of 3000: a (labelled long ago), and no b.
      '6000 default/a 1',
      // Caught up at 9000: a is gone and b is there; the diff queues both.
      '9000 default/a 1',
      '9000 default/b 1', // labelled before the restart: nothing to do
    ]);
  });

  it('a second crash before it came back keeps it down until the later restart', () => {
    const seen: string[] = [];
    const s = new Simulation({ seed: 1, controllers: [labeller(seen)], controlPlane: INSTANT, apiLatency: 0 });
    s.inject({ type: 'ControllerRestart', controller: 'labeller', delay: 1000 }, 0);
    s.inject({ type: 'ControllerRestart', controller: 'labeller', delay: 1000 }, 500);
    s.create(pod('a'), 1200);
    s.run();
    // Listed at 1500 (the restart at 1000 of the first crash never happens), then its own label seen.
    expect(seen).toEqual(['1500 default/a 1', '1500 default/a 1']);
  });
});
