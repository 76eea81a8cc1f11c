import { describe, expect, it } from 'vitest';
import { ZERO_TIME } from './location.js';
import { parseStandard } from './parser.js';

// robfig/cron/v3's spec_test.go. Its times without a zone are in time.Local, which is UTC here
// (kubesim's controller-manager zone). TestNext uses the library's six-field parser: its cases
// with a zero seconds field are kept, as the five-field spec ParseStandard reads; a time given
// in a zone with a zoneless spec means that zone (Go reads the spec in the time's location).

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function getTime(value: string): number {
  if (value === '') return ZERO_TIME;
  const v = value.replace(/^TZ=\S+ /, '');
  const iso = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})([+-]\d{2})(\d{2})$/.exec(v);
  if (iso) return Date.parse(`${iso[1]}${iso[2]}:${iso[3]}`);
  const m = /^\w{3} (\w{3}) (\d+) (\d{2}):(\d{2})(?::(\d{2}))? (\d{4})$/.exec(v);
  if (!m) throw new Error(`could not parse time value ${value}`);
  return Date.UTC(Number(m[6]), MONTHS.indexOf(m[1] as string), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5] ?? 0));
}

describe('TestActivation', () => {
  const tests: [string, string, boolean][] = [
    ['Mon Jul 9 15:00 2012', '0/15 * * * *', true],
    ['Mon Jul 9 15:45 2012', '0/15 * * * *', true],
    ['Mon Jul 9 15:40 2012', '0/15 * * * *', false],
    ['Mon Jul 9 15:05 2012', '5/15 * * * *', true],
    ['Mon Jul 9 15:20 2012', '5/15 * * * *', true],
    ['Mon Jul 9 15:50 2012', '5/15 * * * *', true],
    ['Sun Jul 15 15:00 2012', '0/15 * * Jul *', true],
    ['Sun Jul 15 15:00 2012', '0/15 * * Jun *', false],
    ['Sun Jul 15 08:30 2012', '30 08 ? Jul Sun', true],
    ['Sun Jul 15 08:30 2012', '30 08 15 Jul ?', true],
    ['Mon Jul 16 08:30 2012', '30 08 ? Jul Sun', false],
    ['Mon Jul 16 08:30 2012', '30 08 15 Jul ?', false],
    ['Mon Jul 9 15:00 2012', '@hourly', true],
    ['Mon Jul 9 15:04 2012', '@hourly', false],
    ['Mon Jul 9 15:00 2012', '@daily', false],
    ['Mon Jul 9 00:00 2012', '@daily', true],
    ['Mon Jul 9 00:00 2012', '@weekly', false],
    ['Sun Jul 8 00:00 2012', '@weekly', true],
    ['Sun Jul 8 01:00 2012', '@weekly', false],
    ['Sun Jul 8 00:00 2012', '@monthly', false],
    ['Sun Jul 1 00:00 2012', '@monthly', true],
    // Both day fields restricted: either may match.
    ['Sun Jul 15 00:00 2012', '* * 1,15 * Sun', true],
    ['Fri Jun 15 00:00 2012', '* * 1,15 * Sun', true],
    ['Wed Aug 1 00:00 2012', '* * 1,15 * Sun', true],
    ['Sun Jul 15 00:00 2012', '* * */10 * Sun', true],
    // One of them a star: both must match.
    ['Sun Jul 15 00:00 2012', '* * * * Mon', false],
    ['Mon Jul 9 00:00 2012', '* * 1,15 * *', false],
    ['Sun Jul 15 00:00 2012', '* * 1,15 * *', true],
    ['Sun Jul 15 00:00 2012', '* * */2 * Sun', true],
  ];
  it.each(tests)('%s %s → %s', (time, spec, expected) => {
    const t = getTime(time);
    expect(parseStandard(spec).next(t - 1000) === t).toBe(expected);
  });
});

describe('TestNext', () => {
  const runs: [string, string, string][] = [
    ['Mon Jul 9 14:45 2012', '0/15 * * * *', 'Mon Jul 9 15:00 2012'],
    ['Mon Jul 9 14:59 2012', '0/15 * * * *', 'Mon Jul 9 15:00 2012'],
    ['Mon Jul 9 14:59:59 2012', '0/15 * * * *', 'Mon Jul 9 15:00 2012'],
    ['Mon Jul 9 15:45 2012', '20-35/15 * * * *', 'Mon Jul 9 16:20 2012'],
    ['Mon Jul 9 23:46 2012', '*/15 * * * *', 'Tue Jul 10 00:00 2012'],
    ['Mon Jul 9 23:45 2012', '20-35/15 * * * *', 'Tue Jul 10 00:20 2012'],
    ['Mon Jul 9 23:35 2012', '0 0 9 Apr-Oct ?', 'Thu Aug 9 00:00 2012'],
    ['Mon Jul 9 23:35 2012', '0 0 */5 Apr,Aug,Oct Mon', 'Tue Aug 1 00:00 2012'],
    ['Mon Jul 9 23:35 2012', '0 0 */5 Oct Mon', 'Mon Oct 1 00:00 2012'],
    ['Mon Jul 9 23:35 2012', '0 0 * Feb Mon', 'Mon Feb 4 00:00 2013'],
    ['Mon Jul 9 23:35 2012', '0 0 * Feb Mon/2', 'Fri Feb 1 00:00 2013'],
    ['Mon Dec 31 23:59:45 2012', '* * * * *', 'Tue Jan 1 00:00:00 2013'],
    ['Mon Jul 9 23:35 2012', '0 0 29 Feb ?', 'Mon Feb 29 00:00 2016'],
    // 2am EST (-5) -> 3am EDT (-4)
    ['2012-03-11T00:00:00-0500', 'TZ=America/New_York 30 2 11 Mar ?', '2013-03-11T02:30:00-0400'],
    ['2012-03-11T00:00:00-0500', 'TZ=America/New_York 0 * * * ?', '2012-03-11T01:00:00-0500'],
    ['2012-03-11T01:00:00-0500', 'TZ=America/New_York 0 * * * ?', '2012-03-11T03:00:00-0400'],
    ['2012-03-11T03:00:00-0400', 'TZ=America/New_York 0 * * * ?', '2012-03-11T04:00:00-0400'],
    ['2012-03-11T04:00:00-0400', 'TZ=America/New_York 0 * * * ?', '2012-03-11T05:00:00-0400'],
    ['2012-03-11T00:00:00-0500', 'CRON_TZ=America/New_York 0 * * * ?', '2012-03-11T01:00:00-0500'],
    ['2012-03-11T01:00:00-0500', 'CRON_TZ=America/New_York 0 * * * ?', '2012-03-11T03:00:00-0400'],
    ['2012-03-11T03:00:00-0400', 'CRON_TZ=America/New_York 0 * * * ?', '2012-03-11T04:00:00-0400'],
    ['2012-03-11T04:00:00-0400', 'CRON_TZ=America/New_York 0 * * * ?', '2012-03-11T05:00:00-0400'],
    ['2012-03-11T00:00:00-0500', 'TZ=America/New_York 0 1 * * ?', '2012-03-11T01:00:00-0500'],
    ['2012-03-11T01:00:00-0500', 'TZ=America/New_York 0 1 * * ?', '2012-03-12T01:00:00-0400'],
    // The 2am nightly job is skipped on the night 2am does not exist.
    ['2012-03-11T00:00:00-0500', 'TZ=America/New_York 0 2 * * ?', '2012-03-12T02:00:00-0400'],
    // 2am EDT (-4) -> 1am EST (-5)
    ['2012-11-04T00:00:00-0400', 'TZ=America/New_York 30 2 04 Nov ?', '2012-11-04T02:30:00-0500'],
    ['2012-11-04T01:45:00-0400', 'TZ=America/New_York 30 1 04 Nov ?', '2012-11-04T01:30:00-0500'],
    ['2012-11-04T00:00:00-0400', 'TZ=America/New_York 0 * * * ?', '2012-11-04T01:00:00-0400'],
    ['2012-11-04T01:00:00-0400', 'TZ=America/New_York 0 * * * ?', '2012-11-04T01:00:00-0500'],
    ['2012-11-04T01:00:00-0500', 'TZ=America/New_York 0 * * * ?', '2012-11-04T02:00:00-0500'],
    // The 1am nightly job runs twice on the night 1am repeats.
    ['2012-11-04T00:00:00-0400', 'TZ=America/New_York 0 1 * * ?', '2012-11-04T01:00:00-0400'],
    ['2012-11-04T01:00:00-0400', 'TZ=America/New_York 0 1 * * ?', '2012-11-04T01:00:00-0500'],
    ['2012-11-04T01:00:00-0500', 'TZ=America/New_York 0 1 * * ?', '2012-11-05T01:00:00-0500'],
    ['2012-11-04T00:00:00-0400', 'TZ=America/New_York 0 2 * * ?', '2012-11-04T02:00:00-0500'],
    ['2012-11-04T02:00:00-0500', 'TZ=America/New_York 0 2 * * ?', '2012-11-05T02:00:00-0500'],
    ['2012-11-04T00:00:00-0400', 'TZ=America/New_York 0 3 * * ?', '2012-11-04T03:00:00-0500'],
    ['2012-11-04T03:00:00-0500', 'TZ=America/New_York 0 3 * * ?', '2012-11-05T03:00:00-0500'],
    // Unsatisfiable: the zero time.
    ['Mon Jul 9 23:35 2012', '0 0 30 Feb ?', ''],
    ['Mon Jul 9 23:35 2012', '0 0 31 Apr ?', ''],
    ['TZ=America/New_York 2012-11-04T00:00:00-0400', 'TZ=America/New_York 0 3 3 * ?', '2012-12-03T03:00:00-0500'],
    // Midnight does not exist where DST starts at midnight (robfig/cron#157).
    ['2018-10-17T05:00:00-0400', 'TZ=America/Sao_Paulo 0 9 10 * ?', '2018-11-10T06:00:00-0500'],
    ['2018-02-14T05:00:00-0500', 'TZ=America/Sao_Paulo 0 9 22 * ?', '2018-02-22T07:00:00-0500'],
  ];
  it.each(runs)('%s, %s → %s', (time, spec, expected) => {
    expect(parseStandard(spec).next(getTime(time))).toBe(getTime(expected));
  });
});

describe('TestNextWithTz', () => {
  const runs: [string, string, string][] = [
    ['2016-01-03T13:09:03+0530', 'TZ=Asia/Kolkata 14 14 * * *', '2016-01-03T14:14:00+0530'],
    ['2016-01-03T04:09:03+0530', 'TZ=Asia/Kolkata 14 14 * * ?', '2016-01-03T14:14:00+0530'],
    ['2016-01-03T14:09:03+0530', 'TZ=Asia/Kolkata 14 14 * * *', '2016-01-03T14:14:00+0530'],
    ['2016-01-03T14:00:00+0530', 'TZ=Asia/Kolkata 14 14 * * ?', '2016-01-03T14:14:00+0530'],
  ];
  it.each(runs)('%s, %s', (time, spec, expected) => {
    expect(parseStandard(spec).next(getTime(time))).toBe(getTime(expected));
  });
});

describe('TestErrors', () => {
  it.each(['xyz', '60 0 * * *', '0 60 * * *', '0 0 * * XYZ'])('%s', (spec) => {
    expect(() => parseStandard(spec)).toThrow();
  });
});

describe('@every (constantdelay.go)', () => {
  it('rounds the delay down to whole seconds, at least one, and counts from the whole second', () => {
    expect(parseStandard('@every 1h').next(1_000_500)).toBe(1_000_000 + 3_600_000);
    expect(parseStandard('@every 1500ms').next(0)).toBe(1000);
    expect(parseStandard('@every 10ms').next(0)).toBe(1000);
  });
});
