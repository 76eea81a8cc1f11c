/**
 * kubectl's column layout: text/tabwriter with minwidth 0, padding 3 and blanks
 * (printers.GetNewTabWriter). Every column but the last is padded to its widest cell plus
 * three spaces; headers are upper case.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3)))
        .join('')
        .trimEnd(),
    )
    .join('\n');
}
