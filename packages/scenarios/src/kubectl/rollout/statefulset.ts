import { controllerOf, deploymentutil } from '@kubesim/controllers';
import { applyPatch, type ClusterView, type ControllerRevision, deepEqual, type SimEvent, type StatefulSet } from '@kubesim/core';
import { describePodTemplate, PrefixWriter } from '../../printers/describe/index.js';
import { failed, type KubectlOutcome, printed, wrote } from '../outcome.js';
import { historyTable } from './history.js';

/**
 * `kubectl rollout status|history|undo` for StatefulSets (polymorphichelpers): the history is
 * the set's ControllerRevisions, each holding the strategic-merge patch that restores its
 * pod template; undo sends that patch.
 */
function notFound(name: string): KubectlOutcome {
  return failed(`Error from server (NotFound): statefulsets.apps ${JSON.stringify(name)} not found`);
}

function revisionsOf(view: ClusterView, sts: StatefulSet): ControllerRevision[] {
  const uid = sts.metadata.uid as string;
  return view
    .dependentsOf(uid, 'ControllerRevision')
    .filter((cr) => controllerOf(cr)?.uid === uid)
    .sort((a, b) => a.revision - b.revision);
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

export function statefulSetHistory(view: ClusterView, name: string, namespace = 'default', revision = 0): KubectlOutcome {
  const sts = view.get('StatefulSet', namespace, name);
  if (sts === undefined) return notFound(name);
  if (revision > 0) {
    // The set as that revision would make it: its stored patch applied (applyStatefulSetHistory).
    const cr = revisionsOf(view, sts).find((r) => r.revision === revision);
    if (cr === undefined) return failed(`unable to find the specified revision`);
    const restored = applyPatch(sts, 'strategic', cr.data) as StatefulSet;
    const w = new PrefixWriter();
    describePodTemplate(restored.spec.template, w);
    return printed(`statefulset.apps/${name} with revision #${revision}\n${w.raw()}\n`);
  }
  const rows = revisionsOf(view, sts).map((cr) => ({
    revision: cr.revision,
    changeCause: cr.metadata.annotations?.[deploymentutil.CHANGE_CAUSE_ANNOTATION],
  }));
  return printed(historyTable(`statefulset.apps/${name}`, rows));
}

/** The patch a revision stores for a set (the controller's getPatch): its template, replaced whole. */
function templatePatch(sts: StatefulSet): unknown {
  return { spec: { template: { ...sts.spec.template, $patch: 'replace' } } };
}

/** StatefulSetRollbacker.Rollback. */
export function statefulSetUndo(view: ClusterView, name: string, namespace = 'default', toRevision = 0): KubectlOutcome {
  const sts = view.get('StatefulSet', namespace, name);
  if (sts === undefined) return notFound(name);
  if (toRevision < 0) return failed(`unable to find specified revision ${toRevision} in history`);
  const history = revisionsOf(view, sts);
  if (toRevision === 0 && history.length <= 1) return failed('no last revision to roll back to');
  // The previous revision is the second highest; otherwise the one asked for.
  const target = toRevision === 0 ? history[history.length - 2] : history.find((cr) => cr.revision === toRevision);
  if (target === undefined) return failed(`unable to find specified revision ${toRevision} in history`);
  if (deepEqual(templatePatch(sts), target.data)) {
    return printed(`statefulset.apps/${name} skipped rollback (current template already matches revision ${toRevision})\n`);
  }
  const write: SimEvent = {
    type: 'Patch',
    ref: { kind: 'StatefulSet', namespace, name },
    patchType: 'strategic',
    patch: target.data,
  };
  return wrote(`statefulset.apps/${name} rolled back\n`, write);
}
