import type { Change, DaemonSet, Node, Pod } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { daemonApi, newDaemonSet, newNode, simpleNodeLabel } from '../../test/fixtures/daemonset.js';
import { daemonSetWatches } from './eventhandlers.js';

/**
 * TestUpdateNode (daemon_controller_test.go): a node update wakes a DaemonSet only when the
 * node's verdict for it (shouldRun, shouldContinueRunning) changes; an update that changes
 * nothing but conditions' timestamps and the resourceVersion is ignored (shouldIgnoreNodeUpdate).
 */

const nodeWatch = daemonSetWatches.find((w) => w.kind === 'Node');

function withSelector(ds: DaemonSet): DaemonSet {
  return {
    ...ds,
    spec: { ...ds.spec, template: { ...ds.spec.template, spec: { ...ds.spec.template.spec, nodeSelector: simpleNodeLabel } } },
  };
}

const tainted = (node: Node): Node => ({
  ...node,
  spec: { ...node.spec, taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }] },
});

describe('TestUpdateNode', () => {
  it.each([
    ['Nothing changed, should not enqueue', newNode('node1'), newNode('node1'), withSelector(newDaemonSet('ds')), false],
    ['Node labels changed', newNode('node1'), newNode('node1', simpleNodeLabel), withSelector(newDaemonSet('ds')), true],
    ['Node taints changed', tainted(newNode('node1')), newNode('node1'), newDaemonSet('ds'), true],
    [
      'Node Allocatable changed',
      newNode('node1'),
      { ...newNode('node1'), status: { ...newNode('node1').status, allocatable: { memory: '200M', cpu: '200m' } } },
      newDaemonSet('ds'),
      false,
    ],
  ] as const)('%s', (_name, oldNode, newN, ds, shouldEnqueue) => {
    const api = daemonApi(ds, []);
    const change = { kind: 'Node', key: 'node1', old: oldNode, new: newN } as unknown as Change;
    const keys = [...(nodeWatch?.keys?.(change, api.sim.view) ?? [])];
    expect(keys).toEqual(shouldEnqueue ? ['default/ds'] : []);
  });

  it('a node added wakes the sets that should run on it', () => {
    const api = daemonApi(withSelector(newDaemonSet('ds')), []);
    const add = (node: Node) => [
      ...(nodeWatch?.keys?.({ kind: 'Node', key: 'n', new: node } as unknown as Change, api.sim.view) ?? []),
    ];
    expect(add(newNode('n'))).toEqual([]);
    expect(add(newNode('n', simpleNodeLabel))).toEqual(['default/ds']);
  });
});

describe('TestDeleteNoDaemonPod', () => {
  const podWatch = daemonSetWatches.find((w) => w.kind === 'Pod');
  const pod = (owner?: { kind: string; name: string }) =>
    ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'pod_0',
        namespace: 'default',
        ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', ...owner, uid: 'u', controller: true }] } : {}),
      },
      spec: { nodeName: 'node1', containers: [] },
    }) as unknown as Pod;
  it.each([
    ['Deleted non-daemon pods to release resources', pod(), []],
    ['Deleted non-daemon pods (with controller) to release resources', pod({ kind: 'ReplicaSet', name: 'rs' }), []],
    ['a daemon pod deleted wakes its set', pod({ kind: 'DaemonSet', name: 'ds' }), ['default/ds']],
  ])('%s', (_name, deleted, keys) => {
    const api = daemonApi(newDaemonSet('ds'), []);
    const change = { kind: 'Pod', key: 'default/pod_0', old: deleted } as unknown as Change;
    expect([...(podWatch?.keys?.(change, api.sim.view) ?? [])]).toEqual(keys);
  });
});
