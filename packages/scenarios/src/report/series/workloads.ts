import { deploymentutil } from '@kubesim/controllers';
import type { Deployment, KubeObject, Millis } from '@kubesim/core';
import { controllerOf } from '@kubesim/core';
import { SeriesBuilder } from './builder.js';
import type { WorkloadKind, WorkloadSeries } from './types.js';

export const WORKLOAD_KINDS: readonly WorkloadKind[] = [
  'Deployment',
  'ReplicaSet',
  'ReplicationController',
  'StatefulSet',
  'DaemonSet',
  'Job',
];

export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return (WORKLOAD_KINDS as readonly string[]).includes(kind);
}

type Values = Record<string, number | null>;

/**
 * The counts each kind's status reports, by the names the report draws: desired (the spec),
 * then updated / ready / available as the controller last wrote them. A Deployment under
 * RollingUpdate also carries its bounds: at most replicas + maxSurge pods, at least
 * replicas − maxUnavailable available (deploymentutil's fenceposts, as the controller uses).
 */
export function workloadValues(obj: KubeObject): Values {
  const o = obj as KubeObject & { spec?: Record<string, unknown>; status?: Record<string, unknown> };
  const st = (o.status ?? {}) as Record<string, number | undefined>;
  const n = (v: number | undefined): number => v ?? 0;
  switch (obj.kind) {
    case 'Deployment': {
      const d = obj as Deployment;
      const replicas = deploymentutil.replicasOf(d);
      const values: Values = {
        desired: replicas,
        total: n(st.replicas),
        updated: n(st.updatedReplicas),
        ready: n(st.readyReplicas),
        available: n(st.availableReplicas),
      };
      if (d.spec.strategy?.type !== 'Recreate') {
        values['surge bound'] = replicas + deploymentutil.maxSurge(d);
        values['unavailability bound'] = deploymentutil.minAvailable(d);
      }
      return values;
    }
    case 'ReplicaSet':
    case 'ReplicationController':
      return {
        desired: (o.spec?.replicas as number | undefined) ?? 1,
        total: n(st.replicas),
        ready: n(st.readyReplicas),
        available: n(st.availableReplicas),
      };
    case 'StatefulSet':
      return {
        desired: (o.spec?.replicas as number | undefined) ?? 1,
        total: n(st.replicas),
        updated: n(st.updatedReplicas),
        ready: n(st.readyReplicas),
        available: n(st.availableReplicas),
      };
    case 'DaemonSet':
      return {
        desired: n(st.desiredNumberScheduled),
        total: n(st.currentNumberScheduled),
        updated: n(st.updatedNumberScheduled),
        ready: n(st.numberReady),
        available: n(st.numberAvailable),
      };
    default: {
      // A Job: how many pods run at once (parallelism) and how many must succeed.
      const spec = (o.spec ?? {}) as { parallelism?: number; completions?: number };
      return {
        desired: spec.completions ?? null,
        parallelism: spec.parallelism ?? 1,
        active: n(st.active),
        ready: n(st.ready),
        succeeded: n(st.succeeded),
        failed: n(st.failed),
      };
    }
  }
}

/** Each workload's series, keyed by uid (a workload deleted and created again is a new one). */
export class WorkloadRecorder {
  private readonly byUid = new Map<string, { meta: Omit<WorkloadSeries, 'lines' | 'points'>; b: SeriesBuilder }>();

  observe(time: Millis, obj: KubeObject | undefined, old: KubeObject | undefined): void {
    const o = obj ?? old;
    if (o === undefined || !isWorkloadKind(o.kind)) return;
    const uid = o.metadata.uid ?? `${o.metadata.namespace}/${o.metadata.name}`;
    let w = this.byUid.get(uid);
    if (w === undefined) {
      const owner = controllerOf(o as never);
      w = {
        meta: {
          kind: o.kind as WorkloadKind,
          namespace: o.metadata.namespace ?? 'default',
          name: o.metadata.name ?? '',
          ...(owner !== undefined ? { owner: `${owner.kind}/${owner.name}` } : {}),
        },
        b: new SeriesBuilder(),
      };
      this.byUid.set(uid, w);
    }
    if (obj === undefined) {
      // Gone: every count drops to zero.
      w.b.set(time, Object.fromEntries(w.b.lines.map((l) => [l, 0])));
    } else w.b.set(time, workloadValues(obj));
  }

  series(): WorkloadSeries[] {
    return [...this.byUid.values()].map((w) => ({ ...w.meta, ...w.b.series() }));
  }
}
