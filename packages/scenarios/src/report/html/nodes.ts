import type { NodeSeries } from '../series/types.js';
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

/** Per node: what it offers, then one chart per measure with a line per node. */
export function nodesSection(nodes: readonly NodeSeries[], end: number, marks: readonly ChartMark[]): string {
  if (nodes.length === 0) return '<p class="none">No nodes in this run.</p>';
  const rows = nodes
    .map(
      (n) =>
        `<tr><td>${esc(n.name)}</td><td class="num">${esc(n.allocatable.pods)}</td><td class="num">${esc(n.allocatable.cpuMillis)}m</td><td class="num">${esc(bytes(n.allocatable.memoryBytes))}</td></tr>`,
    )
    .join('');
  const table = `<table class="small"><thead><tr><th>node</th><th>allocatable pods</th><th>cpu</th><th>memory</th></tr></thead><tbody>${rows}</tbody></table>`;
  const chart = (title: string, line: string, yFormat?: (v: number) => string): string =>
    // A flat line at 0 says nothing a sentence does not: no pod requests this resource.
    nodes.every((n) => n.points.every((p) => (p[n.lines.indexOf(line) + 1] ?? 0) === 0))
      ? `<p class="none">${esc(title)}: no pod requested any (their containers set no requests).</p>`
      : `<figure class="chart">${stepChart({
          title,
          series: mergeLines(nodes.map((n) => ({ name: n.name, series: n, line }))),
          lines: nodes.map((n) => n.name),
          end,
          marks,
          ...(yFormat !== undefined ? { yFormat } : {}),
        })}</figure>`;
  return [
    table,
    chart('Pods bound, per node', 'pods'),
    chart('CPU requested, per node (millicores)', 'cpu requested (m)', (v) => `${v}m`),
    chart('Memory requested, per node', 'memory requested (bytes)', bytes),
  ].join('\n');
}
