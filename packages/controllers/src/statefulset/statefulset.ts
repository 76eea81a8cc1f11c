import {
  type Change,
  type ClusterView,
  type Controller,
  type ControllerRevision,
  type Effect,
  labelSelectorAsSelector,
  type Millis,
  type PersistentVolumeClaim,
  type Pod,
  podReadySince,
  type ReconcileContext,
  type Selector,
  type StatefulSet,
} from '@kubesim/core';
import { adoptPatch, type Claim, claimPods, releasePatch } from '../controllerutils/claim.js';
import { controllerOf } from '../controllerutils/controllerRef.js';
import { podEventKeys } from '../controllerutils/podEvents.js';
import { StatefulSetSync } from './context.js';
import { updateStatefulSet } from './control.js';
import { isMemberOf } from './identity.js';
import type { StatefulSetStatus } from './status.js';

/**
 * The StatefulSet controller (pkg/controller/statefulset/stateful_set.go): sync adopts
 * orphaned revisions, claims the set's pods (members by name and selector), runs
 * defaultStatefulSetControl, and requeues for minReadySeconds.
 */
export const STATEFULSET_CONTROLLER = 'statefulset-controller';

/** The store's separator inside composite index keys (`<owner uid>\0<kind>\0<key>`). */
const SEP = '\u0000';

/** The StatefulSet controller's feature gates. */
export interface StatefulSetControllerOptions {
  /**
   * The MaxUnavailableStatefulSet feature gate: alpha (off) through v1.34, beta in v1.35 with
   * its default unconfirmed. Off by default, as the releases this simulator follows ship it.
   */
  readonly maxUnavailableStatefulSet?: boolean;
}

const selectors = new WeakMap<StatefulSet, Selector | undefined>();

/** The set's selector, or undefined when it does not convert (upstream skips such a set). */
function selectorOf(set: StatefulSet): Selector | undefined {
  if (selectors.has(set)) return selectors.get(set);
  let sel: Selector | undefined;
  try {
    sel = labelSelectorAsSelector(set.spec.selector);
  } catch {
    sel = undefined;
  }
  selectors.set(set, sel);
  return sel;
}

function setKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? 'default'}/${name}`;
}

/** addPod / updatePod / deletePod: the owning set (old and new), or for an orphan every set that selects it. */
function podKeys(change: Change, view: ClusterView): Iterable<string> {
  return podEventKeys(change, view, 'StatefulSet', (set, labels) => selectorOf(set)?.matches(labels) ?? false);
}

/** Whether a claim name is `<template>-<set>-<ordinal>` for one of the set's templates. */
function isClaimOf(set: StatefulSet, claimName: string): boolean {
  for (const t of set.spec.volumeClaimTemplates ?? []) {
    const prefix = `${t.metadata.name}-${set.metadata.name}-`;
    if (claimName.startsWith(prefix) && /^[0-9]+$/.test(claimName.slice(prefix.length))) return true;
  }
  return false;
}

/**
 * A claim gone: the sets whose claim it was. Upstream watches only pods and sets ("TODO: Watch
 * volumes"): a sync that found a claim still being deleted returns an error and is retried
 * through the rate limiter until the claim is gone. A pure sync cannot return an error without
 * a failed call, so the claim's disappearance wakes the set instead. (A stale claim under
 * whenScaled Delete stops the sync without an error upstream, which then waits for some other
 * event; here its deletion by the garbage collector wakes the set too.) Claims coming or
 * changing wake nothing, as upstream: the controller writes them itself.
 */
function claimKeys(change: Change, view: ClusterView): Iterable<string> {
  const claim = change.old as PersistentVolumeClaim | undefined;
  if (claim === undefined || change.new !== undefined) return [];
  const keys: string[] = [];
  view.forEach('StatefulSet', claim.metadata.namespace, (set) => {
    if (isClaimOf(set, claim.metadata.name ?? '')) keys.push(setKey(set.metadata.namespace, set.metadata.name ?? ''));
    return true;
  });
  return keys;
}

/** The call, with the client's GET before it (canAdoptFunc's uncached read of the set). */
function getFirst(effect: Effect): Effect {
  return effect.type === 'patch' ? { ...effect, getFirst: true } : effect;
}

/** ListControllerRevisions: the selector's revisions that the set controls or nobody does. */
function listRevisions(view: ClusterView, set: StatefulSet, selector: Selector): ControllerRevision[] {
  const uid = set.metadata.uid as string;
  const out: ControllerRevision[] = [];
  for (const r of view.dependentsOf(uid, 'ControllerRevision')) {
    if (controllerOf(r)?.uid === uid && selector.matches(r.metadata.labels)) out.push(r);
  }
  view.forEach('ControllerRevision', set.metadata.namespace, (r) => {
    if (controllerOf(r) === undefined && selector.matches(r.metadata.labels)) out.push(r);
    return true;
  });
  return out;
}

/**
 * getPodsForStatefulSet: the set's pods and the orphans it adopts (ClaimPods filtered by
 * isMemberOf: a pod whose name is not `<set>-<n>` is released, never adopted).
 */
function getPodsForStatefulSet(view: ClusterView, set: StatefulSet, selector: Selector): Claim {
  const uid = set.metadata.uid as string;
  const deleting = set.metadata.deletionTimestamp !== undefined;
  const claimed: Pod[] = [];
  const patches: Effect[] = [];
  // Owned pods stay while they match (ClaimObject's rule, inlined for a big set); others are
  // released. Members are named `<set>-<n>`: a walk of that name range finds them without a
  // lookup per pod, and the owner index's count tells whether any owned pod lies outside it.
  let members = 0;
  view.state.store.objects.Pod.forEachPrefix(`${set.metadata.namespace}/${set.metadata.name}-`, (pod) => {
    if (controllerOf(pod)?.uid !== uid || !isMemberOf(set, pod)) return true;
    members++;
    if (selector.matches(pod.metadata.labels)) claimed.push(pod);
    else if (!deleting) patches.push(releasePatch(pod, uid));
    return true;
  });
  if (view.state.store.dependents.countPrefix(`${uid}${SEP}Pod${SEP}`) > members) {
    for (const pod of view.dependentsOf(uid, 'Pod')) {
      if (controllerOf(pod)?.uid === uid && !isMemberOf(set, pod) && !deleting) patches.push(releasePatch(pod, uid));
    }
  }
  const orphans = view.uncontrolledPods(set.metadata.namespace as string).filter((pod) => isMemberOf(set, pod));
  if (orphans.length > 0) {
    const adopted = claimPods(set, selector, orphans);
    claimed.push(...adopted.claimed);
    // canAdoptFunc: before the first adoption, an uncached GET of the set (RecheckDeletionTimestamp).
    patches.push(...adopted.patches.map((p, i) => (i === 0 ? getFirst(p) : p)));
  }
  return { claimed, patches };
}

/**
 * The requeues of stateful_set.go: while not every replica is available, again after
 * minReadySeconds (one timer at a time, as AddAfter keeps one per key); and when a Ready pod
 * turns available (ready time + minReadySeconds + 1s, updatePod's enqueue).
 */
function requeues(
  set: StatefulSet,
  pods: readonly Pod[],
  status: StatefulSetStatus,
  key: string,
  ctx: ReconcileContext,
): Effect[] {
  const minReady = set.spec.minReadySeconds ?? 0;
  if (minReady <= 0) return [];
  const out: Effect[] = [];
  const timerKey = `timer/${key}`;
  const due = ctx.memory<Millis>(timerKey);
  if (status.availableReplicas !== (set.spec.replicas ?? 1) && (due === undefined || due <= ctx.now)) {
    out.push(
      { type: 'requeueAfter', after: minReady * 1000 },
      { type: 'remember', key: timerKey, value: ctx.now + minReady * 1000 },
    );
  }
  let next: Millis | undefined;
  for (const pod of pods) {
    const since = podReadySince(pod);
    if (since === undefined) continue;
    const at = since + minReady * 1000 + 1000;
    if (at > ctx.now && (next === undefined || at < next)) next = at;
  }
  if (next !== undefined) out.push({ type: 'requeueAfter', after: next - ctx.now });
  return out;
}

/**
 * sync: adoptOrphanRevisions, getPodsForStatefulSet (adoptions and releases), then
 * UpdateStatefulSet, all in one sync, each call once the previous has returned. There are no
 * expectations: upstream acts on its informers' view whatever it wrote a moment ago (a pod
 * created twice meets AlreadyExists, which the sync returns as an error).
 */
function sync(view: ClusterView, key: string, ctx: ReconcileContext, gate: boolean): Effect[] {
  const set = view.getByKey('StatefulSet', key);
  if (set === undefined)
    return ctx.memory(`timer/${key}`) === undefined ? [] : [{ type: 'remember', key: `timer/${key}`, value: undefined }];
  const selector = selectorOf(set);
  if (selector === undefined) return [];
  const s = new StatefulSetSync(view, ctx, set, gate);
  // adoptOrphanRevisions: an uncached GET of the set (canAdoptFunc), then one patch per orphan;
  // the sync goes on with them in its list (ListControllerRevisions keeps orphans). A set being
  // deleted cannot adopt: upstream's sync returns that error here.
  const revisions = listRevisions(view, set, selector);
  const orphans = revisions.filter((r) => controllerOf(r) === undefined);
  if (orphans.length > 0) {
    if (set.metadata.deletionTimestamp !== undefined) return [];
    orphans.forEach((r, i) => {
      const patch = adoptPatch(r, set);
      s.emit(i === 0 ? getFirst(patch) : patch);
    });
  }
  const { claimed, patches } = getPodsForStatefulSet(view, set, selector);
  for (const p of patches) s.emit(p);
  const status = updateStatefulSet(s, set, claimed, revisions);
  for (const r of requeues(set, claimed, status, key, ctx)) s.emit(r);
  return s.effects();
}

/** The StatefulSet controller (5 workers): ordered pods with stable identity and storage. */
export function statefulSetController(opts: StatefulSetControllerOptions = {}): Controller {
  const gate = opts.maxUnavailableStatefulSet ?? false;
  return {
    name: 'statefulset',
    component: STATEFULSET_CONTROLLER,
    watches: [{ kind: 'StatefulSet' }, { kind: 'Pod', keys: podKeys }, { kind: 'PersistentVolumeClaim', keys: claimKeys }],
    reconcile: (view, key, ctx) => sync(view, key, ctx, gate),
    // --concurrent-statefulset-syncs
    runtime: { process: 'kube-controller-manager', workers: 5 },
  };
}
