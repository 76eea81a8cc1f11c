import {
  type Change,
  type ClusterView,
  type Controller,
  type Effect,
  type Millis,
  type Pod,
  type ReconcileContext,
  type Taint,
  toleratesTaint,
} from '@kubesim/core';
import { namespacedName, recordEvent, refOf } from '../util/effects.js';

/**
 * The taint eviction controller: a pod on a node with a NoExecute taint it does not
 * tolerate is deleted at once; one it tolerates for tolerationSeconds is deleted that long
 * after the taint was first seen (the smallest such time over all taints); a toleration
 * without seconds tolerates forever. The pod is first marked DisruptionTarget.
 *
 * Upstream's update workers only schedule the evictions (a timed work queue); each eviction
 * then runs in a goroutine of its own. Here a pod's key is synced again when its eviction is
 * due, and that sync makes the calls (its worker waits for them, which the client's rate
 * limiter, not the 8 workers, bounds in a mass eviction).
 */
export const TAINT_EVICTION_CONTROLLER = 'taint-eviction-controller';

interface Scheduled {
  readonly uid: string;
  readonly start: Millis;
}

function podsOfNode(change: Change, view: ClusterView): Iterable<string> {
  return view.podsOnNode(change.key).map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
}

function boundPod(change: Change): Iterable<string> {
  const pod = (change.new ?? change.old) as Pod | undefined;
  return pod?.spec.nodeName ? [change.key] : [];
}

/**
 * getMinTolerationTime over the tolerations that tolerate the taints: undefined = forever,
 * 0 = now (also when some taint is not tolerated at all).
 */
export function minTolerationSeconds(pod: Pod, taints: readonly Taint[]): number | undefined {
  let min: number | undefined;
  for (const t of taints) {
    const used = (pod.spec.tolerations ?? []).filter((tol) => toleratesTaint(tol, t));
    if (used.length === 0) return 0;
    for (const tol of used) {
      if (tol.tolerationSeconds === undefined) continue;
      const s = Math.max(0, tol.tolerationSeconds);
      if (min === undefined || s < min) min = s;
    }
  }
  return min;
}

function reconcile(view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  const pod = view.getByKey('Pod', key);
  const scheduled = ctx.memory<Scheduled>(key);
  const forget: Effect[] = scheduled ? [{ type: 'remember', key, value: undefined }] : [];
  if (pod === undefined || !pod.spec.nodeName || pod.metadata.deletionTimestamp !== undefined) return forget;
  const node = view.get('Node', undefined, pod.spec.nodeName);
  const taints = (node?.spec.taints ?? []).filter((t) => t.effect === 'NoExecute');
  const uid = pod.metadata.uid as string;
  const mine = scheduled?.uid === uid ? scheduled : undefined;
  if (taints.length === 0) {
    if (mine === undefined) return forget;
    return [...forget, recordEvent(pod, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${namespacedName(pod)}`)];
  }
  const seconds = minTolerationSeconds(pod, taints);
  if (seconds === undefined) return forget; // tolerated forever
  const start = mine?.start ?? ctx.now;
  const due = start + seconds * 1000;
  if (ctx.now < due) {
    const effects: Effect[] = [{ type: 'requeueAfter', after: due - ctx.now }];
    if (mine === undefined) effects.push({ type: 'remember', key, value: { uid, start } satisfies Scheduled });
    return effects;
  }
  // deletePodHandler -> addConditionAndDeletePod: a GET of the pod, a status patch adding
  // DisruptionTarget (guarded by the uid, as PatchPodStatus is; skipped when the condition is
  // already so), then a DELETE by name. Upstream tries the three again (5 times, 10ms apart)
  // when one fails; here the failed call fails the sync, which the rate limiter retries.
  const reason = 'DeletionByTaintManager';
  const message = 'Taint manager: deleting due to NoExecute taint';
  const marked = (pod.status?.conditions ?? []).some(
    (c) => c.type === 'DisruptionTarget' && c.status === 'True' && c.reason === reason && c.message === message,
  );
  const calls: Effect[] = [];
  if (!marked) {
    calls.push({
      type: 'patch',
      ref: refOf(pod),
      patchType: 'strategic',
      subresource: 'status',
      patch: {
        status: {
          conditions: [
            {
              type: 'DisruptionTarget',
              status: 'True',
              reason,
              message,
              lastProbeTime: null,
              lastTransitionTime: ctx.now,
            },
          ],
        },
      },
      uid,
      getFirst: true,
    });
  }
  calls.push({ type: 'delete', ref: refOf(pod), ...(marked ? { getFirst: true } : {}) });
  return [
    ...forget,
    recordEvent(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${namespacedName(pod)}`),
    ...calls,
  ];
}

/** The taint eviction controller: deletes pods that do not tolerate a node's NoExecute taints. */
export function taintEviction(): Controller {
  return {
    name: 'tainteviction',
    component: TAINT_EVICTION_CONTROLLER,
    watches: [
      { kind: 'Pod', keys: boundPod },
      { kind: 'Node', keys: podsOfNode },
    ],
    reconcile,
    // UpdateWorkerSize (tainteviction/taint_eviction.go): 8 workers.
    runtime: { process: 'kube-controller-manager', workers: 8 },
  };
}
