import type { Effect, Millis, ReconcileContext } from '@kubesim/core';

/**
 * failedPodsBackoff (cmd/kube-controller-manager: flowcontrol.NewBackOff(1s, 15m), no jitter):
 * the per-node back-off between deleting a failed daemon pod and the next, kept in the
 * controller's memory under `failedPodsBackoff/<ds uid>/<observed generation>/<node>` (the
 * key failedPodsBackoffKey builds). An entry idle for twice the maximum has expired.
 */
export const FAILED_PODS_BACKOFF_INITIAL: Millis = 1000;
export const FAILED_PODS_BACKOFF_MAX: Millis = 15 * 60 * 1000;

interface Entry {
  readonly backoff: Millis;
  readonly lastUpdate: Millis;
}

const MEMORY_PREFIX = 'failedPodsBackoff/';

/** failedPodsBackoffKey: `<uid>/<status.observedGeneration>/<node>`. */
export function failedPodsBackoffKey(uid: string, observedGeneration: number, nodeName: string): string {
  return `${uid}/${observedGeneration}/${nodeName}`;
}

const hasExpired = (now: Millis, lastUpdate: Millis): boolean => now - lastUpdate > FAILED_PODS_BACKOFF_MAX * 2;

/** The back-off of one controller sync: reads its memory, and returns what to remember. */
export class FailedPodsBackoff {
  private readonly ctx: ReconcileContext;
  private readonly updated = new Map<string, Entry>();

  constructor(ctx: ReconcileContext) {
    this.ctx = ctx;
  }

  private entry(id: string): Entry | undefined {
    return this.updated.get(id) ?? this.ctx.memory<Entry>(MEMORY_PREFIX + id);
  }

  /** IsInBackOffSinceUpdate: an unexpired entry whose back-off has not passed since its update. */
  isInBackOffSinceUpdate(id: string, now: Millis): boolean {
    const e = this.entry(id);
    if (e === undefined || hasExpired(now, e.lastUpdate)) return false;
    return now - e.lastUpdate < e.backoff;
  }

  /** Get: the entry's current back-off (0 when there is none). */
  get(id: string): Millis {
    return this.entry(id)?.backoff ?? 0;
  }

  /** Next: start at the initial back-off, or double it up to the maximum. */
  next(id: string, now: Millis): void {
    const e = this.entry(id);
    const backoff =
      e === undefined || hasExpired(now, e.lastUpdate)
        ? FAILED_PODS_BACKOFF_INITIAL
        : Math.min(e.backoff * 2, FAILED_PODS_BACKOFF_MAX);
    this.updated.set(id, { backoff, lastUpdate: now });
  }

  /** The entries this sync changed, as memory effects. */
  effects(): Effect[] {
    return [...this.updated].map(([id, value]) => ({ type: 'remember', key: MEMORY_PREFIX + id, value }));
  }
}
