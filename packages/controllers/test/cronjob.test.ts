import type { CronJob, Job, Simulation } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { cluster, eventsAbout } from './helpers.js';

// The CronJob controller in a running cluster. No Job controller runs here: a test finishes a
// Job by writing its status, as upstream's controller tests set Job status by hand.

const START = '2026-01-01T00:00:30Z'; // simulated 0; the first whole minute is at 30s
const MINUTE_0 = Date.UTC(2026, 0, 1) / 60_000; // the Job name's minutes at 00:00

function cronJob(policy: 'Allow' | 'Forbid' | 'Replace', extra: Partial<CronJob['spec']> = {}): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'tick', namespace: 'default' },
    spec: {
      schedule: '*/1 * * * *',
      concurrencyPolicy: policy,
      successfulJobsHistoryLimit: 2,
      jobTemplate: {
        spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox:1.36' }], restartPolicy: 'OnFailure' } } },
      },
      ...extra,
    },
  };
}

function finish(sim: Simulation, name: string, at: number): void {
  sim.at(at, {
    type: 'Patch',
    ref: { kind: 'Job', namespace: 'default', name },
    patchType: 'merge',
    patch: { status: { startTime: at - 5000, completionTime: at, conditions: [{ type: 'Complete', status: 'True' }] } },
    subresource: 'status',
  });
}

const jobs = (sim: Simulation): string[] => sim.view.list('Job', 'default').map((j: Job) => j.metadata.name ?? '');

describe('the CronJob controller in a cluster', () => {
  it('creates the Job of each minute 100ms late, named by the minute, with the scheduled-time annotation', () => {
    const sim = cluster({ startTime: START, objects: [cronJob('Allow')] });
    sim.run(29_000);
    expect(jobs(sim)).toEqual([]);
    sim.run(31_000);
    const name = `tick-${MINUTE_0 + 1}`;
    expect(jobs(sim)).toEqual([name]);
    const job = sim.get('Job', name, 'default') as Job;
    expect(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-01-01T00:01:00Z');
    expect(job.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'tick', controller: true });
    const cj = sim.get('CronJob', 'tick', 'default') as CronJob;
    expect(cj.status?.lastScheduleTime).toBe(30_000);
    expect(cj.status?.active?.map((r) => r.name)).toEqual([name]);
    expect(eventsAbout(sim, 'tick')).toEqual([expect.stringMatching(/^30\d\d\d SuccessfulCreate: Created job tick-\d+$/)]);
    sim.run(95_000);
    expect(jobs(sim)).toEqual([name, `tick-${MINUTE_0 + 2}`]);
  });

  it('Forbid: holds the next minute while the Job runs (JobAlreadyActive), and starts it late once the Job completed', () => {
    const sim = cluster({ startTime: START, objects: [cronJob('Forbid')] });
    const first = `tick-${MINUTE_0 + 1}`;
    finish(sim, first, 100_000);
    sim.run(140_000);
    // lastScheduleTime stays at the first minute while Forbid holds the second, so the sync
    // that sees the first Job complete (at 100s) still finds 00:02 unmet and starts it then.
    const events = eventsAbout(sim, 'tick');
    expect(events.map((e) => e.split(' ').slice(1).join(' '))).toEqual([
      `SuccessfulCreate: Created job ${first}`,
      'JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid',
      `SawCompletedJob: Saw completed job: ${first}, condition: Complete`,
      `SuccessfulCreate: Created job tick-${MINUTE_0 + 2}`,
    ]);
    expect(Number(events[3]?.split(' ')[0])).toBeGreaterThanOrEqual(100_000);
    expect(Number(events[3]?.split(' ')[0])).toBeLessThan(101_000);
    const cj = sim.get('CronJob', 'tick', 'default') as CronJob;
    expect(cj.status?.lastSuccessfulTime).toBe(100_000);
  });

  it('Replace: deletes the running Job and starts the new one', () => {
    const sim = cluster({ startTime: START, objects: [cronJob('Replace')] });
    sim.run(95_000);
    expect(jobs(sim)).toEqual([`tick-${MINUTE_0 + 2}`]);
    expect(eventsAbout(sim, 'tick').map((e) => e.split(' ').slice(1).join(' '))).toEqual([
      `SuccessfulCreate: Created job tick-${MINUTE_0 + 1}`,
      `SuccessfulDelete: Deleted job tick-${MINUTE_0 + 1}`,
      `SuccessfulCreate: Created job tick-${MINUTE_0 + 2}`,
    ]);
  });

  it('keeps successfulJobsHistoryLimit finished Jobs, deleting the oldest', () => {
    const sim = cluster({ startTime: START, objects: [cronJob('Allow')] });
    for (let m = 1; m <= 4; m++) finish(sim, `tick-${MINUTE_0 + m}`, (m - 1) * 60_000 + 45_000);
    sim.run(4 * 60_000 + 10_000);
    expect(jobs(sim)).toEqual([`tick-${MINUTE_0 + 3}`, `tick-${MINUTE_0 + 4}`]);
  });

  it('suspend: creates nothing', () => {
    const sim = cluster({ startTime: START, objects: [cronJob('Allow', { suspend: true })] });
    sim.run(200_000);
    expect(jobs(sim)).toEqual([]);
  });

  it("an unparseable schedule is refused by the API server with robfig/cron's message", () => {
    const sim = cluster({ startTime: START, objects: [cronJob('Allow', { schedule: '*/1 * * *' })] });
    sim.run(1000);
    expect(sim.get('CronJob', 'tick', 'default')).toBeUndefined();
    const rejected = sim.log.entries().find((e) => e.event.type === 'Apply' || e.event.type === 'Create');
    expect(rejected?.error?.message).toContain(
      'spec.schedule: Invalid value: "*/1 * * *": expected exactly 5 fields, found 4: [*/1 * * *]',
    );
  });

  it('spec.timeZone: 9am in New York is 14:00 UTC in January', () => {
    const sim = cluster({
      startTime: '2026-01-05T13:59:00Z',
      objects: [cronJob('Allow', { schedule: '0 9 * * *', timeZone: 'America/New_York' })],
    });
    sim.run(61_000);
    const [name] = jobs(sim);
    expect(name).toBe(`tick-${Date.UTC(2026, 0, 5, 14) / 60_000}`);
    const job = sim.get('Job', name as string, 'default') as Job;
    expect(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-01-05T09:00:00-05:00');
  });

  it('a new schedule wakes the CronJob at its next time, not at once (updateCronJob)', () => {
    const sim = cluster({ startTime: START, objects: [cronJob('Allow', { schedule: '0 * * * *' })] });
    // At 60s (00:01:30) the schedule becomes every minute: 00:01 is already past, and is skipped.
    sim.patch({ kind: 'CronJob', namespace: 'default', name: 'tick' }, { spec: { schedule: '*/1 * * * *' } }, 'merge', 60_000);
    sim.run(89_000);
    expect(jobs(sim)).toEqual([]);
    sim.run(91_000);
    expect(jobs(sim)).toEqual([`tick-${MINUTE_0 + 2}`]);
  });

  it('a schedule that parses but never fires (Feb 31) gets one InvalidSchedule warning, and no requeue', () => {
    const sim = cluster({ startTime: START, objects: [cronJob('Allow', { schedule: '59 23 31 2 *' })] });
    const result = sim.run(3_600_000);
    expect(result.stoppedBy).not.toBe('hotLoop');
    expect(jobs(sim)).toEqual([]);
    expect(eventsAbout(sim, 'tick').map((e) => e.split(' ').slice(1).join(' '))).toEqual([
      'InvalidSchedule: invalid schedule: 59 23 31 2 * : time difference between two schedules is less than 1 second',
    ]);
  });
});
