import type { Millis } from '../time/duration.js';

/**
 * The de-duplicating work queue of every controller (client-go's workqueue, in simulated
 * time). A key added while it already waits is not added again; a key added for an earlier
 * time than it waits for moves up. Timers (AddAfter) fire into the queue: if the key is
 * already waiting then, the timer adds nothing.
 */
export interface Wake {
  readonly controller: string;
  readonly key: string;
  readonly timer: boolean;
}

export class WorkQueue {
  /** id → the time the key's pending reconcile is due. */
  private readonly dirty = new Map<string, Millis>();
  /** `id@time` of pending timers, so one timer per key and instant. */
  private readonly timers = new Set<string>();

  private static id(controller: string, key: string): string {
    return `${controller}\u0000${key}`;
  }

  /** Whether an add at `at` needs a new wake-up entry on the timeline. */
  add(controller: string, key: string, at: Millis): boolean {
    const id = WorkQueue.id(controller, key);
    const due = this.dirty.get(id);
    if (due !== undefined && due <= at) return false;
    this.dirty.set(id, at);
    return true;
  }

  /** Whether a timer at `at` needs a new wake-up entry on the timeline. */
  addTimer(controller: string, key: string, at: Millis): boolean {
    const t = `${WorkQueue.id(controller, key)}@${at}`;
    if (this.timers.has(t)) return false;
    this.timers.add(t);
    return true;
  }

  /** Called when a wake-up comes off the timeline: whether the reconcile runs now. */
  take(w: Wake, now: Millis): boolean {
    const id = WorkQueue.id(w.controller, w.key);
    const due = this.dirty.get(id);
    if (w.timer) {
      this.timers.delete(`${id}@${now}`);
      // The key already waits in the queue: the timer's Add is a no-op.
      return due === undefined;
    }
    if (due !== now) return false; // superseded by an earlier wake-up that already ran
    this.dirty.delete(id);
    return true;
  }
}
