import { parseQuantity, type Quantity } from './quantity.js';
import type { Pod } from './types.js';

/**
 * What a pod asks for and is capped at, per resource name, with exact quantities
 * (k8s.io/component-helpers/resource PodRequests and PodLimits, v1.34): the containers' sum,
 * raised to what any init container needs while it runs (with the restartable init containers
 * started before it); pod-level requests or limits (PodLevelResources, on by default) replace
 * the aggregate for cpu and memory; the pod's overhead is added on request (to every request,
 * to the limits that are set). In-place resize's allocated resources are not modelled.
 */

type Which = 'requests' | 'limits';

/** Quantity.Add: the sum, in the first operand's format unless it is zero (a zero takes the other's). */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, format: a.nanos === 0n ? b.format : a.format };
}

function quantities(list: Readonly<Record<string, string>> | undefined): Map<string, Quantity> {
  const m = new Map<string, Quantity>();
  for (const [k, v] of Object.entries(list ?? {})) m.set(k, parseQuantity(v));
  return m;
}

function addTo(m: Map<string, Quantity>, k: string, q: Quantity): void {
  const mine = m.get(k);
  m.set(k, mine === undefined ? q : addQuantity(mine, q));
}

function maxTo(m: Map<string, Quantity>, k: string, q: Quantity): void {
  const mine = m.get(k);
  if (mine === undefined || q.nanos > mine.nanos) m.set(k, q);
}

/** AggregateContainerRequests / AggregateContainerLimits. */
export function aggregateContainerResources(pod: Pod, which: Which): Map<string, Quantity> {
  const total = new Map<string, Quantity>();
  for (const c of pod.spec.containers) for (const [k, q] of quantities(c.resources?.[which])) addTo(total, k, q);
  const sidecars = new Map<string, Quantity>();
  const initMax = new Map<string, Quantity>();
  for (const c of pod.spec.initContainers ?? []) {
    const own = quantities(c.resources?.[which]);
    if ((c as { restartPolicy?: string }).restartPolicy === 'Always') {
      for (const [k, q] of own) {
        addTo(total, k, q);
        addTo(sidecars, k, q);
      }
    } else {
      const tmp = new Map(own);
      for (const [k, q] of sidecars) addTo(tmp, k, q);
      for (const [k, q] of tmp) maxTo(initMax, k, q);
    }
  }
  for (const [k, q] of initMax) maxTo(total, k, q);
  return total;
}

/** IsSupportedPodLevelResource. */
const POD_LEVEL_RESOURCES: ReadonlySet<string> = new Set(['cpu', 'memory']);

/** PodRequests or PodLimits, with the overhead when `overhead` is set. */
export function podResourceTotals(pod: Pod, which: Which, opts: { readonly overhead: boolean }): Map<string, Quantity> {
  const total = aggregateContainerResources(pod, which);
  const podLevel = (pod.spec.resources as { requests?: Record<string, string>; limits?: Record<string, string> } | undefined)?.[
    which
  ];
  for (const [k, q] of quantities(podLevel)) if (POD_LEVEL_RESOURCES.has(k)) total.set(k, q);
  const overhead = pod.spec.overhead as Record<string, string> | undefined;
  if (opts.overhead && overhead !== undefined) {
    for (const [k, q] of quantities(overhead)) if (which === 'requests' || total.has(k)) addTo(total, k, q);
  }
  return total;
}
