import { type ClusterView, type Effect, isPodActive, type Millis, type Pod, type ReconcileContext } from '@kubesim/core';
import { getPodsToDelete } from '../controllerutils/activePods.js';
import { controllerOf, newControllerRef } from '../controllerutils/controllerRef.js';
import { podFromTemplate } from '../controllerutils/podTemplate.js';
import { BURST_REPLICAS, SLOW_START_INITIAL_BATCH_SIZE, slowStartBatches } from '../controllerutils/slowStart.js';
import { refOf } from '../util/effects.js';
import type { ManageError } from './status.js';
import type { Replicated } from './workload.js';

/**
 * manageReplicas (replica_set.go): create the missing pods or delete the surplus, at most
 * BurstReplicas of either in one sync. Creations go out through slowStartBatch: batches of
 * 1, 2, 4, ... (one wave each), every batch once the previous one has returned, none after
 * a batch with a failure; deletions all at once. The sync's worker waits for all of them,
 * and the next sync creates or deletes nothing until its informers have seen every one
 * (the expectations: ctx.inFlight()).
 */
export interface Managed {
  readonly effects: Effect[];
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

export function manageReplicas(view: ClusterView, rs: Replicated, pods: readonly Pod[], ctx: ReconcileContext): Managed {
  const uid = rs.object.metadata.uid as string;
  const diff = pods.length - rs.replicas;
  const involved = {
    kind: rs.kind,
    namespace: rs.object.metadata.namespace as string,
    name: rs.object.metadata.name as string,
    uid,
  };
  if (diff < 0) {
    if (rs.template === undefined) return { effects: [] };
    const ref = newControllerRef(rs.object);
    const prefix = `${rs.object.metadata.name}-`;
    const effects: Effect[] = [];
    let wave = 0;
    for (const batch of slowStartBatches(Math.min(-diff, BURST_REPLICAS), SLOW_START_INITIAL_BATCH_SIZE)) {
      wave++;
      for (let i = 0; i < batch; i++) {
        const name = ctx.generateName(prefix);
        effects.push({
          type: 'create',
          object: podFromTemplate(rs.template, rs.object, ref, { name }),
          wave,
          report: {
            involved,
            success: { eventType: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${name}` },
            failure: { eventType: 'Warning', reason: 'FailedCreate', message: 'Error creating: ' },
          },
        });
      }
    }
    return { effects };
  }
  if (diff > 0) {
    const n = Math.min(diff, BURST_REPLICAS);
    const victims = getPodsToDelete(pods, relatedPods(view, rs), n, ctx.now);
    // Every deletion in its own goroutine: one wave.
    const effects: Effect[] = victims.map((pod) => ({
      type: 'delete',
      ref: refOf(pod),
      uid: pod.metadata.uid as string,
      wave: 1,
      report: {
        involved,
        success: { eventType: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}` },
        failure: { eventType: 'Warning', reason: 'FailedDelete', message: 'Error deleting: ' },
      },
    }));
    return { effects };
  }
  return { effects: [] };
}

/**
 * What manageReplicas' calls ran into since the last sync, if any: creations that failed
 * give FailedCreate, deletions FailedDelete (a pod already gone is not an error).
 */
export function manageError(failures: ReturnType<ReconcileContext['failures']>, diff: number): ManageError | undefined {
  // Only manageReplicas' own calls count: a status update that failed is not a ReplicaFailure.
  const real = failures.filter((f) => f.write === 'Create' || (f.write === 'Delete' && f.reason !== 'NotFound'));
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
