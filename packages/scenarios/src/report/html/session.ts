import { formatDuration } from '@kubesim/core';
import type { RunReport } from '../../run/runner.js';
import { formatTimeline } from '../../run/timeline.js';
import type { Mark } from '../series/types.js';
import type { ChartMark } from './chart.js';
import { esc } from './escape.js';

/** A numbered moment: what the charts' dotted lines stand for. */
export interface Moment extends ChartMark {
  readonly text: string;
}

/**
 * The moments the charts mark: the scenario's steps when the report comes from a run (a
 * kubectl command, a fault), else the log's user writes and faults, one mark per instant.
 */
export function moments(run: RunReport | undefined, marks: readonly Mark[]): Moment[] {
  const raw =
    run !== undefined
      ? run.steps.map((s) => ({ at: s.at, text: s.step, fault: !s.step.startsWith('kubectl ') }))
      : marks.map((m) => ({ at: m.at, text: m.text, fault: m.by === 'world' }));
  const out: Moment[] = [];
  for (const m of raw) {
    const same = out[out.length - 1];
    if (same !== undefined && same.at === m.at && same.fault === m.fault) {
      out[out.length - 1] = { ...same, text: `${same.text}; ${m.text}` };
    } else out.push({ ...m, label: String(out.length + 1) });
  }
  return out;
}

export function momentsList(ms: readonly Moment[]): string {
  if (ms.length === 0) return '';
  const items = ms
    .map(
      (m) =>
        `<li${m.fault ? ' class="fault"' : ''}><b>${esc(m.label)}</b> <span class="muted">${esc(formatDuration(m.at))}</span> <code>${esc(m.text)}</code></li>`,
    )
    .join('');
  return `<ol class="moments">${items}</ol>`;
}

/** The kubectl session as the text report prints it: commands, their output, pod rows, faults. */
export function sessionSection(run: RunReport | undefined): string {
  if (run === undefined) {
    return '<p class="none">The kubectl session is not in the event log (the log holds what was written, not what kubectl printed): <code>kubesim run FILE --report</code> shows it.</p>';
  }
  return `<pre class="session">${esc(formatTimeline(run.timeline))}</pre>`;
}
