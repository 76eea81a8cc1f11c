import { deploymentutil } from '@kubesim/controllers';
import {
  applyPatch,
  type ClusterView,
  type ControllerRevision,
  controllerOf,
  type DaemonSet,
  deepEqual,
  type SimEvent,
  type StatefulSet,
} from '@kubesim/core';
import { describePodTemplate, PrefixWriter } from '../../printers/describe/index.js';
import { failed, type KubectlOutcome, printed, wrote } from '../outcome.js';
import { groupResource } from '../resources.js';
import { historyTable } from './history.js';

/**
 * `kubectl rollout history|undo` for the kinds whose history is ControllerRevisions
 * (polymorphichelpers' StatefulSetHistoryViewer/DaemonSetHistoryViewer and their
 * Rollbackers): each revision holds the strategic-merge patch that restores the pod template;
 * undo sends that patch.
 */
export type RevisionedKind = 'StatefulSet' | 'DaemonSet';

function notFound(kind: RevisionedKind, name: string): KubectlOutcome {
  return failed(`Error from server (NotFound): ${groupResource(kind)} ${JSON.stringify(name)} not found`);
}

function revisionsOf(view: ClusterView, obj: StatefulSet | DaemonSet): ControllerRevision[] {
  const uid = obj.metadata.uid as string;
  return view
    .dependentsOf(uid, 'ControllerRevision')
    .filter((cr) => controllerOf(cr)?.uid === uid)
    .sort((a, b) => a.revision - b.revision);
}

/** The patch a revision stores (the controllers' getPatch): the template, replaced whole. */
function templatePatch(obj: StatefulSet | DaemonSet): unknown {
  return { spec: { template: { ...obj.spec.template, $patch: 'replace' } } };
}

/** `kubectl rollout history` of a Deployment, DaemonSet or StatefulSet: the revisions, or one revision's template with --revision. */
export function revisionHistory(
  view: ClusterView,
  kind: RevisionedKind,
  name: string,
  namespace = 'default',
  revision = 0,
): KubectlOutcome {
  const obj = view.get(kind, namespace, name);
  if (obj === undefined) return notFound(kind, name);
  const resource = `${kind.toLowerCase()}.apps/${name}`;
  if (revision > 0) {
    // The object as that revision would make it: its stored patch applied (apply<Kind>History).
    const cr = revisionsOf(view, obj).find((r) => r.revision === revision);
    if (cr === undefined) return failed(`unable to find the specified revision`);
    const restored = applyPatch(obj, 'strategic', cr.data) as StatefulSet | DaemonSet;
    const w = new PrefixWriter();
    describePodTemplate(restored.spec.template, w);
    return printed(`${resource} with revision #${revision}\n${w.raw()}\n`);
  }
  const rows = revisionsOf(view, obj).map((cr) => ({
    revision: cr.revision,
    changeCause: cr.metadata.annotations?.[deploymentutil.CHANGE_CAUSE_ANNOTATION],
  }));
  return printed(historyTable(resource, rows));
}

/** <Kind>Rollbacker.Rollback: the previous revision (the second highest), or the one asked for. */
export function revisionUndo(
  view: ClusterView,
  kind: RevisionedKind,
  name: string,
  namespace = 'default',
  toRevision = 0,
): KubectlOutcome {
  const obj = view.get(kind, namespace, name);
  if (obj === undefined) return notFound(kind, name);
  if (toRevision < 0) return failed(`unable to find specified revision ${toRevision} in history`);
  const history = revisionsOf(view, obj);
  if (toRevision === 0 && history.length <= 1) return failed('no last revision to roll back to');
  const target = toRevision === 0 ? history[history.length - 2] : history.find((cr) => cr.revision === toRevision);
  if (target === undefined) return failed(`unable to find specified revision ${toRevision} in history`);
  const resource = `${kind.toLowerCase()}.apps/${name}`;
  if (deepEqual(templatePatch(obj), target.data)) {
    return printed(`${resource} skipped rollback (current template already matches revision ${toRevision})\n`);
  }
  const write: SimEvent = { type: 'Patch', ref: { kind, namespace, name }, patchType: 'strategic', patch: target.data };
  return wrote(`${resource} rolled back\n`, write);
}
