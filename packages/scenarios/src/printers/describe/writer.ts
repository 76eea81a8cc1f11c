import { DESCRIBE_TABWRITER, tabwrite } from '../tabwriter.js';

/**
 * kubectl describe's PrefixWriter over its tabwriter (describe.go tabbedString): each write
 * is indented by two spaces per level — only at the start of the written text, as upstream
 * does, so a write that continues a line adds no indent of its own when given level 0 —
 * and the whole text is laid out by Go's tabwriter at the end.
 */
export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;

export class PrefixWriter {
  private text = '';

  write(level: number, text: string): void {
    this.text += '  '.repeat(level) + text;
  }

  /** WriteLine: fmt.Sprintln, the text and a newline, without indent. */
  writeLine(text = ''): void {
    this.text += `${text}\n`;
  }

  /** The text as written, tabs and all (what a PrefixWriter over a plain buffer gives: rollout history --revision). */
  raw(): string {
    return this.text;
  }

  /** The laid-out text (tabbedString's result). */
  render(): string {
    return tabwrite(this.text, DESCRIBE_TABWRITER);
  }
}

/** Runs a describer body against a fresh writer and returns the laid-out text. */
export function tabbedString(body: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter();
  body(w);
  return w.render();
}
