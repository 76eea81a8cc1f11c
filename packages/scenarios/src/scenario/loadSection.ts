import {
  type CustomMetricSpec,
  type ExternalMetricSpec,
  type LoadPattern,
  type LoadSpec,
  type Noise,
  parseDuration,
  parseLoadTrace,
} from '@kubesim/core';
import { z } from 'zod';
import { resolveKind } from '../kubectl/resources.js';
import { NON_NEGATIVE_DURATION_PATTERN } from './patterns.js';

/**
 * The scenario's `load:` and `externalMetrics:` sections: how busy each workload is over time
 * (the pattern forms of core's LoadPattern, one per entry), with seeded noise and the custom
 * metrics that follow it. The metrics-server model turns load into each pod's usage.
 */

interface PatternEntry {
  constant?: number | undefined;
  steps?: { at: string; value: number }[] | undefined;
  ramp?: { from: number; to: number; start?: string | undefined; over: string } | undefined;
  sine?: { mean: number; amplitude: number; period: string; phase?: string | undefined } | undefined;
  bursts?: { base: number; peak: number; every: string; for: string; start?: string | undefined } | undefined;
  trace?: { file: string; interpolate?: 'step' | 'linear' | undefined } | undefined;
}

/** An external metric's `noise:`: random variation added to its value. */
export interface NoiseEntry {
  gaussian?: number | undefined;
  uniform?: number | undefined;
  every?: string | undefined;
}

/** A `load:` entry as the schema reads it. */
export interface LoadEntry extends PatternEntry {
  target: string;
  namespace?: string | undefined;
  noise?: NoiseEntry | undefined;
  metrics?: { name: string; type: 'Pods' | 'Object'; perUnit?: number | undefined }[] | undefined;
}

/** An `externalMetrics:` entry as the schema reads it. */
export interface ExternalMetricEntry extends PatternEntry {
  name: string;
  namespace?: string | undefined;
  labels?: Record<string, string> | undefined;
  noise?: NoiseEntry | undefined;
}

const isDuration = (s: string): boolean => {
  try {
    parseDuration(s);
    return true;
  } catch {
    return false;
  }
};
const Duration = z
  .string()
  .refine(isDuration, { error: 'not a duration (write it as Go does: 500ms, 30s, 1m30s, 2h)' })
  .refine((s) => !isDuration(s) || parseDuration(s) >= 0, { error: 'must not be negative' })
  .meta({ pattern: NON_NEGATIVE_DURATION_PATTERN }) // for the JSON Schema only
  .describe('A Go duration: 500ms, 30s, 1m30s, 2h.');
/** A length of time that must pass: a period, an interval, a ramp's length. */
const Positive = Duration.refine((s) => !isDuration(s) || parseDuration(s) > 0, { error: 'must be longer than 0s' });
const Amount = z.number().nonnegative().describe('An amount of load, in the unit the image cost model is per (e.g. requests/s).');

const PatternShape = {
  constant: Amount.optional().describe('The same load throughout.'),
  steps: z
    .array(z.strictObject({ at: Duration, value: Amount }))
    .min(1)
    .optional()
    .describe('Each value from its time on (0 before the first).'),
  ramp: z
    .strictObject({ from: Amount, to: Amount, start: Duration.optional(), over: Positive })
    .optional()
    .describe('`from` until `start` (default 0s), then linearly to `to` over `over`.'),
  sine: z
    .strictObject({ mean: Amount, amplitude: z.number().nonnegative(), period: Positive, phase: Duration.optional() })
    .optional()
    .describe('mean + amplitude·sin(2π(t − phase)/period), never below 0; a daily cycle has period 24h.'),
  bursts: z
    .strictObject({ base: Amount, peak: Amount, every: Positive, for: Positive, start: Duration.optional() })
    .refine((b) => !isDuration(b.every) || !isDuration(b.for) || parseDuration(b.for) <= parseDuration(b.every), {
      error: 'a burst lasts no longer than its period: for ≤ every',
      path: ['for'],
    })
    .optional()
    .describe('`base`, with `peak` for `for` every `every`, the first burst at `start` (default 0s).'),
  trace: z
    .strictObject({ file: z.string(), interpolate: z.enum(['step', 'linear']).optional() })
    .optional()
    .describe('A recorded trace: a CSV file of time,value rows (seconds or durations), relative to the scenario.'),
};
const PATTERNS = Object.keys(PatternShape);

const NoiseSchema = z
  .strictObject({
    gaussian: z.number().nonnegative().optional().describe('Relative standard deviation (0.1: ±10%).'),
    uniform: z.number().nonnegative().optional().describe('Relative half-width (0.2: within ±20%).'),
    every: Positive.optional().describe('A fresh draw this often. Default 15s.'),
  })
  .refine((n) => (n.gaussian === undefined) !== (n.uniform === undefined), { error: 'give gaussian or uniform' })
  .meta({ oneOf: [{ required: ['gaussian'] }, { required: ['uniform'] }] }) // the refine, for the JSON Schema
  .describe('Seeded noise on the pattern.');

const onePattern = (e: PatternEntry): boolean => PATTERNS.filter((k) => e[k as keyof PatternEntry] !== undefined).length === 1;
const PATTERN_ERROR = `give exactly one pattern: ${PATTERNS.join(', ')}`;

export const LoadEntrySchema: z.ZodType<LoadEntry> = z
  .strictObject({
    target: z
      .string()
      .regex(/^[a-z.]+\/[^/]+$/, { error: 'a target is TYPE/NAME: deployment/web, statefulset/db, service/web' })
      .describe('TYPE/NAME of a workload or Service; its ready pods share the load.'),
    namespace: z.string().optional().describe('Default: default.'),
    ...PatternShape,
    noise: NoiseSchema.optional(),
    metrics: z
      .array(
        z.strictObject({
          name: z.string(),
          type: z.enum(['Pods', 'Object']),
          perUnit: z.number().nonnegative().optional().describe('The metric per unit of load. Default 1.'),
        }),
      )
      .optional()
      .describe('Custom metrics that follow the load: Pods (each serving pod its share), Object (the target, the whole).'),
  })
  .refine(onePattern, { error: PATTERN_ERROR })
  .meta({ oneOf: PATTERNS.map((k) => ({ required: [k] })) })
  .describe('The load on a workload over time.');

export const ExternalMetricEntrySchema: z.ZodType<ExternalMetricEntry> = z
  .strictObject({
    name: z.string().describe('The external metric (external.metrics.k8s.io), e.g. queue_messages_ready.'),
    namespace: z.string().optional().describe('Default: default.'),
    labels: z.record(z.string(), z.string()).optional().describe('The series labels an HPA metric selector matches.'),
    ...PatternShape,
    noise: NoiseSchema.optional(),
  })
  .refine(onePattern, { error: PATTERN_ERROR })
  .meta({ oneOf: PATTERNS.map((k) => ({ required: [k] })) })
  .describe('An external metric series over time (a queue length, a rate).');

/** Reads a trace file named by the scenario; throws with the file named on failure. */
export type ReadTrace = (file: string) => string;

function patternOf(e: PatternEntry, readTrace: ReadTrace): LoadPattern {
  const ms = (d: string | undefined): number => (d === undefined ? 0 : parseDuration(d));
  if (e.constant !== undefined) return { kind: 'constant', value: e.constant };
  if (e.steps !== undefined) {
    const steps = e.steps.map((s) => ({ at: ms(s.at), value: s.value })).sort((a, b) => a.at - b.at);
    return { kind: 'steps', value: 0, steps };
  }
  if (e.ramp !== undefined)
    return { kind: 'ramp', from: e.ramp.from, to: e.ramp.to, start: ms(e.ramp.start), duration: ms(e.ramp.over) };
  if (e.sine !== undefined) {
    const { mean, amplitude } = e.sine;
    return { kind: 'sine', mean, amplitude, period: ms(e.sine.period), phase: ms(e.sine.phase) };
  }
  if (e.bursts !== undefined) {
    const b = e.bursts;
    return { kind: 'bursts', base: b.base, peak: b.peak, every: ms(b.every), duration: ms(b.for), start: ms(b.start) };
  }
  const t = e.trace as { file: string; interpolate?: 'step' | 'linear' | undefined };
  return { kind: 'trace', points: parseLoadTrace(readTrace(t.file), t.file), interpolate: t.interpolate ?? 'step' };
}

function noiseOf(n: NoiseEntry | undefined): Noise | undefined {
  if (n === undefined) return undefined;
  const every = n.every === undefined ? {} : { every: parseDuration(n.every) };
  return n.gaussian !== undefined
    ? { kind: 'gaussian', relative: n.gaussian, ...every }
    : { kind: 'uniform', relative: n.uniform ?? 0, ...every };
}

/** A `load:` entry as core's LoadSpec; `deployment/web` names the Deployment web. */
export function loadSpecOf(e: LoadEntry, readTrace: ReadTrace): LoadSpec {
  const [type = '', name = ''] = e.target.split('/');
  const kind = resolveKind(type);
  const noise = noiseOf(e.noise);
  const metrics: CustomMetricSpec[] | undefined = e.metrics?.map((m) => ({
    name: m.name,
    type: m.type,
    ...(m.perUnit !== undefined ? { perUnit: m.perUnit } : {}),
  }));
  return {
    target: { kind, namespace: e.namespace ?? 'default', name },
    pattern: patternOf(e, readTrace),
    ...(noise !== undefined ? { noise } : {}),
    ...(metrics !== undefined ? { metrics } : {}),
  };
}

export function externalMetricSpecOf(e: ExternalMetricEntry, readTrace: ReadTrace): ExternalMetricSpec {
  const noise = noiseOf(e.noise);
  return {
    name: e.name,
    namespace: e.namespace ?? 'default',
    labels: e.labels ?? {},
    pattern: patternOf(e, readTrace),
    ...(noise !== undefined ? { noise } : {}),
  };
}

/** The kinds a load can be on: workloads whose pods share it, or a Service's endpoints. */
export const LOAD_TARGET_KINDS: readonly string[] = [
  'Deployment',
  'ReplicaSet',
  'ReplicationController',
  'StatefulSet',
  'DaemonSet',
  'Service',
];

/** What adding the sections needs from the loader: locations, files, the builder. */
export interface LoadSectionContext {
  locate(path: readonly (string | number)[]): string;
  readFile(path: string): string;
  fail(where: string, field: string, message: string): never;
  load(spec: LoadSpec): void;
  externalMetric(spec: ExternalMetricSpec): void;
}

/** Adds a scenario file's `load:` and `externalMetrics:` entries, each error at its field. */
export function addLoadSections(
  load: readonly LoadEntry[],
  externals: readonly ExternalMetricEntry[],
  ctx: LoadSectionContext,
): void {
  const readTrace =
    (path: (string | number)[]): ReadTrace =>
    (file) => {
      try {
        return ctx.readFile(file);
      } catch (e) {
        return ctx.fail(
          ctx.locate([...path, 'trace', 'file']),
          `${fieldOf(path)}.trace.file`,
          `cannot read ${JSON.stringify(file)}: ${(e as Error).message}`,
        );
      }
    };
  const guard = <T>(path: (string | number)[], field: string, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof Error && !('code' in e && e.code === 'E_SCENARIO' && /:\d+:\d+: /.test(e.message))) {
        return ctx.fail(ctx.locate([...path, field]), `${fieldOf(path)}.${field}`, e.message);
      }
      throw e;
    }
  };
  load.forEach((entry, i) => {
    const path = ['load', i];
    guard(path, 'target', () => {
      const kind = resolveKind(entry.target.split('/')[0] ?? '');
      if (!LOAD_TARGET_KINDS.includes(kind)) {
        throw new Error(`a load is on a workload or a Service (${LOAD_TARGET_KINDS.join(', ')}), not a ${kind}`);
      }
    });
    const pattern = patternKey(entry);
    const built = guard(path, pattern, () => loadSpecOf(entry, readTrace(path)));
    guard(path, 'target', () => ctx.load(built));
  });
  externals.forEach((entry, i) => {
    const path = ['externalMetrics', i];
    const pattern = patternKey(entry);
    ctx.externalMetric(guard(path, pattern, () => externalMetricSpecOf(entry, readTrace(path))));
  });
}

function patternKey(e: PatternEntry): string {
  return PATTERNS.find((k) => e[k as keyof PatternEntry] !== undefined) ?? 'constant';
}

function fieldOf(path: readonly (string | number)[]): string {
  return `${path[0]}[${path[1]}]`;
}
