import { DEFAULT_NOISE_INTERVAL, type LoadPattern, type LoadSpec, type Millis } from '@kubesim/core';

/**
 * When a load may next change after `t`: the edge of a step, a burst, a trace point or a noise
 * interval; for a part that moves continuously (a ramp under way, a cycle, a linear trace) `t +
 * step`, the check's fine step. Infinity when it never changes again. Lets the OOM killer wake at
 * the usage function's change points instead of on a fixed tick.
 */
export function nextLoadChange(spec: LoadSpec, t: Millis, step: Millis): Millis {
  let next = nextPatternChange(spec.pattern, t, step);
  const noise = spec.noise;
  if (noise !== undefined && noise.relative !== 0) {
    const every = noise.every ?? DEFAULT_NOISE_INTERVAL;
    next = Math.min(next, every > 0 ? (Math.floor(t / every) + 1) * every : t + step);
  }
  return next;
}

/** The first point time after t, if any. */
function pointAfter(points: readonly { readonly at: Millis }[], t: Millis): Millis {
  for (const p of points) if (p.at > t) return p.at;
  return Number.POSITIVE_INFINITY;
}

function nextPatternChange(p: LoadPattern, t: Millis, step: Millis): Millis {
  switch (p.kind) {
    case 'constant':
      return Number.POSITIVE_INFINITY;
    case 'steps':
      return pointAfter(p.steps, t);
    case 'ramp':
      if (t < p.start) return p.start;
      return t < p.start + p.duration ? t + step : Number.POSITIVE_INFINITY;
    case 'sine':
      return p.amplitude === 0 ? Number.POSITIVE_INFINITY : t + step;
    case 'bursts': {
      if (p.every <= 0) return Number.POSITIVE_INFINITY;
      if (t < p.start) return p.start;
      const begun = p.start + Math.floor((t - p.start) / p.every) * p.every;
      const end = begun + p.duration;
      return t < end ? end : begun + p.every;
    }
    case 'trace': {
      const next = pointAfter(p.points, t);
      const first = p.points[0];
      // Between two points of a linear trace the load moves all the time.
      if (p.interpolate === 'linear' && first !== undefined && t >= first.at && Number.isFinite(next)) return t + step;
      return next;
    }
  }
}
