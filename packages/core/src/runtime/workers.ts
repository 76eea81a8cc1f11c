import type { Millis } from '../time/duration.js';

/**
 * A controller's workers (`go wait.UntilWithContext(ctx, worker, time.Second)` started
 * `--concurrent-*-syncs` times): each takes a key from the queue, syncs it, and only then
 * takes the next. A sync holds its worker for its computation and for every API call it
 * waits on.
 *
 * Each worker keeps its own clock in fractional milliseconds, so syncs much shorter than a
 * millisecond add up as they would on a real worker (a worker that syncs in 0.2 ms does five
 * syncs in a millisecond, not one) while the timeline stays in whole milliseconds. An
 * unbounded pool (a worker per key: the kubelet's pod workers, or the instant profile)
 * keeps no clocks.
 */
export class WorkerPool {
  /** Per worker: the fractional time it is free from; NaN while it syncs. */
  private readonly freeAt: number[];
  private running = 0;

  constructor(readonly size: number) {
    this.freeAt = Number.isFinite(size) ? new Array<number>(size).fill(0) : [];
  }

  get busy(): number {
    return this.running;
  }

  /** Whether a worker can take a key now. */
  get idle(): boolean {
    return this.running < this.size;
  }

  /**
   * Takes the worker that has been free the longest; returns its number (−1 in an unbounded
   * pool) and when its sync starts: now, or later within this millisecond when the worker
   * finished its previous sync part way through it.
   */
  acquire(now: Millis): { readonly worker: number; readonly start: number } {
    this.running++;
    if (this.freeAt.length === 0) return { worker: -1, start: now };
    let best = -1;
    for (let i = 0; i < this.freeAt.length; i++) {
      const f = this.freeAt[i] as number;
      if (Number.isNaN(f)) continue;
      if (best < 0 || f < (this.freeAt[best] as number)) best = i;
    }
    const start = Math.max(now, this.freeAt[best] as number);
    this.freeAt[best] = Number.NaN;
    return { worker: best, start };
  }

  /** The worker's sync ended at `end` (fractional): it is free from then. */
  release(worker: number, end: number): void {
    this.running--;
    if (worker >= 0) this.freeAt[worker] = end;
  }
}
