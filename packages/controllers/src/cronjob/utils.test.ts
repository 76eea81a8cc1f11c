import { type CronJob, type Job, parseStandard } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import {
  byJobStartTime,
  CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION,
  getJobFromTemplate2,
  type MissedSchedules,
  mostRecentScheduleTime,
  NEXT_SCHEDULE_DELTA,
  nextScheduleTime,
  nextScheduleTimeDuration,
} from './utils.js';

// Upstream's utils_test.go. Simulated time is Unix time here (startTime 0), so the Go tests'
// instants are used as they are.
const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (s: string): number => Date.parse(s);
const topOfTheHour = (): number => at('2016-05-19T10:00:00Z');
const deltaTimeAfterTopOfTheHour = (d: number): number => topOfTheHour() + d;

function cronJob(spec: Partial<CronJob['spec']>, meta: Partial<CronJob['metadata']> = {}, status?: CronJob['status']): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'mycronjob', namespace: 'default', uid: '1a2b3c', ...meta },
    spec: {
      schedule: '* * * * ?',
      concurrencyPolicy: 'Allow',
      jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'foo/bar' }] } } } },
      ...spec,
    },
    ...(status !== undefined ? { status } : {}),
  };
}

describe('TestGetJobFromTemplate2', () => {
  const scheduledTime = topOfTheHour();
  const base = cronJob(
    {
      schedule: '* * * * ?',
      jobTemplate: {
        metadata: { labels: { a: 'b' } },
        spec: {
          activeDeadlineSeconds: 1,
          manualSelector: false,
          template: { metadata: { labels: { foo: 'bar' } }, spec: { containers: [{ name: 'c', image: 'foo/bar' }] } },
        },
      },
    },
    { name: 'mycronjob', namespace: 'snazzycats' },
  );
  const cases: [string, string | undefined, Record<string, string>, string, number][] = [
    ['UTC timezone and one annotation', 'UTC', { x: 'y' }, '2016-05-19T10:00:00Z', 2],
    ['nil timezone and one annotation', undefined, { x: 'y' }, '2016-05-19T10:00:00Z', 2],
    ['correct timezone and multiple annotation', 'Europe/Rome', { x: 'y', z: 'x' }, '2016-05-19T12:00:00+02:00', 3],
  ];
  it.each(cases)('%s', (_name, timeZone, inputAnnotations, expected, annotations) => {
    const cj = structuredClone(base);
    cj.spec.jobTemplate.metadata = { ...cj.spec.jobTemplate.metadata, annotations: inputAnnotations };
    if (timeZone !== undefined) cj.spec.timeZone = timeZone;
    const job = getJobFromTemplate2(cj, scheduledTime);
    expect(job.metadata.name?.startsWith('mycronjob-')).toBe(true);
    expect(job.metadata.name).toBe(`mycronjob-${Math.floor(scheduledTime / 60_000)}`);
    expect(Object.keys(job.metadata.labels ?? {})).toHaveLength(1);
    expect(Object.keys(job.metadata.annotations ?? {})).toHaveLength(annotations);
    expect(job.metadata.annotations?.[CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION]).toBe(expected);
    expect(job.metadata.ownerReferences).toEqual([
      { apiVersion: 'batch/v1', kind: 'CronJob', name: 'mycronjob', uid: '1a2b3c', controller: true, blockOwnerDeletion: true },
    ]);
    expect(job.spec.activeDeadlineSeconds).toBe(1);
  });
});

describe('TestNextScheduleTime', () => {
  // Hourly on the hour; T1 and T2 are two consecutive schedule times.
  const sched = parseStandard('0 * * * ?');
  const T1 = topOfTheHour();
  const T2 = deltaTimeAfterTopOfTheHour(HOUR);
  const cj = (creation: number, last?: number, sds?: number): CronJob =>
    cronJob(
      { schedule: '0 * * * ?', ...(sds !== undefined ? { startingDeadlineSeconds: sds } : {}) },
      { creationTimestamp: creation },
      last === undefined ? undefined : { lastScheduleTime: last },
    );
  it('Case 1: no known start times, and none needed yet', () => {
    expect(nextScheduleTime(cj(T1 - 10 * MIN), T1 - 7 * MIN, sched).scheduledTime).toBeUndefined();
  });
  it('Case 2: no known start times, and one needed', () => {
    expect(nextScheduleTime(cj(T1 - 10 * MIN), T1 + 2000, sched).scheduledTime).toBe(T1);
  });
  it('Case 3: known LastScheduleTime, no start needed', () => {
    expect(nextScheduleTime(cj(T1 - 10 * MIN, T1), T1 + 2 * MIN, sched).scheduledTime).toBeUndefined();
  });
  it('Case 4: known LastScheduleTime, a start needed', () => {
    expect(nextScheduleTime(cj(T1 - 10 * MIN, T1), T2 + 5 * MIN, sched).scheduledTime).toBe(T2);
  });
  it('Case 5: known LastScheduleTime, two starts needed', () => {
    expect(nextScheduleTime(cj(T1 - 2 * HOUR, T1 - HOUR), T2 + 5 * MIN, sched).scheduledTime).toBe(T2);
  });
  it('Case 6: now is way way ahead of last start time, and there is no deadline', () => {
    expect(nextScheduleTime(cj(T1 - 2 * HOUR, T1 - HOUR), T2 + 10 * 24 * HOUR, sched).scheduledTime).toBeDefined();
  });
  it('Case 7: now is way way ahead of last start time, but there is a short deadline', () => {
    expect(nextScheduleTime(cj(T1 - 2 * HOUR, T1 - HOUR, 2 * 60 * 60), T2 + 10 * 24 * HOUR, sched).scheduledTime).toBeDefined();
  });
  it('Case 8: ensure the error from mostRecentScheduleTime gets populated up', () => {
    const got = nextScheduleTime(cj(T1 + 10_000), deltaTimeAfterTopOfTheHour(HOUR), parseStandard('59 23 31 2 *'));
    expect(got.scheduledTime).toBeUndefined();
    expect(got.error).toBe('time difference between two schedules is less than 1 second');
  });
});

describe('TestByJobStartTime', () => {
  const now = Date.UTC(2018, 0, 1, 2, 3, 4);
  const later = Date.UTC(2019, 0, 1, 2, 3, 4);
  const job = (name: string, startTime?: number): Job => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { template: { spec: { containers: [] } } },
    status: startTime === undefined ? {} : { startTime },
  });
  const aNil = job('a');
  const bNil = job('b');
  const aSet = job('a', now);
  const bSet = job('b', now);
  const aSetLater = job('a', later);
  const cases: [string, Job[], Job[]][] = [
    ['both have nil start times', [bNil, aNil], [aNil, bNil]],
    ['only the first has a nil start time', [aNil, bSet], [bSet, aNil]],
    ['only the second has a nil start time', [aSet, bNil], [aSet, bNil]],
    ['both have non-nil, equal start time', [bSet, aSet], [aSet, bSet]],
    ['both have non-nil, different start time', [aSetLater, bSet], [bSet, aSetLater]],
  ];
  it.each(cases)('%s', (_name, input, expected) => expect([...input].sort(byJobStartTime)).toEqual(expected));
});

describe('TestMostRecentScheduleTime', () => {
  const top = topOfTheHour();
  const half = deltaTimeAfterTopOfTheHour(30 * MIN);
  const minuteAfter = deltaTimeAfterTopOfTheHour(MIN);
  interface Case {
    cj: CronJob;
    includeSDS?: boolean;
    now: number;
    expectedEarliestTime?: number;
    expectedRecentTime: number | undefined;
    expectedTooManyMissed?: MissedSchedules;
    wantErr?: boolean;
  }
  const cases: [string, Case][] = [
    [
      'now before next schedule',
      {
        cj: cronJob({ schedule: '0 * * * *' }, { creationTimestamp: top }),
        now: top + 30_000,
        expectedRecentTime: undefined,
        expectedEarliestTime: top,
      },
    ],
    [
      'now just after next schedule',
      {
        cj: cronJob({ schedule: '0 * * * *' }, { creationTimestamp: top }),
        now: top + 61 * MIN,
        expectedRecentTime: deltaTimeAfterTopOfTheHour(60 * MIN),
        expectedEarliestTime: top,
      },
    ],
    [
      'missed 5 schedules',
      {
        cj: cronJob({ schedule: '0 * * * *' }, { creationTimestamp: deltaTimeAfterTopOfTheHour(10_000) }),
        now: deltaTimeAfterTopOfTheHour(301 * MIN),
        expectedRecentTime: deltaTimeAfterTopOfTheHour(300 * MIN),
        expectedEarliestTime: deltaTimeAfterTopOfTheHour(10_000),
        expectedTooManyMissed: 'few',
      },
    ],
    [
      'complex schedule',
      {
        cj: cronJob({ schedule: '30 6-16/4 * * 1-5' }, { creationTimestamp: top }, { lastScheduleTime: half }),
        now: deltaTimeAfterTopOfTheHour(24 * HOUR + 31 * MIN),
        expectedRecentTime: deltaTimeAfterTopOfTheHour(24 * HOUR + 30 * MIN),
        expectedEarliestTime: half,
        expectedTooManyMissed: 'few',
      },
    ],
    [
      'another complex schedule',
      {
        cj: cronJob({ schedule: '30 10,11,12 * * 1-5' }, { creationTimestamp: top }, { lastScheduleTime: half }),
        now: deltaTimeAfterTopOfTheHour(30 * HOUR + 30 * MIN),
        expectedRecentTime: undefined,
        expectedEarliestTime: half,
        expectedTooManyMissed: 'few',
      },
    ],
    [
      'complex schedule with longer diff between executions',
      {
        cj: cronJob({ schedule: '30 6-16/4 * * 1-5' }, { creationTimestamp: top }, { lastScheduleTime: half }),
        now: deltaTimeAfterTopOfTheHour(96 * HOUR + 31 * MIN),
        expectedRecentTime: deltaTimeAfterTopOfTheHour(96 * HOUR + 30 * MIN),
        expectedEarliestTime: half,
        expectedTooManyMissed: 'few',
      },
    ],
    [
      'complex schedule with shorter diff between executions',
      {
        cj: cronJob({ schedule: '30 6-16/4 * * 1-5' }, { creationTimestamp: top }),
        now: deltaTimeAfterTopOfTheHour(24 * HOUR + 31 * MIN),
        expectedRecentTime: deltaTimeAfterTopOfTheHour(24 * HOUR + 30 * MIN),
        expectedEarliestTime: top,
        expectedTooManyMissed: 'few',
      },
    ],
    [
      '@every schedule',
      {
        cj: cronJob(
          { schedule: '@every 1h', startingDeadlineSeconds: 10 },
          { creationTimestamp: deltaTimeAfterTopOfTheHour(-59 * MIN) },
          { lastScheduleTime: minuteAfter },
        ),
        now: deltaTimeAfterTopOfTheHour(7 * 24 * HOUR),
        expectedRecentTime: deltaTimeAfterTopOfTheHour(6 * 24 * HOUR + 23 * HOUR + MIN),
        expectedEarliestTime: minuteAfter,
        expectedTooManyMissed: 'many',
      },
    ],
    [
      'rogue cronjob',
      {
        cj: cronJob({ schedule: '59 23 31 2 *' }, { creationTimestamp: deltaTimeAfterTopOfTheHour(10_000) }),
        now: deltaTimeAfterTopOfTheHour(HOUR),
        expectedRecentTime: undefined,
        wantErr: true,
      },
    ],
    [
      'earliestTime being CreationTimestamp and LastScheduleTime',
      {
        cj: cronJob({ schedule: '0 * * * *' }, { creationTimestamp: top }, { lastScheduleTime: top }),
        now: deltaTimeAfterTopOfTheHour(30_000),
        expectedEarliestTime: top,
        expectedRecentTime: undefined,
      },
    ],
    [
      'earliestTime being LastScheduleTime',
      {
        cj: cronJob({ schedule: '*/5 * * * *' }, { creationTimestamp: top }, { lastScheduleTime: half }),
        now: deltaTimeAfterTopOfTheHour(31 * MIN),
        expectedEarliestTime: half,
        expectedRecentTime: undefined,
      },
    ],
    [
      'earliestTime being LastScheduleTime (within StartingDeadlineSeconds)',
      {
        cj: cronJob(
          { schedule: '*/5 * * * *', startingDeadlineSeconds: 60 },
          { creationTimestamp: top },
          { lastScheduleTime: half },
        ),
        now: deltaTimeAfterTopOfTheHour(31 * MIN),
        expectedEarliestTime: half,
        expectedRecentTime: undefined,
      },
    ],
    [
      'earliestTime being LastScheduleTime (outside StartingDeadlineSeconds)',
      {
        cj: cronJob(
          { schedule: '*/5 * * * *', startingDeadlineSeconds: 60 },
          { creationTimestamp: top },
          { lastScheduleTime: half },
        ),
        includeSDS: true,
        now: deltaTimeAfterTopOfTheHour(32 * MIN),
        expectedEarliestTime: deltaTimeAfterTopOfTheHour(31 * MIN),
        expectedRecentTime: undefined,
      },
    ],
  ];
  it.each(cases)('%s', (_name, tt) => {
    const got = mostRecentScheduleTime(tt.cj, tt.now, parseStandard(tt.cj.spec.schedule), tt.includeSDS ?? false);
    if (tt.wantErr) {
      expect(got.error).toBeDefined();
      return;
    }
    expect(got.error).toBeUndefined();
    expect(got.earliestTime).toBe(tt.expectedEarliestTime);
    expect(got.mostRecentTime).toBe(tt.expectedRecentTime);
    expect(got.missedSchedules).toBe(tt.expectedTooManyMissed ?? 'none');
  });
});

describe('TestNextScheduleTimeDuration', () => {
  const top = topOfTheHour();
  const cases: [string, CronJob, number, number][] = [
    [
      'complex schedule skipping weekend',
      cronJob(
        { schedule: '30 6-16/4 * * 1-5' },
        { creationTimestamp: top },
        { lastScheduleTime: deltaTimeAfterTopOfTheHour(30 * MIN) },
      ),
      deltaTimeAfterTopOfTheHour(24 * HOUR + 31 * MIN),
      3 * HOUR + 59 * MIN + NEXT_SCHEDULE_DELTA,
    ],
    [
      'another complex schedule skipping weekend',
      cronJob(
        { schedule: '30 10,11,12 * * 1-5' },
        { creationTimestamp: top },
        { lastScheduleTime: deltaTimeAfterTopOfTheHour(30 * MIN) },
      ),
      deltaTimeAfterTopOfTheHour(30 * HOUR + 30 * MIN),
      66 * HOUR + NEXT_SCHEDULE_DELTA,
    ],
    [
      'once a week cronjob, missed two runs',
      cronJob({ schedule: '0 12 * * 4' }, { creationTimestamp: top }, { lastScheduleTime: deltaTimeAfterTopOfTheHour(2 * HOUR) }),
      deltaTimeAfterTopOfTheHour(19 * 24 * HOUR + HOUR + 30 * MIN),
      48 * HOUR + 30 * MIN + NEXT_SCHEDULE_DELTA,
    ],
    [
      'no previous run of a cronjob',
      cronJob({ schedule: '0 12 * * 5' }, { creationTimestamp: top }),
      deltaTimeAfterTopOfTheHour(6 * HOUR),
      20 * HOUR + NEXT_SCHEDULE_DELTA,
    ],
  ];
  it.each(cases)('%s', (_name, cj, now, expected) => {
    const got = nextScheduleTimeDuration(cj, now, parseStandard(cj.spec.schedule));
    expect(got).toBeGreaterThanOrEqual(0);
    expect(got).toBe(expected);
  });
});

describe('simulated time and the wall clock', () => {
  it('a start time shifts the schedule, not the objects: simulated 0 is 09:59:30 UTC, the job runs at 30s', () => {
    const startTime = at('2016-05-19T09:59:30Z');
    const cj = cronJob({ schedule: '0 * * * *' }, { creationTimestamp: 0 });
    expect(nextScheduleTime(cj, 31_000, parseStandard('0 * * * *'), startTime).scheduledTime).toBe(30_000);
    expect(nextScheduleTimeDuration(cj, 31_000, parseStandard('0 * * * *'), startTime)).toBe(HOUR - 1000 + NEXT_SCHEDULE_DELTA);
    const job = getJobFromTemplate2(cj, 30_000, startTime);
    expect(job.metadata.name).toBe(`mycronjob-${at('2016-05-19T10:00:00Z') / 60_000}`);
  });
});
