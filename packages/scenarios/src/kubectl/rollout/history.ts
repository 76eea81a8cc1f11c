import { DESCRIBE_TABWRITER, tabwrite } from '../../printers/tabwriter.js';

/**
 * What `kubectl rollout history` prints: the name printer's `<kind>/<name> ` (with its
 * trailing space, the operation being the history text), then the REVISION / CHANGE-CAUSE
 * table laid out by describe's tabwriter and a blank line; or `No rollout history found.`.
 */
export function historyTable(
  resource: string,
  rows: readonly { readonly revision: number; readonly changeCause: string | undefined }[],
): string {
  if (rows.length === 0) return `${resource} \nNo rollout history found.\n`;
  const text = ['REVISION\tCHANGE-CAUSE', ...rows.map((r) => `${r.revision}\t${r.changeCause || '<none>'}`)].join('\n');
  return `${resource} \n${tabwrite(`${text}\n`, DESCRIBE_TABWRITER)}\n`;
}
