import { describe, expect, it } from 'vitest';
import type { Millis } from '../time/duration.js';
import { ItemExponentialFailureRateLimiter } from './ratelimiter.js';
import { WorkQueue } from './workqueue.js';

// Ports of client-go v0.34.1 util/workqueue: queue_test.go, delaying_queue_test.go and
// rate_limiting_queue_test.go. Go's goroutines and fake clock become a single thread and
// explicit times: `step` moves the clock the way fakeClock.Step does and fires every timer that
// came due, in time order, as the engine's timeline does. The shutdown tests
// (TestQueueDrainageUsingShutDownWithDrain, TestNoQueueDrainageUsingShutDown,
// TestForceQueueShutdownUsingShutDown, TestQueueDrainageUsingShutDownWithDrainWithDirtyItem)
// do not apply: a simulated controller's queue lives as long as the run and has no ShutDown.
// Nor do TestGarbageCollection (Go's GC) or the Touch half of TestCollapse (Touch is a no-op
// for the default FIFO queue, so only its de-duplication is ported).

/** The engine's side of a queue: the timers it asked for, fired in (time, request) order. */
class Clock {
  now: Millis = 0;
  private timers: { key: string; at: Millis }[] = [];

  constructor(readonly queue: WorkQueue) {}

  /** AddAfter(key, delay): the timer the queue asked for, if any. */
  addAfter(key: string, delay: Millis): Millis | undefined {
    return this.keep(key, this.queue.addAfter(key, this.now + delay, this.now));
  }

  addRateLimited(key: string): Millis | undefined {
    return this.keep(key, this.queue.addRateLimited(key, this.now));
  }

  /** fakeClock.Step(ms): the clock moves on and every timer due by then fires. */
  step(ms: Millis): void {
    this.now += ms;
    const due = this.timers.filter((t) => t.at <= this.now).sort((a, b) => a.at - b.at);
    this.timers = this.timers.filter((t) => t.at > this.now);
    for (const t of due) this.queue.fire(t.key, t.at);
  }

  private keep(key: string, at: Millis | undefined): Millis | undefined {
    if (at !== undefined) this.timers.push({ key, at });
    return at;
  }
}

/** One step of a single-threaded script; each names what Go's test checks after it. */
type Step =
  | { readonly add: string; readonly queued?: boolean }
  | { readonly get: string | undefined }
  | { readonly done: string; readonly requeued?: boolean }
  | { readonly addAfter: string; readonly delay: Millis; readonly timer?: Millis | undefined }
  | { readonly step: Millis }
  | { readonly len: number };

function run(steps: readonly Step[], queue = new WorkQueue()): WorkQueue {
  const clock = new Clock(queue);
  for (const [i, s] of steps.entries()) {
    const at = `step ${i}: ${JSON.stringify(s)}`;
    if ('add' in s) {
      const queued = queue.add(s.add);
      if (s.queued !== undefined) expect(queued, at).toBe(s.queued);
    } else if ('get' in s) expect(queue.get(), at).toBe(s.get);
    else if ('done' in s) {
      const requeued = queue.done(s.done);
      if (s.requeued !== undefined) expect(requeued, at).toBe(s.requeued);
    } else if ('addAfter' in s) {
      const timer = clock.addAfter(s.addAfter, s.delay);
      if ('timer' in s) expect(timer, at).toBe(s.timer);
    } else if ('step' in s) clock.step(s.step);
    else expect(queue.length, at).toBe(s.len);
  }
  return queue;
}

describe('queue_test.go', () => {
  it.each<{ name: string; steps: Step[] }>([
    {
      name: 'TestLen',
      steps: [{ add: 'foo' }, { len: 1 }, { add: 'bar' }, { len: 2 }, { add: 'foo', queued: false }, { len: 2 }],
    },
    {
      name: 'TestReinsert',
      steps: [
        { add: 'foo' },
        { get: 'foo' },
        // Added back while processing: marked dirty, not queued, so no second worker takes it.
        { add: 'foo', queued: false },
        { len: 0 },
        { get: undefined },
        { done: 'foo', requeued: true },
        { get: 'foo' },
        { done: 'foo', requeued: false },
        { len: 0 },
      ],
    },
    {
      name: 'TestCollapse',
      steps: [{ add: 'bar', queued: true }, { add: 'bar', queued: false }, { get: 'bar' }, { done: 'bar' }, { len: 0 }],
    },
    {
      name: 'TestCollapseWhileProcessing',
      steps: [
        { add: 'foo' },
        { get: 'foo' },
        { add: 'foo', queued: false },
        { add: 'foo', queued: false },
        // The other worker blocks in Get until the first one is Done.
        { get: undefined },
        { done: 'foo', requeued: true },
        { get: 'foo' },
        { done: 'foo', requeued: false },
        { len: 0 },
      ],
    },
    {
      name: 'FIFO: keys come out in the order they were first queued',
      steps: [{ add: 'c' }, { add: 'a' }, { add: 'b' }, { add: 'c' }, { get: 'c' }, { get: 'a' }, { get: 'b' }],
    },
  ])('$name', ({ steps }) => {
    run(steps);
  });

  it('keeps FIFO order across the compaction of its consumed prefix', () => {
    const queue = new WorkQueue();
    const got: string[] = [];
    for (let i = 0; i < 3000; i++) {
      queue.add(`k${i}`);
      // Take one key for every two added, so the array is compacted while keys still wait.
      if (i % 2 === 1) got.push(queue.get() as string);
    }
    for (let k = queue.get(); k !== undefined; k = queue.get()) got.push(k);
    expect(got).toEqual(Array.from({ length: 3000 }, (_, i) => `k${i}`));
    expect(queue.length).toBe(0);
  });

  // TestBasic: 50 producers each add their own key 50 times, 1 ms apart, while 10 consumers
  // take keys and hold each 3 ms. Go checks the queue ends empty; single-threaded we can also
  // check what the goroutines could not: no key is ever held by two consumers, and no add is
  // lost (every add is followed by a sync of that key that starts at or after it).
  it('TestBasic (deterministic): 50 producers, 10 consumers; de-duplicated, none lost, none held twice', () => {
    const queue = new WorkQueue();
    const held = new Map<number, { key: string; until: Millis }>();
    const lastAdd = new Map<string, Millis>();
    const lastGet = new Map<string, Millis>();
    let adds = 0;
    let gets = 0;
    for (let now = 0; now < 50 || held.size > 0 || queue.length > 0; now++) {
      for (const [consumer, h] of held) {
        if (h.until > now) continue;
        queue.done(h.key);
        held.delete(consumer);
      }
      if (now < 50) {
        for (let p = 0; p < 50; p++) {
          queue.add(`${p}`);
          lastAdd.set(`${p}`, now);
          adds++;
        }
      }
      for (let consumer = 0; consumer < 10; consumer++) {
        if (held.has(consumer)) continue;
        const key = queue.get();
        if (key === undefined) break;
        expect(
          [...held.values()].some((h) => h.key === key),
          `${key} held twice at ${now}`,
        ).toBe(false);
        expect(queue.isProcessing(key)).toBe(true);
        held.set(consumer, { key, until: now + 3 });
        lastGet.set(key, now);
        gets++;
      }
    }
    expect(queue.length).toBe(0);
    for (let p = 0; p < 50; p++) expect(lastGet.get(`${p}`) as Millis).toBeGreaterThanOrEqual(lastAdd.get(`${p}`) as Millis);
    // 10 consumers at 3 ms a sync cannot keep up with 50 adds a ms: most adds fold together.
    expect(gets).toBeLessThan(adds / 10);
  });

  // TestAddWhileProcessing: 50 keys; each of 10 consumers (taking turns here) adds a key back
  // while it processes it until it has seen it twice. A re-add during processing never puts the
  // key in the queue (Len does not grow) but Done does, and the queue drains.
  it('TestAddWhileProcessing (deterministic): re-adds during processing are queued by Done, and the queue drains', () => {
    const queue = new WorkQueue();
    for (let i = 0; i < 50; i++) queue.add(`${i}`);
    const counters = Array.from({ length: 10 }, () => new Map<string, number>());
    const syncs = new Map<string, number>();
    let turns = 0;
    for (let consumer = 0; queue.length > 0; consumer = (consumer + 1) % 10, turns++) {
      expect(turns, 'the queue should drain').toBeLessThan(10_000);
      const key = queue.get() as string;
      const counter = counters[consumer] as Map<string, number>;
      counter.set(key, (counter.get(key) ?? 0) + 1);
      syncs.set(key, (syncs.get(key) ?? 0) + 1);
      const before = queue.length;
      const readd = (counter.get(key) as number) < 2;
      if (readd) {
        expect(queue.add(key)).toBe(false);
        expect(queue.length).toBe(before);
      }
      expect(queue.done(key)).toBe(readd);
    }
    expect(queue.length).toBe(0);
    for (let i = 0; i < 50; i++) expect(syncs.get(`${i}`) as number).toBeGreaterThanOrEqual(2);
  });
});

describe('delaying_queue_test.go', () => {
  it.each<{ name: string; steps: Step[] }>([
    {
      name: 'TestSimpleQueue',
      steps: [
        { addAfter: 'foo', delay: 50, timer: 50 },
        { len: 0 },
        { step: 60 },
        { len: 1 },
        { get: 'foo' },
        { done: 'foo' },
        // Step past the next heartbeat (10 s): nothing else arrives.
        { step: 10_000 },
        { len: 0 },
      ],
    },
    {
      name: 'TestDeduping',
      steps: [
        { addAfter: 'foo', delay: 50, timer: 50 },
        // A later AddAfter of a waiting key is absorbed: the earliest time wins.
        { addAfter: 'foo', delay: 70, timer: undefined },
        { len: 0 },
        { step: 60 },
        { len: 1 },
        { get: 'foo' },
        { done: 'foo' },
        // Past the second AddAfter's 70 ms: it did not add again.
        { step: 20 },
        { len: 0 },
        // Again at 80 ms, but now the earlier one comes second and moves the timer up.
        { addAfter: 'foo', delay: 50, timer: 130 },
        { addAfter: 'foo', delay: 30, timer: 110 },
        { len: 0 },
        { step: 40 },
        { len: 1 },
        { get: 'foo' },
        { done: 'foo' },
        // Past the superseded 130 ms timer: it fires but adds nothing.
        { step: 20 },
        { len: 0 },
      ],
    },
    {
      name: 'TestAddTwoFireEarly',
      steps: [
        { addAfter: 'foo', delay: 1000 },
        { addAfter: 'bar', delay: 50 },
        { len: 0 },
        { step: 60 },
        { len: 1 },
        { get: 'bar' },
        { addAfter: 'baz', delay: 2000, timer: 2060 },
        { step: 1000 },
        { len: 1 },
        { get: 'foo' },
        { step: 2000 },
        { len: 1 },
        { get: 'baz' },
      ],
    },
    {
      name: 'TestCopyShifting',
      steps: [
        { addAfter: 'foo', delay: 1000 },
        { addAfter: 'bar', delay: 500 },
        { addAfter: 'baz', delay: 250 },
        { len: 0 },
        { step: 2000 },
        { len: 3 },
        { get: 'baz' },
        { get: 'bar' },
        { get: 'foo' },
      ],
    },
    {
      name: 'AddAfter with a delay of zero or less adds at once, with no timer',
      steps: [{ addAfter: 'foo', delay: 0, timer: undefined }, { addAfter: 'bar', delay: -5, timer: undefined }, { len: 2 }],
    },
    {
      name: 'a timer is independent of the dirty set: it fires while the key is synced, and Done queues it again',
      steps: [
        { add: 'foo' },
        { addAfter: 'foo', delay: 10, timer: 10 },
        { get: 'foo' },
        { step: 10 },
        { len: 0 },
        { done: 'foo', requeued: true },
        { get: 'foo' },
      ],
    },
    {
      name: 'a timer firing for a key already waiting adds nothing',
      steps: [{ addAfter: 'foo', delay: 10 }, { add: 'foo' }, { step: 10 }, { len: 1 }, { get: 'foo' }, { get: undefined }],
    },
  ])('$name', ({ steps }) => {
    run(steps);
  });

  it('fire() reports whether the key became available: a superseded timer is a no-op', () => {
    const queue = new WorkQueue();
    expect(queue.addAfter('foo', 50, 0)).toBe(50);
    expect(queue.addAfter('foo', 30, 0)).toBe(30);
    expect(queue.fire('foo', 30)).toBe(true);
    expect(queue.fire('foo', 50)).toBe(false);
    expect(queue.length).toBe(1);
  });
});

describe('rate_limiting_queue_test.go', () => {
  // TestRateLimitingQueue reads each AddAfter off the waiting channel before the waiting loop
  // de-duplicates it; here the queue de-duplicates at once, so each timer is let fire (and the
  // key synced) before the next AddRateLimited of the same key, and delays are timer − now.
  it('TestRateLimitingQueue', () => {
    const queue = new WorkQueue(new ItemExponentialFailureRateLimiter(1, 1000));
    const clock = new Clock(queue);
    const delayOf = (key: string): Millis | undefined => {
      const at = clock.addRateLimited(key);
      return at === undefined ? undefined : at - clock.now;
    };
    const sync = (): void => {
      clock.step(10);
      for (let k = queue.get(); k !== undefined; k = queue.get()) queue.done(k);
    };

    expect(delayOf('one')).toBe(1);
    sync();
    expect(delayOf('one')).toBe(2);
    expect(queue.numRequeues('one')).toBe(2);

    expect(delayOf('two')).toBe(1);
    sync();
    expect(delayOf('two')).toBe(2);

    sync();
    queue.forget('one');
    expect(queue.numRequeues('one')).toBe(0);
    expect(delayOf('one')).toBe(1);
  });

  it("AddRateLimited while the key's timer waits counts the failure but keeps the earlier timer", () => {
    const queue = new WorkQueue(new ItemExponentialFailureRateLimiter(1, 1000));
    expect(queue.addRateLimited('one', 0)).toBe(1);
    expect(queue.addRateLimited('one', 0)).toBeUndefined();
    expect(queue.numRequeues('one')).toBe(2);
    expect(queue.fire('one', 1)).toBe(true);
  });

  it('the default limiter: a key failing 6 times in a row waits 5, 10, 20, 40, 80, 160 ms', () => {
    const queue = new WorkQueue();
    const clock = new Clock(queue);
    const delays: Millis[] = [];
    for (let i = 0; i < 6; i++) {
      const at = clock.addRateLimited('ns/a') as Millis;
      delays.push(at - clock.now);
      clock.step(at - clock.now);
      expect(queue.get()).toBe('ns/a');
      queue.done('ns/a');
    }
    expect(delays).toEqual([5, 10, 20, 40, 80, 160]);
  });
});
