import {
  type Change,
  type ClusterView,
  type Controller,
  type Deployment,
  type Effect,
  labelSelectorAsSelector,
  type Pod,
  type ReconcileContext,
  type ReplicaSet,
} from '@kubesim/core';
import { claimObjects } from '../controllerutils/claim.js';
import { controllerOf } from '../controllerutils/controllerRef.js';
import { DeploymentSync } from './context.js';
import { rolloutRecreate } from './recreate.js';
import { getRollbackTo, rollback } from './rollback.js';
import { rolloutRolling } from './rolling.js';
import { getAllReplicaSetsAndSyncRevision, isScalingEvent, sync, syncDeploymentStatus } from './sync.js';
import { getDeploymentCondition, hasProgressDeadline, newDeploymentCondition, Reason, setDeploymentCondition } from './util.js';

/**
 * The Deployment controller (pkg/controller/deployment/deployment_controller.go):
 * syncDeployment claims the deployment's ReplicaSets and dispatches, in upstream's order,
 * delete → pause → rollback → scale → rollout (RollingUpdate or Recreate).
 */
export const DEPLOYMENT_CONTROLLER = 'deployment-controller';

function keyOf(obj: { metadata: { namespace?: string; name?: string } }, name = obj.metadata.name): string {
  return `${obj.metadata.namespace}/${name}`;
}

/** A set's owner (and former owner); for an orphan, every deployment that would adopt it. */
function replicaSetKeys(change: Change, view: ClusterView): Iterable<string> {
  const keys = new Set<string>();
  const before = change.old as ReplicaSet | undefined;
  const after = change.new as ReplicaSet | undefined;
  for (const rs of [before, after]) {
    const ref = controllerOf(rs);
    if (ref?.kind === 'Deployment' && rs !== undefined) keys.add(keyOf(rs, ref.name));
  }
  if (after !== undefined && controllerOf(after) === undefined && after.metadata.deletionTimestamp === undefined) {
    view.forEach('Deployment', after.metadata.namespace, (d) => {
      const selector = labelSelectorAsSelector(d.spec.selector);
      if (!selector.isEmpty && selector.matches(after.metadata.labels)) keys.add(keyOf(d));
      return true;
    });
  }
  return keys;
}

/** Only pod deletions, and only for Recreate: the last old pod gone lets the new set start. */
function podKeys(change: Change, view: ClusterView): Iterable<string> {
  if (change.new !== undefined) return [];
  const pod = change.old as Pod;
  const rsRef = controllerOf(pod);
  if (rsRef?.kind !== 'ReplicaSet') return [];
  const rs = view.get('ReplicaSet', pod.metadata.namespace, rsRef.name);
  const dRef = controllerOf(rs);
  if (rs === undefined || dRef?.kind !== 'Deployment') return [];
  const d = view.get('Deployment', rs.metadata.namespace, dRef.name);
  return d?.spec.strategy?.type === 'Recreate' ? [keyOf(d)] : [];
}

/** getReplicaSetsForDeployment: the owned sets the selector matches, adopting orphans, releasing strays. */
function claimReplicaSets(view: ClusterView, d: Deployment): { sets: ReplicaSet[]; patches: Effect[] } {
  const selector = labelSelectorAsSelector(d.spec.selector);
  const candidates = view.list('ReplicaSet', d.metadata.namespace).filter((rs) => {
    const ref = controllerOf(rs);
    return ref === undefined || ref.uid === d.metadata.uid;
  });
  const { claimed, patches } = claimObjects(d, selector, candidates);
  return { sets: claimed, patches };
}

/** The pods of each claimed set, by set uid, finished and terminating ones included. */
function podMapOf(view: ClusterView, d: Deployment, sets: readonly ReplicaSet[]): Map<string, Pod[]> {
  const selector = labelSelectorAsSelector(d.spec.selector);
  const map = new Map<string, Pod[]>();
  for (const rs of sets) {
    const uid = rs.metadata.uid as string;
    map.set(
      uid,
      view.dependentsOf(uid, 'Pod').filter((p) => controllerOf(p)?.uid === uid && selector.matches(p.metadata.labels)),
    );
  }
  return map;
}

/** checkPausedConditions: Progressing=Unknown with DeploymentPaused / DeploymentResumed. */
function checkPausedConditions(s: DeploymentSync): void {
  const d = s.d;
  if (!hasProgressDeadline(d)) return;
  const cond = getDeploymentCondition(d.status, 'Progressing');
  if (cond?.reason === Reason.TimedOut) return;
  const pausedCondExists = cond?.reason === Reason.Paused;
  if (d.spec.paused && !pausedCondExists) {
    s.d = {
      ...d,
      status: setDeploymentCondition(
        d.status ?? {},
        newDeploymentCondition('Progressing', 'Unknown', Reason.Paused, 'Deployment is paused', s.now),
      ),
    };
  } else if (!d.spec.paused && pausedCondExists) {
    s.d = {
      ...d,
      status: setDeploymentCondition(
        d.status ?? {},
        newDeploymentCondition('Progressing', 'Unknown', Reason.Resumed, 'Deployment is resumed', s.now),
      ),
    };
  }
}

function syncDeployment(view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  const d = view.getByKey('Deployment', key);
  if (d === undefined) return [];
  // No expectations: like upstream's, the sync acts on what its informers show.
  const s = new DeploymentSync(view, ctx, d);
  const selector = labelSelectorAsSelector(d.spec.selector);
  if (selector.isEmpty) {
    s.event('Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
    if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
      s.d = { ...d, status: { ...(d.status ?? {}), observedGeneration: d.metadata.generation as number } };
    }
    return s.effects();
  }
  const { sets, patches } = claimReplicaSets(view, d);
  // Adoption and release first; the sync carries on when they have landed.
  if (patches.length > 0) return patches;
  if (d.metadata.deletionTimestamp !== undefined) {
    const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, sets, false);
    syncDeploymentStatus(s, newRS === undefined ? oldRSs : [...oldRSs, newRS], newRS);
    return s.effects();
  }
  checkPausedConditions(s);
  if (d.spec.paused) sync(s, sets);
  else if (getRollbackTo(d) !== undefined) rollback(s, sets);
  else if (isScalingEvent(d, sets)) sync(s, sets);
  else if (d.spec.strategy?.type === 'Recreate') rolloutRecreate(s, sets, podMapOf(view, d, sets));
  else rolloutRolling(s, sets);
  return s.effects();
}

/** The Deployment controller (5 workers): rollouts through ReplicaSets. */
export function deploymentController(): Controller {
  return {
    name: 'deployment',
    component: DEPLOYMENT_CONTROLLER,
    watches: [{ kind: 'Deployment' }, { kind: 'ReplicaSet', keys: replicaSetKeys }, { kind: 'Pod', keys: podKeys }],
    reconcile: syncDeployment,
    // --concurrent-deployment-syncs
    runtime: { process: 'kube-controller-manager', workers: 5 },
  };
}
