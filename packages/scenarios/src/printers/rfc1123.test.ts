import { describe, expect, it } from 'vitest';
import { formatRFC1123Z, ZERO_TIME_RFC1123Z } from './rfc1123.js';

describe('formatRFC1123Z (Go time.RFC1123Z in UTC)', () => {
  it('prints the simulation start, 2026-01-01, a Thursday', () => {
    expect(formatRFC1123Z(0)).toBe('Thu, 01 Jan 2026 00:00:00 +0000');
  });

  it('prints Go’s reference time as Go does', () => {
    // 2006-01-02T15:04:05Z, measured from the Unix epoch.
    expect(formatRFC1123Z(1_136_214_245_000, 0)).toBe('Mon, 02 Jan 2006 15:04:05 +0000');
  });

  it('carries days, months, leap days and weekdays, and drops milliseconds', () => {
    const day = 86_400_000;
    expect(formatRFC1123Z(3 * day + 65_999)).toBe('Sun, 04 Jan 2026 00:01:05 +0000');
    expect(formatRFC1123Z(59 * day)).toBe('Sun, 01 Mar 2026 00:00:00 +0000');
    // 2028 is a leap year: 2028-02-29 is a Tuesday.
    expect(formatRFC1123Z(789 * day + 23 * 3_600_000)).toBe('Tue, 29 Feb 2028 23:00:00 +0000');
  });

  it('prints a missing time as Go prints the zero time', () => {
    expect(formatRFC1123Z(undefined)).toBe(ZERO_TIME_RFC1123Z);
    expect(ZERO_TIME_RFC1123Z).toBe('Mon, 01 Jan 0001 00:00:00 +0000');
  });
});
