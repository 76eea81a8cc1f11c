import { describe, expect, it } from 'vitest';
import { Simulation } from '../simulation.js';
import { INSTANT, labeller, lines, pod, replaysExactly } from './testing.js';

function sim(seen: string[]): Simulation {
  return new Simulation({ seed: 1, controllers: [labeller(seen)], controlPlane: INSTANT, apiLatency: 0 });
}

describe('ControllerLag by a duration', () => {
  it('the controller is told of a change `lag` late and reads the state as it was `lag` ago', () => {
    const seen: string[] = [];
    const s = sim(seen);
    s.inject({ type: 'ControllerLag', controller: 'labeller', lag: 1000 }, 0);
    s.create(pod('a'), 100);
    s.create(pod('b'), 600);
    s.run(1_700);
    // At 1100 the cache is the state at 100 (a only); at 1600, at 600 (a and b).
    expect(seen.slice(0, 2)).toEqual(['1100 default/a 1', '1600 default/b 2']);
    expect(lines(s, (e) => e.event.type === 'Update')).toEqual(['1100 labeller Update a', '1600 labeller Update b']);
  });

  it('lag 0 ends it: later changes are seen at the process lag again', () => {
    const seen: string[] = [];
    const s = sim(seen);
    s.inject({ type: 'ControllerLag', controller: 'labeller', lag: 1000 }, 0);
    s.inject({ type: 'ControllerLag', controller: 'labeller', lag: 0 }, 2000);
    s.create(pod('a'), 2100);
    s.run();
    expect(seen[0]).toBe('2100 default/a 1');
    expect(s.log.toJsonl()).toContain('"ControllerLag":{"controller":"labeller","lag":1000}');
    expect(replaysExactly(s)).toBe(true);
  });

  it('a lag that grows does not take the cache back in time: it stops until time catches up', () => {
    const seen: string[] = [];
    const s = sim(seen);
    s.create(pod('a'), 100);
    s.inject({ type: 'ControllerLag', controller: 'labeller', lag: 5000 }, 1000);
    s.create(pod('b'), 1200);
    s.run();
    // b is told 5s late; the cache then is the state at 1200: a and b, never older than what it had seen.
    expect(seen).toContain('6200 default/b 2');
    expect(seen.every((l) => !l.endsWith(' 0'))).toBe(true);
  });
});

describe('ControllerLag by watch events', () => {
  it('holds each change to a watched kind until `events` more have come; ending the lag lets all through', () => {
    const seen: string[] = [];
    const s = sim(seen);
    s.inject({ type: 'ControllerLag', controller: 'labeller', events: 2 }, 0);
    s.create(pod('a'), 10);
    s.create(pod('b'), 20);
    s.run(25);
    expect(seen).toEqual([]);
    s.create(pod('c'), 30);
    s.run(999);
    // c's create lets a's through: the cache shows a alone. Each label lands at once and, being
    // one more event, lets the next create through.
    expect(seen.slice(0, 3)).toEqual(['30 default/a 1', '30 default/b 2', '30 default/c 3']);
    s.inject({ type: 'ControllerLag', controller: 'labeller', events: 0 }, 1000);
    s.run();
    expect(s.list('Pod').every((p) => p.metadata.labels?.seen === 'true')).toBe(true);
    expect(replaysExactly(s)).toBe(true);
  });
});
