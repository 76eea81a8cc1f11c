import { type DaemonSet, getCondition, type Pod } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { daemonutil } from '../src/index.js';
import { cluster, eventsAbout, ownedPods } from './helpers.js';

/**
 * The DaemonSet controller in a running cluster (scheduler, kubelets, node lifecycle): where
 * its pods land, what the scheduler says when one does not fit, and how node failures,
 * relabels and joins move them.
 */

function agent(spec: Partial<DaemonSet['spec']['template']['spec']> = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: { containers: [{ name: 'agent', image: 'nginx:1.25' }], ...spec },
      },
    },
  };
}

const live = (sim: ReturnType<typeof cluster>): Pod[] =>
  ownedPods(sim, 'agent').filter((p) => p.metadata.deletionTimestamp === undefined);
const nodesOf = (pods: readonly Pod[]): string[] => pods.map((p) => p.spec.nodeName ?? '').sort();

describe('DaemonSet in a cluster', () => {
  it('runs one pod per node, bound by the scheduler through the metadata.name affinity', () => {
    const sim = cluster({ nodes: ['node-1', 'node-2', 'node-3'], objects: [agent()] });
    sim.run('10s');
    const pods = live(sim);
    expect(nodesOf(pods)).toEqual(['node-1', 'node-2', 'node-3']);
    for (const p of pods) {
      expect(daemonutil.getTargetNodeName(p)).toBe(p.spec.nodeName);
      expect(p.metadata.labels?.['pod-template-generation']).toBe('1');
      expect(p.spec.tolerations?.map((t) => `${t.key}:${t.effect}`)).toContain('node.kubernetes.io/unreachable:NoExecute');
    }
    expect(eventsAbout(sim, 'agent').filter((e) => e.includes('SuccessfulCreate'))).toHaveLength(3);
    expect(sim.get('DaemonSet', 'agent')?.status).toMatchObject({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberReady: 3,
      numberAvailable: 3,
      updatedNumberScheduled: 3,
      numberMisscheduled: 0,
      observedGeneration: 1,
    });
  });

  it('leaves a pod that does not fit its node Pending, with the scheduler message naming the other nodes', () => {
    const sim = cluster({
      nodes: ['node-1', { name: 'small', cpu: '100m' }, 'node-3'],
      objects: [agent({ containers: [{ name: 'agent', image: 'nginx:1.25', resources: { requests: { cpu: '500m' } } }] })],
    });
    sim.run('10s');
    const pending = live(sim).find((p) => daemonutil.getTargetNodeName(p) === 'small') as Pod;
    expect(pending.spec.nodeName).toBeUndefined();
    expect(getCondition(pending.status?.conditions, 'PodScheduled')).toMatchObject({
      status: 'False',
      reason: 'Unschedulable',
      message:
        "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. no new claims to deallocate, preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    });
    expect(sim.get('DaemonSet', 'agent')?.status).toMatchObject({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberReady: 2,
    });
  });

  it('keeps its pod on a failed node: it tolerates unreachable forever, and is counted misscheduled', () => {
    const sim = cluster({ nodes: ['node-1', 'node-2'], objects: [agent()] });
    sim.failNode('node-1', '20s');
    sim.run('10m');
    const pods = live(sim);
    expect(nodesOf(pods)).toEqual(['node-1', 'node-2']);
    // Never evicted. The dead node's unreachable:NoSchedule taint is not tolerated: the node is
    // no longer desired, and its pod (which may continue running) counts as misscheduled.
    expect(sim.get('DaemonSet', 'agent')?.status).toMatchObject({
      desiredNumberScheduled: 1,
      currentNumberScheduled: 1,
      numberMisscheduled: 1,
      numberReady: 1,
    });
    expect(sim.get('DaemonSet', 'agent')?.status?.numberUnavailable).toBeUndefined();
  });

  it('removes its pod from a node relabelled out of its nodeSelector, and adds one to a node that joins', () => {
    const sim = cluster({
      nodes: [
        { name: 'node-1', labels: { pool: 'a' } },
        { name: 'node-2', labels: { pool: 'a' } },
      ],
      objects: [agent({ nodeSelector: { pool: 'a' } })],
    });
    sim.label({ kind: 'Node', name: 'node-1' }, { pool: 'b' }, '20s');
    sim.addNode({ name: 'node-3', labels: { pool: 'a' } }, '30s');
    sim.run('1m');
    expect(nodesOf(live(sim))).toEqual(['node-2', 'node-3']);
    expect(eventsAbout(sim, 'agent').filter((e) => e.includes('SuccessfulDelete'))).toHaveLength(1);
  });

  it('stops new pods on a NoSchedule-tainted node but keeps the one there; a NoExecute taint removes it', () => {
    const sim = cluster({ nodes: ['node-1', 'node-2'], objects: [agent()] });
    sim.patch(
      { kind: 'Node', name: 'node-1' },
      { spec: { taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] } },
      'merge',
      '20s',
    );
    sim.run('40s');
    expect(nodesOf(live(sim))).toEqual(['node-1', 'node-2']);
    expect(sim.get('DaemonSet', 'agent')?.status).toMatchObject({ desiredNumberScheduled: 1, numberMisscheduled: 1 });
    sim.patch(
      { kind: 'Node', name: 'node-1' },
      { spec: { taints: [{ key: 'dedicated', value: 'x', effect: 'NoExecute' }] } },
      'merge',
      '41s',
    );
    sim.run('1m');
    expect(nodesOf(live(sim))).toEqual(['node-2']);
  });
  it('with OnDelete, keeps old pods after a template change; a deleted pod comes back on the new template', () => {
    const ds = agent();
    const sim = cluster({
      nodes: ['node-1', 'node-2'],
      objects: [{ ...ds, spec: { ...ds.spec, updateStrategy: { type: 'OnDelete' } } }],
    });
    sim.run('10s');
    sim.patch(
      { kind: 'DaemonSet', name: 'agent' },
      { spec: { template: { spec: { containers: [{ name: 'agent', image: 'nginx:1.26' }] } } } },
    );
    sim.run('30s');
    expect(live(sim).map((p) => p.spec.containers[0]?.image)).toEqual(['nginx:1.25', 'nginx:1.25']);
    // updatedNumberScheduled is omitempty: 0 is left out of the status, as upstream's JSON leaves it.
    expect(sim.get('DaemonSet', 'agent')?.status).toMatchObject({ observedGeneration: 2 });
    expect(sim.get('DaemonSet', 'agent')?.status?.updatedNumberScheduled).toBeUndefined();
    const victim = live(sim).find((p) => p.spec.nodeName === 'node-1') as Pod;
    sim.delete({ kind: 'Pod', name: victim.metadata.name as string });
    sim.run('1m');
    const images = Object.fromEntries(live(sim).map((p) => [p.spec.nodeName, p.spec.containers[0]?.image]));
    expect(images).toEqual({ 'node-1': 'nginx:1.26', 'node-2': 'nginx:1.25' });
  });

  it('with maxSurge, starts the new pod beside the old one and deletes the old one once the new is available', () => {
    const ds = agent();
    const surge = { type: 'RollingUpdate' as const, rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } };
    const sim = cluster({ nodes: ['node-1', 'node-2'], objects: [{ ...ds, spec: { ...ds.spec, updateStrategy: surge } }] });
    sim.run('10s');
    let most = 0;
    sim.engine.onEntry(() => {
      const perNode = new Map<string, number>();
      for (const p of live(sim)) perNode.set(p.spec.nodeName ?? '', (perNode.get(p.spec.nodeName ?? '') ?? 0) + 1);
      most = Math.max(most, ...perNode.values());
      // Never fewer than two ready pods: the owner of a surge rollout expects full availability.
      const ready = live(sim).filter((p) => getCondition(p.status?.conditions, 'Ready')?.status === 'True');
      expect(ready.length).toBeGreaterThanOrEqual(2);
    });
    sim.patch(
      { kind: 'DaemonSet', name: 'agent' },
      { spec: { template: { spec: { containers: [{ name: 'agent', image: 'nginx:1.26' }] } } } },
    );
    sim.run('1m');
    expect(most).toBe(2);
    expect(live(sim).map((p) => p.spec.containers[0]?.image)).toEqual(['nginx:1.26', 'nginx:1.26']);
  });

  it('keeps revisionHistoryLimit old revisions, never one a pod still runs', () => {
    const ds = agent();
    const sim = cluster({ nodes: ['node-1'], objects: [{ ...ds, spec: { ...ds.spec, revisionHistoryLimit: 1 } }] });
    for (const [i, image] of ['nginx:1.26', 'nginx:1.27', 'nginx:1.28'].entries()) {
      sim.patch(
        { kind: 'DaemonSet', name: 'agent' },
        { spec: { template: { spec: { containers: [{ name: 'agent', image }] } } } },
        'strategic',
        `${(i + 1) * 30}s`,
      );
    }
    sim.run('2m');
    const revisions = sim.list('ControllerRevision').map((r) => r.revision);
    expect(revisions.sort()).toEqual([3, 4]);
    expect(sim.list('ControllerRevision').every((r) => r.metadata.name?.startsWith('agent-'))).toBe(true);
  });
});
