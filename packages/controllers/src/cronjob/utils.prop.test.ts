import { type CronJob, parseStandard } from '@kubesim/core';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mostRecentScheduleTime, nextScheduleTimeDuration } from './utils.js';

/**
 * mostRecentScheduleTime against a brute-force walk, for the schedules its interval count is
 * exact for (every k minutes, k dividing 60; a fixed minute of every hour): the last schedule
 * time after the last one run (or the creation) and not after now, however many were missed.
 * For irregular schedules upstream's count may find none (TestMostRecentScheduleTime's
 * "another complex schedule"), which kubesim reproduces rather than corrects.
 */

const MIN = 60_000;
const cronJob = (schedule: string, last: number): CronJob => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'c', namespace: 'default', creationTimestamp: last - 7 * MIN },
  spec: { schedule, jobTemplate: { spec: { template: { spec: { containers: [] } } } } },
  status: { lastScheduleTime: last },
});

const regular = fc.oneof(
  fc
    .constantFrom(1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30)
    .map((k) => ({ spec: `*/${k} * * * *`, fires: (m: number) => m % k === 0 })),
  fc.integer({ min: 0, max: 59 }).map((m0) => ({ spec: `${m0} * * * *`, fires: (m: number) => m % 60 === m0 })),
);

describe('mostRecentScheduleTime against a brute-force walk', () => {
  it('finds the last schedule time in (lastScheduleTime, now], and the requeue lands on the next one + 100ms', () => {
    fc.assert(
      fc.property(
        regular,
        fc.integer({ min: 29_000_000, max: 29_500_000 }), // minutes since the epoch, in 2025-2026
        fc.integer({ min: 0, max: 200 * 60 * MIN }),
        ({ spec, fires }, lastMinute, elapsed) => {
          const last = lastMinute * MIN;
          const now = last + elapsed;
          let want: number | undefined;
          for (let m = lastMinute + 1; m * MIN <= now; m++) if (fires(m)) want = m * MIN;
          const sched = parseStandard(spec);
          const got = mostRecentScheduleTime(cronJob(spec, last), now, sched, false);
          expect(got.mostRecentTime).toBe(want);
          let next = Math.floor(now / MIN) + 1;
          while (!fires(next)) next++;
          expect(nextScheduleTimeDuration(cronJob(spec, last), now, sched)).toBe(next * MIN + 100 - now);
        },
      ),
      { numRuns: 300 },
    );
  });
});
