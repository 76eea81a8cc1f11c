import type { ClusterView } from '@kubesim/core';
import { failed, type KubectlOutcome, printed } from '../outcome.js';
import { revisionHistory, revisionUndo } from './revisions.js';

/**
 * `kubectl rollout status|history|undo` for StatefulSets (polymorphichelpers): the history is
 * the set's ControllerRevisions (revisions.ts).
 */
function notFound(name: string): KubectlOutcome {
  return failed(`Error from server (NotFound): statefulsets.apps ${JSON.stringify(name)} not found`);
}

/** StatefulSetStatusViewer.Status. */
export function statefulSetStatus(view: ClusterView, name: string, namespace = 'default'): KubectlOutcome & { done: boolean } {
  const sts = view.get('StatefulSet', namespace, name);
  if (sts === undefined) return { ...notFound(name), done: true };
  const waiting = (m: string): KubectlOutcome & { done: boolean } => ({ ...printed(m), done: false });
  if (sts.spec.updateStrategy?.type !== 'RollingUpdate') {
    return { ...failed('rollout status is only available for RollingUpdate strategy type'), done: true };
  }
  const s = sts.status;
  if ((s?.observedGeneration ?? 0) === 0 || (sts.metadata.generation ?? 0) > (s?.observedGeneration ?? 0)) {
    return waiting('Waiting for statefulset spec update to be observed...\n');
  }
  const replicas = sts.spec.replicas ?? 1;
  const ready = s?.readyReplicas ?? 0;
  if (ready < replicas) return waiting(`Waiting for ${replicas - ready} pods to be ready...\n`);
  const updated = s?.updatedReplicas ?? 0;
  const partition = sts.spec.updateStrategy.rollingUpdate?.partition;
  if (partition !== undefined) {
    if (updated < replicas - partition) {
      return waiting(
        `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...\n`,
      );
    }
    return { ...printed(`partitioned roll out complete: ${updated} new pods have been updated...\n`), done: true };
  }
  if (s?.updateRevision !== s?.currentRevision) {
    return waiting(`waiting for statefulset rolling update to complete ${updated} pods at revision ${s?.updateRevision}...\n`);
  }
  return {
    ...printed(`statefulset rolling update complete ${s?.currentReplicas ?? 0} pods at revision ${s?.currentRevision}...\n`),
    done: true,
  };
}

/** `kubectl rollout history statefulset/NAME`. */
export function statefulSetHistory(view: ClusterView, name: string, namespace = 'default', revision = 0): KubectlOutcome {
  return revisionHistory(view, 'StatefulSet', name, namespace, revision);
}

/** StatefulSetRollbacker.Rollback. */
export function statefulSetUndo(view: ClusterView, name: string, namespace = 'default', toRevision = 0): KubectlOutcome {
  return revisionUndo(view, 'StatefulSet', name, namespace, toRevision);
}
