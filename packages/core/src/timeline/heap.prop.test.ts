import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Timeline, type TimelineEntry } from './heap.js';

type Op = { kind: 'push'; time: number; priority: number } | { kind: 'pop' };

// Small ranges so that equal (time, priority) pairs are common.
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('push' as const), time: fc.nat({ max: 6 }), priority: fc.nat({ max: 2 }) }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'pop' as const }) },
);

function compareEntries(a: TimelineEntry<number>, b: TimelineEntry<number>): number {
  return a.time - b.time || a.priority - b.priority || a.seq - b.seq;
}

describe('Timeline heap properties', () => {
  it('any interleaving of pushes and pops pops in (time, priority, push order) order, like a sorted model', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const timeline = new Timeline<number>();
        const model: TimelineEntry<number>[] = [];
        let id = 0;
        for (const op of ops) {
          if (op.kind === 'push') {
            const seq = timeline.push(op.time, op.priority, id);
            model.push({ time: op.time, priority: op.priority, seq, item: id });
            id++;
          } else {
            model.sort(compareEntries);
            const want = model.shift();
            const got = timeline.pop();
            expect(got?.item).toBe(want?.item);
          }
          expect(timeline.size).toBe(model.length);
          model.sort(compareEntries);
          expect(timeline.peek()?.item).toBe(model[0]?.item);
        }
        // Drain: the rest comes out sorted, and equal (time, priority) entries in push order.
        const drained: TimelineEntry<number>[] = [];
        for (let e = timeline.pop(); e !== undefined; e = timeline.pop()) drained.push(e);
        expect(drained.map((e) => e.item)).toEqual(model.map((e) => e.item));
        for (let i = 1; i < drained.length; i++) {
          const a = drained[i - 1] as TimelineEntry<number>;
          const b = drained[i] as TimelineEntry<number>;
          expect(compareEntries(a, b)).toBeLessThan(0);
          if (a.time === b.time && a.priority === b.priority) expect(a.item).toBeLessThan(b.item);
        }
        expect(timeline.size).toBe(0);
        expect(timeline.pop()).toBeUndefined();
      }),
    );
  });

  it('entries() is a copy holding exactly the pending entries', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 3 }), fc.nat({ max: 1 })), { maxLength: 100 }), (pushes) => {
        const timeline = new Timeline<number>();
        pushes.forEach(([time, priority], i) => {
          timeline.push(time, priority, i);
        });
        const snapshot = timeline.entries();
        expect(snapshot.map((e) => e.item).sort((a, b) => a - b)).toEqual(pushes.map((_, i) => i));
        timeline.pop();
        expect(snapshot.length).toBe(pushes.length);
        expect(timeline.entries().length).toBe(Math.max(0, pushes.length - 1));
      }),
    );
  });
});
