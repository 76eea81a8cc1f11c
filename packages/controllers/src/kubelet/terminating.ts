import { type ClusterView, type Effect, type Millis, type Pod, type ReconcileContext, sample } from '@kubesim/core';

import { recordEvent } from '../util/effects.js';
import { generateStatus } from './apiStatus.js';
import { type ContainerRun, type ContainerStop, NEW_CONTAINER, type PodRun } from './memory.js';
import { COMPLETION_INDEX_ANNOTATION, resolveProfile } from './profile.js';

/**
 * Graceful termination (syncTerminatingPod): stop the containers (Killing), post the stopped
 * pod's status, then remove the pod from the API. Since v1.27 the kubelet gives a deleted pod
 * a terminal phase before the status manager deletes it (getPhase with podIsTerminal), so a
 * watch sees `0/1 Completed` (or `Error`) before the pod goes.
 */
export function terminate(pod: Pod, run: PodRun | undefined, view: ClusterView, ctx: ReconcileContext, key: string): Effect[] {
  // The pod's memory (and its address) goes when the kubelet sees the pod gone.
  const host = pod.spec.nodeName as string;
  const uid = pod.metadata.uid as string;
  const remove: Effect = {
    type: 'delete',
    ref: { kind: 'Pod', namespace: pod.metadata.namespace as string, name: pod.metadata.name as string },
    gracePeriodSeconds: 0,
    uid,
  };
  // The status manager deletes a pod once: while its delete (or the status before it) is on
  // its way, a sync of the pod (its own status write woke it) sends nothing more.
  if (ctx.inFlight() > 0) return [];
  if (run === undefined) return [...neverStarted(pod, view, ctx.now), remove];
  if (run.stopping === undefined) {
    const running = pod.spec.containers.filter((_, i) => run.containers[i]?.phase === 'running');
    if (running.length === 0) return [remove];
    // SIGKILL at the end of the grace period. Upstream counts it from when the kubelet starts
    // killing (killPodWithSyncResult with DeletionGracePeriodSeconds); from the deletion here,
    // the same while the kubelet sees the delete at once. One that learns of it only after the
    // deadline (it was cut off from the API server, or restarting) gives the whole period. The
    // deadline is the API server's time, on the node's clock.
    const deadline = (pod.metadata.deletionTimestamp ?? ctx.now) + (view.nodeRuntime(host)?.skew ?? 0);
    const killAt = deadline > ctx.now ? deadline : ctx.now + (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
    const stops: (ContainerStop | undefined)[] = [];
    let until = ctx.now;
    pod.spec.containers.forEach((c, i) => {
      if (run.containers[i]?.phase !== 'running') {
        stops.push(undefined);
        return;
      }
      const profile = resolveProfile(
        view.imageProfile(c.image ?? ''),
        c,
        pod.metadata.annotations?.[COMPLETION_INDEX_ANNOTATION],
      );
      const exitsAt = ctx.now + sample(profile.stop, ctx.random(`${uid}/${c.name}/stop`));
      // SIGTERM ends it (its profile's exit code) or, past the grace period, SIGKILL (137).
      const stop = exitsAt <= killAt ? { at: exitsAt, exitCode: profile.termExitCode } : { at: killAt, exitCode: 137 };
      stops.push(stop);
      until = Math.max(until, stop.at);
    });
    const effects: Effect[] = running.map((c) =>
      recordEvent(pod, 'Normal', 'Killing', `Stopping container ${c.name}`, { fieldPath: `spec.containers{${c.name}}`, host }),
    );
    const stopping: PodRun = { ...run, stopping: { until, stops } };
    effects.push({ type: 'remember', key, value: stopping });
    if (until > ctx.now) {
      effects.push({ type: 'requeueAfter', after: until - ctx.now });
      return effects;
    }
    return [...effects, ...stopped(pod, stopping, view, ctx.now), remove];
  }
  if (ctx.now < run.stopping.until) return [{ type: 'requeueAfter', after: run.stopping.until - ctx.now }];
  return [...stopped(pod, run, view, ctx.now), remove];
}

/** The status of a pod whose containers the kubelet has stopped, if that makes it terminal. */
function stopped(pod: Pod, run: PodRun, view: ClusterView, now: Millis): Effect[] {
  const stops = run.stopping?.stops ?? [];
  const containers = run.containers.map((c, i): ContainerRun => {
    const stop = stops[i];
    if (stop === undefined) return c;
    return {
      ...c,
      phase: 'done',
      due: undefined,
      readyAt: undefined,
      exitAt: undefined,
      terminated: {
        exitCode: stop.exitCode,
        reason: stop.exitCode === 0 ? 'Completed' : 'Error',
        ...(c.startedAt !== undefined ? { startedAt: c.startedAt } : {}),
        finishedAt: stop.at,
        ...(c.containerID !== undefined ? { containerID: c.containerID } : {}),
      },
    };
  });
  const node = view.get('Node', undefined, pod.spec.nodeName as string);
  const status = generateStatus(pod, containers, run, node, now, true);
  if (status.phase !== 'Succeeded' && status.phase !== 'Failed') return [];
  return [{ type: 'updateStatus', object: { ...pod, status }, getFirst: true }];
}

/**
 * A pod deleted before this kubelet started it (bound while the node was cut off, or deleted
 * while its first sync was on its way): the status manager's TerminatePod still makes it
 * terminal before it goes — every container not terminated is reported terminated
 * (ContainerStatusUnknown, exit code 137) and the phase is Failed — so a controller that waits
 * for a terminal pod (the Job controller's tracking finalizer) sees one.
 */
function neverStarted(pod: Pod, view: ClusterView, now: Millis): Effect[] {
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return [];
  const containers = pod.spec.containers.map(() => NEW_CONTAINER);
  const node = view.get('Node', undefined, pod.spec.nodeName as string);
  const run = { podIP: pod.status?.podIP ?? '', startTime: pod.status?.startTime ?? now };
  const generated = generateStatus(pod, containers, run, node, now, true);
  const containerStatuses = (generated.containerStatuses ?? []).map((c) =>
    c.state.terminated !== undefined
      ? c
      : {
          ...c,
          ready: false,
          state: {
            terminated: {
              exitCode: 137,
              reason: 'ContainerStatusUnknown',
              message: 'The container could not be located when the pod was terminated',
            },
          },
        },
  );
  return [
    { type: 'updateStatus', object: { ...pod, status: { ...generated, containerStatuses, phase: 'Failed' } }, getFirst: true },
  ];
}
