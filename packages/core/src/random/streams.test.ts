import { describe, expect, it } from 'vitest';
import { type Distribution, fixed, randomStream, sample } from './streams.js';

function draws(seed: string | number, name: string, n: number): number[] {
  const s = randomStream(seed, name);
  return Array.from({ length: n }, () => s.next());
}

describe('randomStream', () => {
  it('is deterministic per (seed, name)', () => {
    expect(draws(42, 'kubelet', 20)).toEqual(draws(42, 'kubelet', 20));
    expect(draws('42', 'kubelet', 5)).toEqual(draws(42, 'kubelet', 5)); // the seed is used as text
  });

  it('gives different sequences for different names or seeds', () => {
    expect(draws(42, 'kubelet', 5)).not.toEqual(draws(42, 'names', 5));
    expect(draws(42, 'kubelet', 5)).not.toEqual(draws(43, 'kubelet', 5));
    // the separator keeps ("a", "bc") and ("ab", "c") apart
    expect(draws('a', 'bc', 5)).not.toEqual(draws('ab', 'c', 5));
  });

  it('keeps streams independent: drawing from one never shifts another', () => {
    const names = randomStream(7, 'names');
    const kubelet = randomStream(7, 'kubelet');
    const alone = draws(7, 'kubelet', 10);
    const interleaved: number[] = [];
    for (let i = 0; i < 10; i++) {
      names.next();
      names.int(100);
      interleaved.push(kubelet.next());
    }
    expect(interleaved).toEqual(alone);
  });

  it('draws floats in [0, 1) and ints in [0, n)', () => {
    const s = randomStream(1, 'range');
    const bad: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      const x = s.next();
      if (!(x >= 0 && x < 1)) bad.push(x);
      const k = s.int(7);
      if (!(Number.isInteger(k) && k >= 0 && k < 7)) bad.push(k);
    }
    expect(bad).toEqual([]);
  });

  it('covers every value of int(n) roughly evenly', () => {
    const s = randomStream(3, 'ints');
    const counts = new Array<number>(27).fill(0);
    const n = 27_000;
    for (let i = 0; i < n; i++) {
      const k = s.int(27);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    for (const c of counts) expect(Math.abs(c - n / 27)).toBeLessThan(n / 27 / 4);
  });
});

describe('sample', () => {
  const dists: Distribution[] = [
    fixed(1500),
    { kind: 'uniform', min: 100, max: 900 },
    { kind: 'exponential', mean: 2000 },
    { kind: 'normal', mean: 1000, stddev: 800 },
    { kind: 'lognormal', median: 3000, sigma: 0.8 },
  ];

  it.each(dists)('%o: non-negative integers, the same sequence for the same stream', (dist) => {
    const a = randomStream(9, 'sample');
    const b = randomStream(9, 'sample');
    const xs = Array.from({ length: 2000 }, () => sample(dist, a));
    const ys = Array.from({ length: 2000 }, () => sample(dist, b));
    expect(xs.filter((x) => !Number.isInteger(x) || x < 0 || Object.is(x, -0))).toEqual([]);
    expect(ys).toEqual(xs);
    expect(new Set(xs).size).toBeGreaterThan(dist.kind === 'fixed' ? 0 : 100);
  });

  it('returns a fixed value unchanged and consumes no draws', () => {
    const s = randomStream(1, 'fixed');
    const t = randomStream(1, 'fixed');
    expect(sample(fixed(250), s)).toBe(250);
    expect(s.next()).toBe(t.next());
  });

  it('rounds to whole milliseconds and clamps below at 0', () => {
    expect(sample(fixed(2.5), randomStream(1, 'x'))).toBe(3);
    expect(sample(fixed(-40), randomStream(1, 'x'))).toBe(0);
    const s = randomStream(2, 'neg');
    let zeros = 0;
    for (let i = 0; i < 1000; i++) if (sample({ kind: 'normal', mean: 0, stddev: 100 }, s) === 0) zeros++;
    expect(zeros).toBeGreaterThan(400); // about half the draws are negative before clamping
  });

  function mean(dist: Distribution, n: number, name: string): number {
    const s = randomStream(2024, name);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sample(dist, s);
    return sum / n;
  }

  it('has the right mean, roughly, for each distribution', () => {
    const n = 20_000;
    // uniform [1000, 3000]: mean 2000, sd 577; standard error ~4
    expect(mean({ kind: 'uniform', min: 1000, max: 3000 }, n, 'u')).toBeCloseTo(2000, -2);
    // exponential: mean 500, sd 500; standard error ~3.5
    expect(Math.abs(mean({ kind: 'exponential', mean: 500 }, n, 'e') - 500)).toBeLessThan(25);
    // normal far from 0 (no clamping): mean 5000, sd 300
    expect(Math.abs(mean({ kind: 'normal', mean: 5000, stddev: 300 }, n, 'n') - 5000)).toBeLessThan(15);
    // lognormal: mean = median * e^(sigma^2 / 2) = 1000 * e^0.125 ~ 1133
    expect(Math.abs(mean({ kind: 'lognormal', median: 1000, sigma: 0.5 }, n, 'l') - 1000 * Math.exp(0.125))).toBeLessThan(25);
  });

  it('has the right median for a lognormal', () => {
    const s = randomStream(5, 'median');
    const xs = Array.from({ length: 10_001 }, () => sample({ kind: 'lognormal', median: 800, sigma: 1 }, s)).sort(
      (a, b) => a - b,
    );
    expect(Math.abs((xs[5000] as number) - 800)).toBeLessThan(50);
  });

  it('keeps a uniform draw within [min, max] and reaches both ends', () => {
    const s = randomStream(11, 'bounds');
    const xs = Array.from({ length: 5000 }, () => sample({ kind: 'uniform', min: 200, max: 250 }, s));
    expect(Math.min(...xs)).toBe(200);
    expect(Math.max(...xs)).toBe(250);
  });
});
