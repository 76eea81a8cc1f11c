import { kubeletStartedAt, type Millis, type NodeRuntime, SECOND } from '@kubesim/core';

/**
 * When the node lifecycle controller notices a node's silence. The kubelet renews its lease
 * every 10s from the moment it started; the controller checks every node-monitor-period
 * (5s) and records a renewal at the first check after it; the node turns Unknown at the
 * first check more than node-monitor-grace-period after that record.
 */
export const LEASE_RENEW_INTERVAL: Millis = 10 * SECOND;

/** The node lifecycle controller's timing: how often it checks (--node-monitor-period) and how long a node may be silent (--node-monitor-grace-period). */
export interface NodeMonitorTiming {
  /** --node-monitor-period: how often the controller checks nodes. */
  readonly monitorPeriod: Millis;
  /** --node-monitor-grace-period: 50s since v1.32 (40s before). */
  readonly gracePeriod: Millis;
  /** --node-startup-grace-period: for a node that never posted a Ready condition. Default 60s. */
  readonly startupGracePeriod?: Millis;
}

/** --node-startup-grace-period's default. */
export const NODE_STARTUP_GRACE_PERIOD: Millis = 60 * SECOND;

/** v1.34's defaults: a check every 5 s, Unknown after 50 s of silence. */
export const DEFAULT_NODE_MONITOR: NodeMonitorTiming = { monitorPeriod: 5 * SECOND, gracePeriod: 50 * SECOND };

/** The last lease renewal before the node failed. */
export function lastRenewal(node: NodeRuntime): Millis {
  const failedAt = node.failedAt ?? node.startedAt;
  const renewals = Math.max(0, Math.floor((failedAt - node.startedAt - 1) / LEASE_RENEW_INTERVAL));
  return node.startedAt + renewals * LEASE_RENEW_INTERVAL;
}

/** The monitor check at which the controller marks a failed node Unknown. */
export function unknownAt(node: NodeRuntime, timing: NodeMonitorTiming = DEFAULT_NODE_MONITOR): Millis {
  const p = timing.monitorPeriod;
  const observed = Math.ceil(lastRenewal(node) / p) * p;
  return (Math.floor((observed + timing.gracePeriod) / p) + 1) * p;
}

/** The last renewal at or before `t` of a kubelet process that started at `start` (it renews at its start, then every 10s). */
function renewalBefore(start: Millis, t: Millis): Millis {
  return start + Math.max(0, Math.floor((t - start - 1) / LEASE_RENEW_INTERVAL)) * LEASE_RENEW_INTERVAL;
}

/**
 * A node whose lease renewals no longer reach the API server: the last one that did, and, for a
 * kubelet that is restarting (and will renew again by itself), when its new process renews.
 */
export interface Silence {
  readonly lastRenewal: Millis;
  readonly until?: Millis;
}

/**
 * Whether the API server hears from the node's kubelet at `now`: a node down, a kubelet
 * restarting, and a node cut off from the API server (NodePartition) all stop the renewals;
 * the node lifecycle controller cannot tell them apart (tryUpdateNodeHealth sees only the lease).
 */
export function silenceOf(node: NodeRuntime, now: Millis): Silence | undefined {
  const r = node.kubeletRestart;
  // Quiet since: a time inside a restart counts from the restart (the old process's last renewal).
  const quietFrom = (t: Millis): Millis => (r !== undefined && t >= r.at && t < r.until ? r.at : t);
  const restarting = r !== undefined && now < r.until;
  let quiet: Millis | undefined;
  const at = (t: Millis): void => {
    const q = quietFrom(t);
    if (quiet === undefined || q < quiet) quiet = q;
  };
  if (restarting) at(r.at);
  if (!node.up) at(node.failedAt ?? node.startedAt);
  if (node.partitionedAt !== undefined) at(node.partitionedAt);
  if (quiet === undefined) return undefined;
  const lastRenewal = renewalBefore(kubeletStartedAt(node, quiet), quiet);
  return restarting && node.up && node.partitionedAt === undefined ? { lastRenewal, until: r.until } : { lastRenewal };
}

/** The monitor check at which the controller marks a node silent since `lastRenewal` Unknown. */
export function unknownAfter(lastRenewal: Millis, timing: NodeMonitorTiming = DEFAULT_NODE_MONITOR): Millis {
  const p = timing.monitorPeriod;
  const observed = Math.ceil(lastRenewal / p) * p;
  return (Math.floor((observed + timing.gracePeriod) / p) + 1) * p;
}

/**
 * The renew time the node's Lease holds at `now`: the last renewal that reached the API server,
 * stamped by the kubelet with its own clock (the node's skew).
 */
export function leaseRenewTime(node: NodeRuntime, now: Millis): Millis {
  const silence = silenceOf(node, now);
  const renewed = silence?.lastRenewal ?? renewalBefore(kubeletStartedAt(node, now), now + 1);
  return renewed + (node.skew ?? 0);
}

/**
 * The monitor check at which the controller marks a Node with no kubelet behind it Unknown:
 * nothing renews its lease or posts its status, so the controller's probe time stays the
 * moment it first saw the node (tryUpdateNodeHealth's first observation, taken at the first
 * monitor check after the node was created). A node that never posted Ready gets the startup
 * grace period instead (the fake Ready condition upstream builds from creationTimestamp).
 */
export function kubeletlessUnknownAt(
  created: Millis,
  postedReady: boolean,
  timing: NodeMonitorTiming = DEFAULT_NODE_MONITOR,
): Millis {
  const p = timing.monitorPeriod;
  const observed = Math.ceil(created / p) * p;
  const grace = postedReady ? timing.gracePeriod : (timing.startupGracePeriod ?? NODE_STARTUP_GRACE_PERIOD);
  return (Math.floor((observed + grace) / p) + 1) * p;
}
