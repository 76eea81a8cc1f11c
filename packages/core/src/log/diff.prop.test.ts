import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDiff, diffJson } from './diff.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Diff, write as text, read back, apply: what the log does. */
function roundTrip(base: unknown, target: unknown, second?: unknown): unknown {
  const d = diffJson(base, target, second);
  if (d === undefined) return base;
  return applyDiff(base, JSON.parse(JSON.stringify(d)), second);
}

const key = fc.oneof(fc.constantFrom('a', 'b', 'c', 'status', 'lastProbeTime', '__proto__', 'length', '0', ''), fc.string());

/** A value and an edited copy of it: changed, removed, added, reordered members; grown, shrunk, edited arrays. */
function edit(v: Json): fc.Arbitrary<Json> {
  const leaf = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
  if (Array.isArray(v)) {
    return fc.oneof(
      leaf,
      fc.constant(v),
      fc.tuple(...v.map((x) => fc.oneof(fc.constant(x), edit(x)))).map((xs) => xs as Json[]),
      fc.array(leaf, { maxLength: 3 }).map((extra) => [...v, ...extra]),
      fc.nat(v.length).map((n) => v.slice(0, n)),
      fc.nat(v.length).map((n) => [...v.slice(0, n), ...v.slice(n + 1)]),
    );
  }
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    return fc.oneof(
      leaf,
      fc
        .tuple(
          fc.tuple(...keys.map((k) => fc.oneof(fc.constant(v[k] as Json), edit(v[k] as Json), fc.constant(undefined)))),
          fc.dictionary(key, leaf, { maxKeys: 2 }),
          fc.boolean(),
        )
        .map(([values, added, reverse]) => {
          const out: Record<string, Json> = {};
          const order = reverse ? [...keys].reverse() : keys;
          for (const k of order) {
            const x = values[keys.indexOf(k)];
            if (x !== undefined)
              Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
          }
          for (const [k, x] of Object.entries(added))
            Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
          return out;
        }),
    );
  }
  return fc.oneof(leaf, fc.constant(v), fc.constant(null));
}

const json = fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json>;
const related = json.chain((base) => edit(base).map((target) => [base, target] as const));
/** A base, a target edited from it, and a second base edited from the target (another pod like this one). */
const threeWay = related.chain(([base, target]) => edit(target).map((second) => [base, target, second] as const));

describe('diffJson and applyDiff', () => {
  it('diff then apply gives back the target for arbitrary JSON values, key order included', () => {
    fc.assert(
      fc.property(json, json, (base, target) => {
        expect(JSON.stringify(roundTrip(base, target))).toBe(JSON.stringify(target));
      }),
      { numRuns: 2000 },
    );
  });

  it('diff then apply gives back the target for a value and an edited copy of it', () => {
    fc.assert(
      fc.property(related, ([base, target]) => {
        expect(JSON.stringify(roundTrip(base, target))).toBe(JSON.stringify(target));
      }),
      { numRuns: 3000 },
    );
  });

  it('diff with a second base, then apply with it, gives back the target', () => {
    fc.assert(
      fc.property(threeWay, ([base, target, second]) => {
        expect(JSON.stringify(roundTrip(base, target, second))).toBe(JSON.stringify(target));
        expect(JSON.stringify(roundTrip(undefined, target, second))).toBe(JSON.stringify(target));
      }),
      { numRuns: 3000 },
    );
  });

  it('is undefined exactly when the two values have the same JSON text', () => {
    fc.assert(
      fc.property(related, ([base, target]) => {
        expect(diffJson(base, target) === undefined).toBe(JSON.stringify(base) === JSON.stringify(target));
      }),
      { numRuns: 2000 },
    );
  });

  it('never changes its base', () => {
    fc.assert(
      fc.property(related, ([base, target]) => {
        const before = JSON.stringify(base);
        roundTrip(base, target);
        expect(JSON.stringify(base)).toBe(before);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps literal nulls apart from removals', () => {
    const base = { type: 'Ready', status: 'False', lastProbeTime: null, reason: 'X' };
    const target = { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: null };
    const d = diffJson(base, target);
    expect(d).toEqual({ status: 'True', reason: [], lastTransitionTime: null });
    expect(applyDiff(base, d)).toEqual(target);
    expect(applyDiff({ a: 1 }, diffJson({ a: 1 }, { a: null }))).toEqual({ a: null });
  });

  it('indexes into arrays: one condition flips, one container status is added', () => {
    const cond = (type: string, status: string) => ({ type, status, lastProbeTime: null, lastTransitionTime: 5 });
    const base = { conditions: [cond('Initialized', 'True'), cond('Ready', 'False'), cond('PodScheduled', 'True')] };
    const target = {
      conditions: [
        cond('Initialized', 'True'),
        { ...cond('Ready', 'True'), lastTransitionTime: 9 },
        cond('PodScheduled', 'True'),
      ],
      containerStatuses: [{ name: 'app', ready: true }],
    };
    const d = diffJson(base, target);
    expect(d).toEqual({
      conditions: [3, {}, { status: 'True', lastTransitionTime: 9 }],
      containerStatuses: [1, { name: 'app', ready: true }],
    });
    expect(applyDiff(base, d)).toEqual(target);
  });

  it('writes a new array element as a diff against the one before it', () => {
    const base = { c: [{ type: 'A', status: 'True', lastProbeTime: null }] };
    const target = { c: [...base.c, { type: 'B', status: 'True', lastProbeTime: null }] };
    expect(diffJson(base, target)).toEqual({ c: [2, {}, { type: 'B' }] });
  });

  it('says a change repeated along an array once, and draws on a second base where it is closer', () => {
    const cond = (type: string, t: number) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: t });
    const types = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];
    // Another pod's status at the same step, five seconds earlier.
    const other = { phase: 'Running', conditions: types.map((t) => cond(t, 1000)), podIP: '10.0.0.7' };
    const mine = { phase: 'Running', conditions: types.map((t) => cond(t, 6000)), podIP: '10.0.0.9' };
    const d = diffJson({ phase: 'Pending' }, mine, other);
    expect(d).toEqual([
      '~',
      { conditions: [5, { lastTransitionTime: 6000 }, ['=', 1], ['=', 1], ['=', 1], ['=', 1]], podIP: '10.0.0.9' },
    ]);
    expect(applyDiff({ phase: 'Pending' }, d, other)).toEqual(mine);
    expect(() => applyDiff({ phase: 'Pending' }, d)).toThrow(/"~" with no second base here/);
  });

  it('keeps key order: a member added before the others', () => {
    const base = { namespace: 'default', labels: { app: 'web' } };
    const target = { name: 'web-1', namespace: 'default', labels: { app: 'web' } };
    const d = diffJson(base, target);
    expect(d).toEqual([null, { name: 'web-1', namespace: {}, labels: {} }]);
    expect(Object.keys(applyDiff(base, d) as object)).toEqual(['name', 'namespace', 'labels']);
  });

  it('reports a diff that does not fit the grammar with its path', () => {
    expect(() => applyDiff({ a: { b: [1] } }, { a: { b: ['x', 1] } })).toThrow(/^a\.b: an array diff must begin with its length/);
    expect(() => applyDiff({}, [])).toThrow(/a removal outside an object/);
    expect(() => applyDiff({ a: [] }, { a: [2] })).not.toThrow();
    expect(() => applyDiff({ a: [] }, { a: [2, {}, {}] })).not.toThrow();
    expect(() => applyDiff(undefined, [1])).not.toThrow();
    expect(() => applyDiff([], [2])).not.toThrow();
  });
});
