import {
  type Change,
  type ClusterView,
  type Controller,
  deepEqual,
  type Effect,
  isPodTerminal,
  kubeletConditions,
  type Millis,
  type Node,
  type Pod,
  type PodStatus,
  podPhase,
  type ReconcileContext,
  sample,
} from '@kubesim/core';

import { recordEvent } from '../util/effects.js';
import { allocatePodIP, nodeIP, releasePodIP } from './addresses.js';
import { type ContainerRun, type ContainerStop, EMPTY_NODE_MEMORY, type NodeMemory, type PodRun } from './memory.js';
import { resolveProfile } from './profile.js';
import { advanceContainer, beginContainer, type ContainerEnv } from './runtime.js';
import { containerStatus } from './status.js';

/**
 * The kubelet of every node, as one controller keyed by pod. It runs bound pods through
 * their lifecycle — pull, create, start, ready, exit, restart — with delays drawn from the
 * image profiles, reports status to the API server, and stops and removes pods that are
 * being deleted. A node that is down runs nothing; when it comes back its kubelet starts
 * fresh and restarts the containers it finds.
 */
export const KUBELET = 'kubelet';

function podLabel(pod: Pod): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
}

function podKeysOfNode(change: Change, view: ClusterView): Iterable<string> {
  return view.podsOnNode(change.key).map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
}

function boundPodKey(change: Change): Iterable<string> {
  const pod = (change.new ?? change.old) as Pod | undefined;
  return pod?.spec.nodeName ? [change.key] : [];
}

interface Pass {
  readonly effects: Effect[];
  nodeMemory: NodeMemory;
}

function containerEnv(pod: Pod, index: number, view: ClusterView, ctx: ReconcileContext, pass: Pass, now: Millis): ContainerEnv {
  const spec = pod.spec.containers[index] as Pod['spec']['containers'][number];
  const host = pod.spec.nodeName as string;
  const image = spec.image ?? '';
  return {
    now,
    container: spec,
    profile: resolveProfile(view.imageProfile(image), spec),
    podUid: pod.metadata.uid as string,
    podLabel: podLabel(pod),
    restartPolicy: pod.spec.restartPolicy ?? 'Always',
    imagePresent: pass.nodeMemory.images.includes(image),
    random: (purpose) => ctx.random(purpose),
    event: (eventType, reason, message) =>
      recordEvent(pod, eventType, reason, message, { fieldPath: `spec.containers{${spec.name}}`, host }),
  };
}

/** A pod this kubelet has not seen before (or not since its node rebooted). */
function startPod(
  pod: Pod,
  node: Node | undefined,
  bootId: number,
  view: ClusterView,
  ctx: ReconcileContext,
  pass: Pass,
): PodRun {
  const now = ctx.now;
  const previous = pod.status?.containerStatuses ?? [];
  const ip = pod.status?.podIP ?? allocatePodIP(pod, node, pass);
  const containers: Record<string, ContainerRun> = {};
  const rebooted = previous.length > 0;
  if (rebooted) {
    pass.effects.push(
      recordEvent(pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.', {
        host: pod.spec.nodeName as string,
      }),
    );
  }
  pod.spec.containers.forEach((spec, i) => {
    const env = containerEnv(pod, i, view, ctx, pass, now);
    const before = previous.find((c) => c.name === spec.name);
    if (before !== undefined && (before.state.running || before.state.terminated || before.restartCount > 0)) {
      // The node went down under this container: it died with the machine and restarts.
      const startedAt = before.state.running?.startedAt ?? before.state.terminated?.startedAt;
      const lastTerminated = {
        exitCode: 255,
        reason: 'Unknown',
        ...(startedAt !== undefined ? { startedAt } : {}),
        finishedAt: now,
        ...(before.containerID !== undefined ? { containerID: before.containerID } : {}),
      };
      const begun = beginContainer(env);
      containers[spec.name] = {
        ...begun.run,
        restartCount: before.restartCount + 1,
        lastTerminated,
        crashBackoff: 0,
        ...(begun.run.phase === 'creating'
          ? { due: now + sample(env.profile.start, ctx.random(`${pod.metadata.uid}/${spec.name}/reboot/${bootId}`)) }
          : {}),
      };
      pass.effects.push(...begun.events);
    } else {
      const begun = beginContainer(env);
      containers[spec.name] = begun.run;
      pass.effects.push(...begun.events);
    }
  });
  return {
    uid: pod.metadata.uid as string,
    nodeName: pod.spec.nodeName as string,
    bootId,
    startTime: pod.status?.startTime ?? now,
    podIP: ip,
    containers,
  };
}

/** The pod's status from the runtime's memory; `terminal`: the kubelet has stopped it for good. */
function buildStatus(pod: Pod, run: PodRun, node: Node | undefined, now: Millis, terminal = false): PodStatus {
  const label = podLabel(pod);
  const containerStatuses = pod.spec.containers.map((spec) => containerStatus(run.containers[spec.name], spec, now, label));
  const phase = podPhase(containerStatuses, pod.spec.restartPolicy ?? 'Always', terminal);
  const hostIP = nodeIP(node);
  return {
    phase,
    // A stopped pod's sandbox is gone too.
    conditions: kubeletConditions(pod.status?.conditions, containerStatuses, phase, !terminal, now),
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP: run.podIP,
    podIPs: [{ ip: run.podIP }],
    startTime: run.startTime,
    containerStatuses,
    ...(pod.status?.qosClass !== undefined ? { qosClass: pod.status.qosClass } : {}),
  } as PodStatus;
}

/**
 * Graceful termination: stop the containers (Killing), post the stopped pod's status, then
 * remove the pod from the API. Since v1.27 the kubelet gives a deleted pod a terminal phase
 * before the status manager deletes it (getPhase with podIsTerminal), so a watch sees
 * `0/1 Completed` (or `Error`) before the pod goes.
 */
function terminate(pod: Pod, run: PodRun | undefined, view: ClusterView, ctx: ReconcileContext, key: string): Effect[] {
  // The pod's memory (and its address) goes when the kubelet sees the pod gone.
  const host = pod.spec.nodeName as string;
  const uid = pod.metadata.uid as string;
  const running = run ? pod.spec.containers.filter((c) => run.containers[c.name]?.phase === 'running') : [];
  const remove: Effect = {
    type: 'delete',
    ref: { kind: 'Pod', namespace: pod.metadata.namespace as string, name: pod.metadata.name as string },
    gracePeriodSeconds: 0,
    uid,
  };
  if (run === undefined) return [remove];
  if (run.stoppingUntil === undefined) {
    if (running.length === 0) return [remove];
    // SIGKILL at the end of the grace period.
    const killAt = Math.max(pod.metadata.deletionTimestamp ?? ctx.now, ctx.now);
    const stops: Record<string, ContainerStop> = {};
    let until = ctx.now;
    for (const c of running) {
      const profile = resolveProfile(view.imageProfile(c.image ?? ''), c);
      const exitsAt = ctx.now + sample(profile.stop, ctx.random(`${uid}/${c.name}/stop`));
      const stop = exitsAt <= killAt ? { at: exitsAt, exitCode: 0 } : { at: killAt, exitCode: 137 };
      stops[c.name] = stop;
      until = Math.max(until, stop.at);
    }
    const effects: Effect[] = running.map((c) =>
      recordEvent(pod, 'Normal', 'Killing', `Stopping container ${c.name}`, { fieldPath: `spec.containers{${c.name}}`, host }),
    );
    const stopping: PodRun = { ...run, stoppingUntil: until, stops };
    effects.push({ type: 'remember', key, value: stopping });
    if (until > ctx.now) {
      effects.push({ type: 'requeueAfter', after: until - ctx.now });
      return effects;
    }
    return [...effects, ...stopped(pod, stopping, view, ctx.now), remove];
  }
  if (ctx.now < run.stoppingUntil) return [{ type: 'requeueAfter', after: run.stoppingUntil - ctx.now }];
  return [...stopped(pod, run, view, ctx.now), remove];
}

/** The status of a pod whose containers the kubelet has stopped, if that makes it terminal. */
function stopped(pod: Pod, run: PodRun, view: ClusterView, now: Millis): Effect[] {
  const containers: Record<string, ContainerRun> = { ...run.containers };
  for (const [name, stop] of Object.entries(run.stops ?? {})) {
    const c = containers[name];
    if (c === undefined) continue;
    const { readyAt: _r, due: _d, exitAt: _e, ...rest } = c;
    containers[name] = {
      ...rest,
      phase: 'done',
      terminated: {
        exitCode: stop.exitCode,
        reason: stop.exitCode === 0 ? 'Completed' : 'Error',
        ...(c.startedAt !== undefined ? { startedAt: c.startedAt } : {}),
        finishedAt: stop.at,
      },
    };
  }
  const node = view.get('Node', undefined, pod.spec.nodeName as string);
  const status = buildStatus(pod, { ...run, containers }, node, now, true);
  if (status.phase !== 'Succeeded' && status.phase !== 'Failed') return [];
  return [{ type: 'updateStatus', object: { ...pod, status } }];
}

/** The pod is gone from the API: drop its memory and give its address back. */
function forgetPod(ctx: ReconcileContext, key: string, run: PodRun): Effect[] {
  const effects: Effect[] = [{ type: 'remember', key, value: undefined }];
  const nodeKey = `node/${run.nodeName}`;
  const memory = ctx.memory<NodeMemory>(nodeKey);
  if (memory !== undefined) {
    const released = releasePodIP(memory, run.podIP);
    if (released !== memory) effects.push({ type: 'remember', key: nodeKey, value: released });
  }
  return effects;
}

function nextDue(run: PodRun): Millis | undefined {
  let due: Millis | undefined;
  for (const c of Object.values(run.containers)) if (c.due !== undefined && (due === undefined || c.due < due)) due = c.due;
  return due;
}

function reconcile(view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  const pod = view.getByKey('Pod', key);
  const remembered = ctx.memory<PodRun>(key);
  if (pod === undefined) return remembered ? forgetPod(ctx, key, remembered) : [];
  const nodeName = pod.spec.nodeName;
  if (!nodeName) return [];
  const runtime = view.nodeRuntime(nodeName);
  if (runtime === undefined || !runtime.up) return []; // a dead node runs nothing
  const node = view.get('Node', undefined, nodeName);
  const uid = pod.metadata.uid as string;
  // Memory of another pod with this name, or from before the node rebooted, is void.
  const current = remembered?.uid === uid && remembered.bootId === runtime.bootId ? remembered : undefined;
  if (pod.metadata.deletionTimestamp !== undefined) return terminate(pod, current, view, ctx, key);
  if (isPodTerminal(pod)) return remembered ? forgetPod(ctx, key, remembered) : [];

  const pass: Pass = { effects: [], nodeMemory: ctx.memory<NodeMemory>(`node/${nodeName}`) ?? EMPTY_NODE_MEMORY };
  const startMemory = pass.nodeMemory;
  // A new pod under an old name (a StatefulSet's): the old one's address goes back first.
  if (remembered !== undefined && remembered.uid !== uid) {
    if (remembered.nodeName === nodeName) pass.nodeMemory = releasePodIP(pass.nodeMemory, remembered.podIP);
    else pass.effects.push(...forgetPod(ctx, key, remembered));
  }
  let run = current ?? startPod(pod, node, runtime.bootId, view, ctx, pass);
  const containers: Record<string, ContainerRun> = { ...run.containers };
  pod.spec.containers.forEach((spec, i) => {
    let c = containers[spec.name];
    if (c === undefined) return;
    // A crash reported by the world (the process died): the runtime learns of it.
    const reported = pod.status?.containerStatuses?.find((s) => s.name === spec.name);
    const died = reported?.state.terminated;
    if (c.phase === 'running' && died !== undefined && died.finishedAt !== undefined && died.finishedAt >= (c.startedAt ?? 0)) {
      c = { ...c, phase: 'exited', terminated: died, due: died.finishedAt + 1000 };
    }
    const advanced = advanceContainer(c, containerEnv(pod, i, view, ctx, pass, ctx.now));
    containers[spec.name] = advanced.run;
    pass.effects.push(...advanced.events);
    if (advanced.pulled.length > 0) {
      const images = [...new Set([...pass.nodeMemory.images, ...advanced.pulled])];
      pass.nodeMemory = { ...pass.nodeMemory, images };
    }
  });
  run = { ...run, containers };
  const effects = pass.effects;
  const status = buildStatus(pod, run, node, ctx.now);
  if (!deepEqual(status, pod.status)) {
    effects.push({ type: 'updateStatus', object: { ...pod, status } });
  }
  effects.push({ type: 'remember', key, value: run });
  if (pass.nodeMemory !== startMemory) effects.push({ type: 'remember', key: `node/${nodeName}`, value: pass.nodeMemory });
  const due = nextDue(run);
  if (due !== undefined) effects.push({ type: 'requeueAfter', after: Math.max(0, due - ctx.now) });
  return effects;
}

export function kubelet(): Controller {
  return {
    name: 'kubelet',
    component: KUBELET,
    watches: [
      { kind: 'Pod', keys: boundPodKey },
      { kind: 'NodeRuntime', keys: podKeysOfNode },
    ],
    reconcile,
  };
}
