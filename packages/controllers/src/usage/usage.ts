import {
  type ClusterView,
  type Container,
  DEFAULT_USAGE,
  integerValue,
  type Millis,
  type Pod,
  parseQuantity,
  type UsageProfile,
} from '@kubesim/core';

/**
 * The per-image cost model (ImageProfile.usage): what a running container uses for the load
 * it serves. CPU in millicores, memory (the working set) in bytes, time in ms.
 */

export type ResolvedUsage = Required<Omit<UsageProfile, 'startupBurst'>> & Pick<UsageProfile, 'startupBurst'>;

/** The usage model of an image: its profile's fields over DEFAULT_USAGE. */
export function usageOf(view: ClusterView, image: string | undefined): ResolvedUsage {
  const u = view.imageProfile(image ?? '').usage;
  return u === undefined ? DEFAULT_USAGE : { ...DEFAULT_USAGE, ...u };
}

/**
 * How a pod's share of its load splits over its containers: equally among those whose image
 * declares a `usage` (the serving processes), else all of it to the first container (a sidecar
 * with no model of its own idles at the default baseline).
 */
export function loadFractions(view: ClusterView, pod: Pod): number[] {
  const declared = pod.spec.containers.map((c) => view.imageProfile(c.image ?? '').usage !== undefined);
  const n = declared.filter(Boolean).length;
  if (n === 0) return pod.spec.containers.map((_, i) => (i === 0 ? 1 : 0));
  return declared.map((d) => (d ? 1 / n : 0));
}

/** The length of [a, b] ∩ [c, d]. */
function overlap(a: number, b: number, c: number, d: number): number {
  return Math.max(0, Math.min(b, d) - Math.max(a, c));
}

/**
 * CPU a container used over [from, to] (millicore·ms), given it started at `startedAt` and
 * served `shareIntegral` (units of load × ms) in that time: the baseline while it ran, the
 * start-up burst's overlap with the window, and the load's part. Exact for the baseline and
 * the burst; the load's part is as exact as shareIntegral.
 */
export function cpuUsed(u: ResolvedUsage, startedAt: Millis, from: Millis, to: Millis, shareIntegral: number): number {
  const ran = overlap(from, to, startedAt, Number.POSITIVE_INFINITY);
  const burst =
    u.startupBurst === undefined ? 0 : u.startupBurst.cpu * overlap(from, to, startedAt, startedAt + u.startupBurst.duration);
  return u.cpu * ran + burst + u.cpuPerUnit * shareIntegral;
}

/** The CPU rate at an instant (millicores): baseline, burst if within it, and the load's part. */
export function cpuAt(u: ResolvedUsage, startedAt: Millis, t: Millis, share: number): number {
  const burst =
    u.startupBurst !== undefined && t >= startedAt && t < startedAt + u.startupBurst.duration ? u.startupBurst.cpu : 0;
  return u.cpu + burst + u.cpuPerUnit * share;
}

/** The working set at an instant (bytes) serving `share` units of load. */
export function memoryAt(u: ResolvedUsage, share: number): number {
  return Math.floor(u.memory + u.memoryPerUnit * share);
}

/** A container's memory limit in bytes, if it has one. */
export function memoryLimit(c: Container): number | undefined {
  const limit = c.resources?.limits?.memory;
  return limit === undefined ? undefined : integerValue(parseQuantity(limit));
}

/** When a running container started (its status), if it runs. */
export function containerStartedAt(pod: Pod, name: string): Millis | undefined {
  return pod.status?.containerStatuses?.find((s) => s.name === name)?.state.running?.startedAt;
}
