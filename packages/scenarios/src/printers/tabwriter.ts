/**
 * Go's text/tabwriter, the algorithm both `kubectl get` and `kubectl describe` lay out their
 * text with: a cell is text ending in a tab; column k is aligned over each run of consecutive
 * lines that have a cell at k, as wide as its longest cell plus the padding (at least the
 * minimum width); text after a line's last tab is not a cell and is written as it is.
 */
export interface TabwriterOptions {
  readonly minwidth: number;
  readonly padding: number;
}

/** `kubectl get` (cli-runtime printers.GetNewTabWriter): minwidth 6, padding 3. */
export const GET_TABWRITER: TabwriterOptions = { minwidth: 6, padding: 3 };
/** `kubectl describe` (tabbedString) and `rollout history`: minwidth 0, padding 2. */
export const DESCRIBE_TABWRITER: TabwriterOptions = { minwidth: 0, padding: 2 };

/** Display width: code points (Go counts runes); enough for the text kubesim prints. */
function width(s: string): number {
  return [...s].length;
}

/** Aligns tab-separated columns as Go's text/tabwriter does with kubectl's settings. */
export function tabwrite(text: string, opts: TabwriterOptions): string {
  const endsWithNewline = text.endsWith('\n');
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n').map((l) => l.split('\t'));
  const widths: number[] = [];
  const out: string[] = [];

  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const cells = lines[i] as string[];
      let s = '';
      for (let j = 0; j < cells.length; j++) {
        const c = cells[j] as string;
        // Every cell but the last is tab-terminated: pad it to its column's width.
        s += j < cells.length - 1 ? c + ' '.repeat(Math.max(0, (widths[j] ?? 0) - width(c))) : c;
      }
      out.push(s);
    }
  };

  const format = (line0In: number, line1: number): void => {
    let line0 = line0In;
    const column = widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= (lines[i] as string[]).length - 1) continue;
      // A block of consecutive lines with a cell in this column starts here.
      writeLines(line0, i);
      line0 = i;
      let w = opts.minwidth;
      let j = i;
      for (; j < line1; j++) {
        const cells = lines[j] as string[];
        if (column >= cells.length - 1) break;
        w = Math.max(w, width(cells[column] as string) + opts.padding);
      }
      widths.push(w);
      format(line0, j);
      widths.pop();
      line0 = j;
      i = j - 1;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}
