import type { ClusterView, Kind, KubeObject, Pod } from '@kubesim/core';
import { controllerOf } from '@kubesim/core';
import { daemonSetGap, deploymentGap, replicaSetGap, statefulSetGap } from '../invariants/convergence.js';
import { jobGap } from '../invariants/job.js';

/**
 * What `eventually-stable` judges at the end of a run, workload by workload: which workloads
 * never settle by design (and why), and which settled ones are not done. A workload is named
 * by its root: the object at the top of its chain of controller ownerReferences.
 */

/** `Kind/namespace/name` of an object (namespace empty for cluster-scoped ones). */
export function keyOfObject(o: KubeObject): string {
  return `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

/** The key of the top of `o`'s controller chain, as far as the objects still exist. */
export function rootKey(view: ClusterView, o: KubeObject): string {
  let cur = o;
  for (let depth = 0; depth < 8; depth++) {
    const ref = controllerOf(cur);
    if (ref === undefined) break;
    const owner = view.get(ref.kind as Kind, cur.metadata.namespace, ref.name) as KubeObject | undefined;
    // An owner already gone still names the workload the object belonged to.
    if (owner === undefined) return `${ref.kind}/${cur.metadata.namespace ?? ''}/${ref.name}`;
    cur = owner;
  }
  return keyOfObject(cur);
}

/** Container waiting reasons the kubelet retries forever with a back-off (kubelet/images, kuberuntime). */
const BACKING_OFF = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** Why a live pod never settles by design, or undefined. */
export function podNeverSettles(view: ClusterView, pod: Pod): string | undefined {
  const name = pod.metadata.name;
  if (pod.metadata.deletionTimestamp !== undefined || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') {
    return undefined;
  }
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    // The scheduler's queue retries an unschedulable pod until it fits (scheduling_queue.go).
    return `pod ${name} cannot be scheduled; the scheduler retries it for as long as it exists`;
  }
  for (const c of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const reason = c.state?.waiting?.reason;
    if (reason !== undefined && BACKING_OFF.has(reason)) {
      return `pod ${name}: container ${c.name} is in ${reason}; the kubelet retries it with a back-off forever`;
    }
    // Between two back-offs a crash-looping container is briefly terminated or not ready.
    if ((c.restartCount ?? 0) > 0 && !c.ready && pod.spec.restartPolicy !== 'Never') {
      return `pod ${name}: container ${c.name} keeps restarting (${c.restartCount} restarts)`;
    }
  }
  const node = pod.spec.nodeName === undefined ? undefined : view.get('Node', undefined, pod.spec.nodeName);
  const ready = node?.status?.conditions?.find((c) => c.type === 'Ready');
  if (node !== undefined && ready !== undefined && ready.status !== 'True') {
    return `pod ${name} is on node ${node.metadata.name}, which is not Ready (a fault that has not healed)`;
  }
  return undefined;
}

export interface Workloads {
  /** Root key → why it never settles by design. */
  readonly exempt: Map<string, string>;
  /** Root key → what is not done yet (settled workloads report done). */
  readonly notDone: Map<string, string>;
  /** Root key → why being not done is no violation yet (its own work still runs). */
  readonly running: Map<string, string>;
}

/** Sorts the cluster's workloads at the end of a run into exempt, not done, and running. */
export function classifyWorkloads(view: ClusterView): Workloads {
  const exempt = new Map<string, string>();
  const notDone = new Map<string, string>();
  const running = new Map<string, string>();
  const live = <T extends KubeObject>(list: T[]): T[] => list.filter((o) => o.metadata.deletionTimestamp === undefined);

  for (const cj of live(view.list('CronJob'))) {
    // syncCronJob requeues for the next schedule time (cronjob_controllerv2.go): it never stops.
    exempt.set(keyOfObject(cj), 'a CronJob creates Jobs on its schedule for as long as it exists');
  }
  for (const hpa of live(view.list('HorizontalPodAutoscaler'))) {
    // The autoscaler resyncs every 15s and follows its metrics (horizontal.go); hpa-* invariants judge it.
    const why = 'an autoscaler follows its metrics, which may move at any time; the hpa-* invariants judge it';
    exempt.set(keyOfObject(hpa), why);
    const t = hpa.spec.scaleTargetRef;
    exempt.set(
      `${t.kind}/${hpa.metadata.namespace ?? ''}/${t.name}`,
      `scaled by HorizontalPodAutoscaler ${hpa.metadata.name}: ${why}`,
    );
  }
  for (const pod of view.list('Pod')) {
    const why = podNeverSettles(view, pod);
    if (why === undefined) continue;
    const root = rootKey(view, pod);
    if (!exempt.has(root)) exempt.set(root, why);
  }

  const judge = (o: KubeObject, gap: string | undefined): void => {
    const key = keyOfObject(o);
    if (gap !== undefined && !exempt.has(key)) notDone.set(key, gap);
  };
  for (const d of live(view.list('Deployment'))) if (!d.spec.paused) judge(d, deploymentGap(d));
  for (const s of live(view.list('StatefulSet'))) judge(s, statefulSetGap(s));
  for (const ds of live(view.list('DaemonSet'))) judge(ds, daemonSetGap(ds));
  for (const rs of [...live(view.list('ReplicaSet')), ...live(view.list('ReplicationController'))]) {
    if (controllerOf(rs) === undefined) judge(rs, replicaSetGap(rs));
  }
  for (const job of live(view.list('Job'))) {
    const gap = jobGap(job);
    if (gap === undefined || exempt.has(rootKey(view, job))) continue;
    // A Job's pods run as long as their work takes, and failed ones are retried after a
    // back-off of up to 10 minutes (job_controller.go MaxJobPodFailureBackOff): unfinished
    // is only a violation once nothing is left to happen.
    running.set(keyOfObject(job), gap);
  }
  return { exempt, notDone, running };
}
