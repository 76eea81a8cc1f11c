import { type ClusterView, type Effect, isPodActive, type Millis, type Pod, type ReconcileContext } from '@kubesim/core';
import { getPodsToDelete } from '../controllerutils/activePods.js';
import { controllerOf, newControllerRef } from '../controllerutils/controllerRef.js';
import { podFromTemplate } from '../controllerutils/podTemplate.js';
import { BURST_REPLICAS, SLOW_START_INITIAL_BATCH_SIZE } from '../controllerutils/slowStart.js';
import { refOf } from '../util/effects.js';
import type { ManageError } from './status.js';
import type { Replicated } from './workload.js';

/**
 * manageReplicas (replica_set.go): create the missing pods or delete the surplus. Upstream
 * creates in slow-start batches within one sync, each batch after the previous one's calls
 * returned. Here a sync issues one batch; when its pods have landed the next reconcile (the
 * same "sync", continued) issues the next, twice as large, until the sync's share — at most
 * BurstReplicas — is done. A failed batch ends the sync; the next one starts again at 1.
 */
export interface SlowStart {
  readonly uid: string;
  /** Creations left in this sync. */
  readonly remaining: number;
  /** The size of the next batch. */
  readonly next: number;
  /** How many pods the controller should see once the last batch has landed. */
  readonly expect: number;
}

export interface Managed {
  readonly effects: Effect[];
  readonly slowStart: SlowStart | undefined;
}

/** The pods of every ReplicaSet that shares this one's controller (a Deployment's), for ranking. */
function relatedPods(view: ClusterView, rs: Replicated): Pod[] {
  const owner = controllerOf(rs.object);
  if (owner === undefined) return [];
  const out: Pod[] = [];
  for (const sibling of view.dependentsOf(owner.uid, rs.kind)) {
    if (controllerOf(sibling)?.uid !== owner.uid) continue;
    for (const pod of view.dependentsOf(sibling.metadata.uid as string, 'Pod')) {
      if (controllerOf(pod)?.uid === sibling.metadata.uid && isPodActive(pod)) out.push(pod);
    }
  }
  return out;
}

export function manageReplicas(
  view: ClusterView,
  rs: Replicated,
  pods: readonly Pod[],
  ctx: ReconcileContext,
  previous: SlowStart | undefined,
): Managed {
  const uid = rs.object.metadata.uid as string;
  const diff = pods.length - rs.replicas;
  const involved = {
    kind: rs.kind,
    namespace: rs.object.metadata.namespace as string,
    name: rs.object.metadata.name as string,
    uid,
  };
  if (diff < 0) {
    if (rs.template === undefined) return { effects: [], slowStart: undefined };
    // Continue this sync's slow start if its last batch landed in full; else start afresh.
    const continuing = previous !== undefined && previous.uid === uid && previous.remaining > 0 && pods.length >= previous.expect;
    const remaining = continuing ? Math.min(previous.remaining, -diff) : Math.min(-diff, BURST_REPLICAS);
    const batch = Math.min(continuing ? previous.next : SLOW_START_INITIAL_BATCH_SIZE, remaining);
    const ref = newControllerRef(rs.object);
    const prefix = `${rs.object.metadata.name}-`;
    const effects: Effect[] = [];
    for (let i = 0; i < batch; i++) {
      const name = ctx.generateName(prefix);
      effects.push({
        type: 'create',
        object: podFromTemplate(rs.template, rs.object, ref, { name }),
        report: {
          involved,
          success: { eventType: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${name}` },
          failure: { eventType: 'Warning', reason: 'FailedCreate', message: 'Error creating: ' },
        },
      });
    }
    const left = remaining - batch;
    return {
      effects,
      slowStart: left > 0 ? { uid, remaining: left, next: batch * 2, expect: pods.length + batch } : undefined,
    };
  }
  if (diff > 0) {
    const n = Math.min(diff, BURST_REPLICAS);
    const victims = getPodsToDelete(pods, relatedPods(view, rs), n, ctx.now);
    const effects: Effect[] = victims.map((pod) => ({
      type: 'delete',
      ref: refOf(pod),
      uid: pod.metadata.uid as string,
      report: {
        involved,
        success: { eventType: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}` },
        failure: { eventType: 'Warning', reason: 'FailedDelete', message: 'Error deleting: ' },
      },
    }));
    return { effects, slowStart: undefined };
  }
  return { effects: [], slowStart: undefined };
}

/**
 * What manageReplicas' calls ran into since the last sync, if any: creations that failed
 * give FailedCreate, deletions FailedDelete (a pod already gone is not an error).
 */
export function manageError(failures: ReturnType<ReconcileContext['failures']>, diff: number): ManageError | undefined {
  const real = failures.filter((f) => f.reason !== 'NotFound');
  const first = real[0];
  if (first === undefined) return undefined;
  return { reason: diff > 0 ? 'FailedDelete' : 'FailedCreate', message: first.message };
}

/** When the next pod turns available (Ready for minReadySeconds), plus upstream's extra second. */
export function nextAvailableCheck(rs: Replicated, pods: readonly Pod[], now: Millis): Millis | undefined {
  if (rs.minReadySeconds <= 0) return undefined;
  let next: Millis | undefined;
  for (const pod of pods) {
    const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
    if (ready?.status !== 'True' || ready.lastTransitionTime === undefined) continue;
    const at = ready.lastTransitionTime + rs.minReadySeconds * 1000 + 1000;
    if (at > now && (next === undefined || at < next)) next = at;
  }
  return next;
}
