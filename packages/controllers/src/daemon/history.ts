import { type ClusterView, type ControllerRevision, computeHash, type DaemonSet, type Effect } from '@kubesim/core';
import { claimObjects } from '../controllerutils/claim.js';
import { controllerOf, newControllerRef } from '../controllerutils/controllerRef.js';
import { revisionRaw } from '../history/history.js';
import { getPatch } from '../statefulset/revision.js';
import { refOf } from '../util/effects.js';
import type { DaemonSetSync } from './context.js';
import { selectorOf } from './selector.js';
import { DAEMONSET_UNIQUE_LABEL_KEY } from './util/daemonset_util.js';

/**
 * The DaemonSet's revision history (update.go constructHistory, controlledHistories, Match,
 * snapshot, dedupCurHistories, cleanupHistory). A revision is named `<set>-<hash>` by the
 * template's hash (the one a Deployment's pod-template-hash uses), labelled
 * `controller-revision-hash=<hash>`, and holds a patch that restores the template.
 */

/** A call that is not one of the pod creations and deletions the expectations track. */
function call(effect: Effect): Effect {
  return { ...effect, expectation: false } as Effect;
}

/** Match: the revision holds this set's template (its patch, byte for byte). */
export function match(ds: DaemonSet, history: ControllerRevision): boolean {
  return revisionRaw({ data: getPatch(ds) } as ControllerRevision) === revisionRaw(history);
}

/**
 * controlledHistories: the namespace's revisions the set owns and still selects, plus the
 * orphans it adopts (after an uncached GET of the set, canAdoptFunc); owned ones it no
 * longer selects are released.
 */
export function controlledHistories(s: DaemonSetSync): ControllerRevision[] | undefined {
  const ds = s.ds;
  const selector = selectorOf(ds);
  if (selector === undefined) return undefined;
  const uid = ds.metadata.uid as string;
  const candidates: ControllerRevision[] = s.view.dependentsOf(uid, 'ControllerRevision');
  s.view.forEach('ControllerRevision', ds.metadata.namespace, (r) => {
    if (controllerOf(r) === undefined) candidates.push(r);
    return true;
  });
  const { claimed, patches } = claimObjects(ds, selector, candidates);
  for (const p of claimCalls(patches)) s.emit(p);
  return claimed;
}

/**
 * A claim's adoption and release patches as calls: outside the expectations, and the first
 * adoption after an uncached GET of the set (canAdoptFunc's RecheckDeletionTimestamp).
 */
export function claimCalls(patches: readonly Effect[]): Effect[] {
  let first = true;
  return patches.map((p) => {
    const adopting = p.type === 'patch' && isAdoption(p.patch);
    const out = call(adopting && first ? ({ ...p, getFirst: true } as Effect) : p);
    if (adopting) first = false;
    return out;
  });
}

/** An adoption patch adds a controller reference; a release patch deletes one. */
function isAdoption(patch: unknown): boolean {
  const refs = (patch as { metadata?: { ownerReferences?: { $patch?: string }[] } }).metadata?.ownerReferences;
  return refs?.[0]?.$patch === undefined;
}

/** snapshot's name: `<set>-<hash of the template and collision count>`. */
function snapshotHash(ds: DaemonSet): string {
  return computeHash(ds.spec.template, ds.status?.collisionCount);
}

/**
 * snapshot: a new revision of the template. A name already taken by an equal revision is
 * that revision; one taken by other data is a hash collision: the set's collisionCount goes
 * up and the sync fails, to try again with the new name.
 */
function snapshot(s: DaemonSetSync, revision: number): ControllerRevision | string {
  const ds = s.ds;
  const hash = snapshotHash(ds);
  const name = `${ds.metadata.name}-${hash}`;
  const existing = s.view.get('ControllerRevision', ds.metadata.namespace, name);
  if (existing !== undefined) {
    if (match(ds, existing)) return existing;
    const collisionCount = (ds.status?.collisionCount ?? 0) + 1;
    s.emit(call({ type: 'updateStatus', object: { ...ds, status: { ...emptyStatus(ds), collisionCount } } }));
    return `controllerrevisions.apps "${name}" already exists`;
  }
  const history: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: ds.metadata.namespace as string,
      labels: { ...(ds.spec.template.metadata?.labels ?? {}), [DAEMONSET_UNIQUE_LABEL_KEY]: hash },
      ...(ds.metadata.annotations !== undefined ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [newControllerRef(ds)],
    },
    data: getPatch(ds),
    revision,
  };
  s.emit(call({ type: 'create', object: history }));
  return history;
}

function emptyStatus(ds: DaemonSet): NonNullable<DaemonSet['status']> {
  return ds.status ?? { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
}

const byRevision = (a: ControllerRevision, b: ControllerRevision): number => a.revision - b.revision;

/**
 * dedupCurHistories: of several revisions equal to the template, keep the highest; relabel
 * the set's pods to its hash and delete the others.
 */
function dedupCurHistories(s: DaemonSetSync, current: readonly ControllerRevision[]): ControllerRevision {
  if (current.length === 1) return current[0] as ControllerRevision;
  let keep = current[0] as ControllerRevision;
  for (const cur of current) if (cur.revision >= keep.revision) keep = cur;
  const hash = keep.metadata.labels?.[DAEMONSET_UNIQUE_LABEL_KEY] ?? '';
  for (const pod of s.pods) {
    if (pod.metadata.labels?.[DAEMONSET_UNIQUE_LABEL_KEY] === hash) continue;
    s.emit(
      call({
        type: 'patch',
        ref: refOf(pod),
        patchType: 'merge',
        patch: { metadata: { labels: { [DAEMONSET_UNIQUE_LABEL_KEY]: hash } } },
      }),
    );
  }
  for (const cur of current) if (cur !== keep) s.emit(call({ type: 'delete', ref: refOf(cur) }));
  return keep;
}

export interface History {
  readonly cur: ControllerRevision;
  readonly old: readonly ControllerRevision[];
}

/**
 * constructHistory: label revisions that lack the hash label (with their name), split them
 * into the current one (equal to the template) and old ones, then create the current one, or
 * renumber it above the old ones.
 */
export function constructHistory(s: DaemonSetSync): History | string {
  const histories = controlledHistories(s);
  if (histories === undefined) return 'invalid selector';
  const current: ControllerRevision[] = [];
  const old: ControllerRevision[] = [];
  for (let history of histories) {
    if (history.metadata.labels?.[DAEMONSET_UNIQUE_LABEL_KEY] === undefined) {
      const name = history.metadata.name as string;
      history = {
        ...history,
        metadata: { ...history.metadata, labels: { ...history.metadata.labels, [DAEMONSET_UNIQUE_LABEL_KEY]: name } },
      };
      s.emit(call({ type: 'update', object: history }));
    }
    if (match(s.ds, history)) current.push(history);
    else old.push(history);
  }
  const currRevision = old.reduce((m, h) => Math.max(m, h.revision), 0) + 1;
  if (current.length === 0) {
    const cur = snapshot(s, currRevision);
    return typeof cur === 'string' ? cur : { cur, old };
  }
  let cur = dedupCurHistories(s, current);
  if (cur.revision < currRevision) {
    cur = { ...cur, revision: currRevision };
    s.emit(call({ type: 'update', object: cur }));
  }
  return { cur, old };
}

/**
 * cleanupHistory: beyond revisionHistoryLimit, delete the oldest revisions no pod runs (pods
 * finished and being deleted count too), one call after another.
 */
export function cleanupHistory(s: DaemonSetSync, old: readonly ControllerRevision[]): void {
  let toKill = old.length - (s.ds.spec.revisionHistoryLimit ?? 10);
  if (toKill <= 0) return;
  const liveHashes = new Set<string>();
  for (const pods of s.nodeToDaemonPods(true).values()) {
    for (const pod of pods) {
      const hash = pod.metadata.labels?.[DAEMONSET_UNIQUE_LABEL_KEY];
      if (hash) liveHashes.add(hash);
    }
  }
  for (const history of [...old].sort(byRevision)) {
    if (toKill <= 0) break;
    if (liveHashes.has(history.metadata.labels?.[DAEMONSET_UNIQUE_LABEL_KEY] ?? '')) continue;
    s.emit(call({ type: 'delete', ref: refOf(history) }));
    toKill--;
  }
}

/** The DaemonSets that may own a revision: its controller, or for an orphan those that select it. */
export function revisionOwners(view: ClusterView, revision: ControllerRevision): string[] {
  const ref = controllerOf(revision);
  const ns = revision.metadata.namespace ?? 'default';
  if (ref !== undefined) return ref.kind === 'DaemonSet' ? [`${ns}/${ref.name}`] : [];
  const keys: string[] = [];
  view.forEach('DaemonSet', ns, (ds) => {
    if (selectorOf(ds)?.matches(revision.metadata.labels)) keys.push(`${ns}/${ds.metadata.name}`);
    return true;
  });
  return keys;
}
