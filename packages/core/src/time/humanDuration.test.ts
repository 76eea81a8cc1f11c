import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, SECOND } from './duration.js';
import { humanDuration, shortHumanDuration } from './humanDuration.js';

const MS = 1;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

describe('TestHumanDuration (apimachinery pkg/util/duration)', () => {
  const table: [number, string][] = [
    [SECOND, '1s'],
    [70 * SECOND, '70s'],
    [190 * SECOND, '3m10s'],
    [70 * MINUTE, '70m'],
    [47 * HOUR, '47h'],
    [49 * HOUR, '2d1h'],
    [(8 * 24 + 2) * HOUR, '8d'],
    [367 * 24 * HOUR, '367d'],
    [(365 * 2 * 24 + 25) * HOUR, '2y1d'],
    [(365 * 8 * 24 + 2) * HOUR, '8y'],
  ];
  it.each(table)('HumanDuration(%dms) = %j', (d, want) => {
    expect(humanDuration(d)).toBe(want);
  });
});

describe('TestHumanDurationBoundaries (apimachinery pkg/util/duration)', () => {
  // Go's `-2*time.Second + 1` (one nanosecond) becomes one millisecond here.
  const table: [number, string][] = [
    [-2 * SECOND, '<invalid>'],
    [-2 * SECOND + 1 * MS, '0s'],
    [0, '0s'],
    [SECOND - MS, '0s'],
    [2 * MINUTE - MS, '119s'],
    [2 * MINUTE, '2m'],
    [2 * MINUTE + SECOND, '2m1s'],
    [10 * MINUTE - MS, '9m59s'],
    [10 * MINUTE, '10m'],
    [10 * MINUTE + SECOND, '10m'],
    [3 * HOUR - MS, '179m'],
    [3 * HOUR, '3h'],
    [3 * HOUR + MINUTE, '3h1m'],
    [8 * HOUR - MS, '7h59m'],
    [8 * HOUR, '8h'],
    [8 * HOUR + 59 * MINUTE, '8h'],
    [2 * DAY - MS, '47h'],
    [2 * DAY, '2d'],
    [2 * DAY + HOUR, '2d1h'],
    [8 * DAY - MS, '7d23h'],
    [8 * DAY, '8d'],
    [8 * DAY + 23 * HOUR, '8d'],
    [2 * YEAR - MS, '729d'],
    [2 * YEAR, '2y'],
    [2 * YEAR + 23 * HOUR, '2y'],
    [2 * YEAR + 23 * HOUR + 59 * MINUTE, '2y'],
    [2 * YEAR + 24 * HOUR - MS, '2y'],
    [2 * YEAR + 24 * HOUR, '2y1d'],
    [3 * YEAR, '3y'],
    [4 * YEAR, '4y'],
    [5 * YEAR, '5y'],
    [6 * YEAR, '6y'],
    [7 * YEAR, '7y'],
    [8 * YEAR - MS, '7y364d'],
    [8 * YEAR, '8y'],
    [8 * YEAR + 364 * DAY, '8y'],
    [9 * YEAR, '9y'],
  ];
  it.each(table)('HumanDuration(%dms) = %j', (d, want) => {
    expect(humanDuration(d)).toBe(want);
  });
});

describe('TestShortHumanDurationBoundaries (apimachinery pkg/util/duration)', () => {
  const table: [number, string][] = [
    [-2 * SECOND, '<invalid>'],
    [-2 * SECOND + 1 * MS, '0s'],
    [0, '0s'],
    [SECOND - MS, '0s'],
    [SECOND, '1s'],
    [2 * SECOND - MS, '1s'],
    [MINUTE - MS, '59s'],
    [MINUTE, '1m'],
    [2 * MINUTE - MS, '1m'],
    [HOUR - MS, '59m'],
    [HOUR, '1h'],
    [2 * HOUR - MS, '1h'],
    [24 * HOUR - MS, '23h'],
    [24 * HOUR, '1d'],
    [2 * DAY - MS, '1d'],
    [YEAR - MS, '364d'],
    [YEAR, '1y'],
    [2 * YEAR - MS, '1y'],
    [2 * YEAR, '2y'],
  ];
  it.each(table)('ShortHumanDuration(%dms) = %j', (d, want) => {
    expect(shortHumanDuration(d)).toBe(want);
  });

  it('treats a sub-second negative skew as now, in both forms', () => {
    for (const d of [-1, -999, -1999]) {
      expect(humanDuration(d)).toBe('0s');
      expect(shortHumanDuration(d)).toBe('0s');
    }
  });
});
