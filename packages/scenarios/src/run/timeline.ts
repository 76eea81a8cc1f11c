import { formatDuration, type Millis } from '@kubesim/core';
import { POD_COLUMNS } from '../printers/pods.js';

/**
 * What `kubesim run` prints as the run goes: the `kubectl get pods -w` rows of the pods as
 * they change, the commands of the steps with what kubectl prints for them, the faults, and
 * the invariant violations, each line with the simulated time it happened at.
 */
export type TimelineLine =
  | { readonly time: Millis; readonly kind: 'pod'; readonly cells: readonly string[] }
  | {
      readonly time: Millis;
      readonly kind: 'command' | 'stdout' | 'stderr' | 'fault' | 'violation' | 'note';
      readonly text: string;
    };

const PAD = 3;

/**
 * Lays the timeline out: a TIME column, then the pod rows aligned as one `get pods -w`
 * table (as wide as their widest cell over the whole run), and every other line as it is.
 */
export function formatTimeline(lines: readonly TimelineLine[]): string {
  const times = lines.map((l) => formatDuration(l.time));
  const timeWidth = Math.max('TIME'.length, ...times.map((t) => t.length)) + PAD;
  const widths = POD_COLUMNS.map((h) => Math.max(6, h.length + PAD));
  for (const l of lines) {
    if (l.kind !== 'pod') continue;
    l.cells.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, c.length + PAD);
    });
  }
  const row = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('');
  const out = [`${'TIME'.padEnd(timeWidth)}${row(POD_COLUMNS)}`];
  lines.forEach((l, i) => {
    const time = (times[i] as string).padEnd(timeWidth);
    if (l.kind === 'pod') out.push(`${time}${row(l.cells)}`);
    else {
      const prefix =
        l.kind === 'command' ? '$ ' : l.kind === 'fault' ? '! ' : l.kind === 'violation' ? '✗ ' : l.kind === 'note' ? '# ' : '';
      for (const text of l.text.replace(/\n$/, '').split('\n'))
        out.push(text === '' ? time.trimEnd() : `${time}${prefix}${text}`);
    }
  });
  return `${out.join('\n')}\n`;
}
