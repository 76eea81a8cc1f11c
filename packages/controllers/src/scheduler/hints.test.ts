import { type Node, nodeFromSpec, type PersistentVolumeClaim, type Pod } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { nodeSchedulingPropertiesChange } from './eventhandlers.js';
import { type ClusterEvent, type EventObject, isPodWorthRequeuing, pluginsInterestedIn } from './hints.js';
import { failed, type Plugin } from './queue.js';

function pod(spec: Partial<Pod['spec']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', uid: 'p-uid' },
    spec: { containers: [{ name: 'c', image: 'pause', resources: { requests: { cpu: '2' } } }], ...spec },
  };
}

const claim = (name: string, namespace = 'ns'): PersistentVolumeClaim => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
});

const bigNode = nodeFromSpec({ name: 'big', cpu: '4' });
const smallNode = nodeFromSpec({ name: 'small', cpu: '1' });
const taintedNode = nodeFromSpec({ name: 'tainted', cpu: '4', taints: [{ key: 'gpu', effect: 'NoSchedule' }] });
const ssdNode = nodeFromSpec({ name: 'ssd', cpu: '4', labels: { disk: 'ssd' } });
const withClaim = pod({ volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] });

/**
 * isPodWorthRequeuing (Test_isPodWorthRequeuing, scheduling_queue_test.go, here with the
 * in-tree plugins' own hints): only the pod's rejecting plugins are asked, only about events
 * they registered for; no rejecting plugin or a wildcard event means back after backoff.
 */
describe('isPodWorthRequeuing', () => {
  it.each<{ name: string; plugins: Plugin[]; event: ClusterEvent; pod?: Pod; obj: EventObject; want: string }>([
    { name: 'no rejector plugins: after backoff', plugins: [], event: 'NodeAdd', obj: { node: smallNode }, want: 'afterBackoff' },
    {
      name: 'wildcard UnschedulableTimeout: after backoff',
      plugins: ['NodeAffinity'],
      event: 'UnschedulableTimeout',
      obj: {},
      want: 'afterBackoff',
    },
    {
      name: 'NodeResourcesFit, a node added that fits',
      plugins: ['NodeResourcesFit'],
      event: 'NodeAdd',
      obj: { node: bigNode },
      want: 'afterBackoff',
    },
    {
      name: 'NodeResourcesFit, a node added too small even empty',
      plugins: ['NodeResourcesFit'],
      event: 'NodeAdd',
      obj: { node: smallNode },
      want: 'skip',
    },
    {
      name: 'NodeResourcesFit, an assigned pod deleted',
      plugins: ['NodeResourcesFit'],
      event: 'AssignedPodDelete',
      obj: {},
      want: 'afterBackoff',
    },
    {
      name: 'NodeResourcesFit does not register label updates',
      plugins: ['NodeResourcesFit'],
      event: 'UpdateNodeLabel',
      obj: { node: bigNode },
      want: 'skip',
    },
    {
      name: 'TaintToleration, a node added with a taint the pod does not tolerate',
      plugins: ['TaintToleration'],
      event: 'NodeAdd',
      obj: { node: taintedNode },
      want: 'skip',
    },
    {
      name: 'TaintToleration, a node added that the pod tolerates',
      plugins: ['TaintToleration'],
      event: 'NodeAdd',
      pod: pod({ tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] }),
      obj: { node: taintedNode },
      want: 'afterBackoff',
    },
    {
      name: 'TaintToleration does not register assigned pod deletions',
      plugins: ['TaintToleration'],
      event: 'AssignedPodDelete',
      obj: {},
      want: 'skip',
    },
    {
      name: 'NodeAffinity, a label update that makes the node match',
      plugins: ['NodeAffinity'],
      event: 'UpdateNodeLabel',
      pod: pod({ nodeSelector: { disk: 'ssd' } }),
      obj: { node: ssdNode },
      want: 'afterBackoff',
    },
    {
      name: 'NodeAffinity, a label update that does not',
      plugins: ['NodeAffinity'],
      event: 'UpdateNodeLabel',
      pod: pod({ nodeSelector: { disk: 'nvme' } }),
      obj: { node: ssdNode },
      want: 'skip',
    },
    {
      name: 'any rejecting plugin saying Queue is enough',
      plugins: ['NodeAffinity', 'NodeResourcesFit'],
      event: 'NodeAdd',
      pod: pod({ nodeSelector: { disk: 'nvme' } }),
      obj: { node: bigNode },
      want: 'afterBackoff',
    },
    {
      name: "VolumeBinding, a change to the pod's own claim",
      plugins: ['VolumeBinding'],
      event: 'PersistentVolumeClaimChange',
      pod: withClaim,
      obj: { claim: claim('data') },
      want: 'afterBackoff',
    },
    {
      name: "VolumeBinding, another pod's claim",
      plugins: ['VolumeBinding'],
      event: 'PersistentVolumeClaimChange',
      pod: withClaim,
      obj: { claim: claim('other') },
      want: 'skip',
    },
    {
      name: 'VolumeBinding, a claim of the same name in another namespace',
      plugins: ['VolumeBinding'],
      event: 'PersistentVolumeClaimChange',
      pod: withClaim,
      obj: { claim: claim('data', 'elsewhere') },
      want: 'skip',
    },
    {
      name: 'VolumeBinding, a volume added',
      plugins: ['VolumeBinding'],
      event: 'PersistentVolumeChange',
      pod: withClaim,
      obj: {},
      want: 'afterBackoff',
    },
  ])('$name', ({ plugins, event, pod: p, obj, want }) => {
    const info = failed(undefined, 'p-uid', plugins, 0);
    expect(isPodWorthRequeuing(info, event, p ?? pod(), obj)).toBe(want);
  });

  it.each<[ClusterEvent, Plugin[]]>([
    [
      'NodeAdd',
      ['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'VolumeBinding'],
    ],
    ['UpdateNodeAllocatable', ['NodeResourcesFit']],
    ['UpdateNodeLabel', ['NodeAffinity', 'VolumeBinding']],
    ['UpdateNodeTaint', ['NodeUnschedulable', 'TaintToleration', 'VolumeBinding']],
    ['AssignedPodDelete', ['NodePorts', 'NodeResourcesFit']],
    ['PersistentVolumeClaimChange', ['VolumeBinding']],
    ['UnschedulableTimeout', []],
  ])('%s interests %j (EventsToRegister)', (event, plugins) => {
    expect(pluginsInterestedIn(event)).toEqual(plugins);
  });
});

/** NodeSchedulingPropertiesChange (framework/events.go): which node updates move pods. */
describe('nodeSchedulingPropertiesChange', () => {
  const base = nodeFromSpec({ name: 'n', cpu: '4', labels: { zone: 'a' } });
  const cordoned: Node = { ...base, spec: { ...base.spec, unschedulable: true } };
  it.each<{ name: string; before: Node; after: Node; want: ClusterEvent[] }>([
    { name: 'nothing scheduling-relevant changed', before: base, after: { ...base, status: { ...base.status } }, want: [] },
    {
      name: 'a condition changed (a heartbeat)',
      before: base,
      after: { ...base, status: { ...base.status, conditions: [{ type: 'Ready', status: 'True' }] } },
      want: [],
    },
    {
      name: 'allocatable grew',
      before: base,
      after: { ...base, status: { ...base.status, allocatable: { ...base.status?.allocatable, cpu: '8' } } },
      want: ['UpdateNodeAllocatable'],
    },
    {
      name: 'a label changed',
      before: base,
      after: { ...base, metadata: { ...base.metadata, labels: { zone: 'b' } } },
      want: ['UpdateNodeLabel'],
    },
    {
      name: 'a taint added',
      before: base,
      after: { ...base, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] } },
      want: ['UpdateNodeTaint'],
    },
    { name: 'uncordoned', before: cordoned, after: base, want: ['UpdateNodeTaint'] },
    { name: 'cordoned', before: base, after: cordoned, want: [] },
  ])('$name', ({ before, after, want }) => {
    expect(nodeSchedulingPropertiesChange(after, before)).toEqual(want);
  });
});
