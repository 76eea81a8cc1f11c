import type { Violation } from '@kubesim/core';
import type { WorkloadSeries } from '../series/types.js';
import { type ChartMark, stepChart } from './chart.js';
import { esc, idOf } from './escape.js';

/** The lines each kind draws, in order; bounds dashed. */
function linesOf(w: WorkloadSeries): string[] {
  const want =
    w.kind === 'Job'
      ? ['desired', 'parallelism', 'active', 'ready', 'succeeded', 'failed']
      : ['desired', 'total', 'updated', 'ready', 'available', 'surge bound', 'unavailability bound'];
  // A line that never has a value (a Job without completions) is left out.
  return want.filter((l) => {
    const i = w.lines.indexOf(l);
    return i >= 0 && w.points.some((p) => p[i + 1] !== null);
  });
}

const DASHED = ['surge bound', 'unavailability bound', 'parallelism'];

/** Violations marked on a chart at most: past these the invariants section lists them. */
const MAX_VIOLATION_MARKS = 12;

/**
 * A red "!" where an invariant was violated about this workload (it names it among its
 * objects, as kind/name in any case), once per instant.
 */
function violationMarks(w: WorkloadSeries, violations: readonly Violation[]): ChartMark[] {
  const me = `${w.kind}/${w.name}`.toLowerCase();
  const times = [...new Set(violations.filter((v) => v.objects.some((o) => o.toLowerCase() === me)).map((v) => v.time))];
  return times
    .sort((a, b) => a - b)
    .slice(0, MAX_VIOLATION_MARKS)
    .map((at) => ({ at, label: '!', fault: true }));
}

function drawChart(w: WorkloadSeries, end: number, marks: readonly ChartMark[], width: number): string {
  const title = `${w.kind} ${w.namespace === 'default' ? '' : `${w.namespace}/`}${w.name}`;
  return `<figure class="chart" id="${esc(idOf('w', `${w.kind}/${w.namespace}/${w.name}`))}">${stepChart({
    title,
    series: w,
    lines: linesOf(w),
    dashed: DASHED,
    end,
    marks,
    width,
  })}</figure>`;
}

/**
 * A chart per workload: the top-level ones, each followed by the ones it owns (a Deployment's
 * ReplicaSets) folded under it; those of an owner not drawn (a CronJob's Jobs) in one open fold.
 */
export function workloadsSection(
  workloads: readonly WorkloadSeries[],
  end: number,
  steps: readonly ChartMark[],
  violations: readonly Violation[] = [],
): string {
  if (workloads.length === 0) return '<p class="none">No workloads in this run.</p>';
  const chartOf = (w: WorkloadSeries, width: number): string =>
    drawChart(w, end, [...steps, ...violationMarks(w, violations)], width);
  const drawn = new Set(workloads.map((w) => `${w.kind}/${w.name}`));
  const owned = new Map<string, WorkloadSeries[]>();
  const top: (WorkloadSeries | string)[] = [];
  for (const w of workloads) {
    if (w.owner === undefined) {
      top.push(w);
      continue;
    }
    // Owned by a kind drawn here (a Deployment's ReplicaSets), or by one that is not (a
    // CronJob's Jobs): either way folded under the owner's name.
    if (!drawn.has(w.owner) && !owned.has(w.owner)) top.push(w.owner);
    const list = owned.get(w.owner);
    if (list === undefined) owned.set(w.owner, [w]);
    else list.push(w);
  }
  const fold = (owner: string, open: boolean): string => {
    const children = owned.get(owner) ?? [];
    if (children.length === 0) return '';
    const names = children.map((c) => esc(`${c.kind} ${c.name}`)).join(', ');
    return `<details class="owned"${open ? ' open' : ''}><summary>${esc(children.length)} owned by ${esc(owner.replace('/', ' '))}: ${names}</summary>${children
      .map((c) => chartOf(c, 1140))
      .join('')}</details>`;
  };
  return top
    .map((w) => (typeof w === 'string' ? fold(w, true) : `${chartOf(w, 1180)}${fold(`${w.kind}/${w.name}`, false)}`))
    .join('\n');
}
