import { formatDuration } from '@kubesim/core';
import { expectationsHtml } from '../../expect/report.js';
import type { RunReport } from '../../run/runner.js';
import type { RunSeries } from '../series/types.js';
import { esc } from './escape.js';
import { eventsSection } from './events.js';
import { hpaSection } from './hpa.js';
import { invariantsSection } from './invariants.js';
import { nodesSection } from './nodes.js';
import { podTimeline } from './podTimeline.js';
import { SCRIPT } from './script.js';
import { moments, momentsList, sessionSection } from './session.js';
import { STYLE } from './style.js';
import { workloadsSection } from './workloads.js';

/** What the HTML report is made of: a title, the run's series, its kubectl session, events and verdicts. */
export interface HtmlReportInput {
  /** What the report is of: the scenario's name, or the log file replayed. */
  readonly title: string;
  readonly series: RunSeries;
  /** The run, when the report comes from `kubesim run` (its session and verdicts). */
  readonly run?: RunReport;
  /** Facts of a replay: entries folded and the state hash. */
  readonly replay?: { readonly events: number; readonly stateHash: string; readonly seed: string };
}

function part(id: string, title: string, body: string): string {
  return `<section class="part" id="${id}"><h2>${esc(title)}</h2>${body}</section>`;
}

function facts(input: HtmlReportInput): string {
  const r = input.run;
  const items: string[] = [];
  if (r !== undefined) {
    const failed = r.invariants.filter((i) => !i.holds).length;
    items.push(
      `<span>seed <code>${esc(r.seed)}</code></span>`,
      `<span>${esc(r.events)} events, ${esc(formatDuration(r.simulatedMs))} simulated</span>`,
      `<span>invariants: ${r.invariants.length === 0 ? 'none' : failed === 0 ? '<span class="ok">all hold</span>' : `<span class="bad">${failed} violated</span>`}</span>`,
      `<span>log sha256 <code>${esc(r.logHash)}</code></span>`,
      `<span>state <code>${esc(r.stateHash)}</code></span>`,
    );
    if (r.message !== undefined) items.push(`<span class="bad">stopped early: ${esc(r.message)}</span>`);
  } else if (input.replay !== undefined) {
    items.push(
      `<span>replayed from the event log</span>`,
      `<span>seed <code>${esc(input.replay.seed)}</code></span>`,
      `<span>${esc(input.replay.events)} events, ${esc(formatDuration(input.series.end))} simulated</span>`,
      `<span>state <code>${esc(input.replay.stateHash)}</code></span>`,
    );
  }
  return `<div class="facts">${items.join('')}</div>`;
}

/**
 * The HTML report: one self-contained file (inline style, server-drawn SVG, one small
 * inline script for filters and zoom) that fetches nothing, so it works offline and prints.
 */
export function htmlReport(input: HtmlReportInput): string {
  const s = input.series;
  const ms = moments(input.run, s.marks);
  const warnings =
    input.run !== undefined && input.run.warnings.length > 0
      ? `<ul class="note">${input.run.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`
      : '';
  const violations = input.run?.invariants.flatMap((i) => i.violations) ?? [];
  const bang =
    violations.length > 0
      ? '<p class="muted">A red <b>!</b> on a chart marks where an invariant was violated about that workload (see <a href="#invariants">Invariants</a>).</p>'
      : '';
  const sections = [
    part(
      'workloads',
      'Workloads: desired, updated, ready and available replicas',
      `${momentsList(ms)}${bang}${workloadsSection(s.workloads, s.end, ms, violations)}`,
    ),
    part('pods', `Pods (${s.pods.length})`, podTimeline(s.pods, s.end, ms)),
    part('nodes', 'Nodes: pods and requested CPU and memory', nodesSection(s.nodes, s.end, ms)),
    ...(s.hpas.length > 0 ? [part('hpa', 'Horizontal pod autoscalers', hpaSection(s.hpas, s.end, ms))] : []),
    part('session', 'kubectl session', sessionSection(input.run)),
    part('events-part', `Events (${s.events.length})`, eventsSection(s.events)),
    part('invariants', 'Invariants', `${invariantsSection(input.run?.invariants)}${expectationsHtml(input.run?.expectations)}`),
  ];
  const nav = [
    ['workloads', 'Workloads'],
    ['pods', 'Pods'],
    ['nodes', 'Nodes'],
    ...(s.hpas.length > 0 ? [['hpa', 'HPA']] : []),
    ['session', 'Session'],
    ['events-part', 'Events'],
    ['invariants', 'Invariants'],
  ]
    .map(([id, label]) => `<a href="#${id}">${label}</a>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>kubesim: ${esc(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>kubesim report: ${esc(input.title)}</h1>${facts(input)}${warnings}</header>
<nav>${nav}</nav>
<main>
${sections.join('\n')}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
