import type { Job } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { getFinishAndExpireTime, timeLeft } from './ttlafterfinished.js';

// ttlafterfinished_controller_test.go, TestTimeLeft: times in ms from `now`.
const now = 1_000_000;

function job(o: { completed?: number; failed?: number; ttl?: number }): Job {
  const conditions = [
    ...(o.completed !== undefined ? [{ type: 'Complete', status: 'True' as const, lastTransitionTime: o.completed }] : []),
    ...(o.failed !== undefined ? [{ type: 'Failed', status: 'True' as const, lastTransitionTime: o.failed }] : []),
  ];
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'test', namespace: 'default' },
    spec: { ...(o.ttl !== undefined ? { ttlSecondsAfterFinished: o.ttl } : {}), template: { spec: { containers: [] } } },
    status: { conditions },
  } as Job;
}

describe('TestTimeLeft', () => {
  const cases: { name: string; job: Job; expectErr?: boolean; left?: number; expireAt?: number }[] = [
    { name: 'Error case: Job unfinished', job: job({ ttl: 100 }), expectErr: true },
    { name: 'Error case: Job completed now, no TTL', job: job({ completed: now }), expectErr: true },
    { name: 'Job completed now, 0s TTL', job: job({ completed: now, ttl: 0 }), left: 0, expireAt: now },
    { name: 'Job completed now, 10s TTL', job: job({ completed: now, ttl: 10 }), left: 10_000, expireAt: now + 10_000 },
    {
      name: 'Job completed 10s ago, 15s TTL',
      job: job({ completed: now - 10_000, ttl: 15 }),
      left: 5_000,
      expireAt: now + 5_000,
    },
    { name: 'Error case: Job failed now, no TTL', job: job({ failed: now }), expectErr: true },
    { name: 'Job failed now, 0s TTL', job: job({ failed: now, ttl: 0 }), left: 0, expireAt: now },
    { name: 'Job failed now, 10s TTL', job: job({ failed: now, ttl: 10 }), left: 10_000, expireAt: now + 10_000 },
    { name: 'Job failed 10s ago, 15s TTL', job: job({ failed: now - 10_000, ttl: 15 }), left: 5_000, expireAt: now + 5_000 },
  ];
  it.each(cases)('$name', ({ job, expectErr, left, expireAt }) => {
    // Upstream's "should not be cleaned up" error is kubesim's undefined.
    if (expectErr) {
      expect(timeLeft(job, now)).toBeUndefined();
      return;
    }
    expect(timeLeft(job, now)).toBe(left);
    expect(getFinishAndExpireTime(job)?.expireAt).toBe(expireAt);
  });
});
