import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../defaults.js';
import { fieldErrorString } from '../fieldErrors.js';
import type { CronJob, KubeObject } from '../types.js';
import { validateObject } from './index.js';

// pkg/apis/batch/validation's TestValidateCronJob, the rows about the schedule, the time zone
// and the name, with the messages the API server returns.

function cronJob(spec: Partial<CronJob['spec']> = {}, name = 'mycronjob'): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: {
      schedule: '* * * * ?',
      jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'x' }], restartPolicy: 'OnFailure' } } } },
      ...spec,
    },
  };
}

const errors = (cj: CronJob): string[] => validateObject(applyDefaults(cj as KubeObject)).map(fieldErrorString);

describe('TestValidateCronJob', () => {
  it.each([['* * * * ?'], ['@hourly'], ['@every 5m'], ['0 9 * * MON-FRI'], ['*/15 0-6 1,15 jan-jun ?']])(
    'accepts %j',
    (schedule) => expect(errors(cronJob({ schedule }))).toEqual([]),
  );

  it.each([['America/New_York'], ['UTC'], ['Etc/GMT+5'], ['US/Eastern']])('accepts the time zone %j', (timeZone) =>
    expect(errors(cronJob({ timeZone }))).toEqual([]),
  );

  it.each<[string, Partial<CronJob['spec']>, string[]]>([
    [
      'non-standard schedule',
      { schedule: '@hourly-ish' },
      ['spec.schedule: Invalid value: "@hourly-ish": unrecognized descriptor: @hourly-ish'],
    ],
    [
      'too few fields',
      { schedule: '* * * *' },
      ['spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]'],
    ],
    [
      'out of range',
      { schedule: '60 * * * *' },
      ['spec.schedule: Invalid value: "60 * * * *": end of range (60) above maximum (59): 60'],
    ],
    [
      'a bad @every',
      { schedule: '@every 5x' },
      ['spec.schedule: Invalid value: "@every 5x": failed to parse duration @every 5x: time: unknown unit "x" in duration "5x"'],
    ],
    [
      'spec.schedule with TZ',
      { schedule: 'TZ=UTC 0 * * * *' },
      ['spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
    ],
    [
      'spec.schedule with CRON_TZ and spec.timeZone',
      { schedule: 'CRON_TZ=UTC 0 * * * *', timeZone: 'America/New_York' },
      ['spec.schedule: Invalid value: "CRON_TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
    ],
    ['empty spec.timeZone', { timeZone: '' }, ['spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string']],
    [
      'spec.timeZone Local',
      { timeZone: 'Local' },
      [
        'spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      ],
    ],
    [
      'spec.timeZone local',
      { timeZone: 'local' },
      [
        'spec.timeZone: Invalid value: "local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
        'spec.timeZone: Invalid value: "local": unknown time zone local',
      ],
    ],
    [
      'spec.timeZone unknown',
      { timeZone: 'Continent/Zone' },
      ['spec.timeZone: Invalid value: "Continent/Zone": unknown time zone Continent/Zone'],
    ],
    [
      'spec.timeZone lower case',
      { timeZone: 'america/new_york' },
      ['spec.timeZone: Invalid value: "america/new_york": unknown time zone america/new_york'],
    ],
    [
      'spec.timeZone with bad characters',
      { timeZone: 'Europe/Rome ' },
      ['spec.timeZone: Invalid value: "Europe/Rome ": unknown time zone Europe/Rome '],
    ],
    [
      'spec.timeZone with ..',
      { timeZone: '../Europe/Rome' },
      ['spec.timeZone: Invalid value: "../Europe/Rome": unknown time zone ../Europe/Rome'],
    ],
    [
      'negative startingDeadlineSeconds',
      { startingDeadlineSeconds: -1 },
      ['spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'negative successfulJobsHistoryLimit',
      { successfulJobsHistoryLimit: -1 },
      ['spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'the job template restartPolicy',
      { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'x' }], restartPolicy: 'Always' } } } } },
      ['spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
    ],
    [
      'the job template selector',
      {
        jobTemplate: {
          spec: {
            selector: { matchLabels: { a: 'b' } },
            template: { spec: { containers: [{ name: 'c', image: 'x' }], restartPolicy: 'OnFailure' } },
          },
        },
      },
      ['spec.jobTemplate.spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: `selector` will be auto-generated'],
    ],
  ])('%s', (_name, spec, want) => expect(errors(cronJob(spec))).toEqual(want));

  it('a name longer than 52 characters (the Jobs get an 11-character suffix)', () => {
    const name = 'a'.repeat(53);
    expect(errors(cronJob({}, name))).toEqual([`metadata.name: Invalid value: "${name}": must be no more than 52 characters`]);
    expect(errors(cronJob({}, 'a'.repeat(52)))).toEqual([]);
  });
});
