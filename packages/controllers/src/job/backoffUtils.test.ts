import type { Pod } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { type BackoffRecord, getFinishedTime, getRemainingTime, newBackoffRecord } from './backoffUtils.js';

// Upstream's tables (backoff_utils_test.go); times are milliseconds from defaultTestTime.
const T = 1_257_894_000_000; // 2009-11-10 23:00:00 UTC, upstream's defaultTestTime

function finishedPod(phase: 'Succeeded' | 'Failed', finishedAt: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {},
    spec: { containers: [] },
    status: {
      phase,
      containerStatuses: [
        { name: '', ready: false, restartCount: 0, image: '', state: { terminated: { exitCode: 0, finishedAt } } },
      ],
    },
  } as unknown as Pod;
}

describe('TestNewBackoffRecord', () => {
  const cases: { name: string; stored?: BackoffRecord; succeeded: number[]; failed: number[]; want: BackoffRecord }[] = [
    {
      name: 'Empty backoff store and one new failure',
      succeeded: [],
      failed: [T],
      want: { key: 'key', lastFailureTime: T, failuresAfterLastSuccess: 1 },
    },
    {
      name: 'Empty backoff store and two new failures',
      succeeded: [],
      failed: [T, T - 1],
      want: { key: 'key', lastFailureTime: T, failuresAfterLastSuccess: 2 },
    },
    {
      name: 'Empty backoff store, two failures followed by success',
      succeeded: [T],
      failed: [T - 2, T - 1],
      want: { key: 'key', failuresAfterLastSuccess: 0 },
    },
    {
      name: 'Empty backoff store, two failures, one success and two more failures',
      succeeded: [T - 2],
      failed: [T, T - 4, T - 3, T - 1],
      want: { key: 'key', lastFailureTime: T, failuresAfterLastSuccess: 2 },
    },
    {
      name: 'Backoff store having failure count 2 and one new failure',
      stored: { key: 'key', failuresAfterLastSuccess: 2 },
      succeeded: [],
      failed: [T],
      want: { key: 'key', lastFailureTime: T, failuresAfterLastSuccess: 3 },
    },
    {
      name: 'Empty backoff store with success and failure at same timestamp',
      succeeded: [T],
      failed: [T],
      want: { key: 'key', failuresAfterLastSuccess: 0 },
    },
    {
      name: 'Empty backoff store with no success/failure',
      succeeded: [],
      failed: [],
      want: { key: 'key', failuresAfterLastSuccess: 0 },
    },
    {
      name: 'Empty backoff store with one success',
      succeeded: [T],
      failed: [],
      want: { key: 'key', failuresAfterLastSuccess: 0 },
    },
  ];
  it.each(cases)('$name', ({ stored, succeeded, failed, want }) => {
    const got = newBackoffRecord(
      'key',
      stored,
      succeeded.map((t) => finishedPod('Succeeded', t)),
      failed.map((t) => finishedPod('Failed', t)),
    );
    expect(got).toEqual(want);
  });
});

function pod(p: {
  statuses?: ({ terminated?: number | null } | 'running')[];
  init?: number[];
  ready?: ['True' | 'False', number];
  deletion?: number;
  grace?: number;
  created?: number;
}): Pod {
  const status = (s: { terminated?: number | null } | 'running') =>
    s === 'running'
      ? { name: '', ready: false, restartCount: 0, image: '', state: { running: { startedAt: 0 } } }
      : {
          name: '',
          ready: false,
          restartCount: 0,
          image: '',
          state: { terminated: { exitCode: 0, ...(s.terminated != null ? { finishedAt: s.terminated } : {}) } },
        };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(p.deletion !== undefined ? { deletionTimestamp: p.deletion } : {}),
      ...(p.grace !== undefined ? { deletionGracePeriodSeconds: p.grace } : {}),
      ...(p.created !== undefined ? { creationTimestamp: p.created } : {}),
    },
    spec: { containers: [], ...(p.init !== undefined ? { initContainers: [{ name: 'sidecar', restartPolicy: 'Always' }] } : {}) },
    status: {
      containerStatuses: (p.statuses ?? []).map(status),
      ...(p.init !== undefined
        ? { initContainerStatuses: p.init.map((t) => ({ ...status({ terminated: t }), name: 'sidecar' })) }
        : {}),
      ...(p.ready !== undefined ? { conditions: [{ type: 'Ready', status: p.ready[0], lastTransitionTime: p.ready[1] }] } : {}),
    },
  } as unknown as Pod;
}

describe('TestGetFinishedTime', () => {
  const cases: { name: string; pod: Pod; want: number }[] = [
    {
      name: 'Pod with multiple containers and all containers terminated',
      pod: pod({ statuses: [{ terminated: T - 1000 }, { terminated: T }, { terminated: T - 2000 }] }),
      want: T,
    },
    {
      name: 'Pod with multiple containers; two containers in terminated state and one in running state; fallback to deletionTimestamp',
      pod: pod({ statuses: [{ terminated: T - 1000 }, 'running', { terminated: T - 2000 }], deletion: T }),
      want: T,
    },
    { name: 'fallback to deletionTimestamp', pod: pod({ statuses: ['running'], deletion: T }), want: T },
    {
      name: 'fallback to deletionTimestamp, decremented by grace period',
      pod: pod({ statuses: ['running'], deletion: T, grace: 30 }),
      want: T - 30_000,
    },
    {
      name: 'fallback to PodReady.LastTransitionTime when status of the condition is False',
      pod: pod({ statuses: [{ terminated: null }], ready: ['False', T] }),
      want: T,
    },
    {
      name: 'skip fallback to PodReady.LastTransitionTime when status of the condition is True',
      pod: pod({ statuses: [{ terminated: null }], ready: ['True', T - 30_000], deletion: T }),
      want: T,
    },
    { name: 'fallback to creationTimestamp', pod: pod({ statuses: [{ terminated: null }], created: T }), want: T },
    {
      name: 'Pod with init container and all containers terminated',
      pod: pod({ statuses: [{ terminated: T - 1000 }], init: [T] }),
      want: T,
    },
  ];
  it.each(cases)('$name', ({ pod, want }) => {
    expect(getFinishedTime(pod)).toBe(want);
  });
});

describe('TestGetRemainingBackoffTime', () => {
  // Upstream truncates the fake clock to whole seconds; every row's time already is.
  const cases: { name: string; record: BackoffRecord; now: number; want: number }[] = [
    { name: 'no failures', record: { key: '', failuresAfterLastSuccess: 0 }, now: 0, want: 0 },
    {
      name: 'one failure; current time and failure time are same',
      record: { key: '', lastFailureTime: T, failuresAfterLastSuccess: 1 },
      now: T,
      want: 5,
    },
    {
      name: 'one failure; current time == 1 second + failure time',
      record: { key: '', lastFailureTime: T, failuresAfterLastSuccess: 1 },
      now: T + 1000,
      want: 4,
    },
    {
      name: 'one failure; current time == expected backoff time',
      record: { key: '', lastFailureTime: T, failuresAfterLastSuccess: 1 },
      now: T + 5000,
      want: 0,
    },
    {
      name: 'one failure; current time == expected backoff time + 1 Second',
      record: { key: '', lastFailureTime: T, failuresAfterLastSuccess: 1 },
      now: T + 6000,
      want: 0,
    },
    {
      name: 'three failures; current time and failure time are same',
      record: { key: '', lastFailureTime: T, failuresAfterLastSuccess: 3 },
      now: T,
      want: 20,
    },
    {
      name: 'eight failures; current time and failure time are same; backoff not exceeding maxBackoff',
      record: { key: '', lastFailureTime: T, failuresAfterLastSuccess: 8 },
      now: T,
      want: 640,
    },
    {
      name: 'nine failures; current time and failure time are same; backoff exceeding maxBackoff',
      record: { key: '', lastFailureTime: T, failuresAfterLastSuccess: 9 },
      now: T,
      want: 700,
    },
  ];
  it.each(cases)('$name', ({ record, now, want }) => {
    expect(getRemainingTime(record, now, 5000, 700_000)).toBe(want * 1000);
  });

  it('v1.34 defaults: 10s doubling, capped at 10 minutes', () => {
    const at = (failures: number) => getRemainingTime({ key: '', lastFailureTime: T, failuresAfterLastSuccess: failures }, T);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(at)).toEqual([10, 20, 40, 80, 160, 320, 600, 600].map((s) => s * 1000));
  });
});
