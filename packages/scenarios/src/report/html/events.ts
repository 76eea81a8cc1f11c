import { formatDuration } from '@kubesim/core';
import type { EventRow } from '../series/types.js';
import { esc } from './escape.js';

/**
 * The Kubernetes Events of the run, as `kubectl events` lists them (LAST SEEN, TYPE, REASON,
 * OBJECT, MESSAGE), with filters by type, reason and object that the page's script applies.
 */
export function eventsSection(events: readonly EventRow[]): string {
  if (events.length === 0) return '<p class="none">No Events were recorded.</p>';
  const reasons = [...new Set(events.map((e) => e.reason))].sort();
  const rows = [...events]
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.last - b.e.last || a.i - b.i)
    .map(
      ({ e }, k) =>
        `<tr id="ev-${k}" data-type="${esc(e.type)}" data-reason="${esc(e.reason)}" data-object="${esc(e.object.toLowerCase())}" data-time="${e.last}"><td class="num">${esc(formatDuration(e.last))}</td><td class="${e.type === 'Warning' ? 'warn' : ''}">${esc(e.type)}</td><td>${esc(e.reason)}</td><td>${esc(e.object)}</td><td class="num">${esc(e.count)}</td><td>${esc(e.message)}</td></tr>`,
    )
    .join('');
  const reasonOptions = reasons.map((r) => `<option value="${esc(r)}">${esc(r)}</option>`).join('');
  return `<div class="filters"><label>Type <select id="f-type"><option value="">all</option><option>Normal</option><option>Warning</option></select></label> <label>Reason <select id="f-reason"><option value="">all</option>${reasonOptions}</select></label> <label>Object <input id="f-object" type="search" placeholder="kind/name, or part of it"></label> <span id="f-count" class="muted"></span></div><table id="events" class="events"><thead><tr><th>last seen</th><th>type</th><th>reason</th><th>object</th><th>count</th><th>message</th></tr></thead><tbody>${rows}</tbody></table>`;
}
