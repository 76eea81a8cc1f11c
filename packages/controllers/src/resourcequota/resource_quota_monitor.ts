import {
  type Change,
  type ClusterView,
  KINDS,
  type Kind,
  objectKey,
  type Pod,
  quota,
  type ResourceQuota,
  type Service,
  type Watch,
} from '@kubesim/core';

/**
 * The quota monitor's replenishment (pkg/controller/resourcequota/resource_quota_monitor.go):
 * when an object that quota charges stops using what it was charged for, the quotas of its
 * namespace that limit its resource are recalculated. That is a delete, a pod that turns
 * terminal (QuotaV1Pod true before, false after), a Service whose quota type changes; never a
 * create (admission charged it). Upstream queues these through one more worker; kubesim
 * enqueues the quotas directly. Deletes of kinds kubesim stores untyped (generic objects)
 * reach no watch: their quotas catch up at the next full recalculation.
 */

/** replenishQuota: the namespace's quotas that limit something the resource's evaluator measures. */
export function quotasToReplenish(groupResource: string, namespace: string, view: ClusterView): string[] {
  const e = quota.evaluatorFor(groupResource);
  if (e === undefined) return [];
  const out: string[] = [];
  for (const q of view.list('ResourceQuota', namespace)) {
    if (e.matchingResources(quota.hardNames(q)).length > 0) out.push(objectKey(namespace, q.metadata.name ?? ''));
  }
  return out;
}

/** The update that frees quota, per kind (the monitor's UpdateFunc); other kinds replenish on delete only. */
function updateReplenishes(kind: Kind, old: unknown, cur: unknown, now: number): boolean {
  switch (kind) {
    case 'Pod':
      // install.DefaultUpdateFilter also replenishes when the containers' status resources
      // change (in-place resize, InPlacePodVerticalScaling): kubesim does not model resize.
      return quota.quotaV1Pod(old as Pod, now) && !quota.quotaV1Pod(cur as Pod, now);
    case 'Service':
      return quota.quotaServiceType(old as Service) !== quota.quotaServiceType(cur as Service);
    // PersistentVolumeClaim: RequiresQuotaReplenish compares allocated storage, which kubesim
    // does not model, so a claim replenishes on delete only, as every other kind.
    default:
      return false;
  }
}

/** A watch's keys for one kind: the quotas to recalculate after a change of its objects. */
function replenishing(kind: Kind): (change: Change, view: ClusterView) => string[] {
  const gr = quota.groupResourceOf(kind);
  return (change: Change, view: ClusterView): string[] => {
    const obj = (change.old ?? change.new) as { metadata: { namespace?: string } } | undefined;
    const namespace = obj?.metadata.namespace;
    if (namespace === undefined || change.old === undefined) return [];
    if (change.new !== undefined && !updateReplenishes(kind, change.old, change.new, view.now)) return [];
    return quotasToReplenish(gr, namespace, view);
  };
}

/** The quota's own key on add and delete, and on an update of spec.hard (the controller's UpdateFunc). */
function quotaKeys(change: Change, view: ClusterView): string[] {
  const q = (change.new ?? change.old) as ResourceQuota;
  const key = objectKey(q.metadata.namespace ?? 'default', q.metadata.name ?? '');
  if (change.old === undefined) return [key];
  if (change.new === undefined) return [key, ...quotasToReplenish('resourcequotas', q.metadata.namespace ?? 'default', view)];
  const before = quota.parseList((change.old as ResourceQuota).spec?.hard);
  const after = quota.parseList((change.new as ResourceQuota).spec?.hard);
  return quota.equals(before, after) ? [] : [key];
}

/**
 * What the controller watches: its quotas, and every namespaced kind quota charges (events
 * are ignored by quota).
 */
export function resourceQuotaWatches(): Watch[] {
  const watches: Watch[] = [{ kind: 'ResourceQuota', keys: quotaKeys }];
  for (const k of KINDS) {
    if (!k.namespaced || k.kind === 'ResourceQuota' || quota.evaluatorFor(quota.groupResourceOf(k.kind)) === undefined) continue;
    watches.push({ kind: k.kind, keys: replenishing(k.kind) });
  }
  return watches;
}
