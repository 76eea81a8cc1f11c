import {
  type ClusterView,
  type Effect,
  KINDS,
  type Kind,
  type KindInfo,
  type KubeObject,
  listGeneric,
  type Millis,
  type Namespace,
  type NamespaceCondition,
  type Pod,
  SECOND,
  servedGenericKinds,
} from '@kubesim/core';
import { refOf } from '../util/effects.js';
import { makeDeleteContentCondition, processContentTotals } from './status_condition_utils.js';

/**
 * The namespace deleter's content pass (pkg/controller/namespace/deletion/
 * namespaced_resources_deleter.go, deleteAllContent): every namespaced resource's collection
 * is deleted (Background propagation), then listed again; what is left is counted.
 *
 * Upstream's DeleteCollection is synchronous: the list that follows it sees only what the
 * delete could not remove at once (graceful pods, objects held by finalizers, objects already
 * being deleted). kubesim's deletes land after the sync, so the "list after" is what the
 * deletes will leave: the same objects.
 */

/** finalizerEstimateSeconds: the default wait for finalizers on items pending deletion. */
export const FINALIZER_ESTIMATE_SECONDS = 15;

/** Every namespaced kind, in kubesim's order (upstream walks discovery's map, in no fixed order). */
const NAMESPACED: readonly KindInfo[] = KINDS.filter((k) => k.namespaced);

function isTerminalPod(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Whether a delete (default grace) leaves this object in place for now. */
function remainsAfterDelete(obj: KubeObject): boolean {
  if (obj.metadata.deletionTimestamp !== undefined) return true;
  if ((obj.metadata.finalizers ?? []).length > 0) return true;
  if (obj.kind !== 'Pod') return false;
  const pod = obj as Pod;
  // Pod strategy's CheckGracefulDelete: an unbound or finished pod goes at once.
  return (
    pod.spec.nodeName !== undefined &&
    pod.spec.nodeName !== '' &&
    !isTerminalPod(pod) &&
    (pod.spec.terminationGracePeriodSeconds ?? 30) > 0
  );
}

/**
 * estimateGracefulTermination: for pods, the longest grace period of the non-terminal pods,
 * and zero once that long has passed since the namespace's deletion.
 */
export function estimateGracefulTermination(view: ClusterView, kind: string, ns: string, deletedAt: Millis, now: Millis): number {
  if (kind !== 'Pod') return 0;
  let estimate = 0;
  for (const pod of view.list('Pod', ns)) {
    if (isTerminalPod(pod)) continue;
    const grace = pod.spec.terminationGracePeriodSeconds;
    if (grace !== undefined && grace > estimate) estimate = grace;
  }
  return now - deletedAt >= estimate * SECOND ? 0 : estimate;
}

/** schema.GroupVersionResource's String(): `apps/v1, Resource=deployments`, `/v1, Resource=pods`. */
function gvrString(k: KindInfo): string {
  const version = k.apiVersion.slice(k.apiVersion.indexOf('/') + 1);
  return `${k.group}/${version}, Resource=${k.resource}`;
}

/** deleteAllContent's result: the deletes it issues and how long to wait for what remains. */
export interface ContentResult {
  /** The deletes deleteCollection issues. */
  readonly deletes: Effect[];
  /** Seconds to wait for what remains (0: nothing to wait for). */
  readonly estimate: number;
  /** deleteAllContentForGroupVersionResource's errors (items left with neither estimate nor finalizer). */
  readonly errors: string[];
  /** The conditions to write, before updateConditions merges them. */
  readonly newConditions: NamespaceCondition[];
}

/** deleteAllContent over the view. */
export function deleteAllContent(view: ClusterView, ns: Namespace, now: Millis): ContentResult {
  const name = ns.metadata.name ?? '';
  const deletedAt = ns.metadata.deletionTimestamp ?? now;
  const deletes: Effect[] = [];
  const errors: string[] = [];
  const gvrToNumRemaining = new Map<string, number>();
  const finalizersToNumRemaining = new Map<string, number>();
  let estimate = 0;
  for (const k of NAMESPACED) {
    const gvrEstimate = estimateGracefulTermination(view, k.kind, name, deletedAt, now);
    let remaining = 0;
    const finalizers = new Map<string, number>();
    for (const obj of view.list(k.kind, name) as KubeObject[]) {
      if (obj.metadata.deletionTimestamp === undefined) {
        deletes.push({ type: 'delete', ref: refOf(obj), propagationPolicy: 'Background' });
      }
      if (!remainsAfterDelete(obj)) continue;
      remaining++;
      for (const f of obj.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
    }
    if (remaining === 0) continue;
    let gvrWait = gvrEstimate;
    if (gvrEstimate === 0) {
      if (finalizers.size > 0) gvrWait = FINALIZER_ESTIMATE_SECONDS;
      else errors.push(`unexpected items still remain in namespace: ${name} for gvr: ${gvrString(k)}`);
    }
    estimate = Math.max(estimate, gvrWait);
    gvrToNumRemaining.set(`${k.resource}.${k.group}`, remaining);
    for (const [f, n] of finalizers) finalizersToNumRemaining.set(f, (finalizersToNumRemaining.get(f) ?? 0) + n);
  }
  // The generic kinds (built-ins kubesim only stores, custom resources): deleted the same way.
  for (const g of servedGenericKinds(view.state.store)) {
    if (!g.namespaced) continue;
    let remaining = 0;
    const finalizers = new Map<string, number>();
    for (const obj of listGeneric(view.state.store, g.groupKind, name)) {
      if (obj.metadata.deletionTimestamp === undefined) {
        const ref = { kind: g.groupKind as Kind, namespace: name, name: obj.metadata.name ?? '' };
        deletes.push({ type: 'delete', ref, propagationPolicy: 'Background' });
      }
      if (obj.metadata.deletionTimestamp === undefined && (obj.metadata.finalizers ?? []).length === 0) continue;
      remaining++;
      for (const f of obj.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
    }
    if (remaining === 0) continue;
    if (finalizers.size > 0) estimate = Math.max(estimate, FINALIZER_ESTIMATE_SECONDS);
    else
      errors.push(
        `unexpected items still remain in namespace: ${name} for gvr: ${g.apiVersion.includes('/') ? '' : '/'}${g.apiVersion}, Resource=${g.resource}`,
      );
    gvrToNumRemaining.set(`${g.resource}.${g.group}`, remaining);
    for (const [f, n] of finalizers) finalizersToNumRemaining.set(f, (finalizersToNumRemaining.get(f) ?? 0) + n);
  }
  const newConditions = processContentTotals({ gvrToNumRemaining, finalizersToNumRemaining }, now);
  // namespaceConditionUpdater.Update: the content failure from the errors, unless already set.
  const failure = makeDeleteContentCondition(errors, now);
  if (failure !== undefined) newConditions.push(failure);
  return { deletes, estimate, errors, newConditions };
}
