import type { Millis } from '../time/duration.js';

/**
 * Rate limiters in simulated milliseconds, as client-go has them: the token bucket behind a
 * client's QPS and burst (util/flowcontrol on golang.org/x/time/rate) and the work queue's
 * rate limiters (util/workqueue/default_rate_limiters.go).
 */

/**
 * golang.org/x/time/rate's Limiter, as `Reserve` uses it: tokens refill at `qps` a second up
 * to `burst`; a reservation always succeeds and takes a token, possibly driving the count
 * below zero, and says how long the caller waits for it. Reservations are served in the
 * order they are made, so callers sharing a bucket queue behind each other. The bucket
 * starts full (a new Limiter's first advance fills it).
 */
export class TokenBucket {
  private tokens: number;
  private last: Millis;

  constructor(
    readonly qps: number,
    readonly burst: number,
  ) {
    this.tokens = burst;
    this.last = 0;
  }

  /** Whether this bucket limits anything (an infinite QPS never waits). */
  get unlimited(): boolean {
    return this.qps === Number.POSITIVE_INFINITY;
  }

  /**
   * Takes a token at `now` and returns when the caller may go: `now` itself, or later when
   * the bucket is empty. Waits are rounded up to whole milliseconds, never early.
   */
  reserve(now: Millis): Millis {
    if (this.unlimited) return now;
    // A reservation made for an earlier time than the last one (a sync's calls are reserved
    // when its computation ends, other callers at their own now) is placed at the last one's
    // time: the tokens counted up to then are not there earlier, and the order is kept.
    const at = Math.max(now, this.last);
    // advance(): refill for the time since the last reservation, capped at burst.
    const tokens = Math.min(this.burst, this.tokens + ((at - this.last) * this.qps) / 1000) - 1;
    this.tokens = tokens;
    this.last = at;
    if (tokens >= 0) return at;
    // durationFromTokens truncates to whole nanoseconds first, as Go does: that drops the
    // float noise of the token count (a debt of 1.9100000000000001 tokens at 10/s is 191 ms,
    // which rounded up straight from milliseconds would be 192).
    return at + Math.ceil(Math.trunc((-tokens / this.qps) * 1e9) / 1e6);
  }
}

/** util/workqueue's TypedRateLimiter: how long an item waits before it is queued again. */
export interface RateLimiter {
  /** The delay for the item's next retry; calling it counts a failure. */
  when(item: string, now: Millis): Millis;
  /** The item succeeded: forget its failures. */
  forget(item: string): void;
  /** How many times the item has been requeued since it was last forgotten. */
  numRequeues(item: string): number;
}

/**
 * ItemExponentialFailureRateLimiter: base × 2^failures, capped at max; the cap also stands
 * in for Go's overflow check (a float64 above MaxInt64 returns maxDelay).
 */
export class ItemExponentialFailureRateLimiter implements RateLimiter {
  private readonly failures = new Map<string, number>();

  constructor(
    readonly baseDelay: Millis,
    readonly maxDelay: Millis,
  ) {}

  when(item: string): Millis {
    const exp = this.failures.get(item) ?? 0;
    this.failures.set(item, exp + 1);
    return Math.min(this.baseDelay * 2 ** exp, this.maxDelay);
  }

  forget(item: string): void {
    this.failures.delete(item);
  }

  numRequeues(item: string): number {
    return this.failures.get(item) ?? 0;
  }
}

/** BucketRateLimiter: one token bucket for all items; every When reserves a token. */
export class BucketRateLimiter implements RateLimiter {
  constructor(readonly bucket: TokenBucket) {}

  when(_item: string, now: Millis): Millis {
    return this.bucket.reserve(now) - now;
  }

  forget(): void {}

  numRequeues(): number {
    return 0;
  }
}

/** MaxOfRateLimiter: every limiter is asked (and counts the failure); the longest wait wins. */
export class MaxOfRateLimiter implements RateLimiter {
  readonly limiters: readonly RateLimiter[];

  constructor(...limiters: RateLimiter[]) {
    this.limiters = limiters;
  }

  when(item: string, now: Millis): Millis {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.when(item, now));
    return max;
  }

  forget(item: string): void {
    for (const l of this.limiters) l.forget(item);
  }

  numRequeues(item: string): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.numRequeues(item));
    return max;
  }
}

/** The per-item back-off of DefaultControllerRateLimiter: 5ms doubling up to 1000s. */
export const CONTROLLER_BACKOFF_BASE: Millis = 5;
export const CONTROLLER_BACKOFF_MAX: Millis = 1000 * 1000;
/** The overall bucket of DefaultControllerRateLimiter: 10 retries a second, burst 100. */
export const CONTROLLER_RETRY_QPS = 10;
export const CONTROLLER_RETRY_BURST = 100;

/**
 * DefaultTypedControllerRateLimiter (default_rate_limiters.go): the larger of the per-item
 * exponential back-off and the overall bucket, so one bad item backs off alone while a
 * storm of failures is held to 10 retries a second.
 */
export function defaultControllerRateLimiter(): RateLimiter {
  return new MaxOfRateLimiter(
    new ItemExponentialFailureRateLimiter(CONTROLLER_BACKOFF_BASE, CONTROLLER_BACKOFF_MAX),
    new BucketRateLimiter(new TokenBucket(CONTROLLER_RETRY_QPS, CONTROLLER_RETRY_BURST)),
  );
}
