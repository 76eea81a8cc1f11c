import type { Millis } from '@kubesim/core';
import type { Series } from './types.js';

/**
 * Builds a step series: a point only when a value changes, and at most one point per
 * instant (the last values written at that time win: the state after the instant's events).
 */
export class SeriesBuilder {
  readonly lines: string[] = [];
  readonly points: (number | null)[][] = [];

  /** The index of a line, added (null in every earlier point) the first time it is named. */
  line(name: string): number {
    const i = this.lines.indexOf(name);
    if (i >= 0) return i;
    this.lines.push(name);
    for (const p of this.points) p.push(null);
    return this.lines.length - 1;
  }

  /** Records the values at a time; unnamed lines keep their last value. */
  set(time: Millis, values: Readonly<Record<string, number | null>>): void {
    for (const name of Object.keys(values)) this.line(name);
    const last = this.points[this.points.length - 1];
    const next: (number | null)[] = [time, ...this.lines.map((_, i) => last?.[i + 1] ?? null)];
    for (const [name, v] of Object.entries(values)) next[this.lines.indexOf(name) + 1] = v;
    if (last !== undefined && next.every((v, i) => i === 0 || v === last[i])) return;
    if (last !== undefined && last[0] === time) this.points[this.points.length - 1] = next;
    else this.points.push(next);
  }

  series(): Series {
    return { lines: this.lines, points: this.points };
  }
}
