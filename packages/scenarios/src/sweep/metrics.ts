import { isEncoded, type Millis, readLog } from '@kubesim/core';
import type { RunSeries, WorkloadSeries } from '../report/series/types.js';

/**
 * What a user choosing rollout parameters compares across runs. Times are simulated
 * milliseconds; null where the run has nothing to measure (no Deployment, a rollout that never
 * completed).
 */
export interface RunMetrics {
  /**
   * The last rollout of each Deployment, from the user's write that started it (or the moment
   * it went incomplete) until complete (updated = ready-total = available = desired, as
   * `kubectl rollout status` waits for); the longest over the Deployments.
   */
  readonly rolloutMs: number | null;
  /** Every Deployment complete at the end of the run. */
  readonly rolledOut: boolean;
  /** The lowest available / desired, once a Deployment had first completed (0..1, 4 decimals). */
  readonly minAvailability: number | null;
  /** How long, in all, available stayed below desired after that first completion (summed over Deployments). */
  readonly unavailableMs: number;
  /** The most pods that existed at once (terminating ones included: they still hold their node). */
  readonly peakPods: number;
  /** API writes made by each controller (failed ones and Events included), by the log's actor name. */
  readonly writes: Readonly<Record<string, number>>;
}

/** The summary metrics' names, in the order tables and reports show them. */
export const METRICS = ['rolloutMs', 'minAvailability', 'unavailableMs', 'peakPods', 'writes'] as const;
export type MetricName = (typeof METRICS)[number];

const WRITES = new Set(['Apply', 'Create', 'Update', 'UpdateStatus', 'Patch', 'Scale', 'Delete', 'Bind', 'Evict', 'RecordEvent']);
const NOT_CONTROLLERS = new Set(['user', 'world', 'engine']);

/** Counts the writes in a run's log lines by controller (names sorted, for a stable line). */
export function writesByController(lines: Iterable<string>): Record<string, number> {
  const counts = new Map<string, number>();
  for (const e of readLog(lines, 'run')) {
    if (NOT_CONTROLLERS.has(e.by)) continue;
    // An encoded entry is always an object write (a diff against the object it changes).
    if (!isEncoded(e) && !WRITES.has(e.event.type)) continue;
    counts.set(e.by, (counts.get(e.by) ?? 0) + 1);
  }
  return Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

interface Point {
  readonly at: Millis;
  readonly desired: number;
  readonly total: number;
  readonly updated: number;
  readonly available: number;
}

function pointsOf(w: WorkloadSeries): Point[] {
  const col = (name: string): number => w.lines.indexOf(name) + 1;
  const [d, t, u, a] = [col('desired'), col('total'), col('updated'), col('available')];
  return w.points.map((p) => ({
    at: p[0] ?? 0,
    desired: p[d] ?? 0,
    total: p[t] ?? 0,
    updated: p[u] ?? 0,
    available: p[a] ?? 0,
  }));
}

/** DeploymentComplete (deployment/util): every replica updated and available, none extra. */
function complete(p: Point): boolean {
  return p.updated === p.desired && p.total === p.desired && p.available === p.desired;
}

interface DeploymentFacts {
  lastRollout: number | null;
  completeAtEnd: boolean;
  minAvailability: number | null;
  unavailableMs: number;
}

function deploymentFacts(w: WorkloadSeries, marks: readonly Millis[], end: Millis): DeploymentFacts {
  const points = pointsOf(w);
  let start: Millis | undefined = points[0]?.at;
  let lastComplete: Millis | undefined;
  let lastRollout: number | null = null;
  let wasComplete = false;
  let everComplete = false;
  let minAvailability: number | null = null;
  let unavailableMs = 0;
  points.forEach((p, i) => {
    const next = points[i + 1]?.at ?? end;
    const done = complete(p);
    if (!done && wasComplete) {
      // The rollout began with the last user or world write since it was complete (the
      // status shows it only once the controller has synced), else when the status changed.
      const since = marks.filter((m) => m <= p.at && m >= (lastComplete ?? 0));
      start = since.length > 0 ? (since[since.length - 1] as Millis) : p.at;
      // A rollout under way: the one before it no longer counts; until it completes, none has.
      lastRollout = null;
    }
    if (done && !wasComplete && start !== undefined) lastRollout = p.at - start;
    if (done) lastComplete = p.at;
    wasComplete = done;
    if (done) everComplete = true;
    if (everComplete && p.desired > 0) {
      const ratio = Math.round((p.available / p.desired) * 10000) / 10000;
      minAvailability = minAvailability === null ? ratio : Math.min(minAvailability, ratio);
      if (p.available < p.desired) unavailableMs += next - p.at;
    }
  });
  return { lastRollout, completeAtEnd: wasComplete, minAvailability, unavailableMs };
}

/** The most pods alive at one instant: a pod gone at t and one created at t are not counted together. */
export function peakPods(series: RunSeries): number {
  const edges: [Millis, number][] = [];
  for (const pod of series.pods) {
    const first = pod.spans[0];
    const last = pod.spans[pod.spans.length - 1];
    if (first === undefined || last === undefined) continue;
    edges.push([first.from, 1]);
    if (last.to !== undefined) edges.push([last.to, -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let alive = 0;
  let peak = 0;
  for (const [, d] of edges) {
    alive += d;
    peak = Math.max(peak, alive);
  }
  return peak;
}

/** The run's metrics from its series and its controllers' writes. */
export function runMetrics(series: RunSeries, writes: Record<string, number>): RunMetrics {
  const marks = series.marks.map((m) => m.at);
  const facts = series.workloads.filter((w) => w.kind === 'Deployment').map((w) => deploymentFacts(w, marks, series.end));
  const rollouts = facts.map((f) => f.lastRollout);
  const mins = facts.map((f) => f.minAvailability).filter((m): m is number => m !== null);
  return {
    rolloutMs: rollouts.length === 0 || rollouts.includes(null) ? null : Math.max(...(rollouts as number[])),
    rolledOut: facts.every((f) => f.completeAtEnd),
    minAvailability: mins.length === 0 ? null : Math.min(...mins),
    unavailableMs: facts.reduce((s, f) => s + f.unavailableMs, 0),
    peakPods: peakPods(series),
    writes,
  };
}
