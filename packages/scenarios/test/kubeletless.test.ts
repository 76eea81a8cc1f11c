import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../src/index.js';

/**
 * A Node object with no simulated kubelet behind it (issue 15): applied from a manifest, it
 * never heartbeats, so the node lifecycle controller marks it Unknown after the grace period
 * and taints it; pods bound to it never start and are evicted by the taint rules.
 */

const DUMPED = `apiVersion: v1
kind: Node
metadata:
  name: dumped
  labels: {kubernetes.io/hostname: dumped}
status:
  capacity: {cpu: "4", memory: 8Gi, pods: "110"}
  allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
  conditions:
    - {type: MemoryPressure, status: "False", reason: KubeletHasSufficientMemory, message: kubelet has sufficient memory available}
    - {type: DiskPressure, status: "False", reason: KubeletHasNoDiskPressure, message: kubelet has no disk pressure}
    - {type: PIDPressure, status: "False", reason: KubeletHasSufficientPID, message: kubelet has sufficient PID available}
    - {type: Ready, status: "True", reason: KubeletReady, message: kubelet is posting ready status}
`;

const BARE = `apiVersion: v1
kind: Node
metadata:
  name: bare
`;

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: stuck
spec:
  nodeName: dumped
  containers: [{name: app, image: nginx:1.25}]
`;

function run(text: string) {
  const files: Record<string, string> = { 'dumped.yaml': DUMPED, 'bare.yaml': BARE, 'pod.yaml': POD };
  return runScenario(loadScenario(text, 'scenario.yaml', { readFile: (f) => files[f] ?? '' }));
}

describe('a Node without a kubelet', () => {
  const r = run(`seed: 1
until: 7m
cluster: {nodes: 1}
steps:
  - {at: 0s, kubectl: apply -f dumped.yaml}
  - {at: 0s, kubectl: apply -f bare.yaml}
  - {at: 0s, kubectl: apply -f pod.yaml}
  - {at: 54s, kubectl: get node dumped}
  - {at: 56s, kubectl: get node dumped}
  - {at: 70s, kubectl: get nodes}
  - {at: 70s, kubectl: get pod stuck}
`);

  it('is warned about', () => {
    expect(r.warnings).toContain(
      'node dumped, bare has no simulated kubelet (only cluster.nodes have one): it never heartbeats, turns Unknown after node-monitor-grace-period (50s; 60s if it never posted Ready) and is tainted unreachable, and pods bound to it never start; name it under cluster.nodes to give it a kubelet',
    );
  });

  it('stays Ready until the grace period has passed, then turns Unknown (NotReady) and is tainted unreachable', () => {
    const [, , , before, after, nodes, pod] = r.steps;
    expect(before?.stdout).toContain('dumped   Ready');
    expect(after?.stdout).toContain('dumped   NotReady');
    expect(nodes?.stdout).toMatch(/bare +NotReady/);
    expect(pod?.stdout).toMatch(/stuck +0\/1 +(Pending|ContainerCreating)/);
  });

  it('writes the conditions tryUpdateNodeHealth writes: NodeStatusUnknown, or NodeStatusNeverUpdated for what was never posted', () => {
    const dumped = r.view.get('Node', undefined, 'dumped')?.status?.conditions ?? [];
    expect(dumped.map((c) => [c.type, c.status, c.reason, c.lastTransitionTime])).toEqual([
      ['MemoryPressure', 'Unknown', 'NodeStatusUnknown', 55_000],
      ['DiskPressure', 'Unknown', 'NodeStatusUnknown', 55_000],
      ['PIDPressure', 'Unknown', 'NodeStatusUnknown', 55_000],
      ['Ready', 'Unknown', 'NodeStatusUnknown', 55_000],
    ]);
    // --node-startup-grace-period (60s) for a node that never posted Ready.
    const bare = r.view.get('Node', undefined, 'bare')?.status?.conditions ?? [];
    expect(bare.map((c) => [c.type, c.status, c.reason, c.message, c.lastTransitionTime])).toEqual([
      ['Ready', 'Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.', 65_000],
      ['MemoryPressure', 'Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.', 65_000],
      ['DiskPressure', 'Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.', 65_000],
      ['PIDPressure', 'Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.', 65_000],
    ]);
  });

  it('is tainted unreachable, and its pod is evicted 300s later (it stays Terminating: no kubelet confirms)', () => {
    const node = r.view.get('Node', undefined, 'dumped');
    expect(node?.spec.taints?.map((t) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/unreachable:NoSchedule',
      'node.kubernetes.io/unreachable:NoExecute',
    ]);
    const pod = r.view.get('Pod', 'default', 'stuck');
    expect(pod?.status?.phase).toBe('Pending');
    expect(pod?.metadata.deletionTimestamp).toBeGreaterThanOrEqual(355_000);
    expect(pod?.metadata.deletionTimestamp).toBeLessThan(400_000);
  });
});
