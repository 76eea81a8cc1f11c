import { defaultControllers } from '@kubesim/controllers';
import { type Deployment, type ImageProfileRule, Simulation } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { describeObject } from './index.js';

const FIXED: ImageProfileRule = {
  match: '*',
  profile: { pull: { kind: 'fixed', value: 1000 }, start: { kind: 'fixed', value: 500 }, stop: { kind: 'fixed', value: 2000 } },
};

/** Two pods pinned to node-1, each requesting 250m/64Mi and limited to 500m/128Mi. */
const web: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        nodeSelector: { 'kubernetes.io/hostname': 'node-1' },
        containers: [
          {
            name: 'web',
            image: 'nginx:1.25',
            resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
          },
        ],
      },
    },
  },
};

/** A 2-CPU, 4Gi worker running the pods, and node-2, whose machine dies at 20s; seen at 2m. */
function twoNodes(): Simulation {
  const sim = new Simulation({
    seed: 1,
    controllers: defaultControllers(),
    nodes: [{ name: 'node-1', cpu: '2', memory: '4Gi', labels: { 'node-role.kubernetes.io/worker': '' } }, 'node-2'],
    objects: [web],
    imageProfiles: [FIXED],
  });
  sim.failNode('node-2', '20s');
  sim.run('2m');
  return sim;
}

const describeNode = (sim: Simulation, name: string): string[] | undefined =>
  describeObject(sim.view, 'Node', name, '', sim.now)?.split('\n');

describe('kubectl describe node', () => {
  it('describes a node with its lease, conditions, pods and allocated resources', () => {
    expect(describeNode(twoNodes(), 'node-1')).toEqual(HEALTHY);
  });

  it('shows requests and limits as whole percent of allocatable, truncated', () => {
    const lines = describeNode(twoNodes(), 'node-1') ?? [];
    // 250m of 2 CPUs is 12.5%, 64Mi of 4Gi is 1.56%: Go's int64() truncates both.
    expect(lines.filter((l) => l.includes('250m (12%)    500m (25%)  64Mi (1%)        128Mi (3%)'))).toHaveLength(2);
    expect(lines).toContain('  cpu                500m (25%)  1 (50%)');
  });

  it('describes a node whose kubelet stopped: the lease stops renewing, conditions go Unknown, taints arrive', () => {
    expect(describeNode(twoNodes(), 'node-2')).toEqual(FAILED);
  });
});

const HEALTHY: string[] = [
  'Name:               node-1',
  'Roles:              worker',
  'Labels:             kubernetes.io/arch=amd64',
  '                    kubernetes.io/hostname=node-1',
  '                    kubernetes.io/os=linux',
  '                    node-role.kubernetes.io/worker=',
  'Annotations:        <none>',
  'CreationTimestamp:  Thu, 01 Jan 2026 00:00:00 +0000',
  'Taints:             <none>',
  'Unschedulable:      false',
  'Lease:',
  '  HolderIdentity:  node-1',
  '  AcquireTime:     <unset>',
  '  RenewTime:       Thu, 01 Jan 2026 00:02:00 +0000',
  'Conditions:',
  '  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message',
  '  ----             ------  -----------------                 ------------------                ------                       -------',
  '  MemoryPressure   False   Thu, 01 Jan 2026 00:00:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available',
  '  DiskPressure     False   Thu, 01 Jan 2026 00:00:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure',
  '  PIDPressure      False   Thu, 01 Jan 2026 00:00:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available',
  '  Ready            True    Thu, 01 Jan 2026 00:00:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletReady                 kubelet is posting ready status',
  'Addresses:',
  '  InternalIP:  172.18.0.2',
  '  Hostname:    node-1',
  'Capacity:',
  '  cpu:                2',
  '  ephemeral-storage:  100Gi',
  '  memory:             4Gi',
  '  pods:               110',
  'Allocatable:',
  '  cpu:                2',
  '  ephemeral-storage:  100Gi',
  '  memory:             4Gi',
  '  pods:               110',
  'System Info:',
  '  Machine ID:                 ',
  '  System UUID:                ',
  '  Boot ID:                    ',
  '  Kernel Version:             6.8.0-kubesim',
  '  OS Image:                   Debian GNU/Linux 12 (bookworm)',
  '  Operating System:           linux',
  '  Architecture:               amd64',
  '  Container Runtime Version:  containerd://1.7.27',
  '  Kubelet Version:            v1.34.1',
  'PodCIDR:                      10.244.0.0/24',
  'Non-terminated Pods:          (2 in total)',
  '  Namespace                   Name                    CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age',
  '  ---------                   ----                    ------------  ----------  ---------------  -------------  ---',
  '  default                     web-6544d8b6c8-r2j7c    250m (12%)    500m (25%)  64Mi (1%)        128Mi (3%)     119s',
  '  default                     web-6544d8b6c8-rvg89    250m (12%)    500m (25%)  64Mi (1%)        128Mi (3%)     119s',
  'Allocated resources:',
  '  (Total limits may be over 100 percent, i.e., overcommitted.)',
  '  Resource           Requests    Limits',
  '  --------           --------    ------',
  '  cpu                500m (25%)  1 (50%)',
  '  memory             128Mi (3%)  256Mi (6%)',
  '  ephemeral-storage  0 (0%)      0 (0%)',
  'Events:              <none>',
  '',
];

const FAILED: string[] = [
  'Name:               node-2',
  'Roles:              <none>',
  'Labels:             kubernetes.io/arch=amd64',
  '                    kubernetes.io/hostname=node-2',
  '                    kubernetes.io/os=linux',
  'Annotations:        <none>',
  'CreationTimestamp:  Thu, 01 Jan 2026 00:00:00 +0000',
  'Taints:             node.kubernetes.io/unreachable:NoExecute',
  '                    node.kubernetes.io/unreachable:NoSchedule',
  'Unschedulable:      false',
  'Lease:',
  '  HolderIdentity:  node-2',
  '  AcquireTime:     <unset>',
  '  RenewTime:       Thu, 01 Jan 2026 00:00:10 +0000',
  'Conditions:',
  '  Type             Status    LastHeartbeatTime                 LastTransitionTime                Reason              Message',
  '  ----             ------    -----------------                 ------------------                ------              -------',
  '  MemoryPressure   Unknown   Thu, 01 Jan 2026 00:00:00 +0000   Thu, 01 Jan 2026 00:01:05 +0000   NodeStatusUnknown   Kubelet stopped posting node status.',
  '  DiskPressure     Unknown   Thu, 01 Jan 2026 00:00:00 +0000   Thu, 01 Jan 2026 00:01:05 +0000   NodeStatusUnknown   Kubelet stopped posting node status.',
  '  PIDPressure      Unknown   Thu, 01 Jan 2026 00:00:00 +0000   Thu, 01 Jan 2026 00:01:05 +0000   NodeStatusUnknown   Kubelet stopped posting node status.',
  '  Ready            Unknown   Thu, 01 Jan 2026 00:00:00 +0000   Thu, 01 Jan 2026 00:01:05 +0000   NodeStatusUnknown   Kubelet stopped posting node status.',
  'Addresses:',
  '  InternalIP:  172.18.0.3',
  '  Hostname:    node-2',
  'Capacity:',
  '  cpu:                4',
  '  ephemeral-storage:  100Gi',
  '  memory:             8Gi',
  '  pods:               110',
  'Allocatable:',
  '  cpu:                4',
  '  ephemeral-storage:  100Gi',
  '  memory:             8Gi',
  '  pods:               110',
  'System Info:',
  '  Machine ID:                 ',
  '  System UUID:                ',
  '  Boot ID:                    ',
  '  Kernel Version:             6.8.0-kubesim',
  '  OS Image:                   Debian GNU/Linux 12 (bookworm)',
  '  Operating System:           linux',
  '  Architecture:               amd64',
  '  Container Runtime Version:  containerd://1.7.27',
  '  Kubelet Version:            v1.34.1',
  'PodCIDR:                      10.244.1.0/24',
  'Non-terminated Pods:          (0 in total)',
  '  Namespace                   Name    CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age',
  '  ---------                   ----    ------------  ----------  ---------------  -------------  ---',
  'Allocated resources:',
  '  (Total limits may be over 100 percent, i.e., overcommitted.)',
  '  Resource           Requests  Limits',
  '  --------           --------  ------',
  '  cpu                0 (0%)    0 (0%)',
  '  memory             0 (0%)    0 (0%)',
  '  ephemeral-storage  0 (0%)    0 (0%)',
  'Events:',
  '  Type    Reason        Age   From             Message',
  '  ----    ------        ----  ----             -------',
  '  Normal  NodeNotReady  55s   node-controller  Node node-2 status is now: NodeNotReady',
  '',
];
