import { describe, expect, it } from 'vitest';
import { formatRFC3339, SIMULATION_EPOCH_MS } from './rfc3339.js';

describe('formatRFC3339', () => {
  it('prints simulated time from the fixed epoch, to the second, in UTC', () => {
    expect(formatRFC3339(0)).toBe('2026-01-01T00:00:00Z');
    expect(formatRFC3339(65_999)).toBe('2026-01-01T00:01:05Z');
    expect(formatRFC3339(59 * 86_400_000)).toBe('2026-03-01T00:00:00Z');
  });

  it('agrees with the platform calendar across years and leap days', () => {
    for (const t of [
      0,
      1,
      86_399_999,
      4 * 365 * 86_400_000,
      1_000 * 86_400_000 + 12_345_678,
      -SIMULATION_EPOCH_MS + 951_782_400_000,
    ]) {
      expect(formatRFC3339(t)).toBe(new Date(SIMULATION_EPOCH_MS + t).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    }
  });
});
