import { type ClusterView, type Effect, getCondition, type Pod, podRequests, type ReconcileContext } from '@kubesim/core';
import { namespacedName, recordEvent, refOf } from '../util/effects.js';
import { type Assumed, type AssumedOnNode, assume, commitAssumed, forgetAssumed } from './cache.js';
import { isPending, moveKey } from './eventhandlers.js';
import { type Candidate, findFeasible } from './feasible.js';
import { fitErrorMessage, preFilterErrorMessage, volumeBindingPreFilter } from './filters.js';
import { preFilterNodeNames } from './nodeAffinityPreFilter.js';
import { isPodBackingoff, type Plugin, SchedulingQueue } from './queue.js';
import { scoreNodes } from './score.js';
import { BIND_POLL_INTERVAL, BIND_TIMEOUT, bindPodVolumes } from './volumeBinding.js';
import { checkBindings } from './volumeCache.js';

/**
 * One pod's turn (pkg/scheduler/schedule_one.go): the scheduling cycle (PreFilter, Filter,
 * Score, assume), the binding cycle's end (PreBind's poll, Bind), and failure handling.
 * @module
 */

// ---------------------------------------------------------------- binding cycle

/**
 * The Bind call, from the binding goroutine: the scheduling cycle does not wait for it. The
 * Scheduled event is recorded once the binding has succeeded (finishBinding), a
 * FailedScheduling one if it is refused.
 */
function bind(pod: Pod, nodeName: string): Effect {
  const name = namespacedName(pod);
  return {
    type: 'bind',
    ref: refOf(pod),
    uid: pod.metadata.uid as string,
    nodeName,
    async: true,
    report: {
      involved: recordInvolved(pod),
      success: { eventType: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${name} to ${nodeName}` },
      failure: {
        eventType: 'Warning',
        reason: 'FailedScheduling',
        message: `bind plugin "DefaultBinder" failed to bind pod "${name}": `,
      },
    },
  };
}

function recordInvolved(pod: Pod): Extract<Effect, { type: 'event' }>['involved'] {
  return (recordEvent(pod, 'Normal', '', '') as Extract<Effect, { type: 'event' }>).involved;
}

// ---------------------------------------------------------------- failure handling

/** handleSchedulingFailure's status update: PodScheduled=False, written only when it changes. */
export function updatePodCondition(pod: Pod, reason: 'Unschedulable' | 'SchedulerError', message: string, now: number): Effect[] {
  const current = getCondition(pod.status?.conditions, 'PodScheduled');
  if (current?.status === 'False' && current.reason === reason && current.message === message) return [];
  return [
    {
      type: 'patch',
      ref: refOf(pod),
      patchType: 'strategic',
      subresource: 'status',
      patch: {
        status: {
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason,
              message,
              lastProbeTime: null,
              lastTransitionTime: current?.status === 'False' ? (current.lastTransitionTime ?? now) : now,
            },
          ],
        },
      },
    },
  ];
}

/**
 * handleBindingCycleError: the assumption is forgotten, which frees room like a deleted
 * assigned pod (a move request), and the pod goes back to the queue after an error backoff.
 */
function bindingCycleError(
  ctx: ReconcileContext,
  queue: SchedulingQueue,
  key: string,
  pod: Pod,
  assumed: Assumed,
  message: string,
): Effect[] {
  queue.addUnschedulableIfNotPresent(key, assumed.uid, [], ctx.now);
  return [
    ...forgetAssumed(ctx, key, assumed),
    { type: 'enqueue', key: moveKey('AssignedPodDelete') },
    ...updatePodCondition(pod, 'SchedulerError', message, ctx.now),
  ];
}

// ---------------------------------------------------------------- scheduleOne

/**
 * One pod's turn: the end of its binding cycle if it is assumed (PreBind's poll, or a binding
 * that failed), else a scheduling cycle if the queue lets it be popped now.
 */
export function scheduleOne(view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  const effects: Effect[] = [];
  const queue = new SchedulingQueue(ctx, effects);
  const pod = view.getByKey('Pod', key);
  const assumed = ctx.memory<Assumed>(`assumed/${key}`);
  if (assumed !== undefined) {
    const same = pod !== undefined && pod.metadata.uid === assumed.uid && !pod.spec.nodeName;
    if (same && pod.metadata.deletionTimestamp === undefined) {
      if (assumed.volumesSince === undefined) {
        // The binding is still on its way; with nothing in flight it was refused.
        if (ctx.inFlight() > 0) return [];
        const error = ctx.failures()[0]?.message ?? 'binding failed';
        effects.push(...bindingCycleError(ctx, queue, key, pod, assumed, error));
        queue.commit(ctx.now);
        return effects;
      }
      // PreBind: BindPodVolumes' API updates fail it at once; then it polls every second
      // (checkBindings) until the claims are bound, then Bind.
      const refused = ctx.failures()[0];
      const checked = refused !== undefined || ctx.inFlight() > 0 ? false : checkBindings(view, ctx, pod, key);
      if (checked === true) {
        const { volumesSince: _v, ...rest } = assumed;
        return [{ type: 'remember', key: `assumed/${key}`, value: rest }, bind(pod, assumed.node)];
      }
      let error: string | undefined;
      if (refused !== undefined) error = refused.message;
      else if (typeof checked === 'string') error = `binding volumes: ${checked}`;
      else if (ctx.now >= assumed.volumesSince + BIND_TIMEOUT) error = 'binding volumes: context deadline exceeded';
      if (error === undefined) return [{ type: 'requeueAfter', after: BIND_POLL_INTERVAL }];
      const message = `running PreBind plugin "VolumeBinding": ${error}`;
      effects.push(
        recordEvent(pod, 'Warning', 'FailedScheduling', message),
        ...bindingCycleError(ctx, queue, key, pod, assumed, message),
      );
      queue.commit(ctx.now);
      return effects;
    }
    effects.push(...forgetAssumed(ctx, key, assumed));
    // handleAssumedPodDeletion: unless the pod was bound, the room it held is free again.
    if (!(pod?.metadata.uid === assumed.uid && pod.spec.nodeName)) {
      effects.push({ type: 'enqueue', key: moveKey('AssignedPodDelete') });
    }
  }
  if (!isPending(pod)) {
    queue.forget(key);
    queue.commit(ctx.now);
    return effects;
  }
  const info = queue.get(key, pod.metadata.uid);
  if (info !== undefined && info.queue !== 'active' && isPodBackingoff(info, ctx.now)) {
    // Woken early (by its own update): an update may make it schedulable, but not sooner
    // than its backoff allows (Update → isPodWorthRequeuing → queueAfterBackoff).
    queue.requeue(key, info, 'afterBackoff', ctx.now);
  } else {
    effects.push(...schedulingCycle(view, key, pod, ctx, queue));
  }
  queue.commit(ctx.now);
  return effects;
}

/** schedulingCycle: PreFilter, Filter, Score, then assume and start the binding cycle, or handle the failure. */
function schedulingCycle(view: ClusterView, key: string, pod: Pod, ctx: ReconcileContext, queue: SchedulingQueue): Effect[] {
  const effects: Effect[] = [];
  const uid = pod.metadata.uid as string;
  const info = queue.get(key, uid);
  const request = podRequests(pod.spec);
  const start = ctx.memory<string>('nextStartNode') ?? '';
  const changed = new Map<string, AssumedOnNode>();
  const volumes = volumeBindingPreFilter(view, pod);
  const { feasible, failures, total, next } =
    volumes.message === undefined
      ? findFeasible(view, pod, request, ctx, start, volumes.claims, changed, preFilterNodeNames(pod))
      : { feasible: [], failures: [], total: view.count('Node'), next: start };
  if (next !== start) effects.push({ type: 'remember', key: 'nextStartNode', value: next || undefined });
  if (feasible.length === 0) {
    commitAssumed(ctx, changed, effects);
    // ErrNoNodesAvailable has no rejecting plugin: it backs off like an error.
    const plugins: Plugin[] =
      total === 0 ? [] : volumes.message !== undefined ? ['VolumeBinding'] : [...new Set(failures.map((f) => f.plugin))].sort();
    const message =
      total === 0
        ? 'no nodes available to schedule pods'
        : volumes.message !== undefined
          ? preFilterErrorMessage(total, volumes.message)
          : fitErrorMessage(total, failures);
    queue.addUnschedulableIfNotPresent(key, uid, plugins, ctx.now);
    effects.push(recordEvent(pod, 'Warning', 'FailedScheduling', message));
    effects.push(...updatePodCondition(pod, 'Unschedulable', message, ctx.now));
    return effects;
  }
  let chosen = feasible[0] as Candidate;
  if (feasible.length > 1) {
    const scores = scoreNodes(pod, feasible, request);
    const best = Math.max(...scores);
    const top = feasible.filter((_, i) => scores[i] === best);
    // selectHost: a uniform choice among the best-scored nodes, from a stream of this pod's.
    const attempts = (info?.unschedulableCount ?? 0) + (info?.consecutiveErrorsCount ?? 0);
    chosen = top[ctx.random(`select/${uid}/${attempts}`).int(top.length)] as Candidate;
  }
  const nodeName = chosen.node.metadata.name as string;
  queue.forget(key);
  // Claims waiting for their first consumer: bind (or provision) them, then the pod (PreBind).
  if (volumes.claims !== undefined && volumes.claims.delayed.length > 0) {
    effects.push(
      ...assume(view, ctx, key, { uid, node: nodeName, request, volumesSince: ctx.now }, changed),
      ...bindPodVolumes(view, ctx, key, volumes.claims, chosen.node),
      { type: 'requeueAfter', after: BIND_POLL_INTERVAL },
    );
    commitAssumed(ctx, changed, effects);
    return effects;
  }
  effects.push(...assume(view, ctx, key, { uid, node: nodeName, request }, changed), bind(pod, nodeName));
  commitAssumed(ctx, changed, effects);
  return effects;
}
