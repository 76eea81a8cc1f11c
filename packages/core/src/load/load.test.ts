import { describe, expect, it } from 'vitest';
import { type LoadSpec, loadAt, noiseFactor } from './load.js';
import { type LoadPattern, patternAt } from './pattern.js';
import { parseLoadTrace } from './trace.js';

describe('patternAt', () => {
  it('steps hold each value from its time on', () => {
    const p: LoadPattern = {
      kind: 'steps',
      value: 10,
      steps: [
        { at: 60_000, value: 100 },
        { at: 300_000, value: 5 },
      ],
    };
    expect([0, 59_999, 60_000, 299_999, 300_000, 1e9].map((t) => patternAt(p, t))).toEqual([10, 10, 100, 100, 5, 5]);
  });
  it('a ramp is linear between its ends and flat outside', () => {
    const p: LoadPattern = { kind: 'ramp', from: 0, to: 100, start: 10_000, duration: 100_000 };
    expect([0, 10_000, 35_000, 60_000, 110_000, 500_000].map((t) => patternAt(p, t))).toEqual([0, 0, 25, 50, 100, 100]);
  });
  it('a sine passes its mean at the phase and is clipped at 0', () => {
    const p: LoadPattern = { kind: 'sine', mean: 50, amplitude: 80, period: 86_400_000, phase: 0 };
    expect(patternAt(p, 0)).toBeCloseTo(50);
    expect(patternAt(p, 21_600_000)).toBeCloseTo(130);
    expect(patternAt(p, 64_800_000)).toBe(0);
  });
  it('bursts repeat every period from their start', () => {
    const p: LoadPattern = { kind: 'bursts', base: 1, peak: 9, every: 60_000, duration: 10_000, start: 30_000 };
    expect([0, 30_000, 39_999, 40_000, 90_000, 100_000].map((t) => patternAt(p, t))).toEqual([1, 9, 9, 1, 9, 1]);
  });
  it('a trace steps or interpolates, holding its ends', () => {
    const points = [
      { at: 10_000, value: 2 },
      { at: 20_000, value: 4 },
    ];
    const step: LoadPattern = { kind: 'trace', points, interpolate: 'step' };
    const linear: LoadPattern = { kind: 'trace', points, interpolate: 'linear' };
    expect([0, 15_000, 25_000].map((t) => patternAt(step, t))).toEqual([2, 2, 4]);
    expect([0, 15_000, 25_000].map((t) => patternAt(linear, t))).toEqual([2, 3, 4]);
  });
});

describe('loadAt', () => {
  const spec: LoadSpec = {
    target: { kind: 'Deployment', namespace: 'default', name: 'web' },
    pattern: { kind: 'constant', value: 100 },
    noise: { kind: 'gaussian', relative: 0.1 },
  };
  it('draws noise once per interval, the same whatever order the instants are asked in', () => {
    const forward = [0, 5_000, 15_000, 30_000].map((t) => loadAt(spec, t, 's'));
    const backward = [30_000, 15_000, 5_000, 0].map((t) => loadAt(spec, t, 's')).reverse();
    expect(forward).toEqual(backward);
    expect(forward[0]).toBe(forward[1]);
    expect(forward[1]).not.toBe(forward[2]);
  });
  it('depends on the seed, and its noise has the stated spread', () => {
    expect(loadAt(spec, 0, 'a')).not.toBe(loadAt(spec, 0, 'b'));
    const xs = Array.from({ length: 2000 }, (_, i) => noiseFactor(spec.noise, 'x', i * 15_000, 'seed') - 1);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(sd).toBeGreaterThan(0.09);
    expect(sd).toBeLessThan(0.11);
  });
  it('is exact without noise', () => {
    expect(loadAt({ ...spec, noise: { kind: 'uniform', relative: 0 } }, 7, 's')).toBe(100);
  });
});

describe('parseLoadTrace', () => {
  it('reads seconds or durations, skipping a header, comments and blank lines', () => {
    expect(parseLoadTrace('time,rps\n# warm-up\n0,10\n\n90,20\n2m,30.5\n')).toEqual([
      { at: 0, value: 10 },
      { at: 90_000, value: 20 },
      { at: 120_000, value: 30.5 },
    ]);
  });
  it('names the line of a bad row', () => {
    expect(() => parseLoadTrace('0,1\n10,x', 'load.csv')).toThrow('load.csv:2: value "x" is not a number');
    expect(() => parseLoadTrace('0,1\n0,2', 'load.csv')).toThrow("load.csv:2: time 0 is not after the previous row's");
    expect(() => parseLoadTrace('0,1,2', 'load.csv')).toThrow('load.csv:1: expected 2 columns');
    expect(() => parseLoadTrace('0,-1', 'load.csv')).toThrow('must be a finite number >= 0');
    expect(() => parseLoadTrace('', 'load.csv')).toThrow('load.csv: no rows');
  });
});
