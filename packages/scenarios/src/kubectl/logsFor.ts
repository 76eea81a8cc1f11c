import {
  type ClusterView,
  isPodReady,
  type KubeObject,
  labelSelectorAsSelector,
  type Pod,
  type Selector,
  selectorFromSet,
} from '@kubesim/core';

/**
 * kubectl logs TYPE/NAME (polymorphichelpers' logsForObject): the object's selector picks its
 * pods, and GetFirstPod takes the first by podutils.ByLogging; kubectl says `Found N pods,
 * using pod/X` when there are several.
 */

/** SelectorsForObject: the pods an object's selector names. */
export function selectorOf(obj: KubeObject): Selector | string {
  switch (obj.kind) {
    case 'ReplicationController':
    case 'Service': {
      const set = (obj.spec as { selector?: Record<string, string> }).selector;
      return set === undefined || Object.keys(set).length === 0 ? 'the object has no selector' : selectorFromSet(set);
    }
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      return labelSelectorAsSelector(obj.spec.selector);
    default:
      return `cannot get the logs from ${obj.kind.toLowerCase()}`;
  }
}

const PHASE_RANK: Readonly<Record<string, number>> = { Running: 0, Unknown: 1, Pending: 2 };

function readySince(pod: Pod): number | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime;
}

/** afterOrZero(t1, t2): a missing time sorts last; otherwise t1 after t2. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

const maxRestarts = (pod: Pod): number => Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c) => c.restartCount));

/** podutils.ByLogging's Less. */
function byLogging(a: Pod, b: Pod): boolean {
  const na = a.spec.nodeName ?? '';
  const nb = b.spec.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na !== '';
  const pa = PHASE_RANK[a.status?.phase ?? ''] ?? 0;
  const pb = PHASE_RANK[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa < pb;
  if (isPodReady(a) !== isPodReady(b)) return isPodReady(a);
  if (isPodReady(a) && isPodReady(b) && readySince(a) !== readySince(b)) return afterOrZero(readySince(b), readySince(a));
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b);
  const ca = a.metadata.creationTimestamp;
  const cb = b.metadata.creationTimestamp;
  if (ca !== cb) return afterOrZero(cb, ca);
  return false;
}

/** GetFirstPod: the first of the selected pods by ByLogging, and how many there were. */
export function firstPod(view: ClusterView, namespace: string, selector: Selector): { pod?: Pod; count: number } {
  const pods = view.list('Pod', namespace).filter((p) => selector.matches(p.metadata.labels ?? {}));
  let first: Pod | undefined;
  for (const p of pods) if (first === undefined || byLogging(p, first)) first = p;
  return { ...(first !== undefined ? { pod: first } : {}), count: pods.length };
}
