import { randomStream } from '../random/streams.js';
import type { Millis } from '../time/duration.js';
import { type LoadPattern, patternAt } from './pattern.js';

/**
 * Seeded noise on a load: the pattern's value times (1 + ε), ε drawn afresh every `every`
 * (default 15 s, metrics-server's resolution) — `gaussian` with standard deviation `relative`,
 * or `uniform` in [−relative, +relative]. Each interval's draw is its own seeded stream, so the
 * load at an instant is the same whoever asks first, and in any order.
 */
export interface Noise {
  readonly kind: 'gaussian' | 'uniform';
  readonly relative: number;
  readonly every?: Millis;
}

export const DEFAULT_NOISE_INTERVAL: Millis = 15_000;

/**
 * A custom metric that follows a load (custom.metrics.k8s.io): `Pods` — each serving pod
 * reports its share of the load times `perUnit` (requests per second per pod); `Object` — the
 * load's target reports the whole load times `perUnit` (a Service's requests per second).
 */
export interface CustomMetricSpec {
  readonly name: string;
  readonly type: 'Pods' | 'Object';
  /** The metric's value per unit of load; default 1. */
  readonly perUnit?: number;
}

/** What a load is on: a workload (Deployment, StatefulSet, ...) or a Service, by its selector. */
export interface LoadTarget {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** The load a workload (or Service) serves: shared by the ready pods its selector matches. */
export interface LoadSpec {
  readonly target: LoadTarget;
  readonly pattern: LoadPattern;
  readonly noise?: Noise;
  readonly metrics?: readonly CustomMetricSpec[];
}

/**
 * An external metric (external.metrics.k8s.io): a series of its own, such as a queue's length,
 * that follows its pattern whatever the pods do.
 */
export interface ExternalMetricSpec {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly pattern: LoadPattern;
  readonly noise?: Noise;
}

function standardNormal(u: number, v: number): number {
  return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
}

/** The noise factor (1 + ε, never below 0) for the interval holding `time`. */
export function noiseFactor(noise: Noise | undefined, stream: string, time: Millis, seed: string): number {
  if (noise === undefined || noise.relative === 0) return 1;
  const every = noise.every ?? DEFAULT_NOISE_INTERVAL;
  const bucket = every > 0 ? Math.floor(time / every) : time;
  const rng = randomStream(seed, `load/${stream}/${bucket}`);
  const u = rng.next();
  const eps = noise.kind === 'uniform' ? (2 * u - 1) * noise.relative : standardNormal(u, rng.next()) * noise.relative;
  return Math.max(0, 1 + eps);
}

/** The stream a load's noise draws from: one per target, so adding a load shifts no other. */
export function loadStream(target: LoadTarget): string {
  return `${target.kind}/${target.namespace}/${target.name}`;
}

/** The load `spec` puts on its target at simulated time `time` (≥ 0), noise included. */
export function loadAt(spec: LoadSpec, time: Millis, seed: string): number {
  return patternAt(spec.pattern, time) * noiseFactor(spec.noise, loadStream(spec.target), time, seed);
}

/** An external metric's value at `time` (≥ 0), noise included. */
export function externalMetricAt(spec: ExternalMetricSpec, time: Millis, seed: string): number {
  const stream = `external/${spec.namespace}/${spec.name}/${JSON.stringify(spec.labels)}`;
  return patternAt(spec.pattern, time) * noiseFactor(spec.noise, stream, time, seed);
}
