import {
  type Change,
  type ClusterView,
  type Controller,
  conditionsAreUpToDate,
  DISRUPTION_ALLOWED_CONDITION,
  deepEqual,
  type Effect,
  isPodReady,
  labelSelectorAsSelector,
  MINUTE,
  type Millis,
  objectKey,
  type Pod,
  type PodDisruptionBudget,
  type PodDisruptionBudgetStatus,
  pdbsForPod,
  type ReconcileContext,
  SYNC_FAILED_REASON,
  setStatusCondition,
  withDisruptionAllowedCondition,
} from '@kubesim/core';
import { recordEvent } from '../util/effects.js';
import { getExpectedPodCount } from './expected.js';
import { labelSelectorString } from './selectorString.js';

/**
 * The disruption controller (pkg/controller/disruption/disruption.go, `disruption` in
 * kube-controller-manager, one worker): keeps each PodDisruptionBudget's status — how many of
 * its pods are healthy (Ready, not being deleted, not just evicted), how many must be, how
 * many it expects, how many may be disrupted now — and the DisruptionAllowed condition. The
 * eviction subresource reads that status and records its evictions in disruptedPods; an
 * eviction not followed by a delete within DeletionTimeout is forgotten here.
 *
 * Not modelled: the stale DisruptionTarget cleanup (a pod marked but not deleted gets the
 * condition reset to False after 2 minutes), and the MultiplePodDisruptionBudgets event the
 * pod handler records (a watch cannot record events; the first PDB by name is synced, as
 * upstream syncs pdbs[0]).
 */
export const DISRUPTION_CONTROLLER = 'controllermanager';

/** DeletionTimeout: how long an eviction recorded in disruptedPods waits for the pod's deletion. */
export const DELETION_TIMEOUT: Millis = 2 * MINUTE;

/** addPod/updatePod/deletePod: the pod's (first) PDB, as getPdbForPod finds it. */
function pdbOfPod(change: Change, view: ClusterView): Iterable<string> {
  const pod = (change.new ?? change.old) as Pod | undefined;
  if (pod === undefined) return [];
  const pdb = pdbsForPod(view.list('PodDisruptionBudget', pod.metadata.namespace), pod, true)[0];
  return pdb === undefined ? [] : [objectKey(pdb.metadata.namespace, pdb.metadata.name ?? '')];
}

/** buildDisruptedPodMap: evictions still waiting for their delete, and when to look again. */
function buildDisruptedPodMap(
  pdb: PodDisruptionBudget,
  pods: readonly Pod[],
  now: Millis,
): { disrupted: Record<string, Millis>; recheckAt: Millis | undefined; notDeleted: Pod[] } {
  const disrupted: Record<string, Millis> = {};
  const notDeleted: Pod[] = [];
  let recheckAt: Millis | undefined;
  const given = pdb.status?.disruptedPods;
  if (given === undefined) return { disrupted, recheckAt, notDeleted };
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp !== undefined) continue;
    const at = given[pod.metadata.name ?? ''];
    if (at === undefined) continue;
    const expectedDeletion = at + DELETION_TIMEOUT;
    if (expectedDeletion < now) notDeleted.push(pod);
    else {
      if (recheckAt === undefined || expectedDeletion < recheckAt) recheckAt = expectedDeletion;
      disrupted[pod.metadata.name ?? ''] = at;
    }
  }
  return { disrupted, recheckAt, notDeleted };
}

/** countHealthyPods: Ready, not being deleted, not evicted within DeletionTimeout. */
export function countHealthyPods(pods: readonly Pod[], disrupted: Readonly<Record<string, Millis>>, now: Millis): number {
  let n = 0;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp !== undefined) continue;
    const at = disrupted[pod.metadata.name ?? ''];
    if (at !== undefined && at + DELETION_TIMEOUT > now) continue;
    if (isPodReady(pod)) n++;
  }
  return n;
}

/** updatePdbStatus: nothing when the status is as computed; else the whole status and the condition. */
function updatePdbStatus(
  pdb: PodDisruptionBudget,
  counts: { currentHealthy: number; desiredHealthy: number; expectedCount: number; disrupted: Record<string, Millis> },
  now: Millis,
): Effect[] {
  const { currentHealthy, desiredHealthy, expectedCount, disrupted } = counts;
  // expectedCount > 0: a PDB that matches no pods yet stays safe when its first pods appear.
  let disruptionsAllowed = currentHealthy - desiredHealthy;
  if (expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
  const s = pdb.status;
  const generation = pdb.metadata.generation ?? 0;
  if (
    s !== undefined &&
    s.currentHealthy === currentHealthy &&
    s.desiredHealthy === desiredHealthy &&
    s.expectedPods === expectedCount &&
    s.disruptionsAllowed === disruptionsAllowed &&
    deepEqual(s.disruptedPods ?? {}, disrupted) &&
    (s.observedGeneration ?? 0) === generation &&
    conditionsAreUpToDate(pdb)
  ) {
    return [];
  }
  const status: PodDisruptionBudgetStatus = {
    observedGeneration: generation,
    ...(Object.keys(disrupted).length > 0 ? { disruptedPods: disrupted } : {}),
    disruptionsAllowed,
    currentHealthy,
    desiredHealthy,
    expectedPods: expectedCount,
    ...(s?.conditions !== undefined ? { conditions: s.conditions } : {}),
  };
  return [{ type: 'updateStatus', object: { ...pdb, status: withDisruptionAllowedCondition(status, now) }, expectation: false }];
}

/** failSafe: at least disruptionsAllowed 0 and DisruptionAllowed=False/SyncFailed with the error. */
function failSafe(pdb: PodDisruptionBudget, message: string, now: Millis): Effect {
  const s: PodDisruptionBudgetStatus = pdb.status ?? {
    disruptionsAllowed: 0,
    currentHealthy: 0,
    desiredHealthy: 0,
    expectedPods: 0,
  };
  const conditions = setStatusCondition(
    s.conditions,
    {
      type: DISRUPTION_ALLOWED_CONDITION,
      status: 'False',
      reason: SYNC_FAILED_REASON,
      message,
      ...(s.observedGeneration !== undefined ? { observedGeneration: s.observedGeneration } : {}),
    },
    now,
  );
  return { type: 'updateStatus', object: { ...pdb, status: { ...s, disruptionsAllowed: 0, conditions } }, expectation: false };
}

/** sync and trySync for one PDB key. */
export function syncPdb(view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  const pdb = view.getByKey('PodDisruptionBudget', key);
  if (pdb === undefined) return [];
  const effects: Effect[] = [];
  // getPodsForPdb: the namespace's pods the selector matches (an empty selector matches all).
  const selector = labelSelectorAsSelector(pdb.spec.selector);
  const pods = view.list('Pod', pdb.metadata.namespace).filter((p) => selector.matches(p.metadata.labels ?? {}));
  if (pods.length === 0) effects.push(recordEvent(pdb, 'Normal', 'NoPods', 'No matching pods found'));
  let expected: ReturnType<typeof getExpectedPodCount>;
  try {
    expected = getExpectedPodCount(view, pdb, pods);
  } catch (e) {
    const err = (e as Error).message;
    effects.push(
      recordEvent(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${err}`),
    );
    return [...effects, failSafe(pdb, err, ctx.now)];
  }
  if (expected.unmanagedPods.length > 0) {
    effects.push(
      recordEvent(
        pdb,
        'Warning',
        'UnmanagedPods',
        `Pods selected by this PodDisruptionBudget (selector: ${labelSelectorString(pdb.spec.selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
      ),
    );
  }
  const { disrupted, recheckAt, notDeleted } = buildDisruptedPodMap(pdb, pods, ctx.now);
  for (const pod of notDeleted) {
    // Upstream prints the PDB's namespace twice (pdb.Namespace, pdb.Namespace).
    const ns = pdb.metadata.namespace ?? 'default';
    effects.push(recordEvent(pod, 'Warning', 'NotDeleted', `Pod was expected by PDB ${ns}/${ns} to be deleted but it wasn't`));
  }
  const currentHealthy = countHealthyPods(pods, disrupted, ctx.now);
  effects.push(
    ...updatePdbStatus(
      pdb,
      { currentHealthy, desiredHealthy: expected.desiredHealthy, expectedCount: expected.expectedCount, disrupted },
      ctx.now,
    ),
  );
  // enqueuePdbForRecheck: once the earliest pending eviction's DeletionTimeout has passed.
  if (recheckAt !== undefined) effects.push({ type: 'requeueAfter', after: recheckAt - ctx.now });
  return effects;
}

/** The disruption controller (1 worker): each PodDisruptionBudget's status, and the evictions it forgets after 2 minutes. */
export function disruptionController(): Controller {
  return {
    name: 'disruption',
    component: DISRUPTION_CONTROLLER,
    watches: [{ kind: 'PodDisruptionBudget' }, { kind: 'Pod', keys: pdbOfPod }],
    reconcile: syncPdb,
    // DisruptionController.Run starts one worker (and its recheck and stale-pod workers).
    runtime: { process: 'kube-controller-manager', workers: 1 },
  };
}
