import { formatDuration } from '@kubesim/core';
import type { InvariantReport } from '../../run/runner.js';
import { esc } from './escape.js';

/**
 * The verdict of each invariant; each violation with the log entry it was found at and the
 * objects involved, each object a link that filters the events table to it.
 */
export function invariantsSection(invariants: readonly InvariantReport[] | undefined): string {
  if (invariants === undefined) {
    return '<p class="none">The scenario\'s invariants are not in the event log: <code>kubesim run FILE --report</code> checks them.</p>';
  }
  if (invariants.length === 0) return '<p class="none">The scenario checks no invariants.</p>';
  return invariants
    .map((inv) => {
      const verdict = inv.holds ? '<span class="ok">holds</span>' : `<span class="bad">violated ${inv.violations.length}×</span>`;
      const list = inv.violations
        .slice(0, 200)
        .map((v) => {
          const objects = v.objects
            .map((o) => `<a href="#events" class="obj" data-object="${esc(o.toLowerCase())}">${esc(o)}</a>`)
            .join(' ');
          return `<li class="violation" data-time="${v.time}"><span class="muted">${esc(formatDuration(v.time))}</span> at log entry <a href="#events" class="at" data-time="${v.time}">#${esc(v.seq)}</a> (${esc(v.event)}): ${esc(v.message)}${objects === '' ? '' : `<div class="objs">objects: ${objects}</div>`}</li>`;
        })
        .join('');
      const more = inv.violations.length > 200 ? `<li class="muted">… ${inv.violations.length - 200} more in --json</li>` : '';
      const notes = (inv.notes ?? []).map((n) => `<div class="muted">${esc(n)}</div>`).join('');
      return `<div class="invariant ${inv.holds ? 'holds' : 'violated'}"><div><b>${esc(inv.name)}</b> ${verdict}</div><div class="muted">${esc(inv.description)}</div>${notes}${list === '' ? '' : `<ul>${list}${more}</ul>`}</div>`;
    })
    .join('\n');
}
