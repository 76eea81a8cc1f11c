import type { Millis } from '../time/duration.js';
import { Alea } from './alea.js';

/**
 * A seeded random stream. Every consumer of randomness draws from its own stream, derived
 * by name from the run's seed (`names`, `kubelet/<pod uid>`, `faults`, ...), so adding a
 * consumer never shifts another's draws.
 */
export interface RandomStream {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
}

/**
 * Alea seeded with `<seed>\0<name>` (seedrandom.alea's draws; see alea.ts), seeded at the first
 * draw: most streams are derived for one delay, and a fixed delay draws nothing.
 */
class AleaStream implements RandomStream {
  private prng: Alea | undefined;
  private readonly prefix: string;
  private readonly name: string;

  constructor(prefix: string, name: string) {
    this.prefix = prefix;
    this.name = name;
  }

  next(): number {
    this.prng ??= new Alea(this.prefix, this.name);
    return this.prng.next();
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** The stream named `name` of the run seeded with `seed`. Same inputs, same draws. */
export function randomStream(seed: string | number, name: string): RandomStream {
  return new AleaStream(`${seed}\u0000`, name);
}

/**
 * A delay distribution, as image profiles give them. All values are milliseconds; a draw is
 * rounded to a whole millisecond and never negative.
 */
export type Distribution =
  | { readonly kind: 'fixed'; readonly value: Millis }
  | { readonly kind: 'uniform'; readonly min: Millis; readonly max: Millis }
  | { readonly kind: 'exponential'; readonly mean: Millis }
  | { readonly kind: 'normal'; readonly mean: Millis; readonly stddev: Millis }
  /** median = e^mu; sigma is the standard deviation of the underlying normal. */
  | { readonly kind: 'lognormal'; readonly median: Millis; readonly sigma: number };

function standardNormal(rng: RandomStream): number {
  // Box–Muller; 1 - u keeps the logarithm finite.
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A draw from a distribution, in milliseconds. */
export function sample(dist: Distribution, rng: RandomStream): Millis {
  let x: number;
  switch (dist.kind) {
    case 'fixed':
      x = dist.value;
      break;
    case 'uniform':
      x = dist.min + rng.next() * (dist.max - dist.min);
      break;
    case 'exponential':
      x = -Math.log(1 - rng.next()) * dist.mean;
      break;
    case 'normal':
      x = dist.mean + standardNormal(rng) * dist.stddev;
      break;
    case 'lognormal':
      x = dist.median * Math.exp(standardNormal(rng) * dist.sigma);
      break;
  }
  return Math.max(0, Math.round(x));
}

/** A distribution that always gives this value. */
export function fixed(value: Millis): Distribution {
  return { kind: 'fixed', value };
}
