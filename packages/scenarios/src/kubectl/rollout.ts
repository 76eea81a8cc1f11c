import { controllerOf, deploymentutil } from '@kubesim/controllers';
import { type ClusterView, type Deployment, formatRFC3339, type Millis, type ReplicaSet, type SimEvent } from '@kubesim/core';
import { failed, type KubectlOutcome, printed } from './outcome.js';

/**
 * `kubectl rollout` for Deployments, as kubectl's polymorphichelpers implement it: undo is
 * computed on the client (the template of an older ReplicaSet patched back in), status reads
 * the deployment's status, pause/resume/restart patch the spec.
 */
const u = deploymentutil;

function ref(name: string, namespace: string): { kind: 'Deployment'; namespace: string; name: string } {
  return { kind: 'Deployment', namespace, name };
}

function resourceName(name: string): string {
  return `deployment.apps/${name}`;
}

function notFound(name: string): KubectlOutcome {
  return failed(`deployments.apps ${JSON.stringify(name)} not found`);
}

/** The sets the deployment controls (GetAllReplicaSets), and which of them is new. */
function replicaSetsOf(view: ClusterView, d: Deployment): { all: ReplicaSet[]; newRS: ReplicaSet | undefined } {
  const all = view.list('ReplicaSet', d.metadata.namespace).filter((rs) => controllerOf(rs)?.uid === d.metadata.uid);
  return { all, newRS: u.findNewReplicaSet(d, all) };
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
    target = old.find((rs) => u.revision(rs) === toRevision);
    if (target === undefined) return failed(`unable to find specified revision ${toRevision} in history`);
  } else {
    // The previous revision: the highest among the old sets.
    for (const rs of old) if (target === undefined || (u.revision(rs) ?? 0) > (u.revision(target) ?? 0)) target = rs;
    if (target === undefined) return failed(`no rollout history found for deployment ${JSON.stringify(name)}`);
  }
  if (u.equalIgnoreHash(target.spec.template, d.spec.template)) {
    // kubectl prints the revision asked for: 0 when --to-revision was not given.
    return printed(`${resourceName(name)} skipped rollback (current template already matches revision ${toRevision})\n`);
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
  return printed(`${resourceName(name)} rolled back\n`, [write]);
}

/** `kubectl rollout status` for one look (without --watch): the message, and whether it is done. */
export function rolloutStatus(view: ClusterView, name: string, namespace = 'default'): KubectlOutcome & { done: boolean } {
  const d = view.get('Deployment', namespace, name);
  if (d === undefined) return { ...notFound(name), done: true };
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

/** `kubectl rollout history` (without --revision). */
export function rolloutHistory(view: ClusterView, name: string, namespace = 'default'): KubectlOutcome {
  const d = view.get('Deployment', namespace, name);
  if (d === undefined) return notFound(name);
  const { all } = replicaSetsOf(view, d);
  const byRevision = new Map<number, ReplicaSet>();
  for (const rs of all) {
    const v = u.revision(rs);
    if (v !== undefined && v > 0) byRevision.set(v, rs);
  }
  if (byRevision.size === 0) return printed(`${resourceName(name)} \nNo rollout history found.\n`);
  const rows = [...byRevision.keys()]
    .sort((a, b) => a - b)
    .map((r) => [String(r), byRevision.get(r)?.metadata.annotations?.[u.CHANGE_CAUSE_ANNOTATION] || '<none>']);
  // kubectl's tabbedString: tabwriter padding 2.
  const width = Math.max('REVISION'.length, ...rows.map((r) => r[0]?.length ?? 0)) + 2;
  const lines = [`REVISION${' '.repeat(width - 8)}CHANGE-CAUSE`, ...rows.map(([r, c]) => `${(r ?? '').padEnd(width)}${c}`)];
  return printed(`${resourceName(name)} \n${lines.join('\n')}\n\n`);
}

function patchSpec(name: string, namespace: string, patch: unknown): SimEvent {
  return { type: 'Patch', ref: ref(name, namespace), patchType: 'strategic', patch };
}

/** `kubectl rollout pause`. */
export function rolloutPause(view: ClusterView, name: string, namespace = 'default'): KubectlOutcome {
  const d = view.get('Deployment', namespace, name);
  if (d === undefined) return notFound(name);
  if (d.spec.paused) return failed(`deployments.apps ${JSON.stringify(name)} is already paused`);
  return printed(`${resourceName(name)} paused\n`, [patchSpec(name, namespace, { spec: { paused: true } })]);
}

/** `kubectl rollout resume`. */
export function rolloutResume(view: ClusterView, name: string, namespace = 'default'): KubectlOutcome {
  const d = view.get('Deployment', namespace, name);
  if (d === undefined) return notFound(name);
  if (!d.spec.paused) return failed(`deployments.apps ${JSON.stringify(name)} is not paused`);
  return printed(`${resourceName(name)} resumed\n`, [patchSpec(name, namespace, { spec: { paused: null } })]);
}

/** `kubectl rollout restart`: the restartedAt annotation on the pod template, a template change. */
export function rolloutRestart(view: ClusterView, name: string, namespace = 'default', now: Millis = 0): KubectlOutcome {
  const d = view.get('Deployment', namespace, name);
  if (d === undefined) return notFound(name);
  if (d.spec.paused)
    return failed(`deployments.apps ${JSON.stringify(name)} can't restart paused deployment (run rollout resume first)`);
  const patch = {
    spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': formatRFC3339(now) } } } },
  };
  return printed(`${resourceName(name)} restarted\n`, [patchSpec(name, namespace, patch)]);
}

/** `kubectl set image deployment/NAME CONTAINER=IMAGE`. */
export function setImage(
  view: ClusterView,
  name: string,
  images: Readonly<Record<string, string>>,
  namespace = 'default',
): KubectlOutcome {
  const d = view.get('Deployment', namespace, name);
  if (d === undefined) return notFound(name);
  const containers = d.spec.template.spec.containers;
  for (const c of Object.keys(images)) {
    if (c !== '*' && !containers.some((x) => x.name === c)) return failed(`unable to find container named ${JSON.stringify(c)}`);
  }
  const changed = containers.filter((c) => (images[c.name] ?? images['*']) !== undefined);
  const patch = {
    spec: { template: { spec: { containers: changed.map((c) => ({ name: c.name, image: images[c.name] ?? images['*'] })) } } },
  };
  return printed(`${resourceName(name)} image updated\n`, [patchSpec(name, namespace, patch)]);
}
