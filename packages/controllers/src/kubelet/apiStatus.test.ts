import type { Node, Pod, PodStatus } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { generateStatus } from './apiStatus.js';
import { type ContainerRun, NEW_CONTAINER, NO_HISTORY } from './memory.js';

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid: 'u-1' },
  spec: {
    nodeName: 'node-1',
    containers: [
      { name: 'app', image: 'nginx:1.25' },
      { name: 'side', image: 'busybox' },
    ],
  },
  status: { phase: 'Pending', qosClass: 'BestEffort' },
};
const node: Node = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'node-1' },
  spec: {},
  status: { addresses: [{ type: 'InternalIP', address: '172.18.0.2' }] },
};
const run = { podIP: '10.244.0.7', startTime: 0 };
/** hostIPs is reported, though PodStatus does not declare it. */
const hostIPs = (s: PodStatus): unknown => (s as { hostIPs?: unknown }).hostIPs;

const creating: ContainerRun = { ...NEW_CONTAINER, phase: 'creating', due: 500, imageID: 'img' };
const running = (readyAt: number | undefined): ContainerRun => ({
  ...creating,
  phase: 'running',
  due: readyAt,
  containerID: 'containerd://c',
  startedAt: 500,
  readyAt,
});
const crashLooping: ContainerRun = {
  ...running(500),
  phase: 'crashBackoff',
  due: 20_000,
  restartCount: 1,
  terminated: { exitCode: 1, reason: 'Error', startedAt: 500, finishedAt: 9000 },
  history: { ...NO_HISTORY, lastTerminated: { exitCode: 1, reason: 'Error', finishedAt: 400 }, crashBackoff: 10_000 },
};

/** A sync: the status built on the last one (as the pod in view carries it) and the status built afresh. */
function sync(base: { status: PodStatus; containers: ContainerRun[] }, containers: ContainerRun[], now: number) {
  const withBase = { ...pod, status: base.status };
  return {
    incremental: generateStatus(withBase, containers, run, node, now, false, base),
    fresh: generateStatus(withBase, containers, run, node, now, false),
  };
}

describe('the kubelet builds a pod status on the last one', () => {
  const first = [creating, creating];
  const initial = generateStatus(pod, first, run, node, 100, false);

  it('gives back the very same status when nothing changed', () => {
    const { incremental, fresh } = sync({ status: initial, containers: first }, first, 200);
    expect(incremental).toBe(initial);
    expect(fresh).not.toBe(initial);
    expect(fresh).toEqual(initial);
  });

  it.each([
    ['one container starts, not ready yet', [running(900), creating], 600],
    ['one container turns ready', [running(500), creating], 600],
    ['both run and are ready', [running(500), running(550)], 700],
    ['a crash loop', [crashLooping, running(550)], 10_000],
  ] as const)('%s: the same status as built afresh, sharing what did not change', (_, containers, now) => {
    const { incremental, fresh } = sync({ status: initial, containers: first }, [...containers], now);
    expect(JSON.stringify(incremental)).toBe(JSON.stringify(fresh)); // the same keys in the same order
    expect(incremental).not.toBe(initial);
    expect(hostIPs(incremental)).toBe(hostIPs(initial));
    expect(incremental.podIPs).toBe(initial.podIPs);
    // The second container's record did not change: its status is the old object.
    if (containers[1] === creating) expect(incremental.containerStatuses?.[1]).toBe(initial.containerStatuses?.[1]);
    // Conditions whose status did not change are the old objects.
    const old = initial.conditions ?? [];
    for (const c of incremental.conditions ?? []) {
      const before = old.find((o) => o.type === c.type);
      if (before?.status === c.status && before.reason === c.reason && before.message === c.message) expect(c).toBe(before);
    }
  });

  it('a record that changed but reports the same status keeps the old status object', () => {
    // Readiness passed before this sync: the record changes (its timer goes), its status does not.
    const ready = running(500);
    const later = generateStatus(pod, [ready, creating], run, node, 600, false);
    const { incremental } = sync({ status: later, containers: [ready, creating] }, [{ ...ready, due: undefined }, creating], 700);
    expect(incremental).toBe(later);
  });

  it('shares one hostIPs list among the pods of a node', () => {
    const other = generateStatus({ ...pod, metadata: { ...pod.metadata, uid: 'u-2' } }, first, run, node, 100, false);
    expect(hostIPs(other)).toBe(hostIPs(initial));
  });
});
