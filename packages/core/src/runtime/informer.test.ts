import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../state.js';
import type { Millis } from '../time/duration.js';
import { StateHistory } from './informer.js';

// The history hands back the very state objects it was given, so distinct tagged stand-ins
// are enough to tell which one a lookup found.
const state = (tag: string): ClusterState => ({ tag }) as unknown as ClusterState;

/** The state a lagging view should see at `time`: the last recorded at or before it. */
function naive(records: readonly (readonly [Millis, ClusterState])[], time: Millis): ClusterState | undefined {
  let found: ClusterState | undefined;
  for (const [t, s] of records) if (t <= time) found = s;
  return found;
}

describe('StateHistory', () => {
  it.each([
    { time: 0, want: 's0' },
    { time: 9, want: 's0' },
    { time: 10, want: 's10' }, // an event at exactly t − lag is already seen
    { time: 15, want: 's10' },
    { time: 20, want: 's20' },
    { time: 25, want: 's20' },
    { time: -5, want: 's0' }, // before anything was recorded: the oldest kept
  ])('at($time) is the state after every event at or before it: $want', ({ time, want }) => {
    const history = new StateHistory(100);
    for (const t of [0, 10, 20]) history.record(t, state(`s${t}`));
    expect(history.at(time)).toEqual(state(want));
  });

  it('knows nothing before the first record', () => {
    expect(new StateHistory(100).at(0)).toBeUndefined();
  });

  it('keeps nothing when no component lags (the engine then reads the current state)', () => {
    const history = new StateHistory(0);
    history.record(0, state('s0'));
    expect(history.at(0)).toBeUndefined();
  });

  it('keeps the last state of a millisecond: a later record at the same time overwrites', () => {
    const history = new StateHistory(100);
    const [a, b, c] = [state('a'), state('b'), state('c')];
    history.record(5, a);
    history.record(10, b);
    history.record(10, c);
    expect(history.at(10)).toBe(c);
    expect(history.at(9)).toBe(a);
  });

  it('prunes to one state at or before now − maxLag, so every lookup within the lag stays exact', () => {
    const history = new StateHistory(100);
    const records = [0, 50, 120, 160, 300].map((t) => [t, state(`s${t}`)] as const);
    for (const [t, s] of records) history.record(t, s);
    // Now is 300: the horizon is 200, and s160 is the one state kept at or before it.
    for (let t = 200; t <= 300; t++) expect(history.at(t), `at(${t})`).toBe(naive(records, t));
    // s120 and older are gone: a lookup past the lag gets the oldest kept.
    expect(history.at(150)).toBe(records[3]?.[1]);
  });

  it('stays exact within the lag over a long run (the kept window is compacted now and then)', () => {
    const history = new StateHistory(10);
    const records: [Millis, ClusterState][] = [];
    for (let t = 0; t < 10_000; t += t % 3 === 0 ? 1 : 2) {
      const s = state(`s${t}`);
      records.push([t, s]);
      history.record(t, s);
      if (t > 0 && t % 997 === 0)
        for (let back = 0; back <= 10; back++) expect(history.at(t - back)).toBe(naive(records, t - back));
    }
    const now = (records.at(-1) as [Millis, ClusterState])[0];
    for (let back = 0; back <= 10; back++) expect(history.at(now - back)).toBe(naive(records, now - back));
  });

  it('lets go of every state it passes over, not only when it compacts (they held more than the cluster)', () => {
    const history = new StateHistory(10);
    for (let t = 0; t < 3_000; t++) {
      history.record(t, state(`s${t}`));
      // The states within the lag (t-10..t) and the one at the horizon: 11 at most.
      expect(history.kept, `at ${t}`).toBeLessThanOrEqual(11);
    }
    expect(history.at(2_989)).toEqual(state('s2989'));
  });
});
