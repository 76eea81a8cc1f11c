import { deploymentutil } from '@kubesim/controllers';
import type { ClusterView, Deployment, ReplicaSet, SimEvent } from '@kubesim/core';
import { deploymentReplicaSets } from '../../printers/describe/deployment.js';
import { describePodTemplate, PrefixWriter } from '../../printers/describe/index.js';
import { failed, type KubectlOutcome, printed, wrote } from '../outcome.js';
import { resourceName } from '../resources.js';
import { historyTable } from './history.js';

/**
 * `kubectl rollout` for Deployments, as kubectl's polymorphichelpers implement it: undo is
 * computed on the client (the template of an older ReplicaSet patched back in), status reads
 * the deployment's status, pause/resume/restart patch the spec.
 */
const u = deploymentutil;

function ref(name: string, namespace: string): { kind: 'Deployment'; namespace: string; name: string } {
  return { kind: 'Deployment', namespace, name };
}

function notFound(name: string): KubectlOutcome {
  return failed(`Error from server (NotFound): deployments.apps ${JSON.stringify(name)} not found`);
}

/** The sets the deployment controls (GetAllReplicaSets), and which of them is new. */
function replicaSetsOf(view: ClusterView, d: Deployment): { all: ReplicaSet[]; newRS: ReplicaSet | undefined } {
  const { old, new: newRS } = deploymentReplicaSets(view, d);
  return { all: newRS === undefined ? old : [...old, newRS], newRS };
}

/** `kubectl rollout undo [--to-revision=N]` (DeploymentRollbacker). */
export function rolloutUndo(view: ClusterView, name: string, namespace = 'default', toRevision = 0): KubectlOutcome {
  const d = view.get('Deployment', namespace, name);
  if (d === undefined) return notFound(name);
  if (toRevision < 0) return failed(`unable to find specified revision ${toRevision} in history`);
  if (d.spec.paused) {
    return failed(
      `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${name}' and try again`,
    );
  }
  const { all, newRS } = replicaSetsOf(view, d);
  const old = all.filter((rs) => rs !== newRS);
  let target: ReplicaSet | undefined;
  if (toRevision > 0) {
    // deploymentRevision searches every set, the current one too (then the rollback is skipped).
    target = all.find((rs) => u.revision(rs) === toRevision);
    if (target === undefined) return failed(`unable to find specified revision ${toRevision} in history`);
  } else {
    // The previous revision: the highest among the old sets.
    for (const rs of old) if (target === undefined || (u.revision(rs) ?? 0) > (u.revision(target) ?? 0)) target = rs;
    if (target === undefined) return failed(`no rollout history found for deployment ${JSON.stringify(name)}`);
  }
  if (u.equalIgnoreHash(target.spec.template, d.spec.template)) {
    // kubectl prints the revision asked for: 0 when --to-revision was not given.
    return printed(
      `${resourceName('Deployment', name)} skipped rollback (current template already matches revision ${toRevision})\n`,
    );
  }
  const labels = { ...(target.spec.template.metadata?.labels ?? {}) };
  delete labels[u.POD_TEMPLATE_HASH_LABEL];
  const template = { ...target.spec.template, metadata: { ...(target.spec.template.metadata ?? {}), labels } };
  // The deployment keeps its own values of the skipped keys; every other annotation comes from the set.
  const annotations: Record<string, string> = {};
  for (const k of u.ANNOTATIONS_TO_SKIP) {
    const v = d.metadata.annotations?.[k];
    if (v !== undefined) annotations[k] = v;
  }
  for (const [k, v] of Object.entries(target.metadata.annotations ?? {})) if (!u.ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  const write: SimEvent = {
    type: 'Patch',
    ref: ref(name, namespace),
    patchType: 'json',
    patch: [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ],
  };
  return wrote(`${resourceName('Deployment', name)} rolled back\n`, write);
}

/** `kubectl rollout status` for one look (without --watch): the message, and whether it is done. */
export function rolloutStatus(
  view: ClusterView,
  name: string,
  namespace = 'default',
  revision = 0,
): KubectlOutcome & { done: boolean } {
  const d = view.get('Deployment', namespace, name);
  if (d === undefined) return { ...notFound(name), done: true };
  if (revision > 0) {
    // DeploymentStatusViewer: a pinned revision must be the one running.
    const running = u.revision(d) ?? 0;
    if (running !== revision) {
      return { ...failed(`desired revision (${revision}) is different from the running revision (${running})`), done: true };
    }
  }
  const s = d.status ?? {};
  const waiting = (m: string): KubectlOutcome & { done: boolean } => ({
    ...printed(`Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${m}\n`),
    done: false,
  });
  if ((d.metadata.generation ?? 0) <= (s.observedGeneration ?? 0)) {
    if (u.getDeploymentCondition(s, 'Progressing')?.reason === u.Reason.TimedOut) {
      return { ...failed(`deployment ${JSON.stringify(name)} exceeded its progress deadline`), done: true };
    }
    const replicas = u.replicasOf(d);
    const updated = s.updatedReplicas ?? 0;
    if (updated < replicas) return waiting(`${updated} out of ${replicas} new replicas have been updated...`);
    if ((s.replicas ?? 0) > updated) return waiting(`${(s.replicas ?? 0) - updated} old replicas are pending termination...`);
    if ((s.availableReplicas ?? 0) < updated)
      return waiting(`${s.availableReplicas ?? 0} of ${updated} updated replicas are available...`);
    return { ...printed(`deployment ${JSON.stringify(name)} successfully rolled out\n`), done: true };
  }
  return { ...printed('Waiting for deployment spec update to be observed...\n'), done: false };
}

/**
 * `kubectl rollout history`: the revisions and their change causes; with a revision, that
 * revision's pod template (DescribePodTemplate on a plain buffer, so its tabs stay).
 */
export function rolloutHistory(view: ClusterView, name: string, namespace = 'default', revision = 0): KubectlOutcome {
  const d = view.get('Deployment', namespace, name);
  if (d === undefined) return notFound(name);
  const { all } = replicaSetsOf(view, d);
  const byRevision = new Map<number, ReplicaSet>();
  for (const rs of all) {
    const v = u.revision(rs);
    if (v !== undefined && v > 0) byRevision.set(v, rs);
  }
  if (revision > 0) {
    const rs = byRevision.get(revision);
    if (rs === undefined) return failed('unable to find the specified revision');
    const changeCause = rs.metadata.annotations?.[u.CHANGE_CAUSE_ANNOTATION];
    const annotations = {
      ...(rs.spec.template.metadata?.annotations ?? {}),
      ...(changeCause ? { [u.CHANGE_CAUSE_ANNOTATION]: changeCause } : {}),
    };
    const template = { ...rs.spec.template, metadata: { ...(rs.spec.template.metadata ?? {}), annotations } };
    const w = new PrefixWriter();
    describePodTemplate(template, w);
    return printed(`${resourceName('Deployment', name)} with revision #${revision}\n${w.raw()}\n`);
  }
  const rows = [...byRevision.keys()]
    .sort((a, b) => a - b)
    .map((r) => ({ revision: r, changeCause: byRevision.get(r)?.metadata.annotations?.[u.CHANGE_CAUSE_ANNOTATION] }));
  return printed(historyTable(resourceName('Deployment', name), rows));
}

function patchSpec(name: string, namespace: string, patch: unknown): SimEvent {
  return { type: 'Patch', ref: ref(name, namespace), patchType: 'strategic', patch };
}

/** `kubectl rollout pause`. */
export function rolloutPause(view: ClusterView, name: string, namespace = 'default'): KubectlOutcome {
  const d = view.get('Deployment', namespace, name);
  if (d === undefined) return notFound(name);
  if (d.spec.paused) return failed(`deployments.apps ${JSON.stringify(name)} is already paused`);
  return wrote(`${resourceName('Deployment', name)} paused\n`, patchSpec(name, namespace, { spec: { paused: true } }));
}

/** `kubectl rollout resume`. */
export function rolloutResume(view: ClusterView, name: string, namespace = 'default'): KubectlOutcome {
  const d = view.get('Deployment', namespace, name);
  if (d === undefined) return notFound(name);
  if (!d.spec.paused) return failed(`deployments.apps ${JSON.stringify(name)} is not paused`);
  return wrote(`${resourceName('Deployment', name)} resumed\n`, patchSpec(name, namespace, { spec: { paused: null } }));
}
