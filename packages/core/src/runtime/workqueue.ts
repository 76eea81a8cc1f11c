import type { Millis } from '../time/duration.js';
import { defaultControllerRateLimiter, type RateLimiter } from './ratelimiter.js';

/**
 * A controller's work queue with client-go's semantics (util/workqueue: queue.go,
 * delaying_queue.go, rate_limiting_queue.go), in simulated time:
 *
 * - a key is queued at most once: adding a key that is already waiting does nothing;
 * - a key being synced is not handed to a second worker: added meanwhile, it is marked dirty
 *   and queued again when its sync is Done, so a burst of changes folds into one more sync;
 * - keys come out in the order they were queued (FIFO);
 * - AddAfter keeps one timer per key, the earliest (a later AddAfter of a waiting key is a
 *   no-op, an earlier one moves it up); a delay of zero or less adds at once;
 * - AddRateLimited waits as long as the rate limiter says (by default the larger of a per-key
 *   5ms→1000s exponential back-off and a 10/s, burst 100 bucket over all keys); Forget
 *   clears a key's back-off after a sync that succeeded.
 *
 * The queue keeps no clock: timers are kept here, and the engine puts a wake-up for each on
 * its timeline and calls fire() when it comes due.
 */
export class WorkQueue {
  /** The keys waiting for a worker, in order: a ring of the array from `head` on. */
  private queue: string[] = [];
  private head = 0;
  /** Keys that need a sync: waiting in the queue, or added again while being synced. */
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  /** AddAfter timers: each key's earliest ready time. */
  private readonly waiting = new Map<string, Millis>();
  readonly rateLimiter: RateLimiter;

  constructor(rateLimiter: RateLimiter = defaultControllerRateLimiter()) {
    this.rateLimiter = rateLimiter;
  }

  /** How many keys wait for a worker. */
  get length(): number {
    return this.queue.length - this.head;
  }

  /** Whether the key is being synced now. */
  isProcessing(key: string): boolean {
    return this.processing.has(key);
  }

  /** Add: whether the key became available to a worker (it was neither waiting nor being synced). */
  add(key: string): boolean {
    if (this.dirty.has(key)) return false;
    this.dirty.add(key);
    if (this.processing.has(key)) return false;
    this.queue.push(key);
    return true;
  }

  /** Get: the next key for a worker, now being processed; undefined when none waits. */
  get(): string | undefined {
    if (this.head === this.queue.length) return undefined;
    const key = this.queue[this.head] as string;
    this.head++;
    // Drop the consumed prefix now and then, so the array does not grow without bound.
    if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.processing.add(key);
    this.dirty.delete(key);
    return key;
  }

  /** Done: the key's sync has finished; whether it was queued again (added during the sync). */
  done(key: string): boolean {
    this.processing.delete(key);
    if (!this.dirty.has(key)) return false;
    this.queue.push(key);
    return true;
  }

  /**
   * AddAfter: the ready time of a timer the engine must schedule, or undefined when none is
   * needed (the key was added at once, or an earlier timer for it already waits).
   */
  addAfter(key: string, at: Millis, now: Millis): Millis | undefined {
    if (at <= now) {
      this.add(key);
      return undefined;
    }
    const existing = this.waiting.get(key);
    if (existing !== undefined && existing <= at) return undefined;
    this.waiting.set(key, at);
    return at;
  }

  /** A timer came due: adds its key unless the timer was superseded by an earlier one. */
  fire(key: string, at: Millis): boolean {
    if (this.waiting.get(key) !== at) return false;
    this.waiting.delete(key);
    return this.add(key);
  }

  /** AddRateLimited: AddAfter by the rate limiter's delay. */
  addRateLimited(key: string, now: Millis): Millis | undefined {
    return this.addAfter(key, now + this.rateLimiter.when(key, now), now);
  }

  forget(key: string): void {
    this.rateLimiter.forget(key);
  }

  numRequeues(key: string): number {
    return this.rateLimiter.numRequeues(key);
  }
}
