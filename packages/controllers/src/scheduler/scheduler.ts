import type { ClusterView, Controller, Effect, ReconcileContext } from '@kubesim/core';
import {
  claimEventKeys,
  isPending,
  nodeEventKeys,
  parseMoveKey,
  podEventKeys,
  SCHEDULER_NAME,
  volumeEventKeys,
} from './eventhandlers.js';
import { type ClusterEvent, type EventObject, isPodWorthRequeuing, pluginsInterestedIn } from './hints.js';
import { FLUSH_KEY, SchedulingQueue } from './queue.js';
import { scheduleOne } from './schedule_one.js';

/**
 * The default scheduler (kube-scheduler with its default profile), in time as upstream runs
 * it: one scheduling cycle at a time (the controller's one worker), each costing a base plus
 * a cost per node it filters and scores (what it reads through the view), then a binding
 * cycle that does not hold the scheduler up: the bind, and PreBind's volume writes, go out
 * asynchronously through kube-scheduler's client (its QPS 50 caps binds at 50 a second, as
 * upstream). The pod is assumed onto its node the moment it is chosen, so the next cycle
 * already counts it, until the informer shows the binding.
 *
 * A pod that fits nowhere gets PodScheduled=False and a FailedScheduling event and waits in
 * the scheduling queue (queue.ts) for an event its rejecting plugins care about (hints.ts),
 * with backoff 1s doubling to 10s, and at the latest for the 5-minute leftover flush.
 *
 * This file is scheduler.go's part: the queue's moves and flushes and the controller; one
 * pod's turn is schedule_one.ts, the cache's assumptions cache.ts.
 */
export { SCHEDULER_NAME } from './eventhandlers.js';

// ---------------------------------------------------------------- moves and flushes

/** The object a move request is about, as the scheduler's informers show it now. */
function eventObject(view: ClusterView, event: ClusterEvent, object: string | undefined): EventObject | undefined {
  if (object === undefined) return {};
  if (event === 'PersistentVolumeClaimChange') {
    const claim = view.getByKey('PersistentVolumeClaim', object);
    return claim === undefined ? undefined : { claim };
  }
  const node = view.getByKey('Node', object);
  return node === undefined ? undefined : { node };
}

/**
 * MoveAllToActiveOrBackoffQueue: the unschedulable pods whose rejecting plugins registered for
 * the event, and whose hints say it may help, go to backoffQ or activeQ. Pods the index still
 * lists but that are no longer pending are dropped on the way.
 */
function moveAllToActiveOrBackoffQueue(
  view: ClusterView,
  ctx: ReconcileContext,
  event: ClusterEvent,
  object: string | undefined,
): Effect[] {
  const effects: Effect[] = [];
  const obj = eventObject(view, event, object);
  if (obj === undefined) return effects;
  const queue = new SchedulingQueue(ctx, effects);
  for (const key of queue.byPlugins(pluginsInterestedIn(event))) {
    const info = queue.get(key);
    const pod = view.getByKey('Pod', key);
    if (info === undefined || !isPending(pod) || pod.metadata.uid !== info.uid) {
      queue.forget(key);
      continue;
    }
    queue.requeue(key, info, isPodWorthRequeuing(info, event, pod, obj), ctx.now);
  }
  queue.commit(ctx.now);
  return effects;
}

/** flushUnschedulablePodsLeftover: pods unschedulable for over 5 minutes go back (UnschedulableTimeout). */
function flushUnschedulablePodsLeftover(view: ClusterView, ctx: ReconcileContext): Effect[] {
  const effects: Effect[] = [];
  const queue = new SchedulingQueue(ctx, effects);
  for (const key of queue.leftover(ctx.now)) {
    const info = queue.get(key);
    const pod = view.getByKey('Pod', key);
    if (info === undefined || !isPending(pod) || pod.metadata.uid !== info.uid) {
      queue.forget(key);
      continue;
    }
    queue.requeue(key, info, 'afterBackoff', ctx.now);
  }
  queue.commit(ctx.now, true);
  return effects;
}

function reconcile(view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  if (key === FLUSH_KEY) return flushUnschedulablePodsLeftover(view, ctx);
  const move = parseMoveKey(key);
  if (move !== undefined) return moveAllToActiveOrBackoffQueue(view, ctx, move.event, move.object);
  return scheduleOne(view, key, ctx);
}

/** kube-scheduler's default profile: one scheduling cycle at a time, filters, scores, asynchronous binding. */
export function scheduler(): Controller {
  return {
    name: 'scheduler',
    component: SCHEDULER_NAME,
    watches: [
      { kind: 'Pod', keys: podEventKeys },
      { kind: 'Node', keys: nodeEventKeys },
      { kind: 'PersistentVolumeClaim', keys: claimEventKeys },
      { kind: 'PersistentVolume', keys: volumeEventKeys },
      { kind: 'StorageClass', keys: volumeEventKeys },
    ],
    reconcile,
    // One scheduling cycle at a time (sched.Run: wait.UntilWithContext(ctx, sched.ScheduleOne, 0)).
    runtime: { process: 'kube-scheduler', workers: 1 },
  };
}
