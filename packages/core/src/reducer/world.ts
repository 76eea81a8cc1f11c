import { getCondition, kubeletConditions, podPhase } from '../api/podStatus.js';
import type { Node, NodeCondition, Pod } from '../api/types.js';
import type {
  ContainerCrashEvent,
  MetricSampleEvent,
  NodeAddedEvent,
  NodeFailsEvent,
  NodeRecoversEvent,
  SetImageProfileEvent,
} from '../events.js';
import { produce } from '../immer.js';
import type { ClusterState } from '../state.js';
import { getObject, putObject } from '../store/store.js';
import type { Millis } from '../time/duration.js';
import type { NodeRuntime } from '../world.js';
import { createObject, refKey } from './api.js';
import { type Change, type ReduceResult, rejected, skipped } from './result.js';

/** The reducer cases for world events: machines joining, failing and recovering, faults. */

export const KUBELET_VERSION = 'v1.34.1';

/** The conditions a healthy kubelet posts (pkg/kubelet/nodestatus/setters.go), in its order. */
export function healthyNodeConditions(previous: readonly NodeCondition[] | undefined, now: Millis): NodeCondition[] {
  const wanted: [string, 'True' | 'False', string, string][] = [
    ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
    ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
    ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
    ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
  ];
  return wanted.map(([type, status, reason, message]) => {
    const prev = getCondition(previous, type);
    return {
      type,
      status,
      lastHeartbeatTime: now,
      lastTransitionTime: prev !== undefined && prev.status === status ? (prev.lastTransitionTime ?? now) : now,
      reason,
      message,
    };
  });
}

function registeredNode(input: Node, index: number, now: Millis): Node {
  return produce(input, (d) => {
    const name = d.metadata.name ?? '';
    d.metadata.labels = {
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': 'linux',
      ...(d.metadata.labels ?? {}),
    };
    d.spec ??= {};
    d.spec.podCIDR ??= `10.244.${index}.0/24`;
    d.status ??= {};
    const status = d.status;
    status.capacity = { cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '100Gi', ...(status.capacity ?? {}) };
    status.allocatable = { ...status.capacity, ...(status.allocatable ?? {}) };
    status.conditions = healthyNodeConditions(undefined, now);
    status.addresses ??= [
      { type: 'InternalIP', address: `172.18.${Math.floor((index + 2) / 256)}.${(index + 2) % 256}` },
      { type: 'Hostname', address: name },
    ];
    status.nodeInfo = {
      architecture: 'amd64',
      containerRuntimeVersion: 'containerd://1.7.27',
      kernelVersion: '6.8.0-kubesim',
      kubeProxyVersion: KUBELET_VERSION,
      kubeletVersion: KUBELET_VERSION,
      operatingSystem: 'linux',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      ...(status.nodeInfo ?? {}),
    };
  });
}

export function nodeAdded(state: ClusterState, e: NodeAddedEvent, now: Millis): ReduceResult {
  const index = state.world.nodesJoined;
  const created = createObject(state, registeredNode(e.node, index, now), now);
  if (created.error) return created;
  const name = e.node.metadata.name ?? '';
  const runtime: NodeRuntime = { up: true, bootId: 1, startedAt: now, index };
  const world = { ...created.state.world, nodes: created.state.world.nodes.set(name, runtime), nodesJoined: index + 1 };
  return {
    state: { ...created.state, world },
    changes: [...created.changes, { kind: 'NodeRuntime', key: name, new: runtime }],
  };
}

export function nodeFails(state: ClusterState, e: NodeFailsEvent, now: Millis): ReduceResult {
  const old = state.world.nodes.get(e.name);
  if (old === undefined)
    return rejected(state, { reason: 'NotFound', message: `node ${JSON.stringify(e.name)} is not part of the cluster` });
  if (!old.up) return skipped(state, `node ${e.name} is already down`);
  const next: NodeRuntime = { ...old, up: false, failedAt: now };
  return {
    state: { ...state, world: { ...state.world, nodes: state.world.nodes.set(e.name, next) } },
    changes: [{ kind: 'NodeRuntime', key: e.name, old, new: next }],
  };
}

/** The node's kubelet starts again and posts a Ready status at once. */
export function nodeRecovers(state: ClusterState, e: NodeRecoversEvent, now: Millis): ReduceResult {
  const old = state.world.nodes.get(e.name);
  if (old === undefined)
    return rejected(state, { reason: 'NotFound', message: `node ${JSON.stringify(e.name)} is not part of the cluster` });
  if (old.up) return skipped(state, `node ${e.name} is already up`);
  // A reboot ends a kubelet restart under way; a partition outlives it (the network is not the machine).
  const { failedAt: _f, kubeletRestart: _k, ...rest } = old;
  const next: NodeRuntime = { ...rest, up: true, bootId: old.bootId + 1, startedAt: now };
  const changes: Change[] = [{ kind: 'NodeRuntime', key: e.name, old, new: next }];
  let store = state.store;
  const node = getObject(store, 'Node', e.name);
  if (node !== undefined && next.partitionedAt === undefined) {
    const rv = store.resourceVersion + 1;
    const updated = produce(node, (d) => {
      d.status ??= {};
      const status = d.status;
      status.conditions = healthyNodeConditions(node.status?.conditions, now + (next.skew ?? 0));
      d.metadata.resourceVersion = String(rv);
    });
    store = putObject(store, updated, rv);
    changes.push({ kind: 'Node', key: e.name, old: node, new: updated });
  }
  return {
    state: { ...state, store, world: { ...state.world, nodes: state.world.nodes.set(e.name, next) } },
    changes,
  };
}

/** A container's process dies; the kubelet reports it as it would from its next relist. */
export function containerCrash(state: ClusterState, e: ContainerCrashEvent, now: Millis): ReduceResult {
  const key = refKey(e.ref);
  const pod = getObject(state.store, 'Pod', key);
  if (pod === undefined) return rejected(state, { reason: 'NotFound', message: `pods ${JSON.stringify(e.ref.name)} not found` });
  const node = pod.spec.nodeName ? state.world.nodes.get(pod.spec.nodeName) : undefined;
  if (node === undefined || !node.up) return skipped(state, `pod ${e.ref.name} is not running on a live node`);
  const statuses = pod.status?.containerStatuses ?? [];
  const name = e.container ?? pod.spec.containers[0]?.name;
  const i = statuses.findIndex((c) => c.name === name);
  const current = statuses[i];
  if (current?.state.running === undefined) return skipped(state, `container ${name} of pod ${e.ref.name} is not running`);
  const exitCode = e.exitCode ?? 1;
  const rv = state.store.resourceVersion + 1;
  const next = produce(pod, (d: Pod) => {
    const status = d.status ?? {};
    const cs = (status.containerStatuses ?? [])[i];
    if (cs === undefined) return;
    cs.state = {
      terminated: {
        exitCode,
        // The crash fault with 137 stands for the OOM killer (the runtime's OOM event).
        reason: exitCode === 0 ? 'Completed' : exitCode === 137 ? 'OOMKilled' : 'Error',
        ...(current.state.running?.startedAt !== undefined ? { startedAt: current.state.running.startedAt } : {}),
        finishedAt: now,
        ...(cs.containerID !== undefined ? { containerID: cs.containerID } : {}),
      },
    };
    cs.ready = false;
    cs.started = false;
    const list = status.containerStatuses ?? [];
    status.phase = podPhase(list, pod.spec.restartPolicy ?? 'Always');
    status.conditions = kubeletConditions(status.conditions, list, status.phase, true, now);
    d.metadata.resourceVersion = String(rv);
  });
  return {
    state: { ...state, store: putObject(state.store, next, rv) },
    changes: [{ kind: 'Pod', key, old: pod, new: next }],
  };
}

/** A metrics-server scrape: the metrics APIs serve its samples from now on. */
export function metricSample(state: ClusterState, e: MetricSampleEvent, now: Millis): ReduceResult {
  let { metrics, nodeMetrics, customMetrics } = state.world;
  for (const key of e.gone ?? []) metrics = metrics.delete(key);
  for (const [key, [window, containers]] of Object.entries(e.pods ?? {})) {
    metrics = metrics.set(key, {
      timestamp: now,
      window,
      containers: containers.map(([name, cpu, memory]) => ({ name, cpu, memory })),
    });
  }
  for (const name of e.nodesGone ?? []) nodeMetrics = nodeMetrics.delete(name);
  for (const [name, [window, cpu, memory]] of Object.entries(e.nodes ?? {})) {
    nodeMetrics = nodeMetrics.set(name, { timestamp: now, window, cpu, memory });
  }
  for (const key of e.seriesGone ?? []) customMetrics = customMetrics.delete(key);
  for (const [key, list] of Object.entries(e.series ?? {})) {
    customMetrics = customMetrics.set(
      key,
      list.map(([value, window, labels]) => ({ value, timestamp: now, window, labels: labels ?? {} })),
    );
  }
  return {
    state: { ...state, world: { ...state.world, metrics, nodeMetrics, customMetrics, metricsServer: true } },
    changes: [],
  };
}

export function setImageProfile(state: ClusterState, e: SetImageProfileEvent): ReduceResult {
  const rest = state.world.imageProfiles.filter((r) => r.match !== e.match);
  return {
    state: { ...state, world: { ...state.world, imageProfiles: [{ match: e.match, profile: e.profile }, ...rest] } },
    changes: [],
  };
}
