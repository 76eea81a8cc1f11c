import type { NodeSeries, Series } from '../series/types.js';
import { type ChartMark, stepChart } from './chart.js';
import { esc } from './escape.js';
import { mergeLines } from './merge.js';

/** Bytes in the binary units `kubectl describe node` uses. */
export function bytes(v: number): string {
  const units = ['', 'Ki', 'Mi', 'Gi', 'Ti'];
  let u = 0;
  let x = v;
  while (Math.abs(x) >= 1024 && u < units.length - 1) {
    x /= 1024;
    u++;
  }
  return `${Number.isInteger(x) ? x : x.toFixed(1)}${units[u]}`;
}

/** Past this many nodes a line per node is a tangle: the charts draw the spread across nodes. */
export const MAX_NODE_LINES = 10;

/** Node names in their natural order: node-2 before node-10. */
function natural(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** At each time, the largest, median and smallest value of a line across the nodes. */
function spread(nodes: readonly NodeSeries[], line: string): Series {
  const merged = mergeLines(nodes.map((n) => ({ name: n.name, series: n, line })));
  const points = merged.points.map((p) => {
    const values = p
      .slice(1)
      .filter((v): v is number => v !== null)
      .sort((a, b) => a - b);
    const median = values.length === 0 ? null : (values[Math.floor((values.length - 1) / 2)] ?? null);
    return [p[0] ?? 0, values[values.length - 1] ?? null, median, values[0] ?? null];
  });
  return { lines: ['max', 'median', 'min'], points };
}

/**
 * Per node: what it offers, then one chart per measure: a line per node, or past
 * MAX_NODE_LINES nodes the largest, median and smallest across them.
 */
export function nodesSection(unsorted: readonly NodeSeries[], end: number, marks: readonly ChartMark[]): string {
  if (unsorted.length === 0) return '<p class="none">No nodes in this run.</p>';
  const nodes = [...unsorted].sort((a, b) => natural(a.name, b.name));
  const many = nodes.length > MAX_NODE_LINES;
  const rows = nodes
    .map(
      (n) =>
        `<tr><td>${esc(n.name)}</td><td class="num">${esc(n.allocatable.pods)}</td><td class="num">${esc(n.allocatable.cpuMillis)}m</td><td class="num">${esc(bytes(n.allocatable.memoryBytes))}</td></tr>`,
    )
    .join('');
  const table = `${many ? `<details><summary>${nodes.length} nodes</summary>` : ''}<table class="small"><thead><tr><th>node</th><th>allocatable pods</th><th>cpu</th><th>memory</th></tr></thead><tbody>${rows}</tbody></table>${many ? '</details>' : ''}`;
  const chart = (title: string, line: string, yFormat?: (v: number) => string, scale?: number): string =>
    // A flat line at 0 says nothing a sentence does not: no pod requests this resource.
    nodes.every((n) => n.points.every((p) => (p[n.lines.indexOf(line) + 1] ?? 0) === 0))
      ? `<p class="none">${esc(title)}: no pod requested any (their containers set no requests).</p>`
      : `<figure class="chart">${stepChart({
          title: many ? `${title}: largest, median and smallest of ${nodes.length} nodes` : title,
          series: many ? spread(nodes, line) : mergeLines(nodes.map((n) => ({ name: n.name, series: n, line }))),
          lines: many ? ['max', 'median', 'min'] : nodes.map((n) => n.name),
          end,
          marks,
          ...(yFormat !== undefined ? { yFormat } : {}),
          ...(scale !== undefined ? { scale } : {}),
        })}</figure>`;
  return [
    table,
    chart('Pods bound, per node', 'pods'),
    chart('CPU requested, per node (millicores)', 'cpu requested (m)', (v) => `${v}m`),
    chart('Memory requested, per node', 'memory requested (bytes)', (v) => `${v}Mi`, 1024 * 1024),
  ].join('\n');
}
