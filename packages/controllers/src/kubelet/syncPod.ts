import {
  type ClusterView,
  deepEqual,
  type Effect,
  type Millis,
  type Node,
  type Pod,
  type ReconcileContext,
  sample,
} from '@kubesim/core';

import { recordEvent } from '../util/effects.js';
import { allocatePodIP } from './addresses.js';
import { generateStatus, podLabel } from './apiStatus.js';
import { makeEnvironmentVariablesError } from './configSources.js';
import { type ContainerEnv, kubeletStart, relistOf } from './containerEnv.js';
import { beginContainer } from './imagePuller.js';
import { type ContainerRun, NEW_CONTAINER, NO_HISTORY, type NodeMemory, type PodRun } from './memory.js';
import { COMPLETION_INDEX_ANNOTATION, resolveProfile } from './profile.js';
import { advanceContainer } from './runtime.js';
import { advanceVolumeWait, beginVolumeWait, statusWithoutSandbox } from './volumeWait.js';

/**
 * syncPod for a pod that runs: start what the kubelet has not started, advance each
 * container through what is due, report the status when it changed, and wake again when
 * the next container transition is due.
 */

/** What one sync collects: its effects, and the node's memory as the sync changes it. */
export interface Pass {
  readonly effects: Effect[];
  nodeMemory: NodeMemory;
}

function containerEnv(pod: Pod, index: number, view: ClusterView, ctx: ReconcileContext, pass: Pass): ContainerEnv {
  const spec = pod.spec.containers[index] as Pod['spec']['containers'][number];
  const host = pod.spec.nodeName as string;
  const image = spec.image ?? '';
  return {
    relist: relistOf(view, host, ctx.now),
    now: ctx.now,
    container: spec,
    profile: resolveProfile(view.imageProfile(image), spec, pod.metadata.annotations?.[COMPLETION_INDEX_ANNOTATION]),
    podUid: pod.metadata.uid as string,
    podLabel: podLabel(pod),
    restartPolicy: pod.spec.restartPolicy ?? 'Always',
    imagePresent: pass.nodeMemory.images.includes(image),
    random: (purpose) => ctx.random(purpose),
    event: (eventType, reason, message) =>
      recordEvent(pod, eventType, reason, message, { fieldPath: `spec.containers{${spec.name}}`, host }),
    configError: () => makeEnvironmentVariablesError(pod, spec, view),
  };
}

/** A pod this kubelet has not seen before (or not since its node rebooted). */
function startPod(
  pod: Pod,
  key: string,
  node: Node | undefined,
  bootId: number,
  view: ClusterView,
  ctx: ReconcileContext,
  pass: Pass,
): PodRun {
  const now = ctx.now;
  const previous = pod.status?.containerStatuses ?? [];
  const ip = pod.status?.podIP ?? allocatePodIP(key, node, pass);
  const skew = view.nodeRuntime(pod.spec.nodeName as string)?.skew ?? 0;
  if (previous.length > 0) {
    pass.effects.push(
      recordEvent(pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.', {
        host: pod.spec.nodeName as string,
      }),
    );
  }
  // Configuration volumes that do not mount hold the whole pod back (volumeWait.ts).
  const volumes = beginVolumeWait(pod, view, now);
  pass.effects.push(...volumes.events);
  return {
    uid: pod.metadata.uid as string,
    nodeName: pod.spec.nodeName as string,
    bootId,
    kubeletStart: kubeletStart(view, pod.spec.nodeName as string, now - skew),
    skew,
    startTime: pod.status?.startTime ?? now,
    podIP: ip,
    containers:
      volumes.wait === undefined ? beginContainers(pod, bootId, view, ctx, pass) : pod.spec.containers.map(() => MOUNTING),
    status: undefined,
    stopping: undefined,
    volumes: volumes.wait,
  };
}

/** A container that waits for its pod's volumes: nothing begun. */
const MOUNTING: ContainerRun = { ...NEW_CONTAINER, phase: 'mounting' };

/** The pod's containers taken on: each image, then create and start (restarts after a reboot). */
function beginContainers(pod: Pod, bootId: number, view: ClusterView, ctx: ReconcileContext, pass: Pass): ContainerRun[] {
  const now = ctx.now;
  const previous = pod.status?.containerStatuses ?? [];
  return pod.spec.containers.map((spec, i): ContainerRun => {
    const env = containerEnv(pod, i, view, ctx, pass);
    const before = previous.find((c) => c.name === spec.name);
    const begun = beginContainer(env);
    pass.effects.push(...begun.events);
    if (before === undefined || !(before.state.running || before.state.terminated || before.restartCount > 0)) {
      return begun.run;
    }
    // The node went down under this container: it died with the machine and restarts.
    const startedAt = before.state.running?.startedAt ?? before.state.terminated?.startedAt;
    const lastTerminated = {
      exitCode: 255,
      reason: 'Unknown',
      ...(startedAt !== undefined ? { startedAt } : {}),
      finishedAt: now,
      ...(before.containerID !== undefined ? { containerID: before.containerID } : {}),
    };
    return {
      ...begun.run,
      due:
        begun.run.phase === 'creating'
          ? now + sample(env.profile.start, ctx.random(`${pod.metadata.uid}/${spec.name}/reboot/${bootId}`))
          : begun.run.due,
      restartCount: before.restartCount + 1,
      history: { ...NO_HISTORY, lastTerminated },
    };
  });
}

/** When the pod's next container transition is due (the kubelet's next wake-up), if any. */
export function nextDue(containers: readonly ContainerRun[]): Millis | undefined {
  let due: Millis | undefined;
  for (const c of containers) if (c.due !== undefined && (due === undefined || c.due < due)) due = c.due;
  return due;
}

/**
 * One sync of a running pod. `current`: the kubelet's memory of this very pod (same uid, same
 * node boot), if any. Returns the pod's memory after the sync; effects go to `pass`.
 */
export function syncPod(
  pod: Pod,
  key: string,
  node: Node | undefined,
  bootId: number,
  current: PodRun | undefined,
  view: ClusterView,
  ctx: ReconcileContext,
  pass: Pass,
): PodRun {
  let run = current ?? startPod(pod, key, node, bootId, view, ctx, pass);
  if (current !== undefined && run.volumes !== undefined) {
    const step = advanceVolumeWait(run.volumes, pod, view, ctx.now, (purpose) => ctx.random(purpose));
    pass.effects.push(...step.events);
    run =
      step.wait === undefined
        ? { ...run, containers: beginContainers(pod, bootId, view, ctx, pass), volumes: undefined }
        : { ...run, volumes: step.wait };
  }
  const before = run.containers;
  let containers = before;
  pod.spec.containers.forEach((spec, i) => {
    let c = containers[i];
    if (c === undefined) return;
    // A crash reported by the world (the process died): the runtime learns of it.
    const died = pod.status?.containerStatuses?.find((s) => s.name === spec.name)?.state.terminated;
    if (c.phase === 'running' && died !== undefined && died.finishedAt !== undefined && died.finishedAt >= (c.startedAt ?? 0)) {
      // Seen at the PLEG's next relist, which also decides on the restart.
      const host = pod.spec.nodeName as string;
      const seen = relistOf(view, host, ctx.now)(died.finishedAt);
      c = { ...c, phase: 'exited', due: Math.max(seen, ctx.now), terminated: died };
    }
    // Nothing due: the container's record stays as it is (and so does its status).
    if (c.due !== undefined && c.due <= ctx.now) {
      const advanced = advanceContainer(c, containerEnv(pod, i, view, ctx, pass));
      c = advanced.run;
      pass.effects.push(...advanced.events);
      if (advanced.pulled.length > 0) {
        const images = [...new Set([...pass.nodeMemory.images, ...advanced.pulled])];
        pass.nodeMemory = { ...pass.nodeMemory, images };
      }
    }
    if (c !== containers[i]) {
      if (containers === before) containers = [...before];
      (containers as ContainerRun[])[i] = c;
    }
  });
  // The last status can be built on only while the pod in view still carries it.
  const trusted = run.status !== undefined && pod.status === run.status;
  let status = generateStatus(
    pod,
    containers,
    run,
    node,
    ctx.now,
    false,
    trusted ? { status: run.status as NonNullable<PodRun['status']>, containers: before } : undefined,
  );
  if (run.volumes !== undefined) status = statusWithoutSandbox(status, pod.status, ctx.now);
  const changed = trusted ? status !== pod.status : !deepEqual(status, pod.status);
  // The status manager: GET the pod, then patch its status (statusutil.PatchPodStatus).
  if (changed) pass.effects.push({ type: 'updateStatus', object: { ...pod, status }, getFirst: true });
  return containers === run.containers && status === run.status ? run : { ...run, containers, status };
}
