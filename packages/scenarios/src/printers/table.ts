import { GET_TABWRITER, tabwrite } from './tabwriter.js';

/**
 * kubectl's table layout (`kubectl get`): upper-case headers, cells joined by tabs, laid out
 * by the tabwriter with minimum width 6 and padding 3; the last column is never padded.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const text = [headers, ...rows].map((r) => r.join('\t')).join('\n');
  // No trimming: when a row's last cell is empty, the padding of the cell before it stays, as
  // kubectl prints it.
  return tabwrite(text, GET_TABWRITER);
}
