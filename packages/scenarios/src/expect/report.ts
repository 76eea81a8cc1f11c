import { formatDuration } from '@kubesim/core';
import { esc } from '../report/html/escape.js';
import { describeResult } from './run.js';
import type { ExpectationResult } from './types.js';

/** The text report's section: one line per expect step (a failed one with what was there). */
export function formatExpectations(results: readonly ExpectationResult[] | undefined): string {
  if (results === undefined || results.length === 0) return '';
  const lines = results.map((r) => {
    const where = r.location === undefined ? '' : ` [${r.location}]`;
    return `  ${r.passed ? 'passed' : 'FAILED'}  ${describeResult(r).replace(/^expect /, '')}${r.passed ? '' : where}`.replace(
      /\n/g,
      '\n          ',
    );
  });
  return `Expectations:\n${lines.join('\n')}\n`;
}

/** The JSON of each result (what --json prints). */
export function expectationsJson(results: readonly ExpectationResult[]): ExpectationResult[] {
  return results.map((r) => ({ ...r }));
}

/** The HTML report's list of expect verdicts. */
export function expectationsHtml(results: readonly ExpectationResult[] | undefined): string {
  if (results === undefined || results.length === 0) return '';
  const items = results
    .map((r) => {
      const verdict = r.passed ? '<span class="ok">passed</span>' : '<span class="bad">failed</span>';
      const actual = r.passed ? '' : `<pre>${esc(r.actual)}</pre>`;
      return `<li data-time="${r.time}">${verdict} <b>${esc(r.expectation)}</b> <span class="muted">at ${esc(formatDuration(r.time))}${r.location === undefined ? '' : `, ${esc(r.location)}`}</span>${actual}</li>`;
    })
    .join('');
  return `<h3>Expectations</h3><ul class="expectations">${items}</ul>`;
}
