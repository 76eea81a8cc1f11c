import type { Job, Pod, PodFailurePolicy } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import {
  appendDuplicatedIndexPodsForRemoval,
  COMPLETION_INDEX_ANNOTATION,
  calculateFailedIndexes,
  calculateSucceededIndexes,
  firstPendingIndexes,
  getIndexFailureCount,
  getNewIndexFailureCounts,
  has,
  INDEX_FAILURE_COUNT_ANNOTATION,
  type Interval,
  intervalsString,
  isIndexFailed,
  parseIndexesFromString,
} from './indexedJobUtils.js';
import { getPodsWithDelayedDeletionPerIndex } from './jobPods.js';
import { podGenerateNameWithIndex } from './manageJob.js';
import { JOB_TRACKING_FINALIZER } from './utils.js';

// indexed_job_utils_test.go.
const noIndex = '-';
type Phase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';
type IndexPhase = [string, Phase];
const iv = (first: number, last: number): Interval => ({ first, last });

function hollowPods(descs: readonly IndexPhase[], finalizer = false): Pod[] {
  return descs.map(
    ([index, phase], i) =>
      ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `p${i}`,
          uid: `u${i}`,
          ...(index !== noIndex ? { annotations: { [COMPLETION_INDEX_ANNOTATION]: index } } : {}),
          ...(finalizer ? { finalizers: [JOB_TRACKING_FINALIZER] } : {}),
        },
        spec: { containers: [] },
        status: { phase },
      }) as Pod,
  );
}

const toIndexPhases = (pods: readonly Pod[]): IndexPhase[] =>
  pods.map((p) => [p.metadata.annotations?.[COMPLETION_INDEX_ANNOTATION] ?? noIndex, p.status?.phase as Phase]);

function indexedJob(completions: number, extra: Partial<Job['spec']> = {}, status: Job['status'] = {}): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j' },
    spec: { completions, completionMode: 'Indexed', template: { spec: { containers: [] } }, ...extra },
    status,
  };
}

/** buildPod().indexFailureCount(c).phase(phase).index(ix)[.trackingFinalizer()]. */
function built(o: {
  failures?: string;
  phase: Phase;
  index?: string;
  finalizer?: boolean;
  exitCode?: number;
  disruption?: boolean;
}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      annotations: {
        ...(o.failures !== undefined ? { [INDEX_FAILURE_COUNT_ANNOTATION]: o.failures } : {}),
        ...(o.index !== undefined ? { [COMPLETION_INDEX_ANNOTATION]: o.index } : {}),
      },
      ...(o.finalizer ? { finalizers: [JOB_TRACKING_FINALIZER] } : {}),
    },
    spec: { containers: [] },
    status: {
      phase: o.phase,
      ...(o.exitCode !== undefined
        ? {
            containerStatuses: [
              { name: '', ready: false, restartCount: 0, image: '', state: { terminated: { exitCode: o.exitCode } } },
            ],
          }
        : {}),
      ...(o.disruption ? { conditions: [{ type: 'DisruptionTarget', status: 'True' }] } : {}),
    },
  } as unknown as Pod;
}

describe('TestCalculateSucceededIndexes', () => {
  const cases: {
    name: string;
    prev?: string;
    pods?: IndexPhase[];
    completions: number;
    status?: Interval[];
    want: Interval[];
  }[] = [
    { name: 'one index', pods: [['1', 'Succeeded']], completions: 2, want: [iv(1, 1)] },
    {
      name: 'two separate',
      pods: [
        ['2', 'Failed'],
        ['5', 'Succeeded'],
        ['5', 'Succeeded'],
        ['10', 'Failed'],
        ['10', 'Succeeded'],
      ],
      completions: 11,
      want: [iv(5, 5), iv(10, 10)],
    },
    {
      name: 'two intervals',
      pods: [
        ['0', 'Running'],
        ['1', 'Pending'],
        ['2', 'Succeeded'],
        ['3', 'Succeeded'],
        ['5', 'Succeeded'],
        ['6', 'Succeeded'],
        ['7', 'Succeeded'],
      ],
      completions: 8,
      want: [iv(2, 3), iv(5, 7)],
    },
    {
      name: 'one index and one interval',
      pods: [
        ['0', 'Succeeded'],
        ['1', 'Failed'],
        ['2', 'Succeeded'],
        ['3', 'Succeeded'],
        ['4', 'Succeeded'],
        ['5', 'Succeeded'],
        [noIndex, 'Succeeded'],
        ['-2', 'Succeeded'],
      ],
      completions: 6,
      want: [iv(0, 0), iv(2, 5)],
    },
    {
      name: 'out of range',
      pods: [
        ['0', 'Succeeded'],
        ['1', 'Succeeded'],
        ['2', 'Succeeded'],
        ['3', 'Failed'],
        ['4', 'Succeeded'],
        ['5', 'Succeeded'],
        [noIndex, 'Succeeded'],
        ['-2', 'Succeeded'],
      ],
      completions: 5,
      want: [iv(0, 2), iv(4, 4)],
    },
    { name: 'prev interval out of range', prev: '0-5,8-10', completions: 8, status: [iv(0, 5)], want: [iv(0, 5)] },
    {
      name: 'prev interval partially out of range',
      prev: '0-5,8-10',
      completions: 10,
      status: [iv(0, 5), iv(8, 9)],
      want: [iv(0, 5), iv(8, 9)],
    },
    {
      name: 'prev and new separate',
      prev: '0,4,5,10-12',
      pods: [
        ['2', 'Succeeded'],
        ['7', 'Succeeded'],
        ['8', 'Succeeded'],
      ],
      completions: 13,
      status: [iv(0, 0), iv(4, 5), iv(10, 12)],
      want: [iv(0, 0), iv(2, 2), iv(4, 5), iv(7, 8), iv(10, 12)],
    },
    {
      name: 'prev between new',
      prev: '3,4,6',
      pods: [
        ['2', 'Succeeded'],
        ['7', 'Succeeded'],
        ['8', 'Succeeded'],
      ],
      completions: 9,
      status: [iv(3, 4), iv(6, 6)],
      want: [iv(2, 4), iv(6, 8)],
    },
    {
      name: 'new between prev',
      prev: '2,7,8',
      pods: [
        ['3', 'Succeeded'],
        ['4', 'Succeeded'],
        ['6', 'Succeeded'],
      ],
      completions: 9,
      status: [iv(2, 2), iv(7, 8)],
      want: [iv(2, 4), iv(6, 8)],
    },
    {
      name: 'new within prev',
      prev: '2-7',
      pods: [
        ['0', 'Succeeded'],
        ['3', 'Succeeded'],
        ['5', 'Succeeded'],
        ['9', 'Succeeded'],
      ],
      completions: 10,
      status: [iv(2, 7)],
      want: [iv(0, 0), iv(2, 7), iv(9, 9)],
    },
    {
      name: 'corrupted interval',
      prev: '0,1-foo,bar',
      pods: [['3', 'Succeeded']],
      completions: 4,
      status: [iv(0, 0)],
      want: [iv(0, 0), iv(3, 3)],
    },
  ];
  it.each(cases)('$name', ({ prev, pods, completions, status, want }) => {
    const job = indexedJob(completions, {}, prev !== undefined ? { completedIndexes: prev } : {});
    const [gotStatus, got] = calculateSucceededIndexes(job, hollowPods(pods ?? [], true));
    expect(gotStatus).toEqual(status ?? []);
    expect(got).toEqual(want);
  });
});

describe('TestIsIndexFailed', () => {
  const failIndexOn3: PodFailurePolicy = { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [3] } }] };
  const cases: { name: string; job: Job; pod: Pod; want: boolean }[] = [
    {
      name: 'failed pod exceeding backoffLimitPerIndex, when backoffLimitPerIndex=0',
      job: indexedJob(2, { backoffLimitPerIndex: 0 }),
      pod: built({ failures: '0', phase: 'Failed', index: '0', finalizer: true }),
      want: true,
    },
    {
      name: 'failed pod exceeding backoffLimitPerIndex, when backoffLimitPerIndex=1',
      job: indexedJob(2, { backoffLimitPerIndex: 1 }),
      pod: built({ failures: '1', phase: 'Failed', index: '1', finalizer: true }),
      want: true,
    },
    {
      name: 'matching FailIndex pod failure policy',
      job: indexedJob(2, { backoffLimitPerIndex: 1, podFailurePolicy: failIndexOn3 }),
      pod: built({ failures: '0', phase: 'Failed', index: '0', finalizer: true, exitCode: 3 }),
      want: true,
    },
  ];
  it.each(cases)('$name', ({ job, pod, want }) => {
    expect(isIndexFailed(job, pod)).toBe(want);
  });
});

describe('TestCalculateFailedIndexes', () => {
  const cases: { name: string; job: Job; pods: Pod[]; want: Interval[] }[] = [
    {
      name: 'one new index failed',
      job: indexedJob(2, { backoffLimitPerIndex: 1 }),
      pods: [
        built({ failures: '0', phase: 'Failed', index: '0', finalizer: true }),
        built({ failures: '1', phase: 'Failed', index: '1', finalizer: true }),
      ],
      want: [iv(1, 1)],
    },
    {
      name: 'pod without finalizer is ignored',
      job: indexedJob(2, { backoffLimitPerIndex: 0 }),
      pods: [built({ failures: '0', phase: 'Failed', index: '0' })],
      want: [],
    },
    {
      name: 'pod outside completions is ignored',
      job: indexedJob(2, { backoffLimitPerIndex: 0 }),
      pods: [built({ failures: '0', phase: 'Failed', index: '3' })],
      want: [],
    },
    {
      name: 'extend the failed indexes',
      job: indexedJob(2, { backoffLimitPerIndex: 0 }, { failedIndexes: '0' }),
      pods: [built({ failures: '0', phase: 'Failed', index: '1', finalizer: true })],
      want: [iv(0, 1)],
    },
    {
      name: 'prev failed indexes empty',
      job: indexedJob(2, { backoffLimitPerIndex: 0 }, { failedIndexes: '' }),
      pods: [built({ failures: '0', phase: 'Failed', index: '1', finalizer: true })],
      want: [iv(1, 1)],
    },
    {
      name: 'prev failed indexes outside the completions',
      job: indexedJob(2, { backoffLimitPerIndex: 0 }, { failedIndexes: '9' }),
      pods: [built({ failures: '0', phase: 'Failed', index: '1', finalizer: true })],
      want: [iv(1, 1)],
    },
  ];
  it.each(cases)('$name', ({ job, pods, want }) => {
    expect(calculateFailedIndexes(job, pods)).toEqual(want);
  });
});

describe('TestGetNewIndexFailureCountValue', () => {
  const ignoreDisruption: PodFailurePolicy = {
    rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }],
  };
  const cases: { name: string; job: Job; pod?: Pod; want: [number, number] }[] = [
    { name: 'first pod created', job: indexedJob(1), want: [0, 0] },
    {
      name: 'failed pod being replaced with 0 index failure count',
      job: indexedJob(1),
      pod: built({ failures: '0', phase: 'Failed', index: '0', finalizer: true }),
      want: [1, 0],
    },
    {
      name: 'failed pod being replaced with >0 index failure count',
      job: indexedJob(1),
      pod: built({ failures: '3', phase: 'Failed', index: '0', finalizer: true }),
      want: [4, 0],
    },
    {
      name: 'failed pod being replaced, matching the ignore rule',
      job: indexedJob(1, { podFailurePolicy: ignoreDisruption }),
      pod: built({ failures: '3', phase: 'Failed', index: '3', finalizer: true, disruption: true }),
      want: [3, 1],
    },
  ];
  it.each(cases)('$name', ({ job, pod, want }) => {
    expect(getNewIndexFailureCounts(job, pod)).toEqual(want);
  });
});

describe('TestIntervalsHaveIndex', () => {
  const cases: { name: string; intervals: Interval[]; index: number; want: boolean }[] = [
    { name: 'empty', intervals: [], index: 4, want: false },
    { name: 'before all', intervals: [iv(2, 4), iv(5, 7)], index: 1, want: false },
    { name: 'after all', intervals: [iv(2, 4), iv(6, 8)], index: 9, want: false },
    { name: 'in between', intervals: [iv(2, 4), iv(6, 8)], index: 5, want: false },
    { name: 'in first', intervals: [iv(2, 4), iv(6, 8)], index: 2, want: true },
    { name: 'in second', intervals: [iv(2, 4), iv(6, 8)], index: 8, want: true },
  ];
  it.each(cases)('$name', ({ intervals, index, want }) => {
    expect(has(intervals, index)).toBe(want);
  });
});

describe('TestFirstPendingIndexes', () => {
  const cases: {
    name: string;
    cnt: number;
    completions: number;
    active?: IndexPhase[];
    succeeded?: Interval[];
    failed?: Interval[];
    want: number[];
  }[] = [
    { name: 'cnt greater than completions', cnt: 5, completions: 3, want: [0, 1, 2] },
    { name: 'cnt less than completions', cnt: 2, completions: 5, want: [0, 1] },
    {
      name: 'first pods active',
      active: [
        ['0', 'Running'],
        ['1', 'Pending'],
      ],
      cnt: 3,
      completions: 10,
      want: [2, 3, 4],
    },
    {
      name: 'last pods active or succeeded',
      active: [['6', 'Pending']],
      succeeded: [iv(4, 5)],
      cnt: 6,
      completions: 6,
      want: [0, 1, 2, 3],
    },
    {
      name: 'mixed',
      active: [
        ['3', 'Pending'],
        ['5', 'Running'],
        ['8', 'Pending'],
        [noIndex, 'Running'],
        ['-3', 'Running'],
      ],
      succeeded: [iv(2, 4), iv(9, 9)],
      cnt: 5,
      completions: 20,
      want: [0, 1, 6, 7, 10],
    },
    {
      name: 'with failed indexes',
      active: [
        ['3', 'Pending'],
        ['9', 'Pending'],
      ],
      succeeded: [iv(1, 1), iv(5, 5), iv(9, 9)],
      failed: [iv(2, 2), iv(6, 7)],
      cnt: 5,
      completions: 20,
      want: [0, 4, 8, 10, 11],
    },
  ];
  it.each(cases)('$name', ({ cnt, completions, active, succeeded, failed, want }) => {
    const activePods = hollowPods(active ?? []);
    expect(firstPendingIndexes(activePods, activePods, succeeded ?? [], failed, false, cnt, completions)).toEqual(want);
  });
});

describe('TestAppendDuplicatedIndexPodsForRemoval', () => {
  const cases: { name: string; pods: IndexPhase[]; rm: IndexPhase[]; left: IndexPhase[]; completions: number }[] = [
    {
      name: 'all unique',
      pods: [
        [noIndex, 'Pending'],
        ['2', 'Pending'],
        ['5', 'Running'],
        ['6', 'Running'],
      ],
      rm: [
        [noIndex, 'Pending'],
        ['6', 'Running'],
      ],
      left: [
        ['2', 'Pending'],
        ['5', 'Running'],
      ],
      completions: 6,
    },
    {
      name: 'all with index',
      pods: [
        ['5', 'Pending'],
        ['0', 'Running'],
        ['3', 'Pending'],
        ['0', 'Running'],
        ['3', 'Running'],
        ['0', 'Pending'],
        ['6', 'Running'],
        ['6', 'Pending'],
      ],
      rm: [
        ['0', 'Pending'],
        ['0', 'Running'],
        ['3', 'Pending'],
        ['6', 'Running'],
        ['6', 'Pending'],
      ],
      left: [
        ['0', 'Running'],
        ['3', 'Running'],
        ['5', 'Pending'],
      ],
      completions: 6,
    },
    {
      name: 'mixed',
      pods: [
        [noIndex, 'Pending'],
        ['invalid', 'Running'],
        ['-2', 'Running'],
        ['0', 'Pending'],
        ['1', 'Pending'],
        ['1', 'Pending'],
        ['1', 'Running'],
      ],
      rm: [
        [noIndex, 'Pending'],
        ['invalid', 'Running'],
        ['-2', 'Running'],
        ['1', 'Pending'],
        ['1', 'Pending'],
      ],
      left: [
        ['0', 'Pending'],
        ['1', 'Running'],
      ],
      completions: 6,
    },
  ];
  it.each(cases)('$name', ({ pods, rm, left, completions }) => {
    const got = appendDuplicatedIndexPodsForRemoval(hollowPods(pods), completions);
    expect(toIndexPhases(got.rm)).toEqual(rm);
    expect(toIndexPhases(got.left)).toEqual(left);
  });
});

describe('TestPodGenerateNameWithIndex', () => {
  it.each([
    ['short job name', 'indexed-job', 1, 'indexed-job-1-'],
    [
      'job name exceeds MaxGeneneratedNameLength',
      'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooo',
      1,
      'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhh-1-',
    ],
    [
      'job name with index suffix exceeds MaxGeneratedNameLength',
      'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhoo',
      1,
      'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhh-1-',
    ],
  ])('%s', (_name, jobName, index, want) => {
    expect(podGenerateNameWithIndex(jobName as string, index as number)).toBe(want);
  });
});

describe('TestGetIndexFailureCount', () => {
  it.each([
    ['no annotation', undefined, 0],
    ['valid value', '2', 2],
    ['valid maxint32 value', '2147483647', 2147483647],
    ['too large value', '2147483648', 0],
    ['negative value', '-1', 0],
    ['invalid int value', 'xyz', 0],
  ])('%s', (_name, value, want) => {
    const pod = built({ phase: 'Failed', ...(value !== undefined ? { failures: value } : {}) });
    expect(getIndexFailureCount(pod)).toBe(want);
  });
});

describe('parseIndexesFromString and the interval string (completedIndexes)', () => {
  it('joins adjacent indexes and prints two in a row with a comma', () => {
    expect(parseIndexesFromString('0,1,2,4-5,7', 10)).toEqual([iv(0, 2), iv(4, 5), iv(7, 7)]);
    expect(intervalsString([iv(0, 2), iv(4, 5), iv(7, 7)])).toBe('0-2,4,5,7');
  });
});

describe('TestGetPodsWithDelayedDeletionPerIndex', () => {
  const pod = (uid: string, o: Parameters<typeof built>[0], deletion?: number): Pod => {
    const p = built(o);
    return { ...p, metadata: { ...p.metadata, uid, ...(deletion !== undefined ? { deletionTimestamp: deletion } : {}) } };
  };
  const now = 1_000_000;
  const cases: { name: string; job: Job; pods: Pod[]; expectedRm?: string[]; want: string[] }[] = [
    {
      name: 'failed pods are kept corresponding to non-failed indexes are kept',
      job: indexedJob(3, { backoffLimitPerIndex: 1 }),
      pods: [
        pod('a', { failures: '0', phase: 'Failed', index: '0', finalizer: true }),
        pod('b', { failures: '1', phase: 'Failed', index: '1', finalizer: true }),
        pod('c', { failures: '0', phase: 'Failed', index: '2', finalizer: true }),
      ],
      want: ['a', 'c'],
    },
    {
      name: "failed pod without finalizer; the pod's deletion is not delayed as it already started",
      job: indexedJob(2, { backoffLimitPerIndex: 0 }),
      pods: [pod('a', { failures: '0', phase: 'Failed', index: '0' })],
      want: [],
    },
    {
      name: "failed pod with expected finalizer removal; the pod's deletion is not delayed as it already started",
      job: indexedJob(2, { backoffLimitPerIndex: 0 }),
      pods: [pod('a', { failures: '0', phase: 'Failed', index: '0', finalizer: true })],
      expectedRm: ['a'],
      want: [],
    },
    {
      name: "failed pod with index outside of completions; the pod's deletion is not delayed",
      job: indexedJob(2, { backoffLimitPerIndex: 0 }),
      pods: [pod('a', { failures: '0', phase: 'Failed', index: '4', finalizer: true })],
      want: [],
    },
    {
      name: "failed pod for active index; the pod's deletion is not delayed as it is already replaced",
      job: indexedJob(2, { backoffLimitPerIndex: 1 }),
      pods: [
        pod('a1', { failures: '0', phase: 'Failed', index: '0', finalizer: true }),
        pod('a2', { failures: '1', phase: 'Running', index: '0', finalizer: true }),
      ],
      want: [],
    },
    {
      name: "failed pod for succeeded index; the pod's deletion is not delayed as it is already replaced",
      job: indexedJob(2, { backoffLimitPerIndex: 1 }),
      pods: [
        pod('a1', { failures: '0', phase: 'Failed', index: '0', finalizer: true }),
        pod('a2', { failures: '1', phase: 'Succeeded', index: '0', finalizer: true }),
      ],
      want: [],
    },
    {
      name: 'multiple failed pods for index with different failure count; only the pod with highest failure count is kept',
      job: indexedJob(2, { backoffLimitPerIndex: 4 }),
      pods: [
        pod('a1', { failures: '0', phase: 'Failed', index: '0', finalizer: true }),
        pod('a3', { failures: '2', phase: 'Failed', index: '0', finalizer: true }),
        pod('a2', { failures: '1', phase: 'Failed', index: '0', finalizer: true }),
      ],
      want: ['a3'],
    },
    {
      name: 'multiple failed pods for index with different finish times; only the last failed pod is kept',
      job: indexedJob(2, { backoffLimitPerIndex: 4 }),
      pods: [
        pod('a1', { failures: '1', phase: 'Failed', index: '0', finalizer: true }, now - 1000),
        pod('a3', { failures: '1', phase: 'Failed', index: '0', finalizer: true }, now),
        pod('a2', { failures: '1', phase: 'Failed', index: '0', finalizer: true }, now - 2000),
      ],
      want: ['a3'],
    },
  ];
  it.each(cases)('$name', ({ job, pods, expectedRm, want }) => {
    const activePods = pods.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    const [, succeededIndexes] = calculateSucceededIndexes(job, pods);
    const got = getPodsWithDelayedDeletionPerIndex({
      job,
      pods,
      activePods,
      expectedRmFinalizers: new Set(expectedRm ?? []),
      succeededIndexes,
      failedIndexes: calculateFailedIndexes(job, pods),
    });
    expect([...got.values()].map((p) => p.metadata.uid).sort()).toEqual(want);
  });
});
