import {
  type ContainerStatus,
  deepEqual,
  kubeletConditions,
  type Millis,
  type Node,
  type Pod,
  type PodCondition,
  type PodStatus,
  podPhase,
} from '@kubesim/core';
import { nodeIP } from './addresses.js';
import { normalizeImage } from './images.js';
import type { ContainerRun } from './memory.js';
import { containerStatus, isReady } from './status.js';

/**
 * generateAPIPodStatus: the pod's status from the runtime's memory. Built incrementally
 * against the status of the last sync when the API server still holds that very object:
 * a container whose runtime record did not change keeps its status object, and a part that
 * comes out equal to the old one is the old object. An unchanged status is then the old
 * object itself (compared by identity, not walked), and a changed one shares every part that
 * did not change.
 */

type PodIP = { ip: string };
/** What the kubelet reports: PodStatus and its hostIPs. */
type Reported = PodStatus & { hostIPs?: PodIP[] };

/** `name_namespace(uid)`, as kubelet messages print a pod (format.Pod). */
export function podLabel(pod: Pod): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
}

/** The last sync's status and the container records it was derived from. */
export interface StatusBase {
  readonly status: PodStatus;
  readonly containers: readonly ContainerRun[];
}

/** A node's pods all report the same one-entry hostIPs list: one shared list per address. */
const hostIPLists = new Map<string, readonly PodIP[]>();

function hostIPsOf(ip: string): PodIP[] {
  let list = hostIPLists.get(ip);
  if (list === undefined) {
    if (hostIPLists.size >= 4096) hostIPLists.clear();
    list = Object.freeze([Object.freeze({ ip })]);
    hostIPLists.set(ip, list);
  }
  return list as PodIP[];
}

function sameCondition(a: PodCondition, b: PodCondition): boolean {
  return (
    a.type === b.type &&
    a.status === b.status &&
    a.reason === b.reason &&
    a.message === b.message &&
    a.lastProbeTime === b.lastProbeTime &&
    a.lastTransitionTime === b.lastTransitionTime
  );
}

/** `next` with each condition equal to the old one at its place replaced by it; the old list when all are. */
function reuseConditions(next: PodCondition[], old: readonly PodCondition[] | undefined): PodCondition[] {
  if (old === undefined) return next;
  let all = next.length === old.length;
  for (let i = 0; i < next.length; i++) {
    const o = old[i];
    if (o !== undefined && sameCondition(next[i] as PodCondition, o)) next[i] = o;
    else all = false;
  }
  return all ? (old as PodCondition[]) : next;
}

function containerStatuses(
  pod: Pod,
  containers: readonly ContainerRun[],
  now: Millis,
  base: StatusBase | undefined,
): ContainerStatus[] {
  const old = base?.status.containerStatuses;
  let label: string | undefined;
  let all = old !== undefined && old.length === pod.spec.containers.length;
  const list = pod.spec.containers.map((spec, i) => {
    const c = containers[i];
    const prev = old?.[i];
    if (
      prev !== undefined &&
      c === base?.containers[i] &&
      prev.name === spec.name &&
      prev.ready === isReady(c, now) &&
      prev.image === normalizeImage(spec.image ?? '')
    ) {
      return prev;
    }
    label ??= podLabel(pod);
    const next = containerStatus(c, spec, now, label);
    if (prev !== undefined && deepEqual(next, prev)) return prev;
    all = false;
    return next;
  });
  return all ? (old as ContainerStatus[]) : list;
}

/**
 * The status for these container records. `terminal`: the kubelet has stopped the pod for
 * good. `base`: the last sync's status, which the pod in the view must still carry.
 */
export function generateStatus(
  pod: Pod,
  containers: readonly ContainerRun[],
  run: { readonly podIP: string; readonly startTime: Millis },
  node: Node | undefined,
  now: Millis,
  terminal: boolean,
  base?: StatusBase,
): PodStatus {
  const old: Reported | undefined = base?.status;
  const statuses = containerStatuses(pod, containers, now, base);
  const phase = podPhase(statuses, pod.spec.restartPolicy ?? 'Always', terminal);
  // The same statuses and phase give the same conditions: the old list.
  const conditions =
    old !== undefined && statuses === old.containerStatuses && phase === old.phase && !terminal && old.conditions
      ? old.conditions
      : reuseConditions(
          // A stopped pod's sandbox is gone too.
          kubeletConditions(pod.status?.conditions, statuses, phase, !terminal, now),
          old?.conditions,
        );
  const hostIP = nodeIP(node);
  const hostIPs = old !== undefined && old.hostIP === hostIP && old.hostIPs ? old.hostIPs : hostIPsOf(hostIP);
  const podIPs = old !== undefined && old.podIP === run.podIP && old.podIPs ? old.podIPs : [{ ip: run.podIP }];
  const qosClass = pod.status?.qosClass;
  if (
    old !== undefined &&
    old.phase === phase &&
    old.conditions === conditions &&
    old.hostIP === hostIP &&
    old.hostIPs === hostIPs &&
    old.podIP === run.podIP &&
    old.podIPs === podIPs &&
    old.startTime === run.startTime &&
    old.containerStatuses === statuses &&
    old.qosClass === qosClass
  ) {
    return old;
  }
  return {
    phase,
    conditions,
    hostIP,
    hostIPs,
    podIP: run.podIP,
    podIPs,
    startTime: run.startTime,
    containerStatuses: statuses,
    ...(qosClass !== undefined ? { qosClass } : {}),
  } as PodStatus;
}
