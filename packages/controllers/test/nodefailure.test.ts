import { getCondition, type Node, type Pod } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { lastRenewal, unknownAt } from '../src/nodelifecycle/health.js';
import { cluster, eventsAbout, pod } from './helpers.js';

describe('node failure', () => {
  it('computes when the controller notices: last lease renewal, next monitor tick, 50s grace', () => {
    // Kubelet started at 0: renewals at 0, 10, ..., 50; fails at 60s.
    const node = { up: false, bootId: 1, startedAt: 0, failedAt: 60_000, index: 0 };
    expect(lastRenewal(node)).toBe(50_000);
    expect(unknownAt(node)).toBe(105_000);
    // A renewal at 53s (kubelet restarted at 3s) is first seen at the 55s tick.
    expect(unknownAt({ ...node, startedAt: 3000, failedAt: 55_000 })).toBe(110_000);
  });

  it('marks the node Unknown, its pods not ready, taints it, and evicts the pods 300s later', () => {
    const sim = cluster({ nodes: ['node-1', 'node-2'] });
    sim.create(pod('a', { nodeName: 'node-1' }));
    sim.create(pod('b', { nodeName: 'node-2' }));
    sim.failNode('node-1', '60s');
    sim.run('104s');
    // Nothing visible yet: the node lifecycle controller has not noticed.
    expect(getCondition(sim.get('Node', 'node-1', '')?.status?.conditions, 'Ready')?.status).toBe('True');
    sim.run('106s');
    const node = sim.get('Node', 'node-1', '') as Node;
    expect(getCondition(node.status?.conditions, 'Ready')).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastTransitionTime: 105_000,
    });
    // The NoSchedule taint follows the Unknown condition at once (doNoScheduleTaintingPass, on
    // the node's update). The pass that turned the node Unknown observed it Ready; the next
    // one, node-monitor-period (5s) later, queues it for the NoExecute taint.
    expect(node.spec.taints?.map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule']);
    expect(eventsAbout(sim, 'node-1')).toContain('105001 NodeNotReady: Node node-1 status is now: NodeNotReady');
    const a = sim.get('Pod', 'a') as Pod;
    expect(getCondition(a.status?.conditions, 'Ready')?.status).toBe('False');
    // MarkPodsNotReady after the node's status (105001): the pod's status at 105002, its event after it.
    expect(eventsAbout(sim, 'a')).toContain('105003 NodeNotReady: Node is not ready');
    // The pod on the healthy node is untouched.
    expect(getCondition(sim.get('Pod', 'b')?.status?.conditions, 'Ready')?.status).toBe('True');
    sim.run('111s');
    expect((sim.get('Node', 'node-1', '') as Node).spec.taints?.map((t) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/unreachable:NoSchedule',
      'node.kubernetes.io/unreachable:NoExecute',
    ]);

    // The default toleration (300s) runs from the NoExecute taint (added at 110s): eviction at 410s.
    sim.run('409s');
    expect(sim.get('Pod', 'a')?.metadata.deletionTimestamp).toBeUndefined();
    sim.run('411s');
    const evicted = sim.get('Pod', 'a') as Pod;
    expect(evicted.metadata.deletionTimestamp).toBeDefined();
    expect(getCondition(evicted.status?.conditions, 'DisruptionTarget')).toMatchObject({
      status: 'True',
      reason: 'DeletionByTaintManager',
    });
    expect(eventsAbout(sim, 'a').some((e) => e.endsWith('TaintManagerEviction: Marking for deletion Pod default/a'))).toBe(true);
    const evictionTime = sim.log.entries().find((e) => e.event.type === 'Delete' && e.by === 'tainteviction')?.time;
    expect(evictionTime).toBeGreaterThanOrEqual(410_000);
    expect(evictionTime).toBeLessThan(410_010);

    // With its kubelet gone, the pod stays Terminating until the node comes back.
    sim.run('10m');
    expect(sim.get('Pod', 'a')).toBeDefined();
    sim.recoverNode('node-1', '10m');
    sim.run('11m');
    expect(sim.get('Pod', 'a')).toBeUndefined();
    expect(getCondition(sim.get('Node', 'node-1', '')?.status?.conditions, 'Ready')?.status).toBe('True');
    expect(sim.get('Node', 'node-1', '')?.spec.taints ?? []).toEqual([]);
  });

  it('a pod that tolerates unreachable forever is never evicted', () => {
    const sim = cluster({ nodes: ['node-1', 'node-2'] });
    sim.create(
      pod('daemon', {
        nodeName: 'node-1',
        tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }],
      }),
    );
    sim.failNode('node-1', '10s');
    sim.run('30m');
    expect(sim.get('Pod', 'daemon')?.metadata.deletionTimestamp).toBeUndefined();
  });

  it('taints nothing NoExecute when every zone is fully disrupted (the controller suspects itself)', () => {
    const sim = cluster({ nodes: ['only'] });
    sim.create(pod('a'));
    sim.failNode('only', '60s');
    sim.run('30m');
    const node = sim.get('Node', 'only', '') as Node;
    expect(getCondition(node.status?.conditions, 'Ready')?.status).toBe('Unknown');
    expect(node.spec.taints?.map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule']);
    expect(sim.get('Pod', 'a')?.metadata.deletionTimestamp).toBeUndefined();
  });

  it('a recovered node restarts the containers it had (restartCount + 1, lastState Unknown)', () => {
    const sim = cluster({ nodes: ['node-1', 'node-2'] });
    sim.create(pod('a', { nodeName: 'node-1', tolerations: [{ operator: 'Exists' }] }));
    sim.failNode('node-1', '30s');
    sim.recoverNode('node-1', '2m');
    sim.run('3m');
    const a = sim.get('Pod', 'a') as Pod;
    expect(a.status?.phase).toBe('Running');
    expect(a.status?.containerStatuses?.[0]?.restartCount).toBe(1);
    expect(a.status?.containerStatuses?.[0]?.lastState.terminated).toMatchObject({ exitCode: 255, reason: 'Unknown' });
    expect(eventsAbout(sim, 'a')).toContain('120001 SandboxChanged: Pod sandbox changed, it will be killed and re-created.');
  });

  it('rate-limits NoExecute taints: one node per 10s in a healthy zone', () => {
    const sim = cluster({ nodes: ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7'] });
    sim.failNode('n1', '60s');
    sim.failNode('n2', '60s');
    sim.run('3m');
    // The taints are patched (SwapNodeControllerTaint); the NoExecute ones once per node.
    const tainted = sim.log
      .entries()
      .filter((e) => e.event.type === 'Patch' && e.event.ref.kind === 'Node' && e.by === 'nodelifecycle' && !e.error)
      .filter((e) =>
        (e.event as { patch: { spec: { taints: Node['spec']['taints'] } } }).patch.spec.taints?.some(
          (t) => t.effect === 'NoExecute',
        ),
      )
      .map((e) => e.time);
    expect(tainted).toHaveLength(2);
    expect((tainted[1] as number) - (tainted[0] as number)).toBeGreaterThanOrEqual(10_000);
  });
});
