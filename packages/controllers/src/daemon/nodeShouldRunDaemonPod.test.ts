import type { DaemonSet, PodSpec } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { newDaemonSet, newNode, simpleDaemonSetLabel, simpleDaemonSetLabel2 } from '../../test/fixtures/daemonset.js';
import { nodeShouldRunDaemonPod } from './nodeShouldRunDaemonPod.js';

/**
 * TestNodeShouldRunDaemonPod (daemon_controller_test.go), for each of upstream's
 * updateStrategies(): resources and host ports are the scheduler's business, so only the
 * node name, the node selector and affinity rule a node out; a cordoned node still runs the
 * daemon. The taint rows after it are the verdicts the taint tests there depend on.
 */

const STRATEGIES: NonNullable<DaemonSet['spec']['updateStrategy']>[] = [
  { type: 'OnDelete' },
  { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
];

function resourcePodSpec(nodeName: string, memory: string, cpu: string): PodSpec {
  return {
    ...(nodeName ? { nodeName } : {}),
    containers: [{ name: 'foo', image: 'foo/bar', resources: { requests: { memory, cpu } } }],
  };
}

const hostPort666: PodSpec = { containers: [{ name: 'foo', image: 'foo/bar', ports: [{ containerPort: 666, hostPort: 666 }] }] };
const affinity = (value: string) => ({
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: 'type', operator: 'In', values: [value] }] }],
    },
  },
});
const base: PodSpec = { containers: [{ name: 'foo', image: 'foo/bar' }] };

function withSpec(spec: PodSpec, strategy: NonNullable<DaemonSet['spec']['updateStrategy']>): DaemonSet {
  const ds = newDaemonSet('ds');
  return { ...ds, spec: { ...ds.spec, updateStrategy: strategy, template: { ...ds.spec.template, spec } } };
}

describe('TestNodeShouldRunDaemonPod', () => {
  const rows: [string, PodSpec, boolean, boolean, boolean][] = [
    ['ShouldRunDaemonPod', resourcePodSpec('', '50M', '0.5'), false, true, true],
    ['InsufficientResourceError', resourcePodSpec('', '200M', '0.5'), false, true, true],
    ['ErrPodNotMatchHostName', resourcePodSpec('other-node', '50M', '0.5'), false, false, false],
    ['ErrPodNotFitsHostPorts', hostPort666, false, true, true],
    ['InsufficientResourceError', resourcePodSpec('', '100M', '0.5'), false, true, true],
    ['ShouldRunDaemonPod', resourcePodSpec('', '50M', '0.5'), false, true, true],
    ['ErrNodeSelectorNotMatch', { ...base, nodeSelector: simpleDaemonSetLabel2 }, false, false, false],
    ['ShouldRunDaemonPod', { ...base, nodeSelector: simpleDaemonSetLabel }, false, true, true],
    ['ErrPodAffinityNotMatch', { ...base, affinity: affinity('test') }, false, false, false],
    ['ShouldRunDaemonPod', { ...base, affinity: affinity('production') }, false, true, true],
    ['ShouldRunDaemonPodOnUnschedulableNode', resourcePodSpec('', '50M', '0.5'), true, true, true],
  ];
  for (const strategy of STRATEGIES) {
    it.each(rows)(`%s (${JSON.stringify(strategy)})`, (_name, spec, unschedulable, shouldRun, shouldContinueRunning) => {
      const node = newNode('test-node', simpleDaemonSetLabel);
      const n = { ...node, spec: { ...node.spec, unschedulable } };
      expect(nodeShouldRunDaemonPod(n, withSpec(spec, strategy))).toEqual({ shouldRun, shouldContinueRunning });
    });
  }
});

describe('NodeShouldRunDaemonPod and taints', () => {
  const taint = (key: string, effect: 'NoSchedule' | 'NoExecute', value?: string) => ({
    key,
    effect,
    ...(value ? { value } : {}),
  });
  it.each([
    [
      'an untolerated NoSchedule taint stops new pods, keeps old ones',
      [taint('dedicated', 'NoSchedule', 'user1')],
      [],
      false,
      true,
    ],
    ['an untolerated NoExecute taint removes them', [taint('dedicated', 'NoExecute', 'user1')], [], false, false],
    [
      'a tolerated taint is no obstacle',
      [taint('dedicated', 'NoSchedule', 'user1')],
      [{ key: 'dedicated', operator: 'Equal' as const, value: 'user1', effect: 'NoSchedule' as const }],
      true,
      true,
    ],
    ['not-ready NoExecute is tolerated forever', [taint('node.kubernetes.io/not-ready', 'NoExecute')], [], true, true],
    ['unreachable NoExecute is tolerated forever', [taint('node.kubernetes.io/unreachable', 'NoExecute')], [], true, true],
    [
      'pressure and unschedulable taints are tolerated',
      [
        taint('node.kubernetes.io/disk-pressure', 'NoSchedule'),
        taint('node.kubernetes.io/memory-pressure', 'NoSchedule'),
        taint('node.kubernetes.io/pid-pressure', 'NoSchedule'),
        taint('node.kubernetes.io/unschedulable', 'NoSchedule'),
      ],
      [],
      true,
      true,
    ],
    [
      'network-unavailable is not, off the host network',
      [taint('node.kubernetes.io/network-unavailable', 'NoSchedule')],
      [],
      false,
      true,
    ],
    ['the control-plane taint, untolerated', [taint('node-role.kubernetes.io/control-plane', 'NoSchedule')], [], false, true],
  ])('%s', (_name, taints, tolerations, shouldRun, shouldContinueRunning) => {
    const ds = withSpec({ ...base, tolerations }, { type: 'OnDelete' });
    expect(nodeShouldRunDaemonPod(newNode('n', undefined, taints), ds)).toEqual({ shouldRun, shouldContinueRunning });
  });
});
