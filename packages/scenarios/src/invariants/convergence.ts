import { deploymentutil } from '@kubesim/controllers';
import type {
  ClusterView,
  DaemonSet,
  Deployment,
  HorizontalPodAutoscaler,
  ReplicaSet,
  ReplicationController,
  StatefulSet,
} from '@kubesim/core';
import { controllerOf } from '@kubesim/core';
import { jobGap } from './job.js';
import type { ScenarioInvariant } from './types.js';

/**
 * Eventual convergence: by the end of the run (after the last step), every workload has
 * reached what its spec asks for — a Deployment's rollout is complete, a StatefulSet has all
 * its replicas ready (and updated, unless a partition or OnDelete holds them back), a
 * ReplicaSet or ReplicationController of its own has its replicas ready, a DaemonSet has an
 * updated, available pod on every node it should run on, a Job has finished (or is
 * suspended), an autoscaler is acting and has the replicas it wants. A workload nothing acted on has not
 * converged: its status never observed its spec.
 */
export function deploymentGap(d: Deployment): string | undefined {
  const s = d.status ?? {};
  const replicas = deploymentutil.replicasOf(d);
  if ((s.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) return 'its latest spec was never observed';
  if ((s.updatedReplicas ?? 0) !== replicas) return `${s.updatedReplicas ?? 0} of ${replicas} replicas updated`;
  if ((s.replicas ?? 0) !== replicas) return `${s.replicas ?? 0} pods for ${replicas} replicas`;
  if ((s.availableReplicas ?? 0) !== replicas) return `${s.availableReplicas ?? 0} of ${replicas} replicas available`;
  return undefined;
}

export function statefulSetGap(sts: StatefulSet): string | undefined {
  const s = sts.status;
  const replicas = sts.spec.replicas ?? 1;
  if ((s?.observedGeneration ?? 0) < (sts.metadata.generation ?? 0)) return 'its latest spec was never observed';
  if ((s?.replicas ?? 0) !== replicas) return `${s?.replicas ?? 0} pods for ${replicas} replicas`;
  if ((s?.readyReplicas ?? 0) !== replicas) return `${s?.readyReplicas ?? 0} of ${replicas} replicas ready`;
  const strategy = sts.spec.updateStrategy;
  const partition = strategy?.rollingUpdate?.partition ?? 0;
  if (strategy?.type !== 'OnDelete' && (s?.updatedReplicas ?? 0) < replicas - partition) {
    return `${s?.updatedReplicas ?? 0} of ${replicas - partition} replicas updated`;
  }
  return undefined;
}

/**
 * An autoscaler has converged when it has acted and holds still: an AbleToScale condition,
 * and the replicas it wants are the replicas there are. (v1.34's controller writes no
 * status.observedGeneration, so the generation cannot tell.)
 */
export function autoscalerGap(hpa: HorizontalPodAutoscaler): string | undefined {
  const s = hpa.status;
  if (!s?.conditions?.some((c) => c.type === 'AbleToScale')) return 'no controller has acted on it';
  if (s.currentReplicas !== s.desiredReplicas) return `${s.currentReplicas ?? 0} replicas, ${s.desiredReplicas} desired`;
  return undefined;
}

export function replicaSetGap(rs: ReplicaSet | ReplicationController): string | undefined {
  const replicas = rs.spec.replicas ?? 1;
  const s = rs.status;
  if ((s?.replicas ?? 0) !== replicas) return `${s?.replicas ?? 0} pods for ${replicas} replicas`;
  if ((s?.readyReplicas ?? 0) !== replicas) return `${s?.readyReplicas ?? 0} of ${replicas} replicas ready`;
  return undefined;
}

/** A DaemonSet: a pod on every node it wants, each updated (unless OnDelete) and available. */
export function daemonSetGap(ds: DaemonSet): string | undefined {
  const s = ds.status;
  const desired = s?.desiredNumberScheduled ?? 0;
  if ((s?.observedGeneration ?? 0) < (ds.metadata.generation ?? 0)) return 'its latest spec was never observed';
  if ((s?.currentNumberScheduled ?? 0) !== desired) return `${s?.currentNumberScheduled ?? 0} of ${desired} nodes have a pod`;
  if (ds.spec.updateStrategy?.type !== 'OnDelete' && (s?.updatedNumberScheduled ?? 0) !== desired) {
    return `${s?.updatedNumberScheduled ?? 0} of ${desired} pods updated`;
  }
  if ((s?.numberAvailable ?? 0) !== desired) return `${s?.numberAvailable ?? 0} of ${desired} pods available`;
  return undefined;
}

export function eventualConvergence(): ScenarioInvariant {
  return {
    name: 'eventual-convergence',
    upstream:
      "kubectl's rollout status viewers (polymorphichelpers/rollout_status.go) and each controller's status: what a settled workload reports",
    description:
      'By the end of the run every Deployment, StatefulSet, DaemonSet, standalone ReplicaSet, Job and autoscaler has reached its spec.',
    check: () => undefined,
    finish(view: ClusterView) {
      const out: { message: string; objects: string[] }[] = [];
      const report = (kind: string, name: string | undefined, gap: string | undefined): void => {
        if (gap !== undefined) out.push({ message: `${kind}/${name} has not converged: ${gap}`, objects: [`${kind}/${name}`] });
      };
      for (const d of view.list('Deployment')) {
        if (d.metadata.deletionTimestamp === undefined && !d.spec.paused) report('deployment', d.metadata.name, deploymentGap(d));
      }
      for (const sts of view.list('StatefulSet')) {
        if (sts.metadata.deletionTimestamp === undefined) report('statefulset', sts.metadata.name, statefulSetGap(sts));
      }
      for (const ds of view.list('DaemonSet')) {
        if (ds.metadata.deletionTimestamp === undefined) report('daemonset', ds.metadata.name, daemonSetGap(ds));
      }
      for (const job of view.list('Job')) {
        if (job.metadata.deletionTimestamp === undefined) report('job', job.metadata.name, jobGap(job));
      }
      for (const hpa of view.list('HorizontalPodAutoscaler')) {
        if (hpa.metadata.deletionTimestamp === undefined)
          report('horizontalpodautoscaler', hpa.metadata.name, autoscalerGap(hpa));
      }
      for (const rs of [...view.list('ReplicaSet'), ...view.list('ReplicationController')]) {
        if (rs.metadata.deletionTimestamp === undefined && controllerOf(rs) === undefined) {
          report(rs.kind.toLowerCase(), rs.metadata.name, replicaSetGap(rs));
        }
      }
      return out;
    },
  };
}
