import { type Container, milliValue, type Pod, parseQuantity } from '@kubesim/core';
import { MetricsError } from './metrics/interfaces.js';

/**
 * replica_calculator.go's request rules (v1.34): a pod's request for a resource is its
 * pod-level request when it sets one (PodLevelResources, beta and on by default in 1.34) and
 * the HPA names no container; otherwise the sum over its containers and restartable init
 * containers (sidecars), or that one container's. Values are milli-units (MilliValue()).
 */

/** The resources a pod-level `resources` may set (resourcehelpers.IsSupportedPodLevelResource). */
const SUPPORTED_POD_LEVEL_RESOURCES: ReadonlySet<string> = new Set(['cpu', 'memory']);

/** The API defaults a missing request to the limit (SetDefaults_Pod); honour that for objects never defaulted. */
function containerRequest(c: Container, resource: string): string | undefined {
  return c.resources?.requests?.[resource] ?? c.resources?.limits?.[resource];
}

function podLevelRequests(pod: Pod): Readonly<Record<string, string>> | undefined {
  const res = pod.spec.resources as { requests?: Record<string, string> } | undefined;
  return res?.requests;
}

/** resourcehelpers.IsPodLevelRequestsSet: the pod sets a request for a supported resource. */
export function isPodLevelRequestsSet(pod: Pod): boolean {
  return Object.keys(podLevelRequests(pod) ?? {}).some((r) => SUPPORTED_POD_LEVEL_RESOURCES.has(r));
}

function isSidecar(c: Container): boolean {
  return c.restartPolicy === 'Always';
}

/**
 * calculateRequests: each pod's request by name. Throws the first pod's error, as upstream
 * returns it (no partial map).
 */
export function calculateRequests(pods: readonly Pod[], container: string, resource: string): Map<string, number> {
  const requests = new Map<string, number>();
  for (const pod of pods) {
    // If a container name is specified in the HPA, it takes precedence over the pod-level requests.
    const usePodLevel = isPodLevelRequestsSet(pod) && container === '';
    const request = usePodLevel
      ? calculatePodLevelRequests(pod, resource)
      : calculatePodRequestsFromContainers(pod, container, resource);
    requests.set(pod.metadata.name ?? '', request);
  }
  return requests;
}

/**
 * calculatePodLevelRequests: resourcehelpers.PodRequests' value for the resource — the
 * pod-level request where set, else the containers' aggregate (sum of the containers and
 * sidecars, at least the largest init container plus the sidecars started before it).
 */
export function calculatePodLevelRequests(pod: Pod, resource: string): number {
  const podLevel = podLevelRequests(pod)?.[resource];
  if (podLevel !== undefined && SUPPORTED_POD_LEVEL_RESOURCES.has(resource)) return milliValue(parseQuantity(podLevel));
  let found = false;
  const value = (c: Container): number => {
    const q = containerRequest(c, resource);
    if (q === undefined) return 0;
    found = true;
    return milliValue(parseQuantity(q));
  };
  let sum = 0;
  for (const c of pod.spec.containers) sum += value(c);
  let sidecars = 0;
  let initMax = 0;
  for (const c of pod.spec.initContainers ?? []) {
    const v = value(c);
    if (isSidecar(c)) {
      sidecars += v;
      sum += v;
      initMax = Math.max(initMax, sidecars);
    } else {
      initMax = Math.max(initMax, sidecars + v);
    }
  }
  if (!found) throw new MetricsError(`missing pod-level request for ${resource} in Pod ${pod.metadata.name ?? ''}`);
  return Math.max(sum, initMax);
}

/**
 * calculatePodRequestsFromContainers: the sum of the containers' and sidecars' requests, or
 * the named container's. Every counted container must request the resource.
 */
export function calculatePodRequestsFromContainers(pod: Pod, container: string, resource: string): number {
  const containers = [...pod.spec.containers, ...(pod.spec.initContainers ?? []).filter(isSidecar)];
  const podName = pod.metadata.name ?? '';
  let request = 0;
  for (const c of containers) {
    if (container === '' || container === c.name) {
      const q = containerRequest(c, resource);
      if (q === undefined) throw new MetricsError(`missing request for ${resource} in container ${c.name} of Pod ${podName}`);
      request += milliValue(parseQuantity(q));
    }
    // container names are unique inside the pod
    if (container === c.name) return request;
  }
  if (container !== '') throw new MetricsError(`container ${container} not found in Pod ${podName}`);
  return request;
}
