import type { Series } from '../series/types.js';

/**
 * One series from one line of several (a line per node): a point at every time any of them
 * changes, each line holding its last value in between.
 */
export function mergeLines(parts: readonly { readonly name: string; readonly series: Series; readonly line: string }[]): Series {
  const times = [...new Set(parts.flatMap((p) => p.series.points.map((pt) => pt[0] ?? 0)))].sort((a, b) => a - b);
  const cursors = parts.map(() => 0);
  const current: (number | null)[] = parts.map(() => null);
  const points = times.map((t) => {
    parts.forEach((p, k) => {
      const i = p.series.lines.indexOf(p.line);
      while ((cursors[k] ?? 0) < p.series.points.length && (p.series.points[cursors[k] ?? 0]?.[0] ?? 0) <= t) {
        current[k] = p.series.points[cursors[k] ?? 0]?.[i + 1] ?? null;
        cursors[k] = (cursors[k] ?? 0) + 1;
      }
    });
    return [t, ...current];
  });
  return { lines: parts.map((p) => p.name), points };
}
