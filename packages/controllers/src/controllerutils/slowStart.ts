/**
 * Slow start (replica_set.go slowStartBatch): creations go out in batches of 1, 2, 4, ...,
 * each capped by what is left, and no batch starts unless the previous one fully
 * succeeded. BurstReplicas caps the creations and deletions of one sync.
 */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;
/** controller.BurstReplicas: the most pods a ReplicaSet or Job creates or deletes in one sync. */
export const BURST_REPLICAS = 500;

/**
 * The batch sizes slowStartBatch uses for count creations (10 → 1, 2, 4, 3); the StatefulSet
 * controller's copy also caps each batch (`maxBatch`, its MaxBatchSize).
 */
export function slowStartBatches(
  count: number,
  initial: number = SLOW_START_INITIAL_BATCH_SIZE,
  maxBatch: number = Number.POSITIVE_INFINITY,
): number[] {
  const out: number[] = [];
  let remaining = count;
  let size = Math.min(remaining, initial);
  while (size > 0) {
    out.push(size);
    remaining -= size;
    size = Math.min(2 * size, remaining, maxBatch);
  }
  return out;
}
