import { ClusterView, type Pod, type PodCondition, type ReconcileContext, randomStream, Simulation } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { updatePodCondition } from './schedule_one.js';
import { scheduler } from './scheduler.js';

function pod(conditions: PodCondition[]): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'foo', namespace: 'default', uid: 'foo' },
    spec: { containers: [{ name: 'c', image: 'pause' }] },
    status: { conditions },
  };
}

const scheduledFalse = (reason: string, message: string, lastTransitionTime: number): PodCondition => ({
  type: 'PodScheduled',
  status: 'False',
  reason,
  message,
  lastProbeTime: null,
  lastTransitionTime,
});

/**
 * TestUpdatePod (schedule_one_test.go), the condition cases: handleSchedulingFailure patches
 * PodScheduled=False only when it changes (podutil.UpdatePodCondition), and keeps the
 * transition time while the status stays the same. (kubesim models no nominated node name.)
 */
describe('TestUpdatePod (schedule_one_test.go)', () => {
  const now = 90_000;
  it.each<{ name: string; current: PodCondition[]; expectPatch: boolean; lastTransitionTime?: number }>([
    {
      name: 'Should make patch request to add pod condition when there are none currently',
      current: [],
      expectPatch: true,
      lastTransitionTime: now,
    },
    {
      name: 'Should make patch request to add a new pod condition when there is already one with another type',
      current: [{ type: 'Ready', status: 'False', lastTransitionTime: 1000 }],
      expectPatch: true,
      lastTransitionTime: now,
    },
    {
      name: 'Should make patch request to update an existing pod condition',
      current: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: 1000 }],
      expectPatch: true,
      lastTransitionTime: now,
    },
    {
      name: 'Should make patch request to update an existing pod condition, but the transition time should remain unchanged because the status is the same',
      current: [scheduledFalse('Unschedulable', 'old message', 1000)],
      expectPatch: true,
      lastTransitionTime: 1000,
    },
    {
      name: 'Should not make patch request if pod condition already exists and is identical and nominated node name is not set',
      current: [scheduledFalse('Unschedulable', 'new message', 1000)],
      expectPatch: false,
    },
  ])('$name', ({ current, expectPatch, lastTransitionTime }) => {
    const effects = updatePodCondition(pod(current), 'Unschedulable', 'new message', now);
    expect(effects.length > 0).toBe(expectPatch);
    if (!expectPatch) return;
    expect(effects[0]).toMatchObject({
      type: 'patch',
      ref: { kind: 'Pod', namespace: 'default', name: 'foo' },
      subresource: 'status',
      patch: { status: { conditions: [scheduledFalse('Unschedulable', 'new message', lastTransitionTime as number)] } },
    });
  });
});

describe('the scheduling cycle reads through the view', () => {
  function cycleReads(nodes: number): number {
    const sim = new Simulation({
      seed: 1,
      nodes: Array.from({ length: nodes }, (_, i) => `node-${String(i).padStart(4, '0')}`),
      objects: [pod([])],
    });
    sim.run(0);
    const view = new ClusterView(sim.state);
    const ctx: ReconcileContext = {
      now: 0,
      random: (name) => randomStream('test', name),
      memory: () => undefined,
      inFlight: () => 0,
      failures: () => [],
      generateName: (base) => base,
    };
    const effects = scheduler().reconcile(view, 'default/foo', ctx);
    expect(effects.some((e) => e.type === 'bind')).toBe(true);
    return view.reads;
  }

  it.each([
    [10, 10],
    [500, 230],
    [2000, 680],
  ])('%i nodes: the pod and the %i nodes a cycle evaluates (numFeasibleNodesToFind) are its reads', (nodes, evaluated) => {
    expect(cycleReads(nodes)).toBe(1 + evaluated);
  });
});
