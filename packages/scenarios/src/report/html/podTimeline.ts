import { formatDuration, type Millis } from '@kubesim/core';
import type { PodCategory, PodTrack } from '../series/types.js';
import { type ChartMark, tickInterval } from './chart.js';
import { esc } from './escape.js';

/** Rows drawn at most: past this the page would be slow to open; the JSON has every pod. */
export const MAX_POD_ROWS = 3000;

export const CATEGORIES: readonly { readonly category: PodCategory; readonly label: string }[] = [
  { category: 'pending', label: 'Pending' },
  { category: 'creating', label: 'ContainerCreating' },
  { category: 'running', label: 'Running, not ready' },
  { category: 'ready', label: 'Ready' },
  { category: 'terminating', label: 'Terminating' },
  { category: 'completed', label: 'Completed' },
  { category: 'failed', label: 'Failed (ErrImagePull, CrashLoopBackOff, Error, ...)' },
];

/** Bars are drawn in a 1000-wide box stretched to the row: zooming widens the row, not the box. */
const W = 1000;

function x(t: Millis, end: Millis): string {
  return ((t / Math.max(end, 1)) * W).toFixed(2);
}

function row(p: PodTrack, end: Millis): string {
  const rects = p.spans
    .map((s) => {
      const to = s.to ?? end;
      const w = Math.max(((to - s.from) / Math.max(end, 1)) * W, 0.6).toFixed(2);
      const tip = `${p.name}: ${s.status} from ${formatDuration(s.from)} to ${s.to === undefined ? 'the end' : formatDuration(to)}`;
      return `<rect class="c-${s.category}" x="${x(s.from, end)}" y="0" width="${w}" height="10"><title>${esc(tip)}</title></rect>`;
    })
    .join('');
  const node = p.node === undefined ? '' : ` on ${p.node}`;
  return `<div class="pt-row" data-pod="${esc(p.name)}"><span class="pt-name" title="${esc(`${p.namespace}/${p.name}${node}`)}">${esc(p.name)}</span><svg class="pt-bar" viewBox="0 0 ${W} 10" preserveAspectRatio="none" role="img" aria-label="${esc(p.name)}">${rects}</svg></div>`;
}

/** Tick labels every "nice" interval, placed by percent so that they follow the zoom. */
function axis(end: Millis, marks: readonly ChartMark[]): string {
  const step = tickInterval(end / 1000) * 1000;
  const ticks: string[] = [];
  for (let t = 0; t <= end; t += step) {
    const last = t + step > end && t > 0 ? ' last' : '';
    ticks.push(
      `<span class="pt-tick${last}" style="left:${((t / Math.max(end, 1)) * 100).toFixed(3)}%">${esc(formatDuration(t))}</span>`,
    );
  }
  // Marks closer than a label's width (on a ~950px row) alternate between two heights.
  let level = 0;
  const markTicks = marks.map((m, i) => {
    const prev = marks[i - 1];
    level = prev !== undefined && ((m.at - prev.at) / Math.max(end, 1)) * 950 < 14 ? 1 - level : 0;
    return `<span class="pt-mark${m.fault ? ' fault' : ''}${level === 1 ? ' low' : ''}" style="left:${((m.at / Math.max(end, 1)) * 100).toFixed(3)}%">${esc(m.label)}</span>`;
  });
  return `<div class="pt-axis"><span class="pt-name"></span><div class="pt-scale">${ticks.join('')}${markTicks.join('')}</div></div>`;
}

/**
 * One row per pod, grouped by owner, each a bar coloured by what its STATUS column showed.
 * Rows are plain HTML with a small stretched SVG each (no canvas), so thousands stay light;
 * the zoom buttons widen the rows and the box scrolls sideways.
 */
export function podTimeline(pods: readonly PodTrack[], end: Millis, marks: readonly ChartMark[]): string {
  if (pods.length === 0) return '<p class="none">No pods in this run.</p>';
  const shown = pods.slice(0, MAX_POD_ROWS);
  const groups = new Map<string, PodTrack[]>();
  for (const p of shown) {
    const owner = p.owner ?? '(no owner)';
    const g = groups.get(owner);
    if (g === undefined) groups.set(owner, [p]);
    else g.push(p);
  }
  const legend = CATEGORIES.map((c) => `<span class="key"><i class="c-${c.category}"></i>${esc(c.label)}</span>`).join('');
  const body = [...groups.entries()]
    .map(
      ([owner, ps]) =>
        `<div class="pt-group"><div class="pt-gname">${esc(owner)} <span class="muted">(${ps.length} pod${ps.length === 1 ? '' : 's'})</span></div>${ps.map((p) => row(p, end)).join('')}</div>`,
    )
    .join('');
  const note =
    pods.length > shown.length
      ? `<p class="note">Showing the first ${shown.length} of ${pods.length} pods (in creation order); <code>--json</code> has every pod's series.</p>`
      : '';
  return `<div class="legend">${legend}</div>${note}<div class="zoom">Zoom: <button type="button" data-zoom="out">−</button><button type="button" data-zoom="reset">1×</button><button type="button" data-zoom="in">+</button> <span class="zoom-level">1×</span></div><div class="pt" id="pod-timeline"><div class="pt-inner">${axis(end, marks)}${body}</div></div>`;
}
