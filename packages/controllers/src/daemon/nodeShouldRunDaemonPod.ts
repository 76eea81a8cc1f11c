import { type DaemonSet, findUntoleratedTaint, type Node, type Pod, type Taint } from '@kubesim/core';
import { matchesNodeAffinity } from '../scheduler/filters.js';
import { addOrUpdateDaemonPodTolerations } from './util/daemonset_util.js';

/**
 * Where a DaemonSet's pods belong (daemon_controller.go NodeShouldRunDaemonPod, predicates,
 * NewPod): the node's name, labels (nodeSelector and required node affinity) and taints,
 * against the template with the daemon tolerations. Resources and host ports are the
 * scheduler's business: a daemon pod that does not fit stays Pending.
 */

export interface ShouldRun {
  /** A daemon pod should be created on the node if it has none. */
  readonly shouldRun: boolean;
  /** A daemon pod already on the node should stay there. */
  readonly shouldContinueRunning: boolean;
}

const NO: ShouldRun = { shouldRun: false, shouldContinueRunning: false };
const YES: ShouldRun = { shouldRun: true, shouldContinueRunning: true };
const STAY: ShouldRun = { shouldRun: false, shouldContinueRunning: true };

const newPods = new WeakMap<DaemonSet['spec']['template'], Pod>();

/**
 * NewPod: the template's metadata and spec with the daemon tolerations, in the set's namespace
 * (its nodeName is the node asked about; the predicates below check the template's own).
 */
export function newPod(ds: DaemonSet): Pod {
  const template = ds.spec.template;
  let pod = newPods.get(template);
  if (pod === undefined) {
    pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { ...(template.metadata ?? {}), namespace: ds.metadata.namespace ?? 'default' },
      spec: addOrUpdateDaemonPodTolerations(template.spec),
    };
    newPods.set(template, pod);
  }
  return pod;
}

const noScheduleOrExecute = (t: Taint): boolean => t.effect === 'NoSchedule' || t.effect === 'NoExecute';
const noExecute = (t: Taint): boolean => t.effect === 'NoExecute';

/**
 * NodeShouldRunDaemonPod: a template naming another node, or a nodeSelector or required node
 * affinity the node does not match, rules the node out. An untolerated NoSchedule or NoExecute
 * taint stops new pods; only an untolerated NoExecute one removes a pod already there.
 */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): ShouldRun {
  const nodeName = ds.spec.template.spec.nodeName;
  if (nodeName && nodeName !== node.metadata.name) return NO;
  const pod = newPod(ds);
  if (!matchesNodeAffinity(pod, node)) return NO;
  const taints = node.spec.taints;
  if (findUntoleratedTaint(taints, pod.spec.tolerations, noScheduleOrExecute) === undefined) return YES;
  return findUntoleratedTaint(taints, pod.spec.tolerations, noExecute) === undefined ? STAY : NO;
}

/**
 * podByCreationTimestampAndPhase: scheduled pods first, then the oldest, then by name (the
 * pod upstream keeps when a node has more than one).
 */
export function podByCreationTimestampAndPhase(a: Pod, b: Pod): number {
  const sa = a.spec.nodeName ? 1 : 0;
  const sb = b.spec.nodeName ? 1 : 0;
  if (sa !== sb) return sb - sa;
  const ta = a.metadata.creationTimestamp ?? 0;
  const tb = b.metadata.creationTimestamp ?? 0;
  if (ta !== tb) return ta - tb;
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}
