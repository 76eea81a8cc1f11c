import {
  type ClusterView,
  type Controller,
  type Effect,
  listGeneric,
  MINUTE,
  type Millis,
  quota,
  type ReconcileContext,
  type ResourceQuota,
} from '@kubesim/core';
import { resourceQuotaWatches } from './resource_quota_monitor.js';

/**
 * The resource quota controller (pkg/controller/resourcequota/resource_quota_controller.go,
 * `resourcequota-controller` in kube-controller-manager, 5 workers): keeps each ResourceQuota's
 * status — hard as the spec says, used as CalculateUsage finds it — recalculating a quota when
 * it is created or its hard limits change, when something it charged goes away (the monitor's
 * replenishment), and every quota every 5 minutes (--resource-quota-sync-period). Admission
 * raises usage as objects are created; only this controller lowers it.
 *
 * Differences, on purpose: one queue (upstream has a second, prioritised queue with its own
 * workers for quotas whose status lacks usage); the full recalculation runs at each multiple
 * of 5 minutes of simulated time (upstream: 5 minutes after the controller started).
 */
export const RESOURCE_QUOTA_CONTROLLER = 'resourcequota-controller';

/** --resource-quota-sync-period: how often every quota is recalculated in full. */
export const RESOURCE_QUOTA_SYNC_PERIOD: Millis = 5 * MINUTE;

/** The next full recalculation after `now`. */
function nextResync(now: Millis): Millis {
  return (Math.floor(now / RESOURCE_QUOTA_SYNC_PERIOD) + 1) * RESOURCE_QUOTA_SYNC_PERIOD;
}

/** The namespace's objects of one quotable resource, as the controller's informers hold them. */
function lister(view: ClusterView, namespace: string): (r: quota.QuotableResource) => Iterable<quota.QuotaObject> {
  return (r) =>
    r.kind !== undefined ? view.list(r.kind, namespace) : listGeneric(view.state.store, r.groupKind ?? '', namespace);
}

/** A resource list that is absent or empty, as Go's nil map after a round trip. */
function isNil(list: Readonly<Record<string, string>> | undefined): boolean {
  return list === undefined || Object.keys(list).length === 0;
}

/**
 * syncResourceQuota: status.hard from the spec, status.used recalculated for every hard
 * resource an evaluator measures (a usage no evaluator measures keeps its last value), written
 * only when something differs.
 */
export function syncResourceQuota(view: ClusterView, q: ResourceQuota, now: Millis): Effect[] {
  const hard = quota.parseList(q.spec?.hard);
  const statusHard = quota.parseList(q.status?.hard);
  const oldUsed = quota.parseList(q.status?.used);
  const statusLimitsDirty = !quota.equals(hard, statusHard);
  let dirty = statusLimitsDirty || isNil(q.status?.hard) || isNil(q.status?.used);
  const namespace = q.metadata.namespace ?? 'default';
  const resources = quota.quotableResources(view.state.store);
  const newUsage = quota.calculateUsage(q, [...hard.keys()], resources, lister(view, namespace), now);
  const merged = new Map(oldUsed);
  for (const [k, v] of newUsage) merged.set(k, v);
  const used = quota.mask(merged, hard.keys());
  dirty = dirty || !quota.equals(used, oldUsed);
  if (!dirty) return [];
  const status = { hard: quota.formatList(hard), used: quota.formatList(used) };
  return [{ type: 'updateStatus', object: { ...q, status }, expectation: false }];
}

/** One quota key: its sync, then a wake-up for the next full recalculation. */
function reconcile(view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  const q = view.getByKey('ResourceQuota', key);
  if (q === undefined) return [];
  return [...syncResourceQuota(view, q, ctx.now), { type: 'requeueAfter', after: nextResync(ctx.now) - ctx.now }];
}

/** The resource quota controller (5 workers): each ResourceQuota's status.hard and status.used. */
export function resourceQuotaController(): Controller {
  return {
    name: 'resourcequota',
    component: RESOURCE_QUOTA_CONTROLLER,
    watches: resourceQuotaWatches(),
    reconcile,
    // --concurrent-resource-quota-syncs: 5.
    runtime: { process: 'kube-controller-manager', workers: 5 },
  };
}
