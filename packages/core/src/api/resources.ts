import { integerValue, milliValue, parseQuantity } from './quantity.js';
import type { Container, PodSpec } from './types.js';

/**
 * Requests in the units the scheduler compares: millicores and bytes. The nonZero figures
 * count a container that requests nothing as requesting 100m CPU and 200Mi memory, as the
 * scheduler's scoring does (pkg/scheduler/util/pod_resources.go); filtering uses the real ones.
 */
export interface ResourceList {
  readonly milliCpu: number;
  readonly memory: number;
  readonly nonZeroMilliCpu: number;
  readonly nonZeroMemory: number;
}

/** The scheduler's non-zero default CPU request for a container that sets none (100m). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** The scheduler's non-zero default memory request for a container that sets none (200Mi). */
export const DEFAULT_MEMORY_REQUEST: number = 200 * 1024 * 1024;

/** No resources requested. */
export const EMPTY_RESOURCES: ResourceList = { milliCpu: 0, memory: 0, nonZeroMilliCpu: 0, nonZeroMemory: 0 };

function containerRequests(c: Container): ResourceList {
  const req = c.resources?.requests;
  // API defaulting copies limits into missing requests (SetDefaults_Pod); honour that here for
  // objects that were not defaulted.
  const lim = c.resources?.limits;
  const cpu = req?.cpu ?? lim?.cpu;
  const mem = req?.memory ?? lim?.memory;
  const milliCpu = cpu === undefined ? 0 : milliValue(parseQuantity(cpu));
  const memory = mem === undefined ? 0 : integerValue(parseQuantity(mem));
  return {
    milliCpu,
    memory,
    // Only a missing request is defaulted; an explicit 0 stays 0.
    nonZeroMilliCpu: cpu === undefined ? DEFAULT_MILLI_CPU_REQUEST : milliCpu,
    nonZeroMemory: mem === undefined ? DEFAULT_MEMORY_REQUEST : memory,
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
  let nonZeroMilliCpu = 0;
  let nonZeroMemory = 0;
  for (const c of spec.containers ?? []) {
    const r = containerRequests(c);
    milliCpu += r.milliCpu;
    memory += r.memory;
    nonZeroMilliCpu += r.nonZeroMilliCpu;
    nonZeroMemory += r.nonZeroMemory;
  }
  for (const c of spec.initContainers ?? []) {
    const r = containerRequests(c);
    milliCpu = Math.max(milliCpu, r.milliCpu);
    memory = Math.max(memory, r.memory);
    nonZeroMilliCpu = Math.max(nonZeroMilliCpu, r.nonZeroMilliCpu);
    nonZeroMemory = Math.max(nonZeroMemory, r.nonZeroMemory);
  }
  const result: ResourceList = { milliCpu, memory, nonZeroMilliCpu, nonZeroMemory };
  requestCache.set(spec, result);
  return result;
}
