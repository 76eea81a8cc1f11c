import { integerValue, milliValue, parseQuantity } from './quantity.js';
import type { Container, PodSpec } from './types.js';

/** Requests in the units the scheduler compares: millicores and bytes. */
export interface ResourceList {
  readonly milliCpu: number;
  readonly memory: number;
}

export const EMPTY_RESOURCES: ResourceList = { milliCpu: 0, memory: 0 };

function containerRequests(c: Container): ResourceList {
  const req = c.resources?.requests;
  // API defaulting copies limits into missing requests (SetDefaults_Pod); honour that here for
  // objects that were not defaulted.
  const lim = c.resources?.limits;
  const cpu = req?.cpu ?? lim?.cpu;
  const mem = req?.memory ?? lim?.memory;
  return {
    milliCpu: cpu === undefined ? 0 : milliValue(parseQuantity(cpu)),
    memory: mem === undefined ? 0 : integerValue(parseQuantity(mem)),
  };
}

// Pod specs are immutable values shared between the versions of a pod, so their requests
// are computed once.
const requestCache = new WeakMap<PodSpec, ResourceList>();

/**
 * What a pod requests: the larger of the sum over its containers and the largest init
 * container, per resource (resourcehelper.PodRequests without overhead).
 */
export function podRequests(spec: PodSpec): ResourceList {
  const cached = requestCache.get(spec);
  if (cached) return cached;
  let milliCpu = 0;
  let memory = 0;
  for (const c of spec.containers ?? []) {
    const r = containerRequests(c);
    milliCpu += r.milliCpu;
    memory += r.memory;
  }
  for (const c of spec.initContainers ?? []) {
    const r = containerRequests(c);
    milliCpu = Math.max(milliCpu, r.milliCpu);
    memory = Math.max(memory, r.memory);
  }
  const result = milliCpu === 0 && memory === 0 ? EMPTY_RESOURCES : { milliCpu, memory };
  requestCache.set(spec, result);
  return result;
}
