import { type Millis, type NodeRuntime, SECOND } from '@kubesim/core';

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
}

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
