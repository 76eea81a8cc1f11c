import { type Millis, type NodeRuntime, SECOND } from '@kubesim/core';

/**
 * When the node lifecycle controller notices a node's silence. The kubelet renews its lease
 * every 10s from the moment it started; the controller checks every node-monitor-period
 * (5s) and records a renewal at the first check after it; the node turns Unknown at the
 * first check more than node-monitor-grace-period after that record.
 */
export const LEASE_RENEW_INTERVAL: Millis = 10 * SECOND;

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
