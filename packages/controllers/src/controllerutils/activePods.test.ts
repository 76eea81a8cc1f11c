import type { Millis, Pod, PodPhase } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import {
  activePodsLess,
  activePodsWithRanksLess,
  filterActivePods,
  getPodsToDelete,
  logarithmicRankDiff,
  POD_DELETION_COST,
  podDeletionCost,
} from './activePods.js';

/**
 * Ports of the scale-down ranking tables in pkg/controller/controller_utils_test.go and
 * pkg/controller/replicaset/replica_set_test.go. Go's zero metav1.Time is an absent field
 * here; every other time is simulated milliseconds.
 */

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;
const NOW: Millis = 60 * DAY;
const THEN_1_MONTH: Millis = NOW - 30 * DAY;

interface PodOptions {
  readonly name: string;
  readonly uid?: string;
  readonly nodeName?: string;
  readonly phase?: PodPhase;
  /** Ready condition: true, false, or absent. */
  readonly ready?: boolean;
  readonly readySince?: Millis;
  readonly restarts?: readonly number[];
  readonly created?: Millis;
  readonly deleted?: Millis;
  readonly annotations?: Record<string, string>;
}

function mkPod(o: PodOptions): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: o.name,
      namespace: 'default',
      ...(o.uid !== undefined ? { uid: o.uid } : {}),
      ...(o.created !== undefined ? { creationTimestamp: o.created } : {}),
      ...(o.deleted !== undefined ? { deletionTimestamp: o.deleted } : {}),
      ...(o.annotations !== undefined ? { annotations: o.annotations } : {}),
    },
    spec: { containers: [], ...(o.nodeName !== undefined ? { nodeName: o.nodeName } : {}) },
    status: {
      ...(o.phase !== undefined ? { phase: o.phase } : {}),
      ...(o.ready !== undefined
        ? {
            conditions: [
              {
                type: 'Ready',
                status: o.ready ? 'True' : 'False',
                ...(o.readySince !== undefined ? { lastTransitionTime: o.readySince } : {}),
              },
            ],
          }
        : {}),
      ...(o.restarts !== undefined ? { containerStatuses: o.restarts.map((restartCount) => ({ restartCount })) as never } : {}),
    },
  };
}

const names = (pods: readonly Pod[]): string[] => pods.map((p) => p.metadata.name ?? '');

/** A fixed set of permutations (a small LCG Fisher-Yates), so the sort tests are reproducible. */
function permutations<T>(items: readonly T[], count: number): T[][] {
  let seed = 12345;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const out: T[][] = [[...items].reverse()];
  while (out.length < count) {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
      const j = next(i + 1);
      [a[i], a[j]] = [a[j] as T, a[i] as T];
    }
    out.push(a);
  }
  return out;
}

describe('TestActivePodFiltering', () => {
  it('Filters active pods', () => {
    const pods = [
      mkPod({ name: 'pod-1', phase: 'Succeeded' }),
      mkPod({ name: 'pod-2', phase: 'Failed' }),
      mkPod({ name: 'pod-3' }),
      mkPod({ name: 'pod-4' }),
      mkPod({ name: 'pod-5' }),
    ];
    expect(names(filterActivePods(pods)).sort()).toEqual(['pod-3', 'pod-4', 'pod-5']);
  });

  // IsPodActive's third rule (no row upstream): a pod being deleted is not active.
  it('drops pods with a deletionTimestamp, whatever their phase', () => {
    const pods = [mkPod({ name: 'running', phase: 'Running' }), mkPod({ name: 'terminating', phase: 'Running', deleted: NOW })];
    expect(names(filterActivePods(pods))).toEqual(['running']);
  });
});

describe('TestSortingActivePods', () => {
  const restarts30 = [3, 0];
  // In the order ActivePods.Less must put them.
  const pods = [
    mkPod({ name: 'unscheduled', nodeName: '', phase: 'Pending' }),
    mkPod({ name: 'scheduledButPending', nodeName: 'bar', phase: 'Pending' }),
    mkPod({ name: 'unknownPhase', nodeName: 'foo', phase: 'Unknown' }),
    mkPod({ name: 'runningButNotReady', nodeName: 'foo', phase: 'Running' }),
    mkPod({ name: 'runningNoLastTransitionTime', nodeName: 'foo', phase: 'Running', ready: true, restarts: restarts30 }),
    mkPod({
      name: 'runningWithLastTransitionTime',
      nodeName: 'foo',
      phase: 'Running',
      ready: true,
      readySince: NOW,
      restarts: restarts30,
    }),
    mkPod({
      name: 'runningLongerTime',
      nodeName: 'foo',
      phase: 'Running',
      ready: true,
      readySince: THEN_1_MONTH,
      restarts: restarts30,
    }),
    mkPod({
      name: 'lowerContainerRestartCount',
      nodeName: 'foo',
      phase: 'Running',
      ready: true,
      readySince: THEN_1_MONTH,
      restarts: [2, 1],
      created: NOW,
    }),
    mkPod({
      name: 'oldest',
      nodeName: 'foo',
      phase: 'Running',
      ready: true,
      readySince: THEN_1_MONTH,
      restarts: [2, 1],
      created: THEN_1_MONTH,
    }),
  ];
  const sortActive = (list: Pod[]): Pod[] => list.sort((a, b) => (activePodsLess(a, b) ? -1 : activePodsLess(b, a) ? 1 : 0));

  it.each(permutations(pods, 20).map((p, i) => [i, p] as const))('Sorts by active pod (permutation %i)', (_, shuffled) => {
    expect(names(sortActive(shuffled))).toEqual(names(pods));
  });
});

describe('TestSortingActivePodsWithRanks', () => {
  const then2Hours = NOW - 2 * HOUR;
  const then5Hours = NOW - 5 * HOUR;
  const then8Hours = NOW - 8 * HOUR;
  const pod = (
    name: string,
    nodeName: string,
    phase: PodPhase,
    ready: boolean,
    restarts: number,
    readySince: Millis | undefined,
    created: Millis | undefined,
    annotations?: Record<string, string>,
  ): Pod =>
    mkPod({
      name,
      nodeName,
      phase,
      ...(ready ? { ready, restarts: [restarts] } : {}),
      ...(ready && readySince !== undefined ? { readySince } : {}),
      ...(created !== undefined ? { created } : {}),
      ...(annotations !== undefined ? { annotations } : {}),
    });
  const unscheduledPod = pod('unscheduled', '', 'Pending', false, 0, undefined, undefined);
  const scheduledPendingPod = pod('pending', 'node', 'Pending', false, 0, undefined, undefined);
  const unknownPhasePod = pod('unknown-phase', 'node', 'Unknown', false, 0, undefined, undefined);
  const runningNotReadyPod = pod('not-ready', 'node', 'Running', false, 0, undefined, undefined);
  const runningReadyNoLastTransitionTimePod = pod(
    'ready-no-last-transition-time',
    'node',
    'Running',
    true,
    0,
    undefined,
    undefined,
  );
  const runningReadyNow = pod('ready-now', 'node', 'Running', true, 0, NOW, NOW);
  const runningReadyThen = pod('ready-then', 'node', 'Running', true, 0, THEN_1_MONTH, THEN_1_MONTH);
  const runningReadyNowHighRestarts = pod('ready-high-restarts', 'node', 'Running', true, 9001, NOW, NOW);
  const runningReadyNowCreatedThen = pod('ready-now-created-then', 'node', 'Running', true, 0, NOW, THEN_1_MONTH);
  const lowPodDeletionCost = pod('low-deletion-cost', 'node', 'Running', true, 0, NOW, THEN_1_MONTH, {
    [POD_DELETION_COST]: '10',
  });
  const highPodDeletionCost = pod('high-deletion-cost', 'node', 'Running', true, 0, NOW, THEN_1_MONTH, {
    [POD_DELETION_COST]: '100',
  });
  const unscheduled5Hours = pod('unscheduled-5-hours', '', 'Pending', false, 0, then5Hours, then5Hours);
  const unscheduled8Hours = pod('unscheduled-10-hours', '', 'Pending', false, 0, then8Hours, then8Hours);
  const ready2Hours = pod('ready-2-hours', '', 'Running', true, 0, then2Hours, THEN_1_MONTH);
  const ready5Hours = pod('ready-5-hours', '', 'Running', true, 0, then5Hours, THEN_1_MONTH);
  const ready10Hours = pod('ready-10-hours', '', 'Running', true, 0, then8Hours, THEN_1_MONTH);

  const equality: [Pod, Pod][] = [
    [unscheduledPod, unscheduledPod],
    [scheduledPendingPod, scheduledPendingPod],
    [unknownPhasePod, unknownPhasePod],
    [runningNotReadyPod, runningNotReadyPod],
    [runningReadyNowCreatedThen, runningReadyNowCreatedThen],
    [runningReadyNow, runningReadyNow],
    [runningReadyThen, runningReadyThen],
    [runningReadyNowHighRestarts, runningReadyNowHighRestarts],
    [runningReadyNowCreatedThen, runningReadyNowCreatedThen],
    // 5 h and 8 h fall in the same log2(ns) bucket (44), and the uids tie.
    [unscheduled5Hours, unscheduled8Hours],
    [ready5Hours, ready10Hours],
  ];
  it.each(equality.map(([p1, p2], i) => [i, p1.metadata.name, p2.metadata.name, p1, p2] as const))(
    'Equality tests %i: %s ~ %s',
    (_i, _n1, _n2, p1, p2) => {
      expect(activePodsWithRanksLess(p1, p2, 1, 1, NOW)).toBe(false);
      expect(activePodsWithRanksLess(p2, p1, 1, 1, NOW)).toBe(false);
    },
  );

  const inequality: [Pod, number, Pod, number][] = [
    [unscheduledPod, 1, scheduledPendingPod, 2],
    [unscheduledPod, 2, scheduledPendingPod, 1],
    [scheduledPendingPod, 1, unknownPhasePod, 2],
    [unknownPhasePod, 1, runningNotReadyPod, 2],
    [runningNotReadyPod, 1, runningReadyNoLastTransitionTimePod, 1],
    [runningReadyNoLastTransitionTimePod, 1, runningReadyNow, 1],
    [runningReadyNow, 2, runningReadyNoLastTransitionTimePod, 1],
    [runningReadyNow, 1, runningReadyThen, 1],
    [runningReadyNow, 2, runningReadyThen, 1],
    [runningReadyNowHighRestarts, 1, runningReadyNow, 1],
    [runningReadyNow, 2, runningReadyNowHighRestarts, 1],
    [runningReadyNow, 1, runningReadyNowCreatedThen, 1],
    [runningReadyNowCreatedThen, 2, runningReadyNow, 1],
    [lowPodDeletionCost, 2, highPodDeletionCost, 1],
    [ready2Hours, 1, ready5Hours, 1],
  ];
  it.each(inequality.map(([l, lr, g, gr], i) => [i, l.metadata.name, lr, g.metadata.name, gr, l, g] as const))(
    'Inequality tests %i: %s (rank %i) < %s (rank %i)',
    (_i, _ln, lesserRank, _gn, greaterRank, lesser, greater) => {
      expect(activePodsWithRanksLess(lesser, greater, lesserRank, greaterRank, NOW)).toBe(true);
      expect(activePodsWithRanksLess(greater, lesser, greaterRank, lesserRank, NOW)).toBe(false);
    },
  );

  // Upstream row {highPodDeletionCost rank 2 < lowPodDeletionCost rank 1, disablePodDeletioncost}:
  // kubesim models the PodDeletionCost gate as always on (its default since 1.22), so with the
  // gate off there is nothing to run; with it on the cost decides the other way (next test).
  it.skip('Inequality test with PodDeletionCost disabled: high-deletion-cost (rank 2) < low-deletion-cost (rank 1)', () => {
    expect(activePodsWithRanksLess(highPodDeletionCost, lowPodDeletionCost, 2, 1, NOW)).toBe(true);
  });
  it('with PodDeletionCost on, cost outranks rank: low-deletion-cost (rank 1) < high-deletion-cost (rank 2)', () => {
    expect(activePodsWithRanksLess(lowPodDeletionCost, highPodDeletionCost, 1, 2, NOW)).toBe(true);
    expect(activePodsWithRanksLess(highPodDeletionCost, lowPodDeletionCost, 2, 1, NOW)).toBe(false);
  });

  // Rules 6 and 8 with LogarithmicScaleDown: inside one bucket the smaller UID goes first (no
  // upstream row; the rule is in ActivePodsWithRanks.Less).
  it('breaks a same-bucket tie on ready time by the smaller UID', () => {
    const a = mkPod({ name: 'a', uid: 'uid-a', nodeName: 'n', phase: 'Running', ready: true, readySince: then5Hours });
    const b = mkPod({ name: 'b', uid: 'uid-b', nodeName: 'n', phase: 'Running', ready: true, readySince: then8Hours });
    expect(activePodsWithRanksLess(a, b, 1, 1, NOW)).toBe(true);
    expect(activePodsWithRanksLess(b, a, 1, 1, NOW)).toBe(false);
  });
  it('breaks a same-bucket tie on creation time by the smaller UID, against the plain newer-first order', () => {
    // Created 5 h and 8 h ago: without the log scale the newer (z) would go first.
    const z = mkPod({ name: 'z', uid: 'uid-z', nodeName: 'n', phase: 'Pending', created: then5Hours });
    const a = mkPod({ name: 'a', uid: 'uid-a', nodeName: 'n', phase: 'Pending', created: then8Hours });
    expect(activePodsWithRanksLess(a, z, 1, 1, NOW)).toBe(true);
    expect(activePodsWithRanksLess(z, a, 1, 1, NOW)).toBe(false);
    expect(activePodsLess(z, a)).toBe(true);
  });
  it('falls back to the plain comparison when now is unknown (Now.IsZero)', () => {
    const z = mkPod({ name: 'z', uid: 'uid-z', nodeName: 'n', phase: 'Pending', created: then5Hours });
    const a = mkPod({ name: 'a', uid: 'uid-a', nodeName: 'n', phase: 'Pending', created: then8Hours });
    expect(activePodsWithRanksLess(z, a, 1, 1, undefined)).toBe(true);
    expect(activePodsWithRanksLess(a, z, 1, 1, undefined)).toBe(false);
  });
});

describe('logarithmicRankDiff (controller_utils.go; no upstream table)', () => {
  // floor(log2(age in ns)): 1 ms = 1e6 ns → 19, 1 s = 1e9 ns → 29, 2 s → 30, 2 h = 7.2e12 ns → 42,
  // 5 h = 1.8e13 ns → 44, 8 h = 2.88e13 ns → 44, 30 days = 2.592e15 ns → 51; an age ≤ 0 is -1.
  it.each([
    ['1 ms vs 1 s', NOW - 1, NOW - SECOND, 19 - 29],
    ['2 s vs 1 s', NOW - 2 * SECOND, NOW - SECOND, 1],
    ['2 h vs 5 h', NOW - 2 * HOUR, NOW - 5 * HOUR, 42 - 44],
    ['5 h vs 8 h (same bucket)', NOW - 5 * HOUR, NOW - 8 * HOUR, 0],
    ['30 days vs now (age 0 → -1)', THEN_1_MONTH, NOW, 51 - -1],
    ['in the future vs now', NOW + SECOND, NOW, 0],
  ] as const)('%s', (_, t1, t2, want) => {
    expect(logarithmicRankDiff(t1, t2, NOW)).toBe(want);
  });
});

describe('GetDeletionCostFromPodAnnotations (helpers.go validFirstDigit + ParseInt(v, 10, 32); no upstream table)', () => {
  it.each([
    ['absent', undefined, 0],
    ['10', '10', 10],
    ['-10', '-10', -10],
    ['0', '0', 0],
    ['int32 max', '2147483647', 2147483647],
    ['int32 min', '-2147483648', -2147483648],
    ['above int32', '2147483648', 0],
    ['below int32', '-2147483649', 0],
    ['a plus sign is invalid', '+10', 0],
    ['leading zeros are invalid', '008', 0],
    ['a leading space is invalid', ' 10', 0],
    ['a trailing space is invalid', '10 ', 0],
    ['empty', '', 0],
    ['a bare minus', '-', 0],
    ['not a number', 'ten', 0],
    ['a fraction', '1.5', 0],
  ] as const)('%s', (_, value, want) => {
    const pod = mkPod({ name: 'p', ...(value !== undefined ? { annotations: { [POD_DELETION_COST]: value } } : {}) });
    expect(podDeletionCost(pod)).toBe(want);
  });
});

describe('TestGetPodsToDelete', () => {
  // newPod(name, rs, phase, nil, true): Running pods carry Ready=True without a transition time.
  const unscheduledPendingPod = mkPod({ name: 'unscheduled-pending-pod', uid: 'u1', phase: 'Pending' });
  const scheduledPendingPod = mkPod({ name: 'scheduled-pending-pod', uid: 'u2', phase: 'Pending', nodeName: 'fake-node' });
  const scheduledRunningNotReadyPod = mkPod({
    name: 'scheduled-running-not-ready-pod',
    uid: 'u3',
    phase: 'Running',
    nodeName: 'fake-node',
    ready: false,
  });
  const scheduledRunningReadyPodOnNode1 = mkPod({
    name: 'scheduled-running-ready-pod-on-node-1',
    uid: 'u4',
    phase: 'Running',
    nodeName: 'fake-node-1',
    ready: true,
  });
  const scheduledRunningReadyPodOnNode2 = mkPod({
    name: 'scheduled-running-ready-pod-on-node-2',
    uid: 'u5',
    phase: 'Running',
    nodeName: 'fake-node-2',
    ready: true,
  });

  interface Case {
    readonly name: string;
    readonly pods: Pod[];
    /** Defaults to pods. */
    readonly related?: Pod[];
    readonly diff: number;
    readonly expected: Pod[];
  }
  const cases: Case[] = [
    { name: 'len(pods) = 0 (i.e., diff = 0 too)', pods: [], diff: 0, expected: [] },
    {
      name: 'diff = len(pods)',
      pods: [scheduledRunningNotReadyPod, scheduledRunningReadyPodOnNode1],
      diff: 2,
      expected: [scheduledRunningNotReadyPod, scheduledRunningReadyPodOnNode1],
    },
    {
      name: 'diff < len(pods)',
      pods: [scheduledRunningReadyPodOnNode1, scheduledRunningNotReadyPod],
      diff: 1,
      expected: [scheduledRunningNotReadyPod],
    },
    {
      name: 'various pod phases and conditions, diff = len(pods)',
      pods: [
        scheduledRunningReadyPodOnNode1,
        scheduledRunningReadyPodOnNode1,
        scheduledRunningReadyPodOnNode2,
        scheduledRunningNotReadyPod,
        scheduledPendingPod,
        unscheduledPendingPod,
      ],
      diff: 6,
      expected: [
        scheduledRunningReadyPodOnNode1,
        scheduledRunningReadyPodOnNode1,
        scheduledRunningReadyPodOnNode2,
        scheduledRunningNotReadyPod,
        scheduledPendingPod,
        unscheduledPendingPod,
      ],
    },
    {
      name: 'various pod phases and conditions, diff = len(pods), relatedPods empty',
      pods: [
        scheduledRunningReadyPodOnNode1,
        scheduledRunningReadyPodOnNode1,
        scheduledRunningReadyPodOnNode2,
        scheduledRunningNotReadyPod,
        scheduledPendingPod,
        unscheduledPendingPod,
      ],
      related: [],
      diff: 6,
      expected: [
        scheduledRunningReadyPodOnNode1,
        scheduledRunningReadyPodOnNode1,
        scheduledRunningReadyPodOnNode2,
        scheduledRunningNotReadyPod,
        scheduledPendingPod,
        unscheduledPendingPod,
      ],
    },
    {
      name: 'scheduled vs unscheduled, diff < len(pods)',
      pods: [scheduledPendingPod, unscheduledPendingPod],
      diff: 1,
      expected: [unscheduledPendingPod],
    },
    {
      name: 'ready vs not-ready, diff < len(pods)',
      pods: [scheduledRunningReadyPodOnNode1, scheduledRunningNotReadyPod, scheduledRunningNotReadyPod],
      diff: 2,
      expected: [scheduledRunningNotReadyPod, scheduledRunningNotReadyPod],
    },
    {
      name: 'ready and colocated with another ready pod vs not colocated, diff < len(pods)',
      pods: [scheduledRunningReadyPodOnNode1, scheduledRunningReadyPodOnNode2],
      related: [scheduledRunningReadyPodOnNode1, scheduledRunningReadyPodOnNode2, scheduledRunningReadyPodOnNode2],
      diff: 1,
      expected: [scheduledRunningReadyPodOnNode2],
    },
    {
      name: 'pending vs running, diff < len(pods)',
      pods: [scheduledPendingPod, scheduledRunningNotReadyPod],
      diff: 1,
      expected: [scheduledPendingPod],
    },
    {
      name: 'various pod phases and conditions, diff < len(pods)',
      pods: [
        scheduledRunningReadyPodOnNode1,
        scheduledRunningReadyPodOnNode2,
        scheduledRunningNotReadyPod,
        scheduledPendingPod,
        unscheduledPendingPod,
      ],
      diff: 3,
      expected: [unscheduledPendingPod, scheduledPendingPod, scheduledRunningNotReadyPod],
    },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const got = getPodsToDelete(c.pods, c.related ?? c.pods, c.diff, NOW);
    expect(names(got)).toEqual(names(c.expected));
    got.forEach((p, i) => {
      expect(p).toBe(c.expected[i]);
    });
  });

  // getPodsRankedByRelatedPodsOnSameNode counts only active related pods (no upstream row).
  it('does not count terminating related pods towards a node rank', () => {
    const terminatingOnNode1 = mkPod({
      name: 'terminating-on-node-1',
      uid: 'u6',
      phase: 'Running',
      nodeName: 'fake-node-1',
      ready: true,
      deleted: NOW,
    });
    const related = [scheduledRunningReadyPodOnNode1, scheduledRunningReadyPodOnNode2, terminatingOnNode1, terminatingOnNode1];
    // Ranks: node-1 → 1 (the terminating pods do not count), node-2 → 1, so the two pods tie and the
    // stable sort keeps node-2 first. Counting the terminating pods would rank node-1 at 3 and pick it.
    const got = getPodsToDelete([scheduledRunningReadyPodOnNode2, scheduledRunningReadyPodOnNode1], related, 1, NOW);
    expect(names(got)).toEqual([scheduledRunningReadyPodOnNode2.metadata.name]);
  });
});
