import { getCondition, type Node, type Pod, parseLog, replay, stateHash } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { silenceOf, unknownAfter } from '../src/nodelifecycle/health.js';
import { cluster, eventsAbout, pod, replicaSet, statusHistory } from './helpers.js';

const ready = (sim: ReturnType<typeof cluster>, name: string, kind: 'Node' | 'Pod' = 'Pod'): string | undefined =>
  getCondition((kind === 'Node' ? sim.get('Node', name, '') : sim.get('Pod', name))?.status?.conditions, 'Ready')?.status;

const taints = (sim: ReturnType<typeof cluster>, name: string): string[] =>
  ((sim.get('Node', name, '') as Node).spec.taints ?? []).map((t) => `${t.key}:${t.effect}`);

/** A container's readiness probe: every 10s, first passing at 10s. */
const probed = (name: string, nodeName: string): Pod =>
  pod(name, {
    nodeName,
    containers: [{ name: 'app', image: 'nginx:1.25', readinessProbe: { periodSeconds: 10, httpGet: { path: '/', port: 80 } } }],
  } as Partial<Pod['spec']>);

describe('node faults: when the lease goes quiet (health.ts)', () => {
  const base = { up: true, bootId: 1, startedAt: 0, index: 0 };
  it('a kubelet restart is quiet from its start until its new process renews', () => {
    const node = { ...base, kubeletRestart: { at: 60_000, until: 70_000 } };
    expect(silenceOf(node, 65_000)).toEqual({ lastRenewal: 50_000, until: 70_000 });
    expect(silenceOf(node, 70_000)).toBeUndefined();
    // The new process renews at 70s, then every 10s: a partition at 95s was last heard at 90s.
    expect(silenceOf({ ...node, partitionedAt: 95_000 }, 100_000)).toEqual({ lastRenewal: 90_000 });
  });
  it('a partition is quiet from its start, with no end of its own', () => {
    expect(silenceOf({ ...base, partitionedAt: 60_000 }, 200_000)).toEqual({ lastRenewal: 50_000 });
    // The same grace as a node that fails: Unknown at the check 50s after the renewal is seen.
    expect(unknownAfter(50_000)).toBe(105_000);
  });
});

describe('KubeletRestart', () => {
  it('a short restart: the containers run on, the node stays Ready, probed pods turn NotReady until their next probe', () => {
    const sim = cluster({ nodes: ['node-1', 'node-2'] });
    sim.create(pod('plain', { nodeName: 'node-1' }));
    sim.create(probed('probed', 'node-1'));
    sim.run('60s');
    const before = sim.get('Pod', 'probed') as Pod;
    const started = before.status?.containerStatuses?.[0]?.state.running?.startedAt;
    expect(ready(sim, 'probed')).toBe('True');
    sim.restartKubelet('node-1', '60s');
    sim.run('69s');
    // Nothing is written while the kubelet is down; the pods still read Ready.
    expect(ready(sim, 'probed')).toBe('True');
    sim.run('70.1s');
    // prober_manager.go UpdatePodStatus: a readiness worker with no result yet reports not ready.
    expect(ready(sim, 'probed')).toBe('False');
    expect(ready(sim, 'plain')).toBe('True');
    sim.run('81s');
    // The new worker's first probe (within one period of the restart) passes.
    expect(ready(sim, 'probed')).toBe('True');
    const after = sim.get('Pod', 'probed') as Pod;
    // The same container: not restarted, the same start.
    expect(after.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    expect(after.status?.containerStatuses?.[0]?.state.running?.startedAt).toBe(started);
    expect(eventsAbout(sim, 'probed').filter((e) => e.includes('SandboxChanged'))).toEqual([]);
    // A 10s silence is well inside the 50s grace period.
    expect(ready(sim, 'node-1', 'Node')).toBe('True');
  });

  it('a pod bound while the kubelet is down starts once it is back', () => {
    const sim = cluster({ nodes: ['node-1'] });
    sim.restartKubelet('node-1', '10s', 20_000);
    sim.create(pod('late', { nodeName: 'node-1' }), '12s');
    sim.run('29s');
    expect(sim.get('Pod', 'late')?.status?.containerStatuses).toBeUndefined();
    sim.run('40s');
    expect(sim.get('Pod', 'late')?.status?.phase).toBe('Running');
  });

  it('a restart longer than the grace period: the node turns Unknown, then Ready when the kubelet posts again', () => {
    const sim = cluster({ nodes: ['node-1', 'node-2'] });
    sim.create(pod('a', { nodeName: 'node-1' }));
    sim.restartKubelet('node-1', '60s', 120_000);
    sim.run('106s');
    expect(ready(sim, 'node-1', 'Node')).toBe('Unknown');
    expect(ready(sim, 'a')).toBe('False');
    sim.run('181s');
    expect(ready(sim, 'node-1', 'Node')).toBe('True');
    expect(ready(sim, 'a')).toBe('True');
    sim.run('200s');
    expect(taints(sim, 'node-1')).toEqual([]);
    expect(sim.get('Pod', 'a')?.status?.containerStatuses?.[0]?.restartCount).toBe(0);
  });
});

describe('NodePartition', () => {
  it('the pods run on, are evicted from the API, replaced, and killed when the partition heals', () => {
    const sim = cluster({ nodes: ['node-1', 'node-2'] });
    sim.create(replicaSet('web', 2));
    sim.run('30s');
    const onNode1 = (sim.list('Pod') as Pod[]).filter((p) => p.spec.nodeName === 'node-1').map((p) => p.metadata.name as string);
    expect(onNode1.length).toBeGreaterThan(0);
    const victim = onNode1[0] as string;
    sim.partitionNode('node-1', '60s');
    sim.run('106s');
    // tryUpdateNodeHealth sees only the lease: the same grace and the same Unknown as a failure.
    expect(getCondition(sim.get('Node', 'node-1', '')?.status?.conditions, 'Ready')).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
    });
    expect(ready(sim, victim)).toBe('False');
    sim.run('420s');
    // Taint eviction (300s after the NoExecute taint): Terminating in the API, running on the node.
    const evicted = sim.get('Pod', victim) as Pod;
    expect(evicted.metadata.deletionTimestamp).toBeDefined();
    expect(evicted.status?.containerStatuses?.[0]?.state.running).toBeDefined();
    // The ReplicaSet replaced it on the other node.
    const active = (sim.list('Pod') as Pod[]).filter((p) => p.metadata.deletionTimestamp === undefined);
    expect(active.length).toBe(2);
    expect(active.every((p) => p.spec.nodeName === 'node-2')).toBe(true);
    sim.run('10m');
    expect(sim.get('Pod', victim)).toBeDefined();
    sim.healPartition('node-1', '10m');
    sim.run('11m');
    // Healed: the kubelet sees the deletion and stops the containers with a whole grace period
    // (they ran on), reports, and the pod goes; the node is Ready and untainted again.
    expect(sim.get('Pod', victim)).toBeUndefined();
    expect(eventsAbout(sim, victim).some((e) => e.endsWith('Killing: Stopping container nginx'))).toBe(true);
    // SIGTERM with a whole grace period ahead (the 2s stop, exit 0), not a SIGKILL at once.
    expect(statusHistory(sim, victim).at(-1)).toMatch(/Completed/);
    expect(ready(sim, 'node-1', 'Node')).toBe('True');
    expect(taints(sim, 'node-1')).toEqual([]);
  });

  it('differs from a node failure: a short partition leaves the containers as they were', () => {
    const sim = cluster({ nodes: ['node-1'] });
    sim.create(pod('a', { nodeName: 'node-1' }));
    sim.run('20s');
    const startedAt = sim.get('Pod', 'a')?.status?.containerStatuses?.[0]?.state.running?.startedAt;
    sim.partitionNode('node-1', '20s');
    sim.healPartition('node-1', '140s');
    sim.run('200s');
    const c = sim.get('Pod', 'a')?.status?.containerStatuses?.[0];
    expect(c?.restartCount).toBe(0);
    expect(c?.state.running?.startedAt).toBe(startedAt);
    expect(ready(sim, 'a')).toBe('True');
    expect(ready(sim, 'node-1', 'Node')).toBe('True');

    // A failure of the same length: the containers died with the machine and restart.
    const failed = cluster({ nodes: ['node-1'] });
    failed.create(pod('a', { nodeName: 'node-1' }));
    failed.failNode('node-1', '20s');
    failed.recoverNode('node-1', '140s');
    failed.run('200s');
    expect(failed.get('Pod', 'a')?.status?.containerStatuses?.[0]?.restartCount).toBe(1);
  });
});

describe('ClockSkew', () => {
  it('the kubelet stamps what it writes with its own clock; the node controller times leases on its own', () => {
    const sim = cluster({ nodes: ['node-1', 'node-2'] });
    sim.skewClock('node-1', 30_000, 0);
    sim.create(pod('ahead', { nodeName: 'node-1' }), '1s');
    sim.create(pod('right', { nodeName: 'node-2' }), '1s');
    sim.run('60s');
    const ahead = sim.get('Pod', 'ahead') as Pod;
    const right = sim.get('Pod', 'right') as Pod;
    const t = (p: Pod): number => getCondition(p.status?.conditions, 'Ready')?.lastTransitionTime as number;
    expect(ahead.status?.startTime).toBeGreaterThanOrEqual(31_000);
    expect(right.status?.startTime).toBeLessThan(2000);
    expect(t(ahead) - t(right)).toBeGreaterThan(25_000);
    // Node health does not read the kubelet's timestamps (probeTimestamp is the controller's now).
    sim.run('5m');
    expect(ready(sim, 'node-1', 'Node')).toBe('True');
  });

  it("minReadySeconds counts from the kubelet's transition time: a node behind makes pods available sooner", () => {
    const run = (skew: number): number | undefined => {
      const sim = cluster({ nodes: ['node-1'] });
      if (skew !== 0) sim.skewClock('node-1', skew, 0);
      sim.create(replicaSet('web', 1, { minReadySeconds: 30 }));
      for (let s = 1; s <= 120; s++) {
        sim.run(`${s}s`);
        if ((sim.get('ReplicaSet', 'web')?.status?.availableReplicas ?? 0) > 0) return s;
      }
      return undefined;
    };
    const right = run(0) as number;
    const behind = run(-20_000) as number;
    expect(right).toBeGreaterThan(30);
    // IsPodAvailable compares the controller's now with the kubelet's lastTransitionTime.
    expect(behind).toBeLessThan(right - 10);
  });
});

describe('ClockSkew: a clock step', () => {
  it('moves what the kubelet waits for by nothing (monotonic timers), and a step back un-happens nothing', () => {
    const sim = cluster({ nodes: ['node-1'] });
    sim.create(pod('a', { nodeName: 'node-1' }), '0s');
    // The pull (1s) is under way when the clock jumps 11s ahead, and back 10s later.
    sim.skewClock('node-1', 11_000, '500ms');
    sim.skewClock('node-1', 0, '11s');
    sim.run('60s');
    // The pull still ends 1s after it began, the start 500ms later (its stamp on the new clock),
    // seen at the PLEG's next relist (2389, as without the skew: the step is whole seconds).
    expect(statusHistory(sim, 'a')).toEqual(['2 Pending/ContainerCreating 0', '2389 Running/Ready 0']);
    expect(sim.get('Pod', 'a')?.status?.containerStatuses?.[0]?.state.running?.startedAt).toBe(12_500);
  });
});

describe('node faults in the log', () => {
  it('round-trip through the log and replay to the same state hash', () => {
    const sim = cluster({ nodes: ['node-1', 'node-2'] });
    sim.create(replicaSet('web', 2));
    sim.restartKubelet('node-1', '20s', 5000);
    sim.skewClock('node-2', -7000, '25s');
    sim.partitionNode('node-2', '30s');
    sim.healPartition('node-2', '50s');
    sim.run('90s');
    const text = sim.log.toJsonl();
    const entries = parseLog(text);
    const types = sim.log.entries().map((e) => e.event.type);
    for (const t of ['KubeletRestart', 'ClockSkew', 'NodePartition', 'NodePartitionHeals']) expect(types).toContain(t);
    expect(stateHash(replay(entries))).toBe(sim.stateHash());
  });
});
