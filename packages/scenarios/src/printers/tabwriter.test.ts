import { describe, expect, it } from 'vitest';
import { formatTable } from './table.js';
import { DESCRIBE_TABWRITER, tabwrite } from './tabwriter.js';

describe("Go's text/tabwriter", () => {
  it('aligns a column over each run of consecutive lines that have a cell there', () => {
    const text = 'Name:\tnginx\nReplicas:\t3\nPod Template:\n  Labels:\tapp=nginx\n';
    expect(tabwrite(text, DESCRIBE_TABWRITER)).toBe('Name:      nginx\nReplicas:  3\nPod Template:\n  Labels:  app=nginx\n');
  });

  it('aligns a second column only where lines have a cell in it', () => {
    const text = 'a\tbb\tc\naaa\tb\nx\n';
    expect(tabwrite(text, { minwidth: 0, padding: 1 })).toBe('a   bb c\naaa b\nx\n');
  });

  it('lays out kubectl get tables: each column at least 6 wide, padded by 3', () => {
    expect(formatTable(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'], [['nginx', '3/3', '3', '3', '10s']])).toBe(
      'NAME    READY   UP-TO-DATE   AVAILABLE   AGE\nnginx   3/3     3            3           10s',
    );
    expect(formatTable(['A', 'B'], [['x', 'y']])).toBe('A     B\nx     y');
  });
});
