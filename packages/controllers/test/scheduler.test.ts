import { getCondition, type Pod } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { fitErrorMessage, numFeasibleNodesToFind } from '../src/index.js';
import { cluster, eventsAbout, pod } from './helpers.js';

const cpu = (n: string): Partial<Pod['spec']> => ({
  containers: [{ name: 'app', image: 'nginx:1.25', resources: { requests: { cpu: n } } }],
});

describe('scheduler', () => {
  it('leaves a pod that fits nowhere Pending with PodScheduled=False and FailedScheduling, then binds it when room appears', () => {
    const sim = cluster({
      nodes: [
        { name: 'small-1', cpu: '1' },
        { name: 'small-2', cpu: '1' },
      ],
    });
    sim.create(pod('big', cpu('2')));
    sim.run('10s');
    const big = sim.get('Pod', 'big') as Pod;
    const message =
      '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.';
    expect(getCondition(big.status?.conditions, 'PodScheduled')).toMatchObject({
      status: 'False',
      reason: 'Unschedulable',
      message,
    });
    expect(eventsAbout(sim, 'big')[0]).toBe(`0 FailedScheduling: ${message}`.replace(/^0/, '1'));
    sim.addNode({ name: 'large', cpu: '4' }, '20s');
    sim.run('30s');
    expect(sim.get('Pod', 'big')?.spec.nodeName).toBe('large');
    expect(sim.get('Pod', 'big')?.status?.phase).toBe('Running');
  });

  it('never overcommits a node, even when many pods are decided at one instant', () => {
    const sim = cluster({
      nodes: [
        { name: 'n1', cpu: '1' },
        { name: 'n2', cpu: '1' },
      ],
    });
    for (let i = 0; i < 6; i++) sim.create(pod(`p${i}`, cpu('400m')));
    sim.run('10s');
    const bound = sim.list('Pod').filter((p) => p.spec.nodeName);
    expect(bound).toHaveLength(4);
    for (const n of ['n1', 'n2']) expect(bound.filter((p) => p.spec.nodeName === n)).toHaveLength(2);
  });

  it('respects NoSchedule taints and tolerations, nodeSelector and cordoned nodes, with upstream reasons', () => {
    const sim = cluster({
      nodes: [
        { name: 'tainted', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
        { name: 'cordoned', unschedulable: true },
        { name: 'plain', labels: { disk: 'hdd' } },
      ],
    });
    sim.create(pod('wants-ssd', { nodeSelector: { disk: 'ssd' } }));
    sim.create(
      pod('tolerant', {
        nodeSelector: { 'kubernetes.io/hostname': 'tainted' },
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }],
      }),
    );
    sim.run('10s');
    expect(getCondition(sim.get('Pod', 'wants-ssd')?.status?.conditions, 'PodScheduled')?.message).toBe(
      "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint(s), 1 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
    expect(sim.get('Pod', 'tolerant')?.spec.nodeName).toBe('tainted');
  });

  it('says so when there are no nodes at all', () => {
    const sim = cluster();
    sim.create(pod('lonely'));
    sim.run('5s');
    expect(getCondition(sim.get('Pod', 'lonely')?.status?.conditions, 'PodScheduled')?.message).toBe(
      'no nodes available to schedule pods',
    );
  });

  it('does not schedule onto a node the controller has marked unreachable', () => {
    const sim = cluster({ nodes: ['n1', 'n2'] });
    sim.failNode('n1', '0s');
    sim.create(pod('late'), '2m');
    sim.run('3m');
    expect(sim.get('Pod', 'late')?.spec.nodeName).toBe('n2');
  });

  it('sorts reasons as whole strings, as upstream does (FitError.Error)', () => {
    const msg = fitErrorMessage(12, [
      ...Array.from({ length: 10 }, () => ({ code: 'Unschedulable' as const, reasons: ['Insufficient memory'] })),
      { code: 'UnschedulableAndUnresolvable' as const, reasons: ['node(s) were unschedulable'] },
      { code: 'Unschedulable' as const, reasons: ['Insufficient cpu', 'Insufficient memory'] },
    ]);
    expect(msg).toBe(
      '0/12 nodes are available: 1 Insufficient cpu, 1 node(s) were unschedulable, 11 Insufficient memory. preemption: 0/12 nodes are available: 1 Preemption is not helpful for scheduling, 11 No preemption victims found for incoming pod.',
    );
  });

  it('looks at fewer nodes in large clusters (numFeasibleNodesToFind)', () => {
    expect(numFeasibleNodesToFind(50)).toBe(50);
    expect(numFeasibleNodesToFind(100)).toBe(100);
    expect(numFeasibleNodesToFind(1000)).toBe(420);
    expect(numFeasibleNodesToFind(5000)).toBe(500);
    expect(numFeasibleNodesToFind(6000)).toBe(300);
  });
});
