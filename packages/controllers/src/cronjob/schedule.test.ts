import { describe, expect, it } from 'vitest';
import { cronScheduleTimes } from './schedule.js';

describe('cronScheduleTimes', () => {
  const at = (s: string): number => Date.parse(s);
  it('the unmet time to run and the next wake-up, in a time zone', () => {
    // 9am New York is 14:00 UTC in January; at 14:00:30 the 14:00 run is due, the next is tomorrow.
    expect(
      cronScheduleTimes({
        schedule: '0 9 * * *',
        timeZone: 'America/New_York',
        lastScheduleTime: at('2026-01-04T14:00:00Z'),
        now: at('2026-01-05T14:00:30Z'),
      }),
    ).toEqual({ scheduledTime: at('2026-01-05T14:00:00Z'), wakeAt: at('2026-01-06T14:00:00Z') + 100, tooManyMissed: false });
  });
  it('past the starting deadline nothing is due; far behind, too many were missed', () => {
    const q = { schedule: '*/1 * * * *', lastScheduleTime: 0, now: 200 * 60_000 + 30_000 };
    expect(cronScheduleTimes(q)).toMatchObject({ scheduledTime: 200 * 60_000, tooManyMissed: true });
    expect(cronScheduleTimes({ ...q, startingDeadlineSeconds: 10 }).scheduledTime).toBeUndefined();
  });
  it('simulated times count from startTime', () => {
    const startTime = at('2026-01-01T00:00:30Z');
    expect(cronScheduleTimes({ schedule: '@hourly', lastScheduleTime: 0, now: 10_000, startTime }).wakeAt).toBe(3_570_100);
  });
});
