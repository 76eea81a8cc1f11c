import { describe, expect, it } from 'vitest';
import { BURST_REPLICAS, SLOW_START_INITIAL_BATCH_SIZE, slowStartBatches } from './slowStart.js';

/**
 * Ports of the slow-start tables in pkg/controller/replicaset/replica_set_test.go. kubesim's
 * slowStartBatches gives the batch sizes; slowStartBatch's loop (run a batch, stop after the
 * first batch with a failure) is replayed over them here.
 */

/** slowStartBatch(count, initial, fn) over the batch sizes: fn fails once it has been called more than callLimit times. */
function runSlowStart(count: number, initial: number, callLimit: number): { successes: number; failed: boolean; calls: number } {
  let calls = 0;
  let successes = 0;
  for (const size of slowStartBatches(count, initial)) {
    let errors = 0;
    for (let i = 0; i < size; i++) {
      calls++;
      if (calls > callLimit) errors++;
    }
    successes += size - errors;
    if (errors > 0) return { successes, failed: true, calls };
  }
  return { successes, failed: false, calls };
}

describe('TestSlowStartBatch', () => {
  it.each([
    // 1 (first batch): the function is called at least once.
    { name: 'callLimit = 0 (all fail)', count: 10, callLimit: 0, successes: 0, failed: true, calls: 1 },
    // 1 + 2 + 4 + 3 = 10
    { name: 'callLimit = count (all succeed)', count: 10, callLimit: 10, successes: 10, failed: false, calls: 10 },
    // 1 + 2 + 4 = 7: the third batch fails, so the fourth never starts.
    { name: 'callLimit < count (some succeed)', count: 10, callLimit: 5, successes: 5, failed: true, calls: 7 },
  ])('$name', ({ count, callLimit, successes, failed, calls }) => {
    expect(runSlowStart(count, 1, callLimit)).toEqual({ successes, failed, calls });
  });

  it('batches 10 creations as 1, 2, 4, 3', () => {
    expect(slowStartBatches(10, 1)).toEqual([1, 2, 4, 3]);
  });

  // Reference §2.6: 1 + floor(log2 N) batches for N pods with initial size 1, summing to N.
  it.each([0, 1, 2, 3, 7, 8, 9, 100, 500])('splits %i creations into 1 + floor(log2 N) doubling batches', (n) => {
    const batches = slowStartBatches(n);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(n);
    expect(batches.length).toBe(n === 0 ? 0 : 1 + Math.floor(Math.log2(n)));
    batches.slice(0, -1).forEach((size, i) => {
      expect(size).toBe(2 ** i);
    });
  });

  it('starts from the given initial batch size', () => {
    expect(slowStartBatches(20, 3)).toEqual([3, 6, 11]);
  });

  it("caps each batch at the StatefulSet controller's MaxBatchSize", () => {
    expect(slowStartBatches(1500, 1, 500)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 500, 489]);
  });
});

describe('TestSyncReplicaSetCreateFailures', () => {
  // 100 replicas wanted, a quota lets 10 creations through: the controller must not make 100
  // create calls in one sync. Upstream bounds the calls by the first sum of doubling batches
  // that exceeds the limit: 1 + 2 + 4 + 8 = 15.
  it('stops creating once a batch hits the quota', () => {
    const createLimit = 10;
    let expectedLimit = 0;
    for (let pass = 0; expectedLimit <= createLimit; pass++) expectedLimit += SLOW_START_INITIAL_BATCH_SIZE << pass;
    const { successes, failed, calls } = runSlowStart(
      Math.min(createLimit * 10, BURST_REPLICAS),
      SLOW_START_INITIAL_BATCH_SIZE,
      createLimit,
    );
    expect(successes).toBe(createLimit);
    expect(failed).toBe(true);
    expect(calls).toBeLessThanOrEqual(expectedLimit);
    expect(calls).toBe(15);
  });
});

describe('BurstReplicas and SlowStartInitialBatchSize (replica_set.go, controller_utils.go)', () => {
  it('match upstream', () => {
    expect(BURST_REPLICAS).toBe(500);
    expect(SLOW_START_INITIAL_BATCH_SIZE).toBe(1);
  });
});
