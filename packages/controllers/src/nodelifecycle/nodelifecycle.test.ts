import { getCondition, type Node, type NodeCondition, type Pod, type Taint } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { describeCall, FakeApi } from '../../test/fixtures/calls.js';
import { nodeLifecycle } from './nodelifecycle.js';

/**
 * The node lifecycle controller's calls, as node_lifecycle_controller_test.go pins them: ports
 * of TestTaintsNodeByCondition, TestSwapUnreachableNotReadyTaints,
 * TestMonitorNodeHealthMarkPodsNotReady and TestMonitorNodeHealthMarkPodsNotReadyRetry.
 */

const controller = nodeLifecycle();

function setConditions(
  api: FakeApi,
  name: string,
  conditions: readonly NodeCondition[],
  extra: Partial<Node['spec']> = {},
): void {
  const node = api.sim.get('Node', name, '') as Node;
  api.write({ type: 'UpdateStatus', object: { ...node, status: { ...node.status, conditions: [...conditions] } } });
  if (Object.keys(extra).length > 0) {
    api.write({ type: 'Patch', ref: { kind: 'Node', name }, patchType: 'merge', patch: { spec: extra } });
  }
}

const cond = (type: string, status: 'True' | 'False' | 'Unknown', at = 0): NodeCondition =>
  ({ type, status, lastTransitionTime: at }) as NodeCondition;

const names = (taints: readonly Taint[] | undefined, effect: Taint['effect']): string[] =>
  (taints ?? []).filter((t) => t.effect === effect).map((t) => t.key);

describe('TestTaintsNodeByCondition (node_lifecycle_controller_test.go)', () => {
  it.each([
    [
      'NetworkUnavailable is true',
      [cond('Ready', 'True'), cond('NetworkUnavailable', 'True')],
      false,
      ['node.kubernetes.io/network-unavailable'],
    ],
    [
      'NetworkUnavailable is true and MemoryPressure is true',
      [cond('Ready', 'True'), cond('NetworkUnavailable', 'True'), cond('MemoryPressure', 'True')],
      false,
      ['node.kubernetes.io/network-unavailable', 'node.kubernetes.io/memory-pressure'],
    ],
    ['Ready is false', [cond('Ready', 'False')], false, ['node.kubernetes.io/not-ready']],
    ['Ready is unknown', [cond('Ready', 'Unknown')], false, ['node.kubernetes.io/unreachable']],
    ['Unschedulable is true', [cond('Ready', 'True')], true, ['node.kubernetes.io/unschedulable']],
  ] as const)('%s', (_name, conditions, unschedulable, expected) => {
    const api = new FakeApi([], ['node0']);
    setConditions(api, 'node0', conditions, unschedulable ? { unschedulable: true } : {});
    const r = api.sync(controller, 'node0');
    // doNoScheduleTaintingPass: one SwapNodeControllerTaint, whose add is a GET and a patch.
    expect(r.sent[0]?.effect).toMatchObject({ type: 'patch', getFirst: true });
    expect(names(api.sim.get('Node', 'node0', '')?.spec.taints, 'NoSchedule')).toEqual(expected);
  });
});

describe('TestSwapUnreachableNotReadyTaints (node_lifecycle_controller_test.go)', () => {
  it('a node tainted not-ready that turns Unknown gets unreachable at once: add, then remove', () => {
    const api = new FakeApi([], ['node0', 'node1']);
    setConditions(api, 'node0', [cond('Ready', 'Unknown')], {
      taints: [
        { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: 0 },
        { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule', timeAdded: 0 },
      ],
    });
    const r = api.sync(controller, 'node0');
    // The NoSchedule pass swaps not-ready for unreachable (add, remove); then the NoExecute
    // taints are swapped at once (processTaintBaseEviction), again add, then remove.
    expect(r.sent.map((s) => describeCall(s.effect))).toEqual([
      'patch Node node0',
      'patch Node node0',
      'patch Node node0',
      'patch Node node0',
    ]);
    const taints = api.sim.get('Node', 'node0', '')?.spec.taints;
    expect(names(taints, 'NoExecute')).toEqual(['node.kubernetes.io/unreachable']);
    expect(names(taints, 'NoSchedule')).toEqual(['node.kubernetes.io/unreachable']);
  });
});

describe('TestMonitorNodeHealthMarkPodsNotReady (node_lifecycle_controller_test.go)', () => {
  function failed() {
    const api = new FakeApi([], ['node0', 'node1']);
    for (const name of ['pod0', 'pod1']) {
      api.write({
        type: 'Create',
        object: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, namespace: 'default' },
          spec: { nodeName: 'node0', containers: [{ name: 'c', image: 'nginx' }] },
        } as Pod,
      });
      api.write({
        type: 'Patch',
        ref: { kind: 'Pod', namespace: 'default', name },
        patchType: 'merge',
        subresource: 'status',
        patch: { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: 0 }] } },
      });
    }
    api.write({ type: 'NodeFails', name: 'node0' });
    api.sim.run('2m');
    return api;
  }

  it('a node that stopped posting status: its status, then one status update per Ready pod (together)', () => {
    const api = failed();
    const r = api.sync(controller, 'node0');
    expect(r.sent.map((s) => `${describeCall(s.effect)} ${s.effect.wave ?? '-'}`)).toEqual([
      'updateStatus Node node0 0',
      'updateStatus Pod pod0 1',
      'updateStatus Pod pod1 1',
    ]);
    expect(getCondition(api.sim.get('Node', 'node0', '')?.status?.conditions, 'Ready')?.status).toBe('Unknown');
    expect(api.sim.list('Pod').map((p) => getCondition(p.status?.conditions, 'Ready')?.status)).toEqual(['False', 'False']);
    expect(r.events).toEqual([
      'Normal NodeNotReady Node node0 status is now: NodeNotReady',
      'Warning NodeNotReady Node is not ready',
      'Warning NodeNotReady Node is not ready',
    ]);
  });

  it('a node status update that conflicts (the kubelet posted meanwhile) marks no pods, and the next pass decides again', () => {
    const api = failed();
    const r = api.sync(controller, 'node0', (e) =>
      e.type === 'updateStatus' && e.object.kind === 'Node' ? 'Conflict' : undefined,
    );
    expect(r.sent.map((s) => `${describeCall(s.effect)}${s.error ? ` ${s.error}` : ''}`)).toEqual([
      'updateStatus Node node0 Conflict',
    ]);
    expect(api.sim.list('Pod').map((p) => getCondition(p.status?.conditions, 'Ready')?.status)).toEqual(['True', 'True']);
  });

  it('TestMonitorNodeHealthMarkPodsNotReadyRetry: a pod update that failed is tried again by the next pass', () => {
    const api = failed();
    const first = api.sync(controller, 'node0', (e) =>
      e.type === 'updateStatus' && e.object.metadata.name === 'pod0' ? 'Conflict' : undefined,
    );
    // One failing does not stop the other (MarkPodsNotReady goes on and returns the errors).
    expect(first.sent.map((s) => `${describeCall(s.effect)}${s.error ? ` ${s.error}` : ''}`)).toEqual([
      'updateStatus Node node0',
      'updateStatus Pod pod0 Conflict',
      'updateStatus Pod pod1',
    ]);
    // nodesToRetry: the node is Unknown already, but the failed pod is marked again.
    const again = api.sync(controller, 'node0');
    expect(again.sent.map((s) => describeCall(s.effect))).toContain('updateStatus Pod pod0');
    expect(again.sent.map((s) => describeCall(s.effect))).not.toContain('updateStatus Pod pod1');
  });
});
