import type { LoadSpec } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { nextLoadChange } from './changes.js';

const target = { kind: 'Deployment', namespace: 'default', name: 'web' };
const next = (pattern: LoadSpec['pattern'], t: number, noise?: LoadSpec['noise']): number =>
  nextLoadChange({ target, pattern, ...(noise !== undefined ? { noise } : {}) }, t, 1000);

describe('nextLoadChange', () => {
  it('never for a constant, the next step for steps', () => {
    expect(next({ kind: 'constant', value: 5 }, 0)).toBe(Number.POSITIVE_INFINITY);
    const steps = {
      kind: 'steps',
      value: 1,
      steps: [
        { at: 10_000, value: 2 },
        { at: 20_000, value: 3 },
      ],
    } as const;
    expect([next(steps, 0), next(steps, 10_000), next(steps, 25_000)]).toEqual([10_000, 20_000, Number.POSITIVE_INFINITY]);
  });

  it('a fine step while a ramp or a cycle moves', () => {
    const ramp = { kind: 'ramp', from: 0, to: 10, start: 5000, duration: 10_000 } as const;
    expect([next(ramp, 0), next(ramp, 6000), next(ramp, 15_000)]).toEqual([5000, 7000, Number.POSITIVE_INFINITY]);
    expect(next({ kind: 'sine', mean: 5, amplitude: 1, period: 60_000, phase: 0 }, 3000)).toBe(4000);
  });

  it("a burst's edges", () => {
    const bursts = { kind: 'bursts', base: 1, peak: 9, every: 60_000, duration: 10_000, start: 30_000 } as const;
    expect([next(bursts, 0), next(bursts, 35_000), next(bursts, 45_000)]).toEqual([30_000, 40_000, 90_000]);
  });

  it("a trace's points, and a fine step between the points of a linear one", () => {
    const points = [
      { at: 1000, value: 1 },
      { at: 5000, value: 4 },
    ];
    expect(next({ kind: 'trace', points, interpolate: 'step' }, 2000)).toBe(5000);
    expect(next({ kind: 'trace', points, interpolate: 'linear' }, 2000)).toBe(3000);
    expect(next({ kind: 'trace', points, interpolate: 'linear' }, 0)).toBe(1000);
  });

  it("the noise interval's edge", () => {
    expect(next({ kind: 'constant', value: 5 }, 16_000, { kind: 'uniform', relative: 0.1 })).toBe(30_000);
  });
});
