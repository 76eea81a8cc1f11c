import type { Millis, Pod, ReconcileContext } from '@kubesim/core';
import type { ContainerRun, PodRun } from './memory.js';

/**
 * A kubelet process that restarted (KubeletRestart) while the machine ran on: the containers
 * are the runtime's and keep running, so the pod's record (what the runtime does) carries
 * over; what lived only in the old process is gone.
 * - The status manager's cache: the first sync compares with the pod in the API server.
 * - The prober's results (prober/worker.go): a new readiness worker sets its initialValue,
 *   Failure, for the container it finds, and UpdatePodStatus reports a container with a
 *   readiness probe and no result as not ready (prober_manager.go) — a ready pod turns
 *   NotReady until its first probe after the restart passes (kubernetes#100277, #125397: kept
 *   so in v1.34). That probe waits a random part of periodSeconds first (worker.run: "If
 *   kubelet restarted the probes could be started in rapid succession"), then ticks every
 *   period. A container without a readiness probe has no worker and stays ready.
 */
export function afterKubeletRestart(run: PodRun, pod: Pod, start: Millis, localStart: Millis, ctx: ReconcileContext): PodRun {
  const uid = pod.metadata.uid as string;
  const containers = run.containers.map((c, i): ContainerRun => {
    const spec = pod.spec.containers[i];
    const probe = spec?.readinessProbe;
    if (c.phase !== 'running' || probe === undefined || c.readyAt === undefined) return c;
    const period: Millis = (probe.periodSeconds ?? 10) * 1000;
    const first = localStart + Math.floor(ctx.random(`${uid}/${spec?.name}/prober/${start}`).next() * period);
    // The first tick of the new worker at or after the time the probe would first pass.
    const readyAt = c.readyAt <= first ? first : first + Math.ceil((c.readyAt - first) / period) * period;
    const due = c.due !== undefined && c.due < readyAt ? c.due : readyAt;
    return { ...c, readyAt, due };
  });
  return { ...run, containers, status: undefined, kubeletStart: start };
}
