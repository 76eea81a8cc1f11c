import { type KubeObject, type Pod, type ResourceQuota, Simulation } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { defaultControllers } from '../index.js';

/**
 * The resource quota controller in the engine, with the ResourceQuota admission plugin: status
 * filled in after the quota is created, raised by admission as pods are created, lowered by
 * the controller when a pod goes away (the monitor's replenishment), and a deleted object of a
 * kind kubesim stores untyped (no replenishing watch) subtracted only at the full
 * recalculation, at the next multiple of 5 minutes.
 */

const LEASES = 'count/leases.coordination.k8s.io';

function cluster(): Simulation {
  return new Simulation({
    seed: 1,
    controllers: defaultControllers(),
    controlPlane: { profile: 'instant' },
    nodes: ['node-1'],
    imageProfiles: [
      {
        match: 'batch:*',
        profile: {
          pull: { kind: 'fixed', value: 1000 },
          start: { kind: 'fixed', value: 500 },
          runFor: { kind: 'fixed', value: 10_000 },
          exitCode: 0,
        },
      },
      {
        match: '*',
        profile: {
          pull: { kind: 'fixed', value: 1000 },
          start: { kind: 'fixed', value: 500 },
          stop: { kind: 'fixed', value: 2000 },
        },
      },
    ],
  });
}

const quota: ResourceQuota = {
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'q', namespace: 'default' },
  spec: { hard: { pods: '5', 'requests.cpu': '2', [LEASES]: '3' } },
};

function cpuPod(name: string, image = 'nginx:1.25'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      containers: [{ name: 'c', image, resources: { requests: { cpu: '500m' } } }],
      ...(image.startsWith('batch:') ? { restartPolicy: 'Never' as const } : {}),
    },
  };
}

const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l1', namespace: 'default' }, spec: {} };

/** The quota's status.used now. */
const usedOf = (sim: Simulation): Record<string, string> | undefined => sim.get('ResourceQuota', 'q')?.status?.used;

/** The controller's status writes to the quota, as `time used`. */
function controllerWrites(sim: Simulation): string[] {
  return sim.log
    .entries()
    .filter((e) => e.event.type === 'UpdateStatus' && e.by === 'resourcequota' && e.event.object.kind === 'ResourceQuota')
    .map((e) => `${e.time} ${JSON.stringify((e.event as { object: ResourceQuota }).object.status?.used)}`);
}

describe('the resource quota controller in a simulation', () => {
  it('fills in status, follows admission up, replenishment down, and recalculates every 5 minutes', () => {
    const sim = cluster();
    sim.create(quota, '10s');
    sim.run('20s');
    expect(sim.get('ResourceQuota', 'q')?.status).toEqual({
      hard: { [LEASES]: '3', pods: '5', 'requests.cpu': '2' },
      used: { [LEASES]: '0', pods: '0', 'requests.cpu': '0' },
    });

    // Admission charges each create before the object is stored.
    sim.create(lease as unknown as KubeObject, '30s');
    sim.create(cpuPod('a'), '40s');
    sim.create(cpuPod('b'), '40s');
    sim.run('50s');
    expect(usedOf(sim)).toEqual({ [LEASES]: '1', pods: '2', 'requests.cpu': '1' });

    // A deleted pod is charged until the kubelet has stopped it and it is gone (2s stop);
    // its delete then replenishes the quota.
    sim.delete({ kind: 'Pod', name: 'a', namespace: 'default' }, {}, '60s');
    sim.run('61s');
    expect(usedOf(sim)).toEqual({ [LEASES]: '1', pods: '2', 'requests.cpu': '1' });
    sim.run('65s');
    expect(sim.list('Pod').map((p) => p.metadata.name)).toEqual(['b']);
    expect(usedOf(sim)).toEqual({ [LEASES]: '1', pods: '1', 'requests.cpu': '500m' });

    // The lease is stored untyped: its delete reaches no watch, so only the full
    // recalculation at 5m subtracts it.
    sim.delete({ kind: 'Lease.coordination.k8s.io' as never, name: 'l1', namespace: 'default' }, {}, '70s');
    sim.run('4m59s');
    expect(usedOf(sim)?.[LEASES]).toBe('1');
    sim.run('5m1s');
    expect(usedOf(sim)).toEqual({ [LEASES]: '0', pods: '1', 'requests.cpu': '500m' });
    expect(controllerWrites(sim)).toEqual([
      `10001 ${JSON.stringify({ [LEASES]: '0', pods: '0', 'requests.cpu': '0' })}`,
      `62003 ${JSON.stringify({ [LEASES]: '1', pods: '1', 'requests.cpu': '500m' })}`,
      `300001 ${JSON.stringify({ [LEASES]: '0', pods: '1', 'requests.cpu': '500m' })}`,
    ]);
  });

  it('a pod that completes is replenished when it turns terminal, though it stays stored', () => {
    const sim = cluster();
    sim.create(quota, '1s');
    sim.create(cpuPod('once', 'batch:1'), '5s');
    sim.run('10s');
    expect(usedOf(sim)).toMatchObject({ pods: '1', 'requests.cpu': '500m' });
    sim.run('30s');
    expect(sim.get('Pod', 'once')?.status?.phase).toBe('Succeeded');
    expect(usedOf(sim)).toMatchObject({ pods: '0', 'requests.cpu': '0' });
    expect(controllerWrites(sim)).toHaveLength(2);
  });
});
