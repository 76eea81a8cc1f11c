import { KubesimError } from '../errors.js';

/**
 * The timeline: a binary min-heap with a total order on (time, priority, sequence). Two
 * entries never compare equal (the sequence number is unique), so equal-time events always
 * come out in the same order, run after run. Hand-written on purpose: it must be a total
 * order, cheap to checkpoint, and free of allocation on push. Time and priority are packed
 * into one number (time × 4 + priority; times are whole milliseconds, priorities 0–3), kept
 * with the sequence numbers in typed arrays, so a sift compares and moves plain numbers.
 */
export interface TimelineEntry<T> {
  readonly time: number;
  readonly priority: number;
  readonly seq: number;
  readonly item: T;
}

const INITIAL_CAPACITY = 64;
/** Priorities fit in two bits of the packed key. */
const PRIORITIES = 4;

/** The timeline: a binary heap of entries ordered by time, then priority, then insertion, so ties break deterministically. */
export class Timeline<T> {
  private keys = new Float64Array(INITIAL_CAPACITY);
  private seqs = new Float64Array(INITIAL_CAPACITY);
  private items: (T | undefined)[] = [];
  private count = 0;
  private nextSeq = 0;

  get size(): number {
    return this.count;
  }

  /** Schedules an item; returns the sequence number it was given. */
  push(time: number, priority: number, item: T): number {
    if (!Number.isInteger(priority) || priority < 0 || priority >= PRIORITIES) {
      throw new KubesimError('E_USAGE', `timeline priorities are integers from 0 to ${PRIORITIES - 1}, not ${priority}`);
    }
    if (!Number.isSafeInteger(time)) throw new KubesimError('E_USAGE', `timeline times are whole milliseconds, not ${time}`);
    if (this.count === this.keys.length) this.grow();
    const key = time * PRIORITIES + priority;
    const seq = this.nextSeq++;
    const { keys, seqs, items } = this;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent] as number;
      if (key > pk || (key === pk && seq > (seqs[parent] as number))) break;
      keys[i] = pk;
      seqs[i] = seqs[parent] as number;
      items[i] = items[parent];
      i = parent;
    }
    keys[i] = key;
    seqs[i] = seq;
    items[i] = item;
    return seq;
  }

  /** The time of the next entry, without taking it. */
  peekTime(): number | undefined {
    return this.count === 0 ? undefined : Math.floor((this.keys[0] as number) / PRIORITIES);
  }

  /** The next entry, without taking it. */
  peek(): TimelineEntry<T> | undefined {
    return this.count === 0 ? undefined : this.entryAt(0);
  }

  /** Takes the next entry. */
  pop(): TimelineEntry<T> | undefined {
    if (this.count === 0) return undefined;
    const top = this.entryAt(0);
    const last = --this.count;
    const { keys, seqs, items } = this;
    if (last > 0) {
      // Sift the last entry down from the root.
      const key = keys[last] as number;
      const seq = seqs[last] as number;
      const item = items[last];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= last) break;
        const r = c + 1;
        if (r < last) {
          const rk = keys[r] as number;
          const ck = keys[c] as number;
          if (rk < ck || (rk === ck && (seqs[r] as number) < (seqs[c] as number))) c = r;
        }
        const ck = keys[c] as number;
        if (ck > key || (ck === key && (seqs[c] as number) > seq)) break;
        keys[i] = ck;
        seqs[i] = seqs[c] as number;
        items[i] = items[c];
        i = c;
      }
      keys[i] = key;
      seqs[i] = seq;
      items[i] = item;
    }
    items[last] = undefined;
    return top;
  }

  /** A copy of the pending entries, in no particular order (for checkpoints and reports). */
  entries(): readonly TimelineEntry<T>[] {
    const out: TimelineEntry<T>[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.entryAt(i));
    return out;
  }

  private entryAt(i: number): TimelineEntry<T> {
    const key = this.keys[i] as number;
    const time = Math.floor(key / PRIORITIES);
    return { time, priority: key - time * PRIORITIES, seq: this.seqs[i] as number, item: this.items[i] as T };
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const seqs = new Float64Array(this.seqs.length * 2);
    seqs.set(this.seqs);
    this.keys = keys;
    this.seqs = seqs;
  }
}
