import {
  type ClusterView,
  type Controller,
  type DaemonSet,
  type Effect,
  type Millis,
  type Pod,
  podReadySince,
  type ReconcileContext,
} from '@kubesim/core';
import { claimPods } from '../controllerutils/claim.js';
import { controllerOf } from '../controllerutils/controllerRef.js';
import { DaemonSetSync } from './context.js';
import { daemonSetWatches } from './eventhandlers.js';
import { claimCalls, cleanupHistory, constructHistory } from './history.js';
import { manage } from './manage.js';
import { selectorOf } from './selector.js';
import { updateDaemonSetStatus } from './status.js';
import { rollingUpdate } from './update.js';
import { DAEMONSET_UNIQUE_LABEL_KEY } from './util/daemonset_util.js';

/**
 * The DaemonSet controller (pkg/controller/daemon daemon_controller.go syncDaemonSet): one
 * daemon pod on every node that should run it, placed through the scheduler by a required
 * node affinity on the node's name; rolling updates (update.go) and revision history.
 */
export const DAEMONSET_CONTROLLER = 'daemonset-controller';

/**
 * getDaemonPods: the namespace's pods the set owns and still selects, and the orphans it
 * adopts (the first adoption after an uncached GET of the set, canAdoptFunc); owned pods it
 * no longer selects are released. Adoptions and releases are not in the expectations.
 */
function getDaemonPods(view: ClusterView, ds: DaemonSet): { pods: Pod[]; patches: Effect[] } | undefined {
  const selector = selectorOf(ds);
  if (selector === undefined) return undefined;
  const uid = ds.metadata.uid as string;
  const owned = view.dependentsOf(uid, 'Pod').filter((p) => controllerOf(p)?.uid === uid);
  const { claimed, patches } = claimPods(ds, selector, [...owned, ...view.uncontrolledPods(ds.metadata.namespace as string)]);
  return { pods: claimed, patches: claimCalls(patches) };
}

/** updatePod's enqueue when a pod turns ready: minReadySeconds and a second after its ready time. */
function readyRequeue(s: DaemonSetSync): Effect[] {
  if (s.minReadySeconds <= 0) return [];
  let next: Millis | undefined;
  for (const pod of s.pods) {
    const since = podReadySince(pod);
    if (since === undefined) continue;
    const at = since + s.minReadySeconds * 1000 + 1000;
    if (at > s.now && (next === undefined || at < next)) next = at;
  }
  return next === undefined ? [] : [{ type: 'requeueAfter', after: next - s.now }];
}

/**
 * syncDaemonSet: the revision history first, then (when the creations and deletions of the
 * last sync have all been seen: its expectations) manage, and if manage had nothing to create
 * or delete, the rolling update; then history clean-up and the status. While expectations
 * are pending only the status is written, without raising observedGeneration.
 */
export function syncDaemonSet(view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  const ds = view.getByKey('DaemonSet', key);
  if (ds === undefined) return [];
  const sel = ds.spec.selector;
  if (sel !== undefined && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
    const s = new DaemonSetSync(view, ctx, ds, [], []);
    s.event('Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.');
    return s.effects();
  }
  // A set being deleted: its revisions may be gone already, so its status cannot be trusted.
  if (ds.metadata.deletionTimestamp !== undefined) return [];
  const claim = getDaemonPods(view, ds);
  if (claim === undefined) return [];
  const s = new DaemonSetSync(view, ctx, ds, view.nodes(), claim.pods);
  const history = constructHistory(s);
  if (typeof history === 'string') {
    s.emit({ type: 'error', message: `failed to construct revisions of DaemonSet: ${history}` });
    return s.effects();
  }
  const hash = history.cur.metadata.labels?.[DAEMONSET_UNIQUE_LABEL_KEY] ?? '';
  for (const p of claim.patches) s.emit(p);
  if (ctx.inFlight() > 0) {
    updateDaemonSetStatus(s, hash, false);
    return [...s.effects(), ...readyRequeue(s)];
  }
  manage(s, hash);
  let err: string | undefined;
  // Expectations: the rolling update waits until manage's own creations and deletions are seen.
  if (s.podWrites === 0 && (ds.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') err = rollingUpdate(s, hash);
  if (err === undefined) cleanupHistory(s, history.old);
  updateDaemonSetStatus(s, hash, true);
  if (err !== undefined) s.emit({ type: 'error', message: err });
  return [...s.effects(), ...readyRequeue(s)];
}

/** The DaemonSet controller (2 workers): one pod per eligible node, rolling updates. */
export function daemonSetController(): Controller {
  return {
    name: 'daemonset',
    component: DAEMONSET_CONTROLLER,
    watches: daemonSetWatches,
    reconcile: syncDaemonSet,
    // --concurrent-daemonset-syncs
    runtime: { process: 'kube-controller-manager', workers: 2 },
  };
}
