import type { Job } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { admit, afterSync } from './enqueue.js';

const job = (generation: number, uid = 'u'): Job =>
  ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j', uid, generation },
    spec: { template: { spec: { containers: [] } } },
  }) as Job;

describe('enqueueSyncJobImmediately / enqueueSyncJobBatched', () => {
  it('a new Job and a spec change sync at once', () => {
    expect(admit(job(1), undefined, 0)).toEqual({ sync: true, timing: { uid: 'u', generation: 1 } });
    expect(admit(job(2), { uid: 'u', generation: 1 }, 5).sync).toBe(true);
    expect(admit(job(1, 'other'), { uid: 'u', generation: 1, due: 9 }, 5)).toEqual({
      sync: true,
      timing: { uid: 'other', generation: 1 },
    });
  });
  it('a pod event waits syncJobBatchPeriod; events within it share the timer; the timer syncs', () => {
    const first = admit(job(1), { uid: 'u', generation: 1 }, 100);
    expect(first).toEqual({ sync: false, timing: { uid: 'u', generation: 1, due: 1100 }, requeueAfter: 1000 });
    // The timer is asked for again (a no-op while the queue keeps it).
    expect(admit(job(1), first.timing, 600)).toEqual({ sync: false, timing: first.timing, requeueAfter: 500 });
    expect(admit(job(1), first.timing, 1100)).toEqual({ sync: true, timing: { uid: 'u', generation: 1 } });
  });
  it('the retry after a failed sync syncs at once, keeping the batch timer pending', () => {
    const first = admit(job(1), { uid: 'u', generation: 1 }, 100);
    expect(admit(job(1), first.timing, 105, true)).toEqual({ sync: true, timing: first.timing });
    expect(admit(job(1), { uid: 'u', generation: 1 }, 105, true)).toEqual({ sync: true, timing: { uid: 'u', generation: 1 } });
  });
  it('an event brings a later timer (the back-off) forward: the queue keeps the earliest', () => {
    const backoff = afterSync({ uid: 'u', generation: 1 }, 0, [{ type: 'requeueAfter', after: 10_000 }]);
    expect(backoff.due).toBe(10_000);
    expect(admit(job(1), backoff, 2000)).toEqual({
      sync: false,
      timing: { uid: 'u', generation: 1, due: 3000 },
      requeueAfter: 1000,
    });
  });
});
