import { describe, expect, it } from 'vitest';
import { isPodActive, isPodAvailable, isPodReady, isPodTerminal, podPhase, qosClass, setCondition } from './podStatus.js';
import type { Container, ContainerState, ContainerStatus, Pod, PodCondition, PodPhase } from './types.js';

function pod(status: Pod['status'], extra: Partial<Pod['metadata']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', ...extra },
    spec: { containers: [] },
    ...(status ? { status } : {}),
  };
}
const ready = (status: PodCondition['status'], lastTransitionTime?: number): Pod =>
  pod({ conditions: [{ type: 'Ready', status, ...(lastTransitionTime !== undefined ? { lastTransitionTime } : {}) }] });

describe('setCondition (podutil.UpdatePodCondition)', () => {
  it('adds a new condition stamped now', () => {
    expect(setCondition(undefined, { type: 'Ready', status: 'True' }, 5000)).toEqual([
      { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: 5000 },
    ]);
  });
  it('keeps lastTransitionTime when the status does not change, even if reason or message do', () => {
    const before = setCondition(undefined, { type: 'Ready', status: 'False', reason: 'A' }, 1000);
    const after = setCondition(before, { type: 'Ready', status: 'False', reason: 'B', message: 'still not' }, 9000);
    expect(after).toEqual([
      { type: 'Ready', status: 'False', reason: 'B', message: 'still not', lastProbeTime: null, lastTransitionTime: 1000 },
    ]);
  });
  it('stamps a real transition', () => {
    const before = setCondition(undefined, { type: 'Ready', status: 'False' }, 1000);
    expect(setCondition(before, { type: 'Ready', status: 'True' }, 9000)[0]?.lastTransitionTime).toBe(9000);
  });
  it('replaces in place, keeps other conditions, and does not mutate its input', () => {
    const list: PodCondition[] = [
      { type: 'PodScheduled', status: 'True', lastTransitionTime: 1 },
      { type: 'Ready', status: 'False', lastTransitionTime: 2 },
    ];
    const snapshot = structuredClone(list);
    const out = setCondition(list, { type: 'Ready', status: 'True' }, 3);
    expect(list).toEqual(snapshot);
    expect(out.map((c) => [c.type, c.status, c.lastTransitionTime])).toEqual([
      ['PodScheduled', 'True', 1],
      ['Ready', 'True', 3],
    ]);
  });
});

describe('isPodReady / isPodAvailable (podutil.IsPodAvailable)', () => {
  it('Ready means the Ready condition is True', () => {
    expect(isPodReady(ready('True', 0))).toBe(true);
    expect(isPodReady(ready('False', 0))).toBe(false);
    expect(isPodReady(ready('Unknown', 0))).toBe(false);
    expect(isPodReady(pod(undefined))).toBe(false);
  });
  it('minReadySeconds 0: ready is available, even without a transition time', () => {
    expect(isPodAvailable(ready('True', 1000), 0, 1000)).toBe(true);
    expect(isPodAvailable(ready('True'), 0, 1000)).toBe(true);
    expect(isPodAvailable(ready('False', 0), 0, 1000)).toBe(false);
  });
  it('minReadySeconds > 0: ready time + minReadySeconds must be strictly before now', () => {
    const p = ready('True', 1000);
    expect(isPodAvailable(p, 5, 5999)).toBe(false);
    expect(isPodAvailable(p, 5, 6000)).toBe(false); // equal is not enough (Before is strict)
    expect(isPodAvailable(p, 5, 6001)).toBe(true);
    expect(isPodAvailable(ready('True'), 5, 1_000_000)).toBe(false); // no transition time: never
  });
});

describe('isPodActive (controller.IsPodActive) / isPodTerminal', () => {
  it.each([
    ['Pending', true],
    ['Running', true],
    ['Unknown', true],
    ['Succeeded', false],
    ['Failed', false],
  ] as [PodPhase, boolean][])('phase %s → active %s', (phase, want) => {
    expect(isPodActive(pod({ phase }))).toBe(want);
    expect(isPodTerminal(pod({ phase }))).toBe(!want);
  });
  it('a pod being deleted is not active', () => {
    expect(isPodActive(pod({ phase: 'Running' }, { deletionTimestamp: 10 }))).toBe(false);
  });
  it('a pod without status is active', () => {
    expect(isPodActive(pod(undefined))).toBe(true);
  });
});

function cs(state: ContainerState, lastState: ContainerState = {}): ContainerStatus {
  return { name: 'c', state, lastState, ready: false, restartCount: 0, image: 'i', imageID: '' };
}
const running = cs({ running: { startedAt: 0 } });
const succeeded = cs({ terminated: { exitCode: 0 } });
const failed = cs({ terminated: { exitCode: 1 } });
const waiting = cs({ waiting: { reason: 'ContainerCreating' } });
const crashLoop = cs({ waiting: { reason: 'CrashLoopBackOff' } }, { terminated: { exitCode: 1 } });
const noState = cs({});

describe('podPhase (kubelet getPhase)', () => {
  const table: [string, string, ContainerStatus[], PodPhase][] = [
    // TestPodPhaseWithRestartAlways
    ['Always', 'all running', [running, running], 'Running'],
    ['Always', 'all stopped', [succeeded, failed], 'Running'],
    ['Always', 'mixed state', [running, failed], 'Running'],
    ['Always', 'one waiting', [running, waiting], 'Pending'],
    ['Always', 'backoff crashloop container', [running, crashLoop], 'Running'],
    // TestPodPhaseWithRestartNever
    ['Never', 'all running', [running, running], 'Running'],
    ['Never', 'all succeeded', [succeeded, succeeded], 'Succeeded'],
    ['Never', 'all failed', [failed, failed], 'Failed'],
    ['Never', 'one failed', [succeeded, failed], 'Failed'],
    ['Never', 'mixed state', [running, succeeded], 'Running'],
    ['Never', 'waiting', [waiting, succeeded], 'Pending'],
    // TestPodPhaseWithRestartOnFailure
    ['OnFailure', 'all running', [running, running], 'Running'],
    ['OnFailure', 'all succeeded', [succeeded, succeeded], 'Succeeded'],
    ['OnFailure', 'all failed (restarting)', [failed, failed], 'Running'],
    ['OnFailure', 'mixed state', [running, succeeded], 'Running'],
    ['OnFailure', 'waiting', [waiting], 'Pending'],
    ['OnFailure', 'backoff crashloop container', [crashLoop], 'Running'],
    // Unknown containers keep the pod Pending.
    ['Always', 'a container with no state beside a running one', [running, noState], 'Pending'],
    ['Never', 'no containers reported', [], 'Pending'],
    ['Always', 'no containers reported', [], 'Pending'],
  ];
  it.each(table)('restartPolicy %s, %s', (policy, _n, statuses, want) => expect(podPhase(statuses, policy)).toBe(want));

  // TestPodPhaseWithRestartAlways' podIsTerminal rows: a pod the kubelet stopped for good.
  const terminal: [string, string, ContainerStatus[], PodPhase][] = [
    ['Always', 'all stopped, one failed', [succeeded, failed], 'Failed'],
    ['Always', 'all stopped, all succeeded', [succeeded, succeeded], 'Succeeded'],
    ['Always', 'one still running', [running, failed], 'Running'],
    ['OnFailure', 'all failed', [failed, failed], 'Failed'],
    ['Always', 'one waiting', [running, waiting], 'Pending'],
  ];
  it.each(terminal)('restartPolicy %s, terminal pod, %s', (policy, _n, statuses, want) =>
    expect(podPhase(statuses, policy, true)).toBe(want),
  );
});

function rl(cpu: string, memory: string): Record<string, string> {
  const r: Record<string, string> = {};
  if (cpu) r.cpu = cpu;
  if (memory) r.memory = memory;
  return r;
}
function ctr(requests: Record<string, string>, limits: Record<string, string>): Container {
  return { name: 'c', resources: { requests, limits } };
}
function qosPod(containers: Container[], initContainers?: Container[]): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers, ...(initContainers ? { initContainers } : {}) },
  };
}

describe('TestComputePodQOS (qos.ComputePodQOS)', () => {
  const podLevel = (requests: Record<string, string>, limits: Record<string, string>): Pod => {
    const p = qosPod([ctr(rl('', ''), rl('', ''))]);
    return { ...p, spec: { ...p.spec, resources: { requests, limits } } };
  };
  const table: [string, Pod, string][] = [
    ['guaranteed', qosPod([ctr(rl('100m', '100Mi'), rl('100m', '100Mi'))]), 'Guaranteed'],
    [
      'guaranteed-guaranteed',
      qosPod([ctr(rl('100m', '100Mi'), rl('100m', '100Mi')), ctr(rl('100m', '100Mi'), rl('100m', '100Mi'))]),
      'Guaranteed',
    ],
    ['best-effort-best-effort', qosPod([ctr(rl('', ''), rl('', '')), ctr(rl('', ''), rl('', ''))]), 'BestEffort'],
    ['best-effort', qosPod([ctr(rl('', ''), rl('', ''))]), 'BestEffort'],
    ['best-effort-burstable', qosPod([ctr(rl('', ''), rl('', '')), ctr(rl('1', ''), rl('2', ''))]), 'Burstable'],
    ['best-effort-guaranteed', qosPod([ctr(rl('', ''), rl('', '')), ctr(rl('10m', '100Mi'), rl('10m', '100Mi'))]), 'Burstable'],
    ['burstable-cpu-guaranteed-memory', qosPod([ctr(rl('', '100Mi'), rl('', '100Mi'))]), 'Burstable'],
    ['burstable-no-limits', qosPod([ctr(rl('100m', '100Mi'), rl('', ''))]), 'Burstable'],
    [
      'burstable-guaranteed',
      qosPod([ctr(rl('1', '100Mi'), rl('2', '100Mi')), ctr(rl('100m', '100Mi'), rl('100m', '100Mi'))]),
      'Burstable',
    ],
    [
      'burstable-unbounded-but-requests-match-limits',
      qosPod([ctr(rl('100m', '100Mi'), rl('200m', '200Mi')), ctr(rl('100m', '100Mi'), rl('', ''))]),
      'Burstable',
    ],
    ['burstable-1', qosPod([ctr(rl('10m', '100Mi'), rl('100m', '200Mi'))]), 'Burstable'],
    ['burstable-2 (zero requests are not requests)', qosPod([ctr(rl('0', '0'), rl('100m', '200Mi'))]), 'Burstable'],
    [
      'best-effort-hugepages',
      qosPod([ctr({ ...rl('0', '0'), 'hugepages-2Mi': '1Gi' }, { ...rl('0', '0'), 'hugepages-2Mi': '1Gi' })]),
      'BestEffort',
    ],
    ['init-container', qosPod([ctr(rl('', ''), rl('', ''))], [ctr(rl('10m', '100Mi'), rl('100m', '200Mi'))]), 'Burstable'],
    // Beyond the upstream table: equal amounts written differently, and limits-only (defaulted requests).
    ['equal quantities in other units', qosPod([ctr(rl('0.1', '0.5Gi'), rl('100m', '512Mi'))]), 'Guaranteed'],
    ['limits only: requests default to them', qosPod([ctr({}, rl('1', '1Gi'))]), 'Guaranteed'],
    ['a zero-limit container is not capped', qosPod([ctr(rl('100m', '100Mi'), rl('100m', '0'))]), 'Burstable'],
    // PodLevelResources (on in v1.34): pod-level requests and limits decide, the containers' do not.
    ['pod-level guaranteed over best-effort containers', podLevel(rl('1', '1Gi'), rl('1', '1Gi')), 'Guaranteed'],
    ['pod-level requests only', podLevel(rl('1', ''), {}), 'Burstable'],
    ['pod-level limits without memory', podLevel({}, rl('1', '')), 'Burstable'],
  ];
  it.each(table)('%s', (_n, p, want) => expect(qosClass(p)).toBe(want));
});
