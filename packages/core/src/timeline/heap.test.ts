import { describe, expect, it } from 'vitest';
import { Timeline } from './heap.js';

describe('Timeline', () => {
  it('pops by time, then priority, then push order', () => {
    const t = new Timeline<string>();
    t.push(10, 1, 'late-low');
    t.push(5, 1, 'early-b');
    t.push(10, 0, 'late-high');
    t.push(5, 1, 'early-c');
    t.push(5, 0, 'early-a');
    const out: string[] = [];
    for (let e = t.pop(); e !== undefined; e = t.pop()) out.push(e.item);
    expect(out).toEqual(['early-a', 'early-b', 'early-c', 'late-high', 'late-low']);
  });

  it('gives each entry a unique, increasing sequence number', () => {
    const t = new Timeline<null>();
    const seqs = [t.push(3, 0, null), t.push(1, 0, null), t.push(2, 0, null)];
    expect(seqs).toEqual([0, 1, 2]);
    t.pop();
    expect(t.push(0, 0, null)).toBe(3);
  });

  it('is empty when new and after draining', () => {
    const t = new Timeline<number>();
    expect(t.size).toBe(0);
    expect(t.peek()).toBeUndefined();
    expect(t.pop()).toBeUndefined();
    t.push(1, 0, 1);
    expect(t.peek()?.item).toBe(1);
    expect(t.size).toBe(1);
    expect(t.pop()?.item).toBe(1);
    expect(t.size).toBe(0);
    expect(t.pop()).toBeUndefined();
  });
});
