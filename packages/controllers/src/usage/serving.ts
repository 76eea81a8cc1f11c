import {
  type ClusterView,
  isKind,
  isPodReady,
  type Kind,
  type LabelSelector,
  type LoadSpec,
  labelSelectorAsSelector,
  loadAt,
  type Millis,
  type Pod,
  podReadySince,
  Selector,
  selectorFromSetOrNothing,
} from '@kubesim/core';

/**
 * Which pods share a load: the pods its target selects (a Service's spec.selector, a workload's
 * spec.selector). A pod serves when it is Ready, not terminating and on a live node; an unready
 * pod serves nothing (the Service sends it no traffic). Built once per scrape or check: one walk
 * over each target's namespace, never a scan of all pods per pod.
 */

export interface ServingPod {
  readonly key: string;
  readonly pod: Pod;
  /** When it last became Ready: it serves from then on. */
  readonly readySince: Millis;
}

/** One load and the ready pods that share it. */
export interface LoadGroup {
  readonly spec: LoadSpec;
  /** The running pods the target selects (ready or not), in key order. */
  readonly pods: readonly Pod[];
  /** Of those, the ones serving now, in key order. */
  readonly serving: readonly ServingPod[];
}

const podKey = (p: Pod): string => `${p.metadata.namespace ?? 'default'}/${p.metadata.name}`;

/** The selector of a load's target; NOTHING when the target does not exist (yet) or selects nothing. */
export function targetSelector(view: ClusterView, spec: LoadSpec): Selector {
  const { kind, namespace, name } = spec.target;
  if (!isKind(kind)) return Selector.NOTHING;
  const obj = view.get(kind as Kind, namespace, name) as { spec?: { selector?: unknown } } | undefined;
  const selector = obj?.spec?.selector;
  if (obj === undefined || selector === undefined || selector === null) return Selector.NOTHING;
  // A Service and a ReplicationController select by a plain map; the other workloads by a LabelSelector.
  if (kind === 'Service' || kind === 'ReplicationController') {
    return selectorFromSetOrNothing(selector as Record<string, string>);
  }
  return labelSelectorAsSelector(selector as LabelSelector);
}

/** A pod whose containers a kubelet runs: bound to a live node and Running. */
export function isRunningPod(view: ClusterView, pod: Pod): boolean {
  const node = pod.spec.nodeName;
  if (!node || view.nodeRuntime(node)?.up !== true) return false;
  return pod.status?.phase === 'Running';
}

/** Each load with the pods its target selects. */
export function loadGroups(view: ClusterView, loads: readonly LoadSpec[]): LoadGroup[] {
  return loads.map((spec) => {
    const selector = targetSelector(view, spec);
    const pods: Pod[] = [];
    const serving: ServingPod[] = [];
    view.forEach('Pod', spec.target.namespace, (pod) => {
      if (!selector.matches(pod.metadata.labels) || !isRunningPod(view, pod)) return true;
      pods.push(pod);
      if (isPodReady(pod) && pod.metadata.deletionTimestamp === undefined) {
        serving.push({ key: podKey(pod), pod, readySince: podReadySince(pod) ?? 0 });
      }
      return true;
    });
    return { spec, pods, serving };
  });
}

/** Each serving pod's share of its loads at `t` (units of load): the load split equally. */
export function sharesAt(groups: readonly LoadGroup[], t: Millis, seed: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const g of groups) {
    if (g.serving.length === 0) continue;
    const each = loadAt(g.spec, t, seed) / g.serving.length;
    for (const s of g.serving) out.set(s.key, (out.get(s.key) ?? 0) + each);
  }
  return out;
}

/** The integration step: a load is sampled at the middle of each step of at most this long. */
export const SHARE_STEP: Millis = 1000;

/**
 * Each serving pod's share of its loads integrated over [from, to] (units of load × ms). The
 * window is cut into steps of at most SHARE_STEP and the load sampled at each step's middle
 * (the midpoint rule): exact for constant loads, off by at most one step's worth at a step's
 * edge, O(step²) for ramps and cycles. At each sample the load is split among the pods serving
 * then: those ready now whose readySince is not later (a pod that stopped serving within the
 * window is no longer seen, so its part goes to the others — at most one window's worth).
 */
export function shareIntegrals(groups: readonly LoadGroup[], from: Millis, to: Millis, seed: string): Map<string, number> {
  const out = new Map<string, number>();
  if (to <= from) return out;
  const steps = Math.ceil((to - from) / SHARE_STEP);
  const h = (to - from) / steps;
  for (const g of groups) {
    if (g.serving.length === 0) continue;
    const byReady = [...g.serving].sort((a, b) => a.readySince - b.readySince);
    // perStep[k]: what one pod serving at step k gets; suffix sums give each pod its total.
    const perStep: number[] = [];
    let n = 0;
    for (let k = 0; k < steps; k++) {
      const tau = from + (k + 0.5) * h;
      while (n < byReady.length && (byReady[n] as ServingPod).readySince <= tau) n++;
      perStep.push(n === 0 ? 0 : (loadAt(g.spec, tau, seed) / n) * h);
    }
    const suffix: number[] = new Array(steps + 1).fill(0);
    for (let k = steps - 1; k >= 0; k--) suffix[k] = (suffix[k + 1] as number) + (perStep[k] as number);
    for (const s of byReady) {
      // The first step whose middle the pod served at.
      const first = Math.max(0, Math.ceil((s.readySince - from) / h - 0.5));
      const total = first >= steps ? 0 : (suffix[first] as number);
      out.set(s.key, (out.get(s.key) ?? 0) + total);
    }
  }
  return out;
}
