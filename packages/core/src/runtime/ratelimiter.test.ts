import { describe, expect, it } from 'vitest';
import type { Millis } from '../time/duration.js';
import {
  BucketRateLimiter,
  CONTROLLER_BACKOFF_MAX,
  defaultControllerRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
  type RateLimiter,
  TokenBucket,
} from './ratelimiter.js';

// Ports of client-go v0.34.1 util/workqueue/default_rate_limiters_test.go, and of
// golang.org/x/time v0.9.0 (the version client-go v0.34.1 pins) rate/rate_test.go for the
// token bucket, with Go's time.Duration in milliseconds.

/**
 * ItemFastSlowRateLimiter (default_rate_limiters.go), which kubesim does not use: upstream's
 * TestMaxOfRateLimiter combines it with the exponential limiter, so the port needs it.
 */
class ItemFastSlowRateLimiter implements RateLimiter {
  private readonly failures = new Map<string, number>();

  constructor(
    readonly fastDelay: Millis,
    readonly slowDelay: Millis,
    readonly maxFastAttempts: number,
  ) {}

  when(item: string): Millis {
    const n = (this.failures.get(item) ?? 0) + 1;
    this.failures.set(item, n);
    return n <= this.maxFastAttempts ? this.fastDelay : this.slowDelay;
  }

  forget(item: string): void {
    this.failures.delete(item);
  }

  numRequeues(item: string): number {
    return this.failures.get(item) ?? 0;
  }
}

/** One step of an upstream script: When(item) returns `when`, or NumRequeues(item) is `requeues`, or Forget(item). */
type LimiterStep =
  | { readonly item: string; readonly when: Millis }
  | { readonly item: string; readonly requeues: number }
  | { readonly item: string; readonly forget: true };

function runSteps(limiter: RateLimiter, steps: readonly LimiterStep[]): void {
  for (const [i, step] of steps.entries()) {
    if ('when' in step) expect(limiter.when(step.item, 0), `step ${i}: When(${step.item})`).toBe(step.when);
    else if ('requeues' in step)
      expect(limiter.numRequeues(step.item), `step ${i}: NumRequeues(${step.item})`).toBe(step.requeues);
    else limiter.forget(step.item);
  }
}

describe('default_rate_limiters_test.go', () => {
  it.each([
    {
      name: 'TestItemExponentialFailureRateLimiter',
      limiter: () => new ItemExponentialFailureRateLimiter(1, 1000),
      steps: [
        { item: 'one', when: 1 },
        { item: 'one', when: 2 },
        { item: 'one', when: 4 },
        { item: 'one', when: 8 },
        { item: 'one', when: 16 },
        { item: 'one', requeues: 5 },
        { item: 'two', when: 1 },
        { item: 'two', when: 2 },
        { item: 'two', requeues: 2 },
        { item: 'one', forget: true },
        { item: 'one', requeues: 0 },
        { item: 'one', when: 1 },
      ],
    },
    {
      name: 'TestItemFastSlowRateLimiter',
      limiter: () => new ItemFastSlowRateLimiter(5, 10_000, 3),
      steps: [
        { item: 'one', when: 5 },
        { item: 'one', when: 5 },
        { item: 'one', when: 5 },
        { item: 'one', when: 10_000 },
        { item: 'one', when: 10_000 },
        { item: 'one', requeues: 5 },
        { item: 'two', when: 5 },
        { item: 'two', when: 5 },
        { item: 'two', requeues: 2 },
        { item: 'one', forget: true },
        { item: 'one', requeues: 0 },
        { item: 'one', when: 5 },
      ],
    },
    {
      name: 'TestMaxOfRateLimiter',
      limiter: () =>
        new MaxOfRateLimiter(new ItemFastSlowRateLimiter(5, 3000, 3), new ItemExponentialFailureRateLimiter(1, 1000)),
      steps: [
        { item: 'one', when: 5 },
        { item: 'one', when: 5 },
        { item: 'one', when: 5 },
        { item: 'one', when: 3000 },
        { item: 'one', when: 3000 },
        { item: 'one', requeues: 5 },
        { item: 'two', when: 5 },
        { item: 'two', when: 5 },
        { item: 'two', requeues: 2 },
        { item: 'one', forget: true },
        { item: 'one', requeues: 0 },
        { item: 'one', when: 5 },
      ],
    },
  ] satisfies { name: string; limiter: () => RateLimiter; steps: LimiterStep[] }[])('$name', ({ limiter, steps }) => {
    runSteps(limiter(), steps);
  });

  // TestItemExponentialFailureRateLimiterOverFlow: Go guards base·2^n above MaxInt64 ns; here
  // 2^n becomes a huge float, then Infinity (n > 1023), and either way the cap answers.
  it.each([
    { base: 1, max: 1000 * 1000, item: 'one', before: 5, want: 32 },
    { base: 1, max: 1000 * 1000, item: 'overflow1', before: 1000, want: 1000 * 1000 },
    { base: 60_000, max: 1000 * 3_600_000, item: 'two', before: 2, want: 4 * 60_000 },
    { base: 60_000, max: 1000 * 3_600_000, item: 'overflow2', before: 1000, want: 1000 * 3_600_000 },
    // Past 2^1023 the float is Infinity: still the cap, never NaN or Infinity.
    { base: 1, max: 1000 * 1000, item: 'overflow3', before: 2000, want: 1000 * 1000 },
  ])(
    'TestItemExponentialFailureRateLimiterOverFlow: base $base, $before failures of $item, then $want',
    ({ base, max, item, before, want }) => {
      const limiter = new ItemExponentialFailureRateLimiter(base, max);
      for (let i = 0; i < before; i++) limiter.when(item);
      expect(limiter.when(item)).toBe(want);
      expect(limiter.numRequeues(item)).toBe(before + 1);
    },
  );

  it('BucketRateLimiter: every When takes a token from one bucket shared by all items; no requeue count', () => {
    const limiter: RateLimiter = new BucketRateLimiter(new TokenBucket(10, 2));
    expect([limiter.when('a', 0), limiter.when('b', 0), limiter.when('c', 0), limiter.when('a', 0)]).toEqual([0, 0, 100, 200]);
    expect(limiter.numRequeues('a')).toBe(0);
    limiter.forget('a');
    // Forget returns no token: at 150 ms the bucket has refilled 1.5 of the 2 it owed.
    expect(limiter.when('a', 150)).toBe(150);
  });

  it('MaxOfRateLimiter asks every limiter, so a delay the other limiter hides still spends a token', () => {
    const bucket = new TokenBucket(10, 1);
    const limiter = new MaxOfRateLimiter(new ItemExponentialFailureRateLimiter(1000, 10_000), new BucketRateLimiter(bucket));
    expect(limiter.when('a', 0)).toBe(1000); // the back-off wins; the bucket's one token is gone anyway
    expect(bucket.reserve(0)).toBe(100);
  });

  describe('DefaultControllerRateLimiter: max(5ms·2^n capped at 1000s, 10 qps burst 100)', () => {
    it('one item failing over and over: 5, 10, 20 … ms; the 19th and later failures wait 1000 s', () => {
      const limiter = defaultControllerRateLimiter();
      const delays = Array.from({ length: 20 }, () => limiter.when('ns/a', 0));
      // 5ms·2^17 = 655.36 s is the last under the cap; 5ms·2^18 = 1310.72 s is over it.
      expect(delays.slice(0, 6)).toEqual([5, 10, 20, 40, 80, 160]);
      expect(delays[17]).toBe(655_360);
      expect(delays.slice(18)).toEqual([CONTROLLER_BACKOFF_MAX, CONTROLLER_BACKOFF_MAX]);
      expect(limiter.numRequeues('ns/a')).toBe(20);
      limiter.forget('ns/a');
      expect(limiter.numRequeues('ns/a')).toBe(0);
    });

    it('a storm of distinct items: the first 100 back off 5 ms, then the bucket spaces them 100 ms apart', () => {
      const limiter = defaultControllerRateLimiter();
      const delays = Array.from({ length: 103 }, (_, i) => limiter.when(`ns/pod-${i}`, 0));
      expect(delays.slice(0, 100).every((d) => d === 5)).toBe(true);
      expect(delays.slice(100)).toEqual([100, 200, 300]);
    });
  });
});

describe('TokenBucket (golang.org/x/time/rate Limiter.Reserve, as util/flowcontrol uses it)', () => {
  /** Reserves one token at each time and returns when each caller may go. */
  const reserveAll = (bucket: TokenBucket, times: readonly Millis[]): Millis[] => times.map((t) => bucket.reserve(t));

  it('starts full: the first burst go at once, then one a 1/qps, served in call order', () => {
    // KCM's client defaults: 20 qps, burst 30.
    const bucket = new TokenBucket(20, 30);
    const goes = reserveAll(bucket, new Array<Millis>(32).fill(0));
    expect(goes.slice(0, 30)).toEqual(new Array<Millis>(30).fill(0));
    expect(goes.slice(30)).toEqual([50, 100]);
  });

  it('refills at qps: after an idle second an empty bucket holds 20 tokens', () => {
    const bucket = new TokenBucket(20, 30);
    reserveAll(bucket, new Array<Millis>(30).fill(0));
    const goes = reserveAll(bucket, new Array<Millis>(21).fill(1000));
    expect(goes.slice(0, 20)).toEqual(new Array<Millis>(20).fill(1000));
    expect(goes[20]).toBe(1050);
  });

  it('pays back a debt before it refills: 32 at 0 leave it 2 short, so 1.1 s later it holds 20', () => {
    const bucket = new TokenBucket(20, 30);
    reserveAll(bucket, new Array<Millis>(32).fill(0));
    const goes = reserveAll(bucket, new Array<Millis>(21).fill(1100));
    expect(goes.slice(0, 20)).toEqual(new Array<Millis>(20).fill(1100));
    expect(goes[20]).toBe(1150);
  });

  it('never holds more than burst, however long it was idle', () => {
    const bucket = new TokenBucket(20, 30);
    const goes = reserveAll(bucket, new Array<Millis>(31).fill(60_000));
    expect(goes.slice(0, 30)).toEqual(new Array<Millis>(30).fill(60_000));
    expect(goes[30]).toBe(60_050);
  });

  it('rounds a wait up to whole milliseconds, never early: 3 qps is 333⅓ ms a token', () => {
    const bucket = new TokenBucket(3, 1);
    expect(reserveAll(bucket, [0, 0, 0, 0])).toEqual([0, 334, 667, 1000]);
  });

  // rate_test.go TestSimpleReserve: NewLimiter(10, 2) with d = 100 ms; a reservation of n = 2
  // acts when the second of two single-token reservations made at the same time does.
  it('TestSimpleReserve (n = 2 as two tokens)', () => {
    const bucket = new TokenBucket(10, 2);
    const table = [
      { t: 0, act: 0 },
      { t: 0, act: 200 },
      { t: 300, act: 400 },
    ];
    for (const { t, act } of table) {
      bucket.reserve(t);
      expect(bucket.reserve(t), `reserve 2 at ${t}`).toBe(act);
    }
  });

  // Waits are computed from a float token count, as in Go; Go truncates the wait to whole
  // nanoseconds, which drops the float's noise. Rounding a noisy 191.00000000000003 ms up
  // would make the third caller below 1 ms late, and the error recurs all through a backlog.
  it('back-to-back callers are exactly 1/qps apart, with no float noise in the rounding', () => {
    const bucket = new TokenBucket(10, 1);
    // Tokens: 1 → 0 at 0; +0.01 −1 at 1 ms (−0.99); +0.08 −1 at 9 ms (−1.91 → 191 ms).
    expect(reserveAll(bucket, [0, 1, 9])).toEqual([0, 100, 200]);
  });

  it('a long backlog (TestLongRunningQPS, one call a ms for 5 s at 100 qps burst 100): call n goes at max(n, (n−99)·10) ms', () => {
    const bucket = new TokenBucket(100, 100);
    for (let n = 0; n < 5000; n++) {
      const go = bucket.reserve(n);
      expect(go, `call ${n}`).toBe(Math.max(n, (n - 99) * 10));
    }
  });

  it('an unlimited bucket (qps Infinity) never waits', () => {
    const bucket = new TokenBucket(Number.POSITIVE_INFINITY, 1);
    expect(bucket.unlimited).toBe(true);
    expect(reserveAll(bucket, [0, 0, 0, 5])).toEqual([0, 0, 0, 5]);
  });

  // rate_test.go TestReserveJumpBack expects x/time/rate to credit time twice when a
  // reservation is made at an earlier time than the previous one (Go sets last = t and
  // counts the interval again): NewLimiter(10, 2), 2 at t1, 1 at t0 (acts at t1), then 2 at t2
  // act at t3. The engine reserves out of order (a sync's calls go out at the end of its
  // fractional computation, ahead of later events), so this bucket keeps the latest time it
  // has seen and never credits an interval twice: the last reservation acts at t4, not t3.
  it('a reservation at an earlier time credits no time twice (unlike TestReserveJumpBack) and keeps the order', () => {
    const bucket = new TokenBucket(10, 2);
    expect(reserveAll(bucket, [100, 100])).toEqual([100, 100]);
    // Placed at the last reservation's time: the burst is spent there, the next token comes 100ms later.
    expect(bucket.reserve(0)).toBe(200);
    expect(reserveAll(bucket, [200, 200])).toEqual([300, 400]);
  });
});
