import { PMap, SECOND } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import {
  addUnschedulable,
  alignToWindow,
  backoffCompletesAt,
  calculateBackoffDuration,
  DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION,
  failed,
  getBackoffTime,
  isPodBackingoff,
  nextLeftoverFlush,
  type QueuedPodInfo,
  type UnschedulablePods,
  unschedulableByPlugins,
  unschedulableLeftover,
} from './queue.js';

// The upstream table is in nanoseconds; the function is unit-free.
const NS = 1;
const MAX_INT32 = 2 ** 31 - 1;
const MAX_INT64 = 2 ** 63 - 1; // as a double: 2^63

describe('TestBackoffQueue_calculateBackoffDuration (backoff_queue_test.go)', () => {
  it.each([
    { name: 'no backoff', initial: 1 * NS, max: 32 * NS, count: 0, want: 0 },
    { name: 'normal', initial: 1 * NS, max: 32 * NS, count: 16, want: 32 * NS },
    { name: 'overflow_32bit', initial: 1, max: MAX_INT32, count: 32, want: MAX_INT32 },
    { name: 'overflow_64bit', initial: 1, max: MAX_INT64, count: 64, want: MAX_INT64 },
  ])('$name', ({ initial, max, count, want }) => {
    expect(calculateBackoffDuration(count, initial, max)).toBe(want);
  });

  it.each([
    [1, 1],
    [2, 2],
    [3, 4],
    [4, 8],
    [5, 10],
    [6, 10],
    [20, 10],
  ])('the default profile: failure %i backs off %is', (count, seconds) => {
    expect(calculateBackoffDuration(count)).toBe(seconds * SECOND);
  });
});

/**
 * TestBackOffFlow (scheduling_queue_test.go): a pod popped and found unschedulable seven
 * times, moved back by an event each time, backs off 1, 2, 4, 8, 10, 10, 10 seconds; an early
 * flush leaves it in backoffQ, the flush after its backoff moves it out. With
 * SchedulerPopFromBackoffQ the expiration is truncated to its one-second window and the pod
 * is still backing off within that window (isEntityBackingoff), so the clock starts on a
 * whole second and the pod leaves at the first flush after its expiration's window.
 */
describe('TestBackOffFlow (scheduling_queue_test.go)', () => {
  // Each step pops the pod when the previous backoff has just completed and fails it again.
  const wants = [1, 2, 4, 8, 10, 10, 10].map((s) => s * SECOND);
  const steps: { step: number; want: number; timestamp: number; info: QueuedPodInfo }[] = [];
  let info: QueuedPodInfo | undefined;
  let now = 1_000_000;
  for (const [step, want] of wants.entries()) {
    info = failed(info, 'test-uid', ['NodeResourcesFit'], now);
    steps.push({ step, want, timestamp: now, info });
    now = backoffCompletesAt(info);
  }
  it.each(steps)('step $step: backoff $want ms', ({ step, want, timestamp, info }) => {
    expect(info.unschedulableCount).toBe(step + 1);
    expect(getBackoffTime(info) - timestamp).toBe(want);
    // An early flush: still in backoffQ.
    expect(isPodBackingoff(info, timestamp + 1)).toBe(true);
    // Its expiration's window is still backing off; the next flush finds it done.
    expect(isPodBackingoff(info, timestamp + want)).toBe(true);
    expect(backoffCompletesAt(info)).toBe(timestamp + want + SECOND);
    expect(isPodBackingoff(info, backoffCompletesAt(info))).toBe(false);
  });
});

/**
 * TestBackoffQueue_popEachBackoffCompleted (backoff_queue_test.go): which pods a flush moves
 * out of backoffQ (pod0, pod1: rejected by a plugin; pod2, pod3: failed with an error, the
 * podErrorBackoffQ's pods). Their timestamps are 2s before and 1s after now, one failure each.
 */
describe('TestBackoffQueue_popEachBackoffCompleted (backoff_queue_test.go)', () => {
  const now = 7_654_321;
  const pods: Record<string, QueuedPodInfo> = {
    pod0: failed(undefined, 'pod0', ['NodeResourcesFit'], now - 2 * SECOND),
    pod1: failed(undefined, 'pod1', ['NodeResourcesFit'], now + SECOND),
    pod2: failed(undefined, 'pod2', [], now - 2 * SECOND),
    pod3: failed(undefined, 'pod3', [], now + SECOND),
  };
  it.each([
    { name: 'Both queues empty, no pods moved to activeQ', podsInBackoff: [], wantPods: [] },
    { name: 'Pods only in backoffQ, some pods moved to activeQ', podsInBackoff: ['pod0', 'pod1'], wantPods: ['pod0'] },
    { name: 'Pods only in errorBackoffQ, some pods moved to activeQ', podsInBackoff: ['pod2', 'pod3'], wantPods: ['pod2'] },
    {
      name: 'Pods in both queues, some pods moved to activeQ',
      podsInBackoff: ['pod0', 'pod1', 'pod2', 'pod3'],
      wantPods: ['pod0', 'pod2'],
    },
    { name: 'Pods in both queues, all pods moved to activeQ', podsInBackoff: ['pod0', 'pod2'], wantPods: ['pod0', 'pod2'] },
    { name: 'Pods in both queues, no pods moved to activeQ', podsInBackoff: ['pod1', 'pod3'], wantPods: [] },
  ])('$name', ({ podsInBackoff, wantPods }) => {
    const moved = podsInBackoff.filter((name) => !isPodBackingoff(pods[name] as QueuedPodInfo, now));
    expect(moved).toEqual(wantPods);
  });
});

describe('the backoffQ flush on whole seconds (backoffQOrderingWindowDuration)', () => {
  it.each([
    // A first failure at 5.3s expires at 6.3s, truncated to 6s: the 7s flush moves it.
    { failedAt: 5300, count: 1, ready: 7000 },
    { failedAt: 5000, count: 1, ready: 7000 },
    { failedAt: 5999, count: 1, ready: 7000 },
    { failedAt: 5300, count: 2, ready: 8000 },
    { failedAt: 5300, count: 5, ready: 16000 },
  ])('failed at $failedAt ms, failure $count: flushed to activeQ at $ready ms', ({ failedAt, count, ready }) => {
    let info: QueuedPodInfo | undefined;
    for (let i = 0; i < count; i++) info = failed(info, 'u', ['NodeResourcesFit'], failedAt);
    expect(backoffCompletesAt(info as QueuedPodInfo)).toBe(ready);
    expect(isPodBackingoff(info as QueuedPodInfo, ready - 1)).toBe(true);
    expect(isPodBackingoff(info as QueuedPodInfo, ready)).toBe(false);
  });

  it('aligns to the window start', () => {
    expect(alignToWindow(12_345)).toBe(12_000);
    expect(alignToWindow(12_000)).toBe(12_000);
  });

  it('a pod that never failed has no backoff', () => {
    const fresh: QueuedPodInfo = {
      uid: 'u',
      timestamp: 5000,
      unschedulableCount: 0,
      consecutiveErrorsCount: 0,
      plugins: [],
      queue: 'active',
    };
    expect(isPodBackingoff(fresh, 5000)).toBe(false);
  });

  it('an error after rejections backs off by the error count, and a rejection resets it (AddUnschedulableIfNotPresent)', () => {
    let info = failed(undefined, 'u', ['NodeResourcesFit'], 0);
    info = failed(info, 'u', ['NodeResourcesFit'], 0);
    info = failed(info, 'u', ['NodeResourcesFit'], 0);
    expect(getBackoffTime(info)).toBe(4000);
    info = failed(info, 'u', [], 0);
    expect(info).toMatchObject({ unschedulableCount: 3, consecutiveErrorsCount: 1, queue: 'backoff' });
    expect(getBackoffTime(info)).toBe(1000);
    info = failed(info, 'u', ['TaintToleration'], 0);
    expect(info).toMatchObject({ unschedulableCount: 4, consecutiveErrorsCount: 0, queue: 'unschedulable' });
    expect(getBackoffTime(info)).toBe(8000);
  });
});

/**
 * flushUnschedulablePodsLeftover (TestHighPriorityFlushUnschedulablePodsLeftover,
 * scheduling_queue_test.go): pods that have stayed in unschedulablePods longer than
 * podMaxInUnschedulablePodsDuration (5 minutes, strictly) are moved; the loop runs every 30s.
 */
describe('flushUnschedulablePodsLeftover', () => {
  const now = 1_000_000;
  const max = DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION;
  it.each([
    { name: 'over five minutes ago', timestamp: now - max - 1, moved: true },
    { name: 'exactly five minutes ago', timestamp: now - max, moved: false },
    { name: 'a minute ago', timestamp: now - 60 * SECOND, moved: false },
    { name: 'an hour ago', timestamp: now - 3600 * SECOND, moved: true },
  ])('a pod unschedulable since $name: moved $moved', ({ timestamp, moved }) => {
    const info = failed(undefined, 'u', ['NodeResourcesFit'], timestamp);
    const index = addUnschedulable(PMap.empty(), 'ns/p', info);
    expect(unschedulableLeftover(index, now)).toEqual(moved ? ['ns/p'] : []);
  });

  it('TestHighPriorityFlushUnschedulablePodsLeftover: both pods move once the clock passes 5 minutes and a second', () => {
    const start = 40_000;
    let index: UnschedulablePods = PMap.empty();
    index = addUnschedulable(index, 'ns1/test-highpod', failed(undefined, 'tp-high', ['NodeResourcesFit'], start));
    index = addUnschedulable(index, 'ns1/test-midpod', failed(undefined, 'tp-mid', ['NodeResourcesFit'], start));
    expect(unschedulableLeftover(index, start + max)).toEqual([]);
    expect(unschedulableLeftover(index, start + max + SECOND)).toEqual(['ns1/test-highpod', 'ns1/test-midpod']);
  });

  it.each([
    [0, 30_000],
    [29_999, 30_000],
    [30_000, 60_000],
    [45_500, 60_000],
  ])('the loop after %i ms runs at %i ms', (now, next) => {
    expect(nextLeftoverFlush(now)).toBe(next);
  });
});

describe('the unschedulablePods index', () => {
  it('lists each pod under every plugin that rejected it, and a move walks only the plugins it names', () => {
    let index: UnschedulablePods = PMap.empty();
    index = addUnschedulable(index, 'ns/a', failed(undefined, 'a', ['NodeAffinity', 'NodeResourcesFit'], 0));
    index = addUnschedulable(index, 'ns/b', failed(undefined, 'b', ['TaintToleration'], 0));
    index = addUnschedulable(index, 'ns/c', failed(undefined, 'c', ['NodeResourcesFit'], 0));
    expect(unschedulableByPlugins(index, ['NodeResourcesFit'])).toEqual(['ns/a', 'ns/c']);
    expect(unschedulableByPlugins(index, ['NodeAffinity', 'NodeResourcesFit'])).toEqual(['ns/a', 'ns/c']);
    expect(unschedulableByPlugins(index, ['VolumeBinding'])).toEqual([]);
  });
});
