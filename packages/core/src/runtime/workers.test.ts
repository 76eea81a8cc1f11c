import { describe, expect, it } from 'vitest';
import { WorkerPool } from './workers.js';

describe('WorkerPool', () => {
  it('a worker that syncs in 0.2 ms starts five syncs within one millisecond', () => {
    const pool = new WorkerPool(1);
    const starts: number[] = [];
    for (;;) {
      const { worker, start } = pool.acquire(0);
      if (start >= 1) break;
      starts.push(start);
      pool.release(worker, start + 0.2);
    }
    expect(starts).toHaveLength(5);
    for (const [i, s] of starts.entries()) expect(s).toBeCloseTo(i * 0.2, 9);
  });

  it('a sync starts no earlier than now, however long its worker has been free', () => {
    const pool = new WorkerPool(1);
    pool.release(pool.acquire(0).worker, 0.4);
    expect(pool.acquire(3)).toEqual({ worker: 0, start: 3 });
  });

  it('takes the worker free the longest (the lowest number on a tie), never one still syncing', () => {
    const pool = new WorkerPool(3);
    expect([0, 0, 0].map((now) => pool.acquire(now).worker)).toEqual([0, 1, 2]);
    expect(pool.idle).toBe(false);
    expect(pool.busy).toBe(3);
    pool.release(1, 5);
    pool.release(0, 3);
    // Worker 2 still syncs: only 0 (free since 3) and 1 (free since 5) can be taken.
    expect(pool.acquire(10).worker).toBe(0);
    expect(pool.acquire(10).worker).toBe(1);
    pool.release(2, 4);
    pool.release(0, 12);
    pool.release(1, 12);
    expect(pool.acquire(12).worker).toBe(2);
    expect(pool.acquire(12).worker).toBe(0);
    expect(pool.acquire(12).worker).toBe(1);
  });

  it('counts busy workers: idle while fewer than size sync', () => {
    const pool = new WorkerPool(2);
    expect(pool.idle).toBe(true);
    const a = pool.acquire(0);
    pool.acquire(0);
    expect([pool.busy, pool.idle]).toEqual([2, false]);
    pool.release(a.worker, 1);
    expect([pool.busy, pool.idle]).toEqual([1, true]);
  });

  it('an unbounded pool (a worker per key) keeps no clocks: every sync starts now', () => {
    const pool = new WorkerPool(Number.POSITIVE_INFINITY);
    const taken = Array.from({ length: 1000 }, () => pool.acquire(7));
    expect(taken.every((t) => t.worker === -1 && t.start === 7)).toBe(true);
    expect([pool.busy, pool.idle]).toEqual([1000, true]);
    pool.release(-1, 7.5);
    expect(pool.busy).toBe(999);
    expect(pool.acquire(7)).toEqual({ worker: -1, start: 7 });
  });
});
