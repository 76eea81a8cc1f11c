import type { DaemonSet, IntOrString, Node, Pod } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { addNodes, newDaemonSet, simpleDaemonSetLabel } from '../../test/fixtures/daemonset.js';
import { updatedDesiredNodeCounts } from './update.js';

/** TestGetUnavailableNumbers (update_test.go): updatedDesiredNodeCounts, the pure step of the rolling update. */

const newUpdateSurge = (value: IntOrString): NonNullable<DaemonSet['spec']['updateStrategy']> => ({
  type: 'RollingUpdate',
  rollingUpdate: { maxUnavailable: 0, maxSurge: value },
});
const newUpdateUnavailable = (value: IntOrString): NonNullable<DaemonSet['spec']['updateStrategy']> => ({
  type: 'RollingUpdate',
  rollingUpdate: { maxUnavailable: value },
});

function withStrategy(strategy: NonNullable<DaemonSet['spec']['updateStrategy']>): DaemonSet {
  const ds = newDaemonSet('x');
  return { ...ds, spec: { ...ds.spec, updateStrategy: strategy } };
}

function readyPod(name: string, node: string, deleting = false): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { ...simpleDaemonSetLabel }, ...(deleting ? { deletionTimestamp: 0 } : {}) },
    spec: { nodeName: node, containers: [{ name: 'foo', image: 'foo/bar' }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

describe('TestGetUnavailableNumbers', () => {
  const two = addNodes(0, 2);
  const rows: [string, Node[], DaemonSet, [string, Pod[]][], number, number, number, number][] = [
    ['No nodes', [], withStrategy(newUpdateUnavailable(0)), [], 0, 0, 0, 0],
    [
      'Two nodes with ready pods',
      two,
      withStrategy(newUpdateUnavailable(1)),
      [
        ['node-0', [readyPod('pod-0', 'node-0')]],
        ['node-1', [readyPod('pod-1', 'node-1')]],
      ],
      0,
      1,
      2,
      0,
    ],
    [
      'Two nodes, one node without pods',
      two,
      withStrategy(newUpdateUnavailable(0)),
      [['node-0', [readyPod('pod-0', 'node-0')]]],
      0,
      1,
      2,
      1,
    ],
    [
      'Two nodes, one node without pods, surge',
      two,
      withStrategy(newUpdateSurge(0)),
      [['node-0', [readyPod('pod-0', 'node-0')]]],
      0,
      1,
      2,
      1,
    ],
    [
      'Two nodes with pods, MaxUnavailable in percents',
      two,
      withStrategy(newUpdateUnavailable('50%')),
      [
        ['node-0', [readyPod('pod-0', 'node-0')]],
        ['node-1', [readyPod('pod-1', 'node-1')]],
      ],
      0,
      1,
      2,
      0,
    ],
    [
      'Two nodes with pods, MaxUnavailable in percents, surge',
      two,
      withStrategy(newUpdateSurge('50%')),
      [
        ['node-0', [readyPod('pod-0', 'node-0')]],
        ['node-1', [readyPod('pod-1', 'node-1')]],
      ],
      1,
      0,
      2,
      0,
    ],
    [
      'Two nodes with pods, MaxUnavailable is 100%, surge',
      two,
      withStrategy(newUpdateSurge('100%')),
      [
        ['node-0', [readyPod('pod-0', 'node-0')]],
        ['node-1', [readyPod('pod-1', 'node-1')]],
      ],
      2,
      0,
      2,
      0,
    ],
    [
      'Two nodes with pods, MaxUnavailable in percents, pod terminating',
      addNodes(0, 3),
      withStrategy(newUpdateUnavailable('50%')),
      [
        ['node-0', [readyPod('pod-0', 'node-0')]],
        ['node-1', [readyPod('pod-1', 'node-1', true)]],
      ],
      0,
      2,
      3,
      1,
    ],
  ];
  it.each(rows)('%s', (_name, nodes, ds, mapping, maxSurge, maxUnavailable, desiredNumberScheduled, emptyNodes) => {
    const nodeToPods = new Map(mapping);
    const got = updatedDesiredNodeCounts(ds, nodes, nodeToPods);
    expect(got).toEqual({ maxSurge, maxUnavailable, desiredNumberScheduled });
    expect([...nodeToPods.values()].filter((p) => p.length === 0)).toHaveLength(emptyNodes);
  });
});
