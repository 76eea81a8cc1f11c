/**
 * The timeline: a binary min-heap with a total order on (time, priority, sequence). Two
 * entries never compare equal (the sequence number is unique), so equal-time events always
 * come out in the same order, run after run. Hand-written on purpose: it must be a total
 * order, cheap to checkpoint (it is a plain array), and allocation-free on the hot path.
 */
export interface TimelineEntry<T> {
  readonly time: number;
  readonly priority: number;
  readonly seq: number;
  readonly item: T;
}

function before<T>(a: TimelineEntry<T>, b: TimelineEntry<T>): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}

export class Timeline<T> {
  private readonly heap: TimelineEntry<T>[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Schedules an item; returns its entry (with the sequence number it was given). */
  push(time: number, priority: number, item: T): TimelineEntry<T> {
    const entry: TimelineEntry<T> = { time, priority, seq: this.nextSeq++, item };
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as TimelineEntry<T>;
      if (!before(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
    return entry;
  }

  peek(): TimelineEntry<T> | undefined {
    return this.heap[0];
  }

  pop(): TimelineEntry<T> | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    const n = heap.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && before(heap[r] as TimelineEntry<T>, heap[l] as TimelineEntry<T>)) c = r;
      const child = heap[c] as TimelineEntry<T>;
      if (!before(child, last)) break;
      heap[i] = child;
      i = c;
    }
    heap[i] = last;
    return top;
  }

  /** A copy of the pending entries, in no particular order (for checkpoints and reports). */
  entries(): readonly TimelineEntry<T>[] {
    return this.heap.slice();
  }
}
