import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PMap, prefixEnd } from './pmap.js';

// A tiny alphabet with the extreme UTF-16 code units, so keys share prefixes, collide often,
// and include U+0000 (kubesim's SEP) and U+FFFF (the largest code unit).
const keyArb: fc.Arbitrary<string> = fc.string({ unit: fc.constantFrom('a', 'b', '/', '\u0000', '\uffff'), maxLength: 4 });
const valueArb: fc.Arbitrary<number> = fc.nat({ max: 3 });

interface Model {
  entries: Map<string, number>;
}
interface Real {
  map: PMap<number>;
  /** Snapshots taken along the way, with the content each must keep forever. */
  snapshots: { map: PMap<number>; entries: [string, number][] }[];
}

function sortedEntries(m: Map<string, number>): [string, number][] {
  // Default sort compares UTF-16 code units, the order PMap keeps.
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** AVL height bound: h < 1.4405 log2(n + 2) - 0.3277. */
function maxAvlDepth(n: number): number {
  return 1.45 * Math.log2(n + 2);
}

class SetCommand implements fc.Command<Model, Real> {
  constructor(
    readonly key: string,
    readonly value: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    const before = real.map;
    const unchanged = model.entries.get(this.key) === this.value;
    real.map = real.map.set(this.key, this.value);
    model.entries.set(this.key, this.value);
    // Setting an equal value returns the very same map; any real change returns a new one.
    if (unchanged) expect(real.map).toBe(before);
    else expect(real.map).not.toBe(before);
    expect(real.map.get(this.key)).toBe(this.value);
  }
  toString(): string {
    return `set(${JSON.stringify(this.key)}, ${this.value})`;
  }
}

class DeleteCommand implements fc.Command<Model, Real> {
  constructor(readonly key: string) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    const before = real.map;
    const present = model.entries.has(this.key);
    real.map = real.map.delete(this.key);
    model.entries.delete(this.key);
    if (present) expect(real.map).not.toBe(before);
    else expect(real.map).toBe(before);
    expect(real.map.has(this.key)).toBe(false);
    expect(real.map.get(this.key)).toBeUndefined();
  }
  toString(): string {
    return `delete(${JSON.stringify(this.key)})`;
  }
}

class SnapshotCommand implements fc.Command<Model, Real> {
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    real.snapshots.push({ map: real.map, entries: sortedEntries(model.entries) });
  }
  toString(): string {
    return 'snapshot';
  }
}

class QueryCommand implements fc.Command<Model, Real> {
  constructor(
    readonly probe: string,
    readonly lo: string | undefined,
    readonly hi: string | undefined,
    readonly stopAfter: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    const m = real.map;
    const want = sortedEntries(model.entries);
    const keys = want.map(([k]) => k);

    expect(m.size).toBe(model.entries.size);
    expect(m.get(this.probe)).toBe(model.entries.get(this.probe));
    expect(m.has(this.probe)).toBe(model.entries.has(this.probe));
    expect([...m.entries()]).toEqual(want);
    expect([...m.keys()]).toEqual(keys);
    expect([...m.values()]).toEqual(want.map(([, v]) => v));

    // forEachRange over [lo, hi), with an early stop after stopAfter entries.
    const inRange = want.filter(([k]) => (this.lo === undefined || k >= this.lo) && (this.hi === undefined || k < this.hi));
    const seen: [string, number][] = [];
    m.forEachRange(this.lo, this.hi, (v, k) => {
      seen.push([k, v]);
      return seen.length < this.stopAfter;
    });
    expect(seen).toEqual(inRange.slice(0, Math.max(1, this.stopAfter)));
    if (this.lo !== undefined) {
      expect(m.countRange(this.lo, this.hi)).toBe(this.hi !== undefined && this.hi <= this.lo ? 0 : inRange.length);
    }

    // Prefix queries, against startsWith.
    const withPrefix = want.filter(([k]) => k.startsWith(this.probe));
    expect(m.countPrefix(this.probe)).toBe(withPrefix.length);
    expect(m.keysWithPrefix(this.probe)).toEqual(withPrefix.map(([k]) => k));
    expect(m.valuesWithPrefix(this.probe)).toEqual(withPrefix.map(([, v]) => v));

    // ceiling: the first entry with key >= probe.
    expect(m.ceiling(this.probe)).toEqual(want.find(([k]) => k >= this.probe));

    expect(m.depth).toBeLessThanOrEqual(maxAvlDepth(m.size));
  }
  toString(): string {
    return `query(${JSON.stringify(this.probe)}, [${JSON.stringify(this.lo)}, ${JSON.stringify(this.hi)}), stop after ${this.stopAfter})`;
  }
}

const commands = [
  fc.tuple(keyArb, valueArb).map(([k, v]) => new SetCommand(k, v)),
  keyArb.map((k) => new DeleteCommand(k)),
  fc.constant(new SnapshotCommand()),
  fc
    .tuple(keyArb, fc.option(keyArb, { nil: undefined }), fc.option(keyArb, { nil: undefined }), fc.integer({ min: 1, max: 6 }))
    .map(([p, lo, hi, stop]) => new QueryCommand(p, lo, hi, stop)),
];

describe('PMap, model-based against a plain Map', () => {
  it('every operation agrees with the model, and snapshots never change', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 120 }), (cmds) => {
        const model: Model = { entries: new Map() };
        const real: Real = { map: PMap.empty<number>(), snapshots: [] };
        fc.modelRun(() => ({ model, real }), cmds);
        for (const s of real.snapshots) {
          expect([...s.map.entries()]).toEqual(s.entries);
          expect(s.map.size).toBe(s.entries.length);
        }
      }),
    );
  });

  it('depth stays within the AVL bound for any insertion order, and after deleting half', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 8 }), { maxLength: 400 }), fc.boolean(), (keys, sortedFirst) => {
        const order = sortedFirst ? [...keys].sort() : keys;
        let m = PMap.empty<number>();
        for (const k of order) m = m.set(k, 1);
        expect(m.size).toBe(keys.length);
        expect(m.depth).toBeLessThanOrEqual(maxAvlDepth(m.size));
        for (const k of order.filter((_, i) => i % 2 === 0)) m = m.delete(k);
        expect(m.size).toBe(keys.length - Math.ceil(keys.length / 2));
        expect(m.depth).toBeLessThanOrEqual(maxAvlDepth(m.size));
      }),
    );
  });

  it('prefixEnd bounds exactly the keys that start with the prefix', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'z', '\u0000', '\uffff'), maxLength: 5 }), keyArb, (prefix, key) => {
        const end = prefixEnd(prefix);
        const inRange = key >= prefix && (end === undefined || key < end);
        expect(inRange).toBe(key.startsWith(prefix));
      }),
    );
  });
});
