import { getCondition, type Pod } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { scheduler } from '../src/index.js';
import { numFeasibleNodesToFind } from '../src/scheduler/feasible.js';
import { fitErrorMessage } from '../src/scheduler/filters.js';
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
      '0/2 nodes are available: 2 Insufficient cpu. no new claims to deallocate, preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.';
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
      "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint(s), 1 node(s) were unschedulable. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
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
      '0/12 nodes are available: 1 Insufficient cpu, 1 node(s) were unschedulable, 11 Insufficient memory. no new claims to deallocate, preemption: 0/12 nodes are available: 1 Preemption is not helpful for scheduling, 11 No preemption victims found for incoming pod.',
    );
  });

  it('looks at fewer nodes in large clusters (numFeasibleNodesToFind)', () => {
    expect(numFeasibleNodesToFind(50)).toBe(50);
    expect(numFeasibleNodesToFind(100)).toBe(100);
    expect(numFeasibleNodesToFind(500)).toBe(230);
    expect(numFeasibleNodesToFind(1000)).toBe(420);
    expect(numFeasibleNodesToFind(5000)).toBe(500);
    expect(numFeasibleNodesToFind(6000)).toBe(300);
  });
});

describe('TestNumFeasibleNodesToFind (schedule_one_test.go)', () => {
  it.each([
    { name: 'not set percentageOfNodesToScore and nodes number not more than 50', percentage: 0, numAllNodes: 10, want: 10 },
    { name: 'set percentageOfNodesToScore and nodes number not more than 50', percentage: 40, numAllNodes: 10, want: 10 },
    { name: 'not set percentageOfNodesToScore and nodes number more than 50', percentage: 0, numAllNodes: 1000, want: 420 },
    { name: 'set percentageOfNodesToScore and nodes number more than 50', percentage: 40, numAllNodes: 1000, want: 400 },
    {
      name: 'not set percentageOfNodesToScore and nodes number more than 50*125',
      percentage: 0,
      numAllNodes: 6000,
      want: 300,
    },
    { name: 'set percentageOfNodesToScore and nodes number more than 50*125', percentage: 40, numAllNodes: 6000, want: 2400 },
  ])('$name', ({ percentage, numAllNodes, want }) => {
    expect(numFeasibleNodesToFind(numAllNodes, percentage)).toBe(want);
  });
});

/** The times of a pod's FailedScheduling events. */
function failures(sim: ReturnType<typeof cluster>, name: string): number[] {
  return eventsAbout(sim, name)
    .filter((e) => e.includes(' FailedScheduling: '))
    .map((e) => Number(e.split(' ')[0]));
}

describe('the scheduling queue', () => {
  it('costs one scheduling cycle per pod: neither its binding nor its PodScheduled=False write queues it again', () => {
    const sim = cluster({ controllers: [scheduler()], nodes: [{ name: 'n1', cpu: '1' }] });
    for (const name of ['a', 'b', 'c']) sim.create(pod(name, cpu('300m')));
    sim.create(pod('big', cpu('2')));
    // Until the first leftover flush at 30s, which is a sync of its own.
    const result = sim.run('29s');
    expect(sim.list('Pod').filter((p) => p.spec.nodeName)).toHaveLength(3);
    expect(failures(sim, 'big')).toEqual([1]);
    expect(result.syncs).toBe(4);
  });

  it('retries an unschedulable pod only on events its rejecting plugins register for, when their hints say it may help', () => {
    const sim = cluster({ nodes: [{ name: 'n1', cpu: '1' }] });
    sim.create(pod('big', cpu('2'))); // NodeResourcesFit
    sim.create(pod('picky', { ...cpu('100m'), nodeSelector: { disk: 'ssd' } })); // NodeAffinity
    // A label NodeAffinity's hint finds useless, a node too small for big and unlabelled for picky.
    sim.label({ kind: 'Node', name: 'n1' }, { color: 'blue' }, '10s');
    sim.addNode({ name: 'small', cpu: '1' }, '20s');
    sim.run('29s');
    expect(failures(sim, 'big')).toEqual([1]);
    // The scheduler's recorder writes one Event at a time: picky's lands after big's.
    expect(failures(sim, 'picky')).toEqual([2]);
    // The label picky wants: only picky is retried.
    sim.label({ kind: 'Node', name: 'small' }, { disk: 'ssd' }, '30s');
    sim.run('39s');
    expect(sim.get('Pod', 'picky')?.spec.nodeName).toBe('small');
    expect(failures(sim, 'big')).toEqual([1]);
    // A node big fits.
    sim.addNode({ name: 'large', cpu: '4' }, '40s');
    sim.run('50s');
    expect(sim.get('Pod', 'big')?.spec.nodeName).toBe('large');
    expect(failures(sim, 'big')).toEqual([1]);
  });

  it('retries a pod moved by a freed node once its backoff is over, at a whole second (backoffQ flush)', () => {
    const sim = cluster({ nodes: [{ name: 'n1', cpu: '1' }] });
    sim.create(pod('hog', cpu('800m')));
    sim.create(pod('next', cpu('500m')), 100);
    // Failed at 100ms, first backoff 1s: expires at 1.1s, truncated to 1s; the 2s flush moves it.
    sim.delete({ kind: 'Pod', name: 'hog' }, { gracePeriodSeconds: 0 }, 500);
    sim.run('5s');
    expect(failures(sim, 'next')).toEqual([101]);
    const bound = sim.log.entries().find((e) => e.event.type === 'Bind' && e.event.ref.name === 'next');
    expect(bound?.time).toBe(2001);
  });

  it('moves a pod left unschedulable for over 5 minutes back every 30s loop (flushUnschedulablePodsLeftover)', () => {
    const sim = cluster({ nodes: [{ name: 'n1', cpu: '1' }] });
    sim.create(pod('big', cpu('2')));
    sim.run('12m');
    // Failed at 0; the 300s loop finds it exactly 5 minutes old, the 330s one over.
    expect(failures(sim, 'big')).toEqual([1, 330_001, 660_001]);
  });

  it("a refused binding records FailedScheduling and drops the assumption, so the node's room is not held twice", () => {
    // The scheduler can only pick n1; someone else binds p to the cordoned n2 first.
    const sim = cluster({
      nodes: [
        { name: 'n1', cpu: '1' },
        { name: 'n2', cpu: '1', unschedulable: true },
      ],
    });
    sim.create(pod('p', cpu('600m')));
    sim.run(0);
    const uid = sim.get('Pod', 'p')?.metadata.uid as string;
    sim.at(1, { type: 'Bind', ref: { kind: 'Pod', namespace: 'default', name: 'p' }, uid, nodeName: 'n2' });
    sim.create(pod('q', cpu('600m')), 100);
    sim.run('5s');
    expect(eventsAbout(sim, 'p')[0]).toBe(
      '2 FailedScheduling: bind plugin "DefaultBinder" failed to bind pod "default/p": Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "n2"',
    );
    expect(sim.get('Pod', 'p')?.spec.nodeName).toBe('n2');
    expect(sim.get('Pod', 'q')?.spec.nodeName).toBe('n1');
  });

  it('a move costs a sync and touches only the pods whose plugins care: not every pending pod', () => {
    const sim = cluster({ controllers: [scheduler()], nodes: [{ name: 'n1', cpu: '1' }] });
    for (let i = 0; i < 50; i++) sim.create(pod(`picky-${i}`, { ...cpu('100m'), nodeSelector: { disk: 'ssd' } }));
    sim.create(pod('big', cpu('2')));
    expect(sim.run('10s').syncs).toBe(51);
    // A node without the label: one move request, one retry (big's); the 50 picky pods stay put.
    sim.addNode({ name: 'large', cpu: '4' }, '10s');
    expect(sim.run('20s').syncs).toBe(2);
    expect(sim.get('Pod', 'big')?.spec.nodeName).toBe('large');
  });

  it('queues no move for node changes while no pod waits', () => {
    const sim = cluster({ controllers: [scheduler()], nodes: ['n1'] });
    sim.addNode('n2', '1s').label({ kind: 'Node', name: 'n1' }, { disk: 'ssd' }, '2s');
    expect(sim.run('10s').syncs).toBe(0);
  });
});
