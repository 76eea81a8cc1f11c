import { type Container, type PodSpec, parseQuantity, type Quantity } from '@kubesim/core';

/**
 * resourcehelper.PodRequests / PodLimits as quantities (not just CPU and memory): the sum over
 * the containers, raised to the largest init container where that is more, plus the pod's
 * overhead. A sum keeps the format of its first term, as Quantity.Add does, so that it prints
 * as upstream prints it.
 */
export type ResourceQuantities = Map<string, Quantity>;

function listOf(c: Container, which: 'requests' | 'limits'): Record<string, string> {
  return c.resources?.[which] ?? {};
}

function parse(v: string): Quantity | undefined {
  try {
    return parseQuantity(v);
  } catch {
    return undefined;
  }
}

/** Adds `add` into `into`, keeping the format of what was there first. */
export function addInto(into: ResourceQuantities, name: string, add: Quantity): void {
  const have = into.get(name);
  into.set(name, have === undefined ? add : { nanos: have.nanos + add.nanos, format: have.format });
}

export function podResources(spec: PodSpec, which: 'requests' | 'limits'): ResourceQuantities {
  const total: ResourceQuantities = new Map();
  for (const c of spec.containers ?? []) {
    for (const [name, v] of Object.entries(listOf(c, which))) {
      const q = parse(v);
      if (q !== undefined) addInto(total, name, q);
    }
  }
  for (const c of spec.initContainers ?? []) {
    for (const [name, v] of Object.entries(listOf(c, which))) {
      const q = parse(v);
      const have = total.get(name);
      if (q !== undefined && (have === undefined || q.nanos > have.nanos)) total.set(name, q);
    }
  }
  const overhead = (spec.overhead as Record<string, string> | undefined) ?? {};
  for (const [name, v] of Object.entries(overhead)) {
    const q = parse(v);
    // Overhead counts toward a limit only where the pod has that limit.
    if (q !== undefined && (which === 'requests' || total.has(name))) addInto(total, name, q);
  }
  return total;
}
