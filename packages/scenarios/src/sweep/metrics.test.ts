import { describe, expect, it } from 'vitest';
import type { PodTrack, RunSeries } from '../report/series/types.js';
import { peakPods, runMetrics } from './metrics.js';

const LINES = ['desired', 'total', 'updated', 'ready', 'available'];

function series(points: number[][], pods: PodTrack[] = [], marks: number[] = []): RunSeries {
  return {
    version: 1,
    end: 100_000,
    marks: marks.map((at) => ({ at, by: 'user', text: 'kubectl set image' })),
    workloads: [{ kind: 'Deployment', namespace: 'default', name: 'web', lines: LINES, points }],
    pods,
    nodes: [],
    hpas: [],
    events: [],
  };
}

const pod = (name: string, from: number, to?: number): PodTrack => ({
  uid: name,
  namespace: 'default',
  name,
  spans: [{ from, ...(to !== undefined ? { to } : {}), status: 'Running', category: 'running' }],
});

describe('runMetrics', () => {
  // [t, desired, total, updated, ready, available]: created at 0, complete at 5s; the image
  // set at 30s (a mark), seen by the controller at 30.2s; one pod down until 36s, complete at 40s.
  const rollout = [
    [0, 3, 0, 0, 0, 0],
    [5000, 3, 3, 3, 3, 3],
    [30200, 3, 4, 1, 3, 3],
    [33000, 3, 3, 1, 2, 2],
    [36000, 3, 3, 2, 3, 3],
    [40000, 3, 3, 3, 3, 3],
  ];

  it('times the last rollout from the write that started it, and the availability after the first completion', () => {
    const m = runMetrics(series(rollout, [], [0, 30000]), { deployment: 4 });
    expect(m.rolloutMs).toBe(10000);
    expect(m.rolledOut).toBe(true);
    // The creation (0 of 3 available) is not a dip: availability counts once complete.
    expect(m.minAvailability).toBe(0.6667);
    expect(m.unavailableMs).toBe(3000);
    expect(m.writes).toEqual({ deployment: 4 });
  });

  it('without a mark the rollout starts when the status shows it', () => {
    expect(runMetrics(series(rollout), {}).rolloutMs).toBe(9800);
  });

  it('a rollout that never completes has no duration', () => {
    const m = runMetrics(series(rollout.slice(0, 4)), {});
    expect(m.rolloutMs).toBeNull();
    expect(m.rolledOut).toBe(false);
    expect(m.unavailableMs).toBe(100_000 - 33000);
  });

  it('no Deployment: nothing to time', () => {
    const s = { ...series([]), workloads: [] };
    expect(runMetrics(s, {})).toMatchObject({ rolloutMs: null, rolledOut: true, minAvailability: null, unavailableMs: 0 });
  });
});

describe('peakPods', () => {
  it('counts pods alive at once; one gone at t and one created at t are not together', () => {
    const s = series([], [pod('a', 0, 10), pod('b', 5, 20), pod('c', 10), pod('d', 20), pod('e', 21, 22)]);
    expect(peakPods(s)).toBe(3);
    expect(peakPods(series([]))).toBe(0);
  });
});
