import { formatDuration } from '@kubesim/core';
import { formatTable } from '../printers/table.js';
import type { SweepHeader, SweepLine } from './line.js';
import type { ParamValue } from './params.js';

/**
 * The p-th percentile by the nearest-rank method: the smallest value with at least p% of the
 * values at or below it (p50 of 1..4 is 2, p95 of 1..100 is 95). Null values (a rollout that
 * never completed) are left out; none left: null.
 */
export function percentile(values: readonly (number | null)[], p: number): number | null {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** A metric's distribution over one combination's runs. */
export interface MetricDistribution {
  readonly p5: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly values: readonly (number | null)[];
}

function distribution(values: readonly (number | null)[]): MetricDistribution {
  return { p5: percentile(values, 5), p50: percentile(values, 50), p95: percentile(values, 95), values };
}

/** What the table and the HTML report show of each combination. */
export interface CombinationSummary {
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly runs: number;
  /** Runs in which an invariant was violated or a bound stopped the run. */
  readonly violated: number;
  /** Runs whose rollout never completed. */
  readonly unfinished: number;
  readonly rolloutMs: MetricDistribution;
  readonly minAvailability: MetricDistribution;
  readonly unavailableMs: MetricDistribution;
  readonly peakPods: MetricDistribution;
  /** All controllers' writes, per run. */
  readonly writes: MetricDistribution;
}

/** The runs grouped by combination, in the file's order. */
export function summarize(lines: readonly SweepLine[]): CombinationSummary[] {
  const groups = new Map<string, SweepLine[]>();
  for (const l of lines) {
    const key = JSON.stringify(l.params);
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [l]);
    else g.push(l);
  }
  return [...groups.values()].map((g) => ({
    params: (g[0] as SweepLine).params,
    runs: g.length,
    violated: g.filter((l) => !l.ok).length,
    unfinished: g.filter((l) => l.metrics.rolloutMs === null).length,
    rolloutMs: distribution(g.map((l) => l.metrics.rolloutMs)),
    minAvailability: distribution(g.map((l) => l.metrics.minAvailability)),
    unavailableMs: distribution(g.map((l) => l.metrics.unavailableMs)),
    peakPods: distribution(g.map((l) => l.metrics.peakPods)),
    writes: distribution(g.map((l) => Object.values(l.metrics.writes).reduce((s, n) => s + n, 0))),
  }));
}

const ms = (v: number): string => formatDuration(v);
const pct = (v: number): string => `${Math.round(v * 1000) / 10}%`;
const int = (v: number): string => String(v);

function cell(d: MetricDistribution, f: (v: number) => string): string {
  const s = (v: number | null): string => (v === null ? '-' : f(v));
  return `${s(d.p50)} [${s(d.p5)}, ${s(d.p95)}]`;
}

/** A parameter's column: the last key of its path, or the whole path when two would share it. */
export function columnNames(paths: readonly string[]): string[] {
  const last = paths.map((p) => p.replace(/^.*:/, '').split(/[.[]/).filter(Boolean).pop()?.replace(/\]$/, '') ?? p);
  return paths.map((p, i) => (last.filter((l) => l === last[i]).length > 1 ? p : (last[i] as string)));
}

/**
 * The summary table: a row per combination with its runs, violations, and each metric as
 * `median [p5, p95]` over its seeds.
 */
export function formatSummary(header: Pick<SweepHeader, 'params'>, lines: readonly SweepLine[]): string {
  const paths = header.params.map((p) => p.path);
  const rows = summarize(lines).map((s) => [
    ...paths.map((p) => String(s.params[p])),
    String(s.runs),
    String(s.violated),
    `${cell(s.rolloutMs, ms)}${s.unfinished > 0 ? ` (${s.unfinished} unfinished)` : ''}`,
    cell(s.minAvailability, pct),
    cell(s.unavailableMs, ms),
    cell(s.peakPods, int),
    cell(s.writes, int),
  ]);
  const headers = [
    ...columnNames(paths),
    'runs',
    'violated',
    'rollout',
    'min available',
    'unavailable for',
    'peak pods',
    'writes',
  ].map((h) => h.toUpperCase());
  return `${formatTable(headers, rows)}\nEach metric: median [p5, p95] over the seeds (nearest rank).\n`;
}
