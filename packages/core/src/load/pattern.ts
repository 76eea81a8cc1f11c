import type { Millis } from '../time/duration.js';

/**
 * How much load a workload serves over simulated time, in the scenario's own unit (requests
 * per second, jobs per minute: whatever the image's cost model is per). Every pattern is a
 * pure function of time, so the metrics pipeline can ask for any instant in any order and a
 * replay sees the same values.
 */
export type LoadPattern =
  /** The same load throughout. */
  | { readonly kind: 'constant'; readonly value: number }
  /** `value` until the first step, then each step's value from its time on. */
  | { readonly kind: 'steps'; readonly value: number; readonly steps: readonly LoadPoint[] }
  /** `from` until `start`, then linearly to `to` over `duration`, then `to`. */
  | {
      readonly kind: 'ramp';
      readonly from: number;
      readonly to: number;
      readonly start: Millis;
      readonly duration: Millis;
    }
  /**
   * A cycle: `mean + amplitude·sin(2π(t − phase)/period)` (a daily cycle is a period of 24h,
   * with the phase at the hour the load passes its mean on the way up). Never below 0.
   */
  | {
      readonly kind: 'sine';
      readonly mean: number;
      readonly amplitude: number;
      readonly period: Millis;
      readonly phase: Millis;
    }
  /** `base`, with `peak` for `duration` every `every`, the first burst at `start`. */
  | {
      readonly kind: 'bursts';
      readonly base: number;
      readonly peak: number;
      readonly every: Millis;
      readonly duration: Millis;
      readonly start: Millis;
    }
  /**
   * A recorded trace (a CSV file of time, value): each point's value holds until the next
   * (`step`) or the line between points is followed (`linear`); before the first point its
   * value, after the last the last value.
   */
  | { readonly kind: 'trace'; readonly points: readonly LoadPoint[]; readonly interpolate: 'step' | 'linear' };

/** One point of a load trace: the load from a time on. */
export interface LoadPoint {
  readonly at: Millis;
  readonly value: number;
}

/** The last point at or before `t` in points sorted by time (binary search: traces are long). */
function pointIndex(points: readonly LoadPoint[], t: Millis): number {
  let lo = 0;
  let hi = points.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((points[mid] as LoadPoint).at <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The pattern's load at simulated time `t`, before noise; never negative. */
export function patternAt(p: LoadPattern, t: Millis): number {
  return Math.max(0, rawPatternAt(p, t));
}

function rawPatternAt(p: LoadPattern, t: Millis): number {
  switch (p.kind) {
    case 'constant':
      return p.value;
    case 'steps': {
      const i = pointIndex(p.steps, t);
      return i < 0 ? p.value : (p.steps[i] as LoadPoint).value;
    }
    case 'ramp':
      if (t <= p.start) return p.from;
      if (p.duration <= 0 || t >= p.start + p.duration) return p.to;
      return p.from + ((p.to - p.from) * (t - p.start)) / p.duration;
    case 'sine':
      return p.mean + p.amplitude * Math.sin((2 * Math.PI * (t - p.phase)) / p.period);
    case 'bursts': {
      if (t < p.start || p.every <= 0) return p.base;
      return (t - p.start) % p.every < p.duration ? p.peak : p.base;
    }
    case 'trace': {
      const pts = p.points;
      if (pts.length === 0) return 0;
      const i = pointIndex(pts, t);
      if (i < 0) return (pts[0] as LoadPoint).value;
      const a = pts[i] as LoadPoint;
      const b = pts[i + 1];
      if (p.interpolate === 'step' || b === undefined || b.at === a.at) return a.value;
      return a.value + ((b.value - a.value) * (t - a.at)) / (b.at - a.at);
    }
  }
}
