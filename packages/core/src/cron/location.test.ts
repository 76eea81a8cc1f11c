import { describe, expect, it } from 'vitest';
import { civil, date, LocationError, loadLocation, UTC, ZERO_TIME } from './location.js';

describe('loadLocation (Go time.LoadLocation)', () => {
  it('knows IANA names and their links, spelled as the tz database files are', () => {
    for (const name of ['America/New_York', 'US/Eastern', 'Etc/GMT+5', 'EST5EDT', 'Asia/Kolkata', 'GMT']) {
      expect(loadLocation(name).name).toBe(name);
    }
    expect(loadLocation('')).toBe(UTC);
    expect(loadLocation('UTC')).toBe(UTC);
  });
  it.each([
    ['utc', 'unknown time zone utc'],
    ['america/new_york', 'unknown time zone america/new_york'],
    ['Mars/Olympus', 'unknown time zone Mars/Olympus'],
    ['../etc/passwd', 'time: invalid location name'],
  ])('refuses %j: %s', (name, message) => {
    expect(() => loadLocation(name)).toThrow(LocationError);
    expect(() => loadLocation(name)).toThrow(message);
  });
});

describe('civil time in a zone', () => {
  const ny = loadLocation('America/New_York');
  it('reads an instant in its zone, with the weekday', () => {
    expect(civil(ny, Date.UTC(2026, 0, 5, 14))).toEqual({
      year: 2026,
      month: 1,
      day: 5,
      hour: 9,
      minute: 0,
      second: 0,
      weekday: 1,
    });
  });
  it("Go's zero time west of Greenwich is the last day of 1 BC, at the zone's local mean time", () => {
    expect(civil(ny, ZERO_TIME)).toMatchObject({ year: 0, month: 12, day: 31, hour: 19, minute: 3, second: 58 });
  });
  it('time.Date: a wall time a DST gap skips takes the offset after it, read from before (02:30 is 01:30 EST)', () => {
    expect(date(ny, 2026, 3, 8, 2, 30, 0)).toBe(Date.UTC(2026, 2, 8, 6, 30));
  });
  it('time.Date: a wall time that repeats is its first occurrence (01:30 EDT)', () => {
    expect(date(ny, 2026, 11, 1, 1, 30, 0)).toBe(Date.UTC(2026, 10, 1, 5, 30));
  });
  it('time.Date normalises months and days out of range', () => {
    expect(date(UTC, 2026, 13, 1, 0, 0, 0)).toBe(Date.UTC(2027, 0, 1));
    expect(date(UTC, 2026, 3, 0, 0, 0, 0)).toBe(Date.UTC(2026, 1, 28));
  });
});
