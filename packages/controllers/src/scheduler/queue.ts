import { type Effect, type Millis, PMap, type ReconcileContext, SECOND } from '@kubesim/core';

/**
 * kube-scheduler's scheduling queue (pkg/scheduler/backend/queue: scheduling_queue.go,
 * backoff_queue.go) as far as kubesim's keyed model allows. Upstream keeps three sub-queues:
 *
 * - activeQ: pods waiting for a scheduling cycle. Here: the pod's key in the controller's
 *   work queue (client-go's, FIFO).
 * - backoffQ: pods that may be retried once their backoff is over. Here: a pod remembered as
 *   `backoff`, with an AddAfter timer for the whole second at which the backoffQ flush would
 *   find its backoff complete.
 * - unschedulablePods: pods that failed and wait for a cluster event one of their rejecting
 *   plugins cares about, or the 5-minute leftover flush. Here: a pod remembered as
 *   `unschedulable` and listed in an index (a persistent map in the scheduler's memory) by
 *   rejecting plugin and by timestamp, so a move request or the flush walks only the pods it
 *   can move, never every pending pod.
 *
 * Where kubesim still differs from upstream's queue:
 * - activeQ is FIFO, not ordered by priority then timestamp: a pod moved back from
 *   unschedulablePods queues behind pods added after it, and priorities are ignored.
 * - A move request is a sync of its own (a key such as `@move:NodeAdd:node-1`) that waits its
 *   turn on the scheduler's one worker, where upstream's event handlers move pods at once, on
 *   the informer's goroutine, in parallel with the scheduling cycle. A move costs a sync.
 * - Events during a pod's cycle are not replayed against it (determineSchedulingHintForInFlightPod):
 *   their move request is queued behind the cycle and moves the pod once it has failed, so it
 *   reaches backoffQ/activeQ a little later than upstream's in-flight rule would send it.
 * - SchedulerPopFromBackoffQ's other half is not modelled: upstream pops a pod from backoffQ
 *   before its backoff ends when activeQ is empty; here a pod in backoff always waits it out.
 * - The queueing hints see only the object as it is when the move runs (no old object), so
 *   "did this update make the node more schedulable" is judged by the new object alone;
 *   assigned-pod deletions are folded into one move request, so NodePorts queues on any.
 * - A pod's own spec update sends it back after its backoff whichever plugin rejected it;
 *   upstream asks the plugins registered for that kind of pod update (UpdatePodToleration,
 *   UpdatePodScaleDown, ...). Its label updates move nothing here (no filter reads them).
 * - Errors (no nodes, a failed binding) back off by ConsecutiveErrorsCount in the same
 *   backoffQ; upstream keeps them in a separate podErrorBackoffQ with the same timing.
 * - PreBind's poll of the pod's claims (every second) and the binding's end are syncs of the
 *   pod's key on the scheduler's worker, where upstream runs them on the binding goroutine.
 */

export const DEFAULT_POD_INITIAL_BACKOFF: Millis = 1 * SECOND;
export const DEFAULT_POD_MAX_BACKOFF: Millis = 10 * SECOND;
/** DefaultPodMaxInUnschedulablePodsDuration. */
export const DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION: Millis = 5 * 60 * SECOND;
/**
 * backoffQOrderingWindowDuration: with SchedulerPopFromBackoffQ (beta, on since v1.33) backoff
 * expirations are truncated to whole seconds and the backoffQ is flushed on whole seconds.
 */
export const BACKOFF_Q_ORDERING_WINDOW: Millis = 1 * SECOND;
/** PriorityQueue.Run: flushUnschedulablePodsLeftover every 30 seconds. */
export const UNSCHEDULABLE_PODS_FLUSH_PERIOD: Millis = 30 * SECOND;

/** The default profile's filter plugins that can reject a pod here. */
export type Plugin =
  | 'NodeUnschedulable'
  | 'NodeName'
  | 'TaintToleration'
  | 'NodeAffinity'
  | 'NodePorts'
  | 'NodeResourcesFit'
  | 'VolumeBinding';

export type QueueName = 'active' | 'backoff' | 'unschedulable';

/** QueuedPodInfo: what the queue keeps about a pod between its scheduling attempts. */
export interface QueuedPodInfo {
  readonly uid: string;
  /** When the pod last entered the queue: refreshed on every failure (AddUnschedulableIfNotPresent). */
  readonly timestamp: Millis;
  /** Failures by rejection; sets the backoff. */
  readonly unschedulableCount: number;
  /** Failures by error since the last rejection (no rejecting plugin); sets the backoff when non-zero. */
  readonly consecutiveErrorsCount: number;
  /** UnschedulablePlugins of the last failure. */
  readonly plugins: readonly Plugin[];
  readonly queue: QueueName;
}

/** How a move request sends a pod back (queueingStrategy); kubesim has no Pending plugins, so no queueImmediately. */
export type QueueingStrategy = 'skip' | 'afterBackoff';

/**
 * calculateBackoffDuration: initial << (count-1), capped at max (compared without shifting
 * past the cap, as upstream does to avoid overflow); no backoff before the first failure.
 */
export function calculateBackoffDuration(
  count: number,
  initial: number = DEFAULT_POD_INITIAL_BACKOFF,
  max: number = DEFAULT_POD_MAX_BACKOFF,
): number {
  if (count === 0) return 0;
  const shift = count - 1;
  if (initial > Math.floor(max / 2 ** shift)) return max;
  return initial * 2 ** shift;
}

/** alignToWindow: the start of the ordering window t falls in. */
export function alignToWindow(t: Millis): Millis {
  return Math.floor(t / BACKOFF_Q_ORDERING_WINDOW) * BACKOFF_Q_ORDERING_WINDOW;
}

/** getBackoffTime: the pod's backoff expiration, truncated to its window; −∞ when it has none. */
export function getBackoffTime(info: QueuedPodInfo): number {
  const count = info.consecutiveErrorsCount > 0 ? info.consecutiveErrorsCount : info.unschedulableCount;
  if (count === 0) return Number.NEGATIVE_INFINITY;
  return alignToWindow(info.timestamp + calculateBackoffDuration(count));
}

/**
 * isEntityBackingoff: still backing off while its expiration is not before the start of the
 * current window (an expiration in the current window still counts as backing off).
 */
export function isPodBackingoff(info: QueuedPodInfo, now: Millis): boolean {
  return !(getBackoffTime(info) < alignToWindow(now));
}

/**
 * When the backoffQ flush, which runs on whole seconds, first finds the pod's backoff
 * complete: the window after its expiration's. Worked number: a pod that fails at 5.3s for
 * the first time expires at 6.3s, truncated to 6s, and is flushed to activeQ at 7s.
 */
export function backoffCompletesAt(info: QueuedPodInfo): number {
  return getBackoffTime(info) + BACKOFF_Q_ORDERING_WINDOW;
}

/** The first flushUnschedulablePodsLeftover tick after now (the loop runs at 0s, 30s, 60s, ...). */
export function nextLeftoverFlush(now: Millis): Millis {
  return (Math.floor(now / UNSCHEDULABLE_PODS_FLUSH_PERIOD) + 1) * UNSCHEDULABLE_PODS_FLUSH_PERIOD;
}

/**
 * AddUnschedulableIfNotPresent's bookkeeping: a failure by rejection counts toward
 * UnschedulableCount and clears the error count; a failure without rejecting plugins (an
 * error) counts toward ConsecutiveErrorsCount. The timestamp is refreshed either way.
 */
export function failed(prior: QueuedPodInfo | undefined, uid: string, plugins: readonly Plugin[], now: Millis): QueuedPodInfo {
  const rejected = plugins.length > 0;
  return {
    uid,
    timestamp: now,
    unschedulableCount: (prior?.unschedulableCount ?? 0) + (rejected ? 1 : 0),
    consecutiveErrorsCount: rejected ? 0 : (prior?.consecutiveErrorsCount ?? 0) + 1,
    plugins,
    queue: rejected ? 'unschedulable' : 'backoff',
  };
}

// ---------------------------------------------------------------- unschedulablePods index

/**
 * unschedulablePods as two orders over one persistent map (O(log n) per change, no copy):
 * `p\0<plugin>\0<pod key>` for the pods each plugin rejected (what a move request walks) and
 * `t\0<timestamp>\0<pod key>` in timestamp order (what the leftover flush walks).
 */
export type UnschedulablePods = PMap<string>;

const SEP = '\u0000';
const TS_WIDTH = 15;

function byPlugin(plugin: Plugin): string {
  return `p${SEP}${plugin}${SEP}`;
}

function byTime(ts: Millis): string {
  return `t${SEP}${String(ts).padStart(TS_WIDTH, '0')}${SEP}`;
}

export function addUnschedulable(index: UnschedulablePods, key: string, info: QueuedPodInfo): UnschedulablePods {
  let out = index.set(`${byTime(info.timestamp)}${key}`, key);
  for (const p of info.plugins) out = out.set(`${byPlugin(p)}${key}`, key);
  return out;
}

export function deleteUnschedulable(index: UnschedulablePods, key: string, info: QueuedPodInfo): UnschedulablePods {
  let out = index.delete(`${byTime(info.timestamp)}${key}`);
  for (const p of info.plugins) out = out.delete(`${byPlugin(p)}${key}`);
  return out;
}

/** The pods a plugin rejected, in key order, without duplicates across plugins. */
export function unschedulableByPlugins(index: UnschedulablePods, plugins: readonly Plugin[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of plugins) {
    index.forEachPrefix(byPlugin(p), (key) => {
      if (!seen.has(key)) {
        seen.add(key);
        out.push(key);
      }
      return true;
    });
  }
  return out;
}

/** The pods that have stayed longer than `maxStay` (now − Timestamp > maxStay), oldest first. */
export function unschedulableLeftover(
  index: UnschedulablePods,
  now: Millis,
  maxStay: Millis = DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION,
): string[] {
  const out: string[] = [];
  index.forEachRange(`t${SEP}`, byTime(now - maxStay), (key) => {
    out.push(key);
    return true;
  });
  return out;
}

export function hasUnschedulable(index: UnschedulablePods): boolean {
  return index.countPrefix(`t${SEP}`) > 0;
}

// ---------------------------------------------------------------- the queue in the scheduler's memory

const INDEX_KEY = 'unschedulablePods';
/** The key of the leftover flush's sync (pod keys are `namespace/name`, never `@...`). */
export const FLUSH_KEY = '@flushUnschedulablePodsLeftover';

export function queuedPodInfoKey(podKey: string): string {
  return `q/${podKey}`;
}

/**
 * The queue's state as one sync sees it, with its changes gathered as effects: each sync
 * reads the index once and remembers it once, so a move of 10,000 pods is one write.
 */
export class SchedulingQueue {
  private index: UnschedulablePods;
  private readonly initial: UnschedulablePods;
  private readonly infos = new Map<string, QueuedPodInfo | undefined>();
  private flushWanted = false;

  constructor(
    private readonly ctx: ReconcileContext,
    private readonly effects: Effect[],
  ) {
    this.initial = ctx.memory<UnschedulablePods>(INDEX_KEY) ?? PMap.empty();
    this.index = this.initial;
  }

  /** The pod's QueuedPodInfo, if the queue knows this incarnation of it. */
  get(key: string, uid?: string): QueuedPodInfo | undefined {
    const info = this.infos.has(key) ? this.infos.get(key) : this.ctx.memory<QueuedPodInfo>(queuedPodInfoKey(key));
    return info !== undefined && (uid === undefined || info.uid === uid) ? info : undefined;
  }

  private set(key: string, info: QueuedPodInfo | undefined): void {
    this.infos.set(key, info);
    this.effects.push({ type: 'remember', key: queuedPodInfoKey(key), value: info });
  }

  /** Delete: the pod leaves every sub-queue (scheduled, deleted, or no longer ours). */
  forget(key: string): void {
    const info = this.get(key);
    if (info === undefined) return;
    if (info.queue === 'unschedulable') this.index = deleteUnschedulable(this.index, key, info);
    this.set(key, undefined);
  }

  /** A failed pod goes back: to unschedulablePods when rejected, to backoffQ after an error. */
  addUnschedulableIfNotPresent(key: string, uid: string, plugins: readonly Plugin[], now: Millis): QueuedPodInfo {
    // A record of an earlier pod of the same name is dropped, index entries and all.
    const any = this.get(key);
    if (any?.queue === 'unschedulable') this.index = deleteUnschedulable(this.index, key, any);
    const prior = any?.uid === uid ? any : undefined;
    const info = failed(prior, uid, plugins, now);
    if (info.queue === 'unschedulable') {
      this.index = addUnschedulable(this.index, key, info);
      this.set(key, info);
      this.flushWanted = true;
    } else {
      this.requeue(key, info, 'afterBackoff', now);
    }
    return info;
  }

  /**
   * requeuePodWithQueueingStrategy: backoffQ while the pod is backing off (a timer for the
   * flush that will find it done), else activeQ at once.
   */
  requeue(key: string, info: QueuedPodInfo, strategy: QueueingStrategy, now: Millis): QueueName {
    if (strategy === 'skip') return info.queue;
    if (info.queue === 'unschedulable') this.index = deleteUnschedulable(this.index, key, info);
    if (isPodBackingoff(info, now)) {
      this.set(key, { ...info, queue: 'backoff' });
      this.effects.push({ type: 'requeueAfter', key, after: backoffCompletesAt(info) - now });
      return 'backoff';
    }
    this.set(key, { ...info, queue: 'active' });
    this.effects.push({ type: 'enqueue', key });
    return 'active';
  }

  byPlugins(plugins: readonly Plugin[]): string[] {
    return unschedulableByPlugins(this.index, plugins);
  }

  leftover(now: Millis): string[] {
    return unschedulableLeftover(this.index, now);
  }

  /** Writes the index back and keeps the leftover flush running while pods wait in it. */
  commit(now: Millis, flushing = false): void {
    if (this.index !== this.initial) this.effects.push({ type: 'remember', key: INDEX_KEY, value: this.index });
    if ((this.flushWanted || flushing) && hasUnschedulable(this.index)) {
      this.effects.push({ type: 'requeueAfter', key: FLUSH_KEY, after: nextLeftoverFlush(now) - now });
    }
  }
}
