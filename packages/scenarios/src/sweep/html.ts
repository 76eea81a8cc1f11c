import * as echarts from 'echarts';
import { esc } from '../report/html/escape.js';
import { STYLE } from '../report/html/style.js';
import type { SweepHeader, SweepLine } from './line.js';
import { type CombinationSummary, columnNames, type MetricDistribution, percentile, summarize } from './summary.js';

interface MetricView {
  readonly key: 'rolloutMs' | 'minAvailability' | 'unavailableMs' | 'peakPods' | 'writes';
  readonly title: string;
  readonly unit: string;
  /** From the line's value to the value drawn (ms to s, a fraction to %). */
  readonly scale: (v: number) => number;
}

const VIEWS: readonly MetricView[] = [
  { key: 'rolloutMs', title: 'Rollout duration (last rollout, to complete)', unit: 's', scale: (v) => v / 1000 },
  { key: 'minAvailability', title: 'Minimum availability (available / desired)', unit: '%', scale: (v) => v * 100 },
  { key: 'unavailableMs', title: 'Time below full availability', unit: 's', scale: (v) => v / 1000 },
  { key: 'peakPods', title: 'Peak pods at once', unit: 'pods', scale: (v) => v },
  { key: 'writes', title: 'API writes by controllers', unit: 'writes', scale: (v) => v },
];

/** A combination on the x axis: its values in parameter order (the table above names them), each cut to 16 characters. */
function label(s: CombinationSummary): string {
  const values = Object.values(s.params).map((v) => {
    const t = String(v);
    return t.length > 16 ? `${t.slice(0, 15)}…` : t;
  });
  return values.length === 0 ? 'the scenario' : values.join(' / ');
}

const round = (v: number): number => Math.round(v * 1000) / 1000;

/**
 * One metric over the combinations: a box per combination (min, p25, median, p75, max of its
 * seeds), drawn on the server by ECharts' SVG renderer like the run report's charts.
 */
function boxChart(view: MetricView, summaries: readonly CombinationSummary[], names: readonly string[]): string {
  const boxes = summaries.map((s) => {
    const values = (s[view.key] as MetricDistribution).values.filter((v): v is number => v !== null).map(view.scale);
    if (values.length === 0) return [];
    const q = (p: number): number => round(percentile(values, p) as number);
    return [round(Math.min(...values)), q(25), q(50), q(75), round(Math.max(...values))];
  });
  const width = Math.max(640, Math.min(1180, 120 + summaries.length * 90));
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height: 300 });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: 'system-ui, sans-serif' },
    title: {
      text: `${view.title} (${view.unit})`,
      subtext: names.length === 0 ? '' : `x: ${names.join(' / ')}`,
      left: 8,
      top: 6,
      textStyle: { fontSize: 13, fontWeight: 'bold' },
      subtextStyle: { fontSize: 10 },
    },
    grid: { left: 64, right: 28, top: 52, bottom: 70 },
    xAxis: {
      type: 'category',
      data: summaries.map(label),
      axisLabel: { fontSize: 10, interval: 0, rotate: summaries.length > 6 ? 30 : 0 },
    },
    yAxis: { type: 'value', scale: true, axisLabel: { fontSize: 10 } },
    series: [{ type: 'boxplot', data: boxes, itemStyle: { color: '#e3f2fd', borderColor: '#1f77b4' } }],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return `<figure class="chart" data-metric="${esc(view.key)}" data-boxes="${boxes.filter((b) => b.length > 0).length}">${svg}</figure>`;
}

function cell(d: MetricDistribution, view: MetricView): string {
  const f = (v: number | null): string => (v === null ? '-' : String(round(view.scale(v))));
  return `<td class="num">${esc(f(d.p50))} [${esc(f(d.p5))}, ${esc(f(d.p95))}]</td>`;
}

function table(header: Pick<SweepHeader, 'params'>, summaries: readonly CombinationSummary[]): string {
  const paths = header.params.map((p) => p.path);
  const names = columnNames(paths);
  const head = [
    ...paths.map((p, i) => `<th title="${esc(p)}">${esc(names[i] as string)}</th>`),
    ...['runs', 'violated', ...VIEWS.map((v) => `${v.key} (${v.unit})`)].map((h) => `<th>${esc(h)}</th>`),
  ].join('');
  const rows = summaries.map(
    (s) =>
      `<tr>${paths.map((p) => `<td>${esc(String(s.params[p]))}</td>`).join('')}<td class="num">${s.runs}</td><td class="num${s.violated > 0 ? ' warn' : ''}">${s.violated}</td>${VIEWS.map((v) => cell(s[v.key] as MetricDistribution, v)).join('')}</tr>`,
  );
  return `<table class="sweep"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * `kubesim sweep --report`: the distributions of each metric per combination, one
 * self-contained page with the run report's style sheet and Content-Security-Policy: it
 * fetches nothing, runs no script, and prints.
 */
export function sweepHtml(header: SweepHeader, lines: readonly SweepLine[]): string {
  const summaries = summarize([...lines].sort((a, b) => a.index - b.index));
  const failed = lines.filter((l) => !l.ok);
  const violations =
    failed.length === 0
      ? '<p class="ok">Every invariant held in every run.</p>'
      : `<ul class="note">${failed
          .slice(0, 50)
          .map(
            (l) =>
              `<li><code>${esc(l.run)}</code> seed <code>${esc(l.seed)}</code>: ${esc(
                Object.entries(l.invariants)
                  .filter(([, n]) => n > 0)
                  .map(([k, n]) => `${k} (${n})`)
                  .join(', ') || `stopped by ${l.stoppedBy}`,
              )}</li>`,
          )
          .join('')}${failed.length > 50 ? `<li>and ${failed.length - 50} more</li>` : ''}</ul>`;
  const title = `sweep of ${header.scenario}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>kubesim: ${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>kubesim ${esc(title)}</h1><div class="facts"><span>${esc(lines.length)} runs: ${esc(summaries.length)} combinations × ${esc(header.seeds)} seeds</span><span>seeds <code>${esc(header.seed)}-0</code> … <code>${esc(header.seed)}-${esc(header.seeds - 1)}</code></span><span>sweep <code>${esc(header.fingerprint.slice(0, 12))}</code></span></div></header>
<main>
<section class="part" id="summary"><h2>Per combination: median [p5, p95] over the seeds</h2>${table(header, summaries)}</section>
<section class="part" id="distributions"><h2>Distributions (box: p25 to p75, line: median, whiskers: min and max)</h2>${VIEWS.map((v) => boxChart(v, summaries, columnNames(header.params.map((p) => p.path)))).join('\n')}</section>
<section class="part" id="violations"><h2>Runs with a violation (${esc(failed.length)})</h2>${violations}</section>
</main>
</body>
</html>
`;
}
