import { type Distribution, KubesimError, parseDuration } from '@kubesim/core';

/**
 * Delays in a scenario are written as a duration or a distribution of durations:
 *
 *   2s                       always 2s
 *   uniform(1s, 3s)          anywhere between 1s and 3s
 *   normal(2s, 500ms)        mean 2s, standard deviation 500ms (never below 0)
 *   lognormal(2.5s, 0.4)     median 2.5s, sigma 0.4 (a long right tail, like image pulls)
 *   exponential(1s)          mean 1s
 */
export const DISTRIBUTION_SYNTAX =
  'a duration (2s) or uniform(MIN, MAX), normal(MEAN, STDDEV), lognormal(MEDIAN, SIGMA), exponential(MEAN)';

function duration(text: string, what: string): number {
  try {
    return parseDuration(text.trim());
  } catch {
    throw new KubesimError('E_SCENARIO', `${what}: ${JSON.stringify(text.trim())} is not a duration (like 500ms, 2s, 1m30s)`);
  }
}

/** Parses a delay written as a duration or a distribution (see DISTRIBUTION_SYNTAX); a bad one throws a clear message. */
export function parseDistribution(text: string): Distribution {
  const m = /^\s*([a-z]+)\s*\((.*)\)\s*$/.exec(text);
  if (m === null) return { kind: 'fixed', value: duration(text, 'a fixed delay') };
  const [, name, argText] = m as unknown as [string, string, string];
  const args = argText.split(',').map((a) => a.trim());
  const arity = (n: number): void => {
    if (args.length !== n) {
      throw new KubesimError(
        'E_SCENARIO',
        `${name}(...) takes ${n} argument${n === 1 ? '' : 's'}, got ${args.length}: ${text.trim()}`,
      );
    }
  };
  switch (name) {
    case 'fixed':
      arity(1);
      return { kind: 'fixed', value: duration(args[0] as string, 'fixed') };
    case 'uniform': {
      arity(2);
      const min = duration(args[0] as string, 'uniform min');
      const max = duration(args[1] as string, 'uniform max');
      if (max < min) throw new KubesimError('E_SCENARIO', `uniform(${args[0]}, ${args[1]}): the maximum is below the minimum`);
      return { kind: 'uniform', min, max };
    }
    case 'normal':
      arity(2);
      return {
        kind: 'normal',
        mean: duration(args[0] as string, 'normal mean'),
        stddev: duration(args[1] as string, 'normal stddev'),
      };
    case 'lognormal': {
      arity(2);
      const sigma = Number(args[1]);
      if (!Number.isFinite(sigma) || sigma < 0) {
        throw new KubesimError('E_SCENARIO', `lognormal(${args[0]}, ${args[1]}): sigma must be a number ≥ 0`);
      }
      return { kind: 'lognormal', median: duration(args[0] as string, 'lognormal median'), sigma };
    }
    case 'exponential':
      arity(1);
      return { kind: 'exponential', mean: duration(args[0] as string, 'exponential mean') };
    default:
      throw new KubesimError('E_SCENARIO', `unknown distribution ${JSON.stringify(name)}; write ${DISTRIBUTION_SYNTAX}`);
  }
}

/** The inverse of parseDistribution, for documents and messages. */
export function formatDistribution(d: Distribution): string {
  const ms = (v: number): string => `${v}ms`;
  switch (d.kind) {
    case 'fixed':
      return ms(d.value);
    case 'uniform':
      return `uniform(${ms(d.min)}, ${ms(d.max)})`;
    case 'normal':
      return `normal(${ms(d.mean)}, ${ms(d.stddev)})`;
    case 'lognormal':
      return `lognormal(${ms(d.median)}, ${d.sigma})`;
    case 'exponential':
      return `exponential(${ms(d.mean)})`;
  }
}
