import type { PersistentVolume, PersistentVolumeClaim, Pod, StorageClass } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { cluster, eventsAbout, FIVE_SECONDS, hostPathVolume, pod, standardStorageClass, webStatefulSet } from './helpers.js';

/**
 * The PersistentVolume controller (binder), the dynamic provisioner and the scheduler's
 * VolumeBinding plugin, end to end.
 */

function claim(name: string, size: string, extra: Partial<PersistentVolumeClaim['spec']> = {}): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } }, ...extra },
  };
}

function podWithClaim(name: string, claimName: string): Pod {
  return pod(name, { volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] });
}

function phases(sim: ReturnType<typeof cluster>): string[] {
  return [
    ...sim
      .list('PersistentVolume')
      .map((v) => `pv/${v.metadata.name} ${v.status?.phase}${v.spec.claimRef ? ` ${v.spec.claimRef.name}` : ''}`),
    ...sim
      .list('PersistentVolumeClaim')
      .map((c) => `pvc/${c.metadata.name} ${c.status?.phase}${c.spec.volumeName ? ` ${c.spec.volumeName}` : ''}`),
  ];
}

function localClass(mode: 'Immediate' | 'WaitForFirstConsumer'): StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'local-storage' },
    provisioner: 'kubernetes.io/no-provisioner',
    volumeBindingMode: mode,
  };
}

function localVolume(name: string, node: string): PersistentVolume {
  return hostPathVolume(name, '10Gi', {
    storageClassName: 'local-storage',
    nodeAffinity: {
      required: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }],
      },
    },
  });
}

describe('static binding (findBestMatchForClaim through the binder)', () => {
  it('volumes become Available; a claim binds the smallest volume that fits, both sides Bound', () => {
    const sim = cluster({
      nodes: ['node1'],
      objects: [hostPathVolume('big', '10Gi'), hostPathVolume('small', '1Gi'), hostPathVolume('medium', '5Gi')],
    });
    sim.create(claim('data', '2Gi'), '1s');
    sim.run('2s');
    expect(phases(sim)).toEqual(['pv/big Available', 'pv/medium Bound data', 'pv/small Available', 'pvc/data Bound medium']);
    const c = sim.get('PersistentVolumeClaim', 'data') as PersistentVolumeClaim;
    expect(c.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '5Gi' } });
    expect(c.metadata.annotations).toEqual({
      'pv.kubernetes.io/bound-by-controller': 'yes',
      'pv.kubernetes.io/bind-completed': 'yes',
    });
    const pv = sim.get('PersistentVolume', 'medium') as PersistentVolume;
    expect(pv.spec.claimRef).toMatchObject({
      kind: 'PersistentVolumeClaim',
      namespace: 'default',
      name: 'data',
      uid: c.metadata.uid,
    });
    expect(pv.metadata.annotations?.['pv.kubernetes.io/bound-by-controller']).toBe('yes');
  });

  it('a claim made with its volume waits for the resync: a volume is matched only once it is Available', () => {
    const sim = cluster({ nodes: ['node1'], objects: [hostPathVolume('pv1', '1Gi'), claim('data', '1Gi')] });
    sim.run('14s');
    expect(phases(sim)).toEqual(['pv/pv1 Available', 'pvc/data Pending']);
    sim.run('16s');
    expect(phases(sim)).toEqual(['pv/pv1 Bound data', 'pvc/data Bound pv1']);
  });

  it('access modes: the volume with the fewest modes that cover the claim wins over a smaller one', () => {
    const rwx = hostPathVolume('nfs', '1Gi', { accessModes: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany'] });
    const rwo = hostPathVolume('ebs', '10Gi');
    const sim = cluster({ nodes: ['node1'], objects: [rwx, rwo] });
    sim.create(claim('a', '1Gi'), '1s').create(claim('b', '1Gi', { accessModes: ['ReadWriteMany'] }), '1s');
    sim.run('2s');
    expect(phases(sim)).toEqual(['pv/ebs Bound a', 'pv/nfs Bound b', 'pvc/a Bound ebs', 'pvc/b Bound nfs']);
  });

  it('no volume fits and no class: the claim stays Pending, with FailedBinding every resync (15s)', () => {
    const sim = cluster({ nodes: ['node1'], objects: [hostPathVolume('small', '1Gi'), claim('data', '5Gi')] });
    sim.run('31s');
    expect(phases(sim)).toEqual(['pv/small Available', 'pvc/data Pending']);
    const events = eventsAbout(sim, 'data');
    expect(events.map((e) => e.replace(/^\d+ /, ''))).toEqual([
      'FailedBinding: no persistent volumes available for this claim and no storage class is set',
      'FailedBinding: no persistent volumes available for this claim and no storage class is set',
      'FailedBinding: no persistent volumes available for this claim and no storage class is set',
    ]);
    const ev = sim.list('Event').find((e) => e.involvedObject.name === 'data');
    expect(ev).toMatchObject({
      type: 'Normal',
      reason: 'FailedBinding',
      count: 3,
      source: { component: 'persistentvolume-controller' },
    });
    // A volume that fits, created later, is found at the next resync.
    sim.create(hostPathVolume('later', '8Gi'), '31s');
    sim.run('50s');
    expect(phases(sim)).toContain('pvc/data Bound later');
  });

  it('a class must match: a classless volume does not serve a claim of class "fast"', () => {
    const sim = cluster({
      nodes: ['node1'],
      objects: [hostPathVolume('pv1', '1Gi'), claim('data', '1Gi', { storageClassName: 'fast' })],
    });
    sim.run('1s');
    expect(phases(sim)).toEqual(['pv/pv1 Available', 'pvc/data Pending']);
    expect(eventsAbout(sim, 'data')[0]).toContain('ProvisioningFailed: storageclass.storage.k8s.io "fast" not found');
  });

  it('released volumes: Retain keeps the volume Released with its claimRef; Delete deletes it', () => {
    const sim = cluster({
      nodes: ['node1'],
      objects: [hostPathVolume('kept', '1Gi'), hostPathVolume('gone', '2Gi', { persistentVolumeReclaimPolicy: 'Delete' })],
    });
    sim.create(claim('a', '1Gi'), '1s').create(claim('b', '2Gi'), '1s');
    sim.run('2s');
    expect(phases(sim)).toEqual(['pv/gone Bound b', 'pv/kept Bound a', 'pvc/a Bound kept', 'pvc/b Bound gone']);
    sim
      .delete({ kind: 'PersistentVolumeClaim', name: 'a' }, {}, '2s')
      .delete({ kind: 'PersistentVolumeClaim', name: 'b' }, {}, '2s');
    sim.run('3s');
    expect(phases(sim)).toEqual(['pv/kept Released a']);
    // A new claim of the same name does not get the released volume back.
    sim.create(claim('a', '1Gi'), '3s');
    sim.run('4s');
    expect(phases(sim)).toEqual(['pv/kept Released a', 'pvc/a Pending']);
  });
});

describe('the default StorageClass and dynamic provisioning', () => {
  it('admission names the default class on a claim without one; the provisioner makes pvc-<uid> for it (Immediate)', () => {
    const sim = cluster({ nodes: ['node1'], objects: [standardStorageClass('Immediate'), claim('data', '3Gi')] });
    sim.run('5s');
    const c = sim.get('PersistentVolumeClaim', 'data') as PersistentVolumeClaim;
    expect(c.spec.storageClassName).toBe('standard');
    expect(c.status?.phase).toBe('Bound');
    const pv = sim.get('PersistentVolume', `pvc-${c.metadata.uid}`) as PersistentVolume;
    expect(pv.spec).toMatchObject({
      capacity: { storage: '3Gi' },
      accessModes: ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'standard',
    });
    expect(pv.spec.nodeAffinity).toBeUndefined();
    // The binder's two syncs and the provisioner's start land within a millisecond of each
    // other, in an order the API latency decides; the success comes a second later.
    const reasons = eventsAbout(sim, 'data').map((e) => e.split(' ').slice(1, 2).join(' '));
    expect(reasons[0]).toBe('ExternalProvisioning:');
    expect([...reasons].sort()).toEqual([
      'ExternalProvisioning:',
      'ExternalProvisioning:',
      'Provisioning:',
      'ProvisioningSucceeded:',
    ]);
    expect(reasons.at(-1)).toBe('ProvisioningSucceeded:');
  });

  it('an explicit "" class opts out of the default; a later default class is assigned to a claim with none (retroactively)', () => {
    const sim = cluster({ nodes: ['node1'], objects: [claim('none', '1Gi', { storageClassName: '' }), claim('later', '1Gi')] });
    sim.run('1s');
    sim.create(standardStorageClass('Immediate'), '1s');
    sim.run('40s');
    expect(sim.get('PersistentVolumeClaim', 'none')?.spec.storageClassName).toBe('');
    expect(sim.get('PersistentVolumeClaim', 'later')?.spec.storageClassName).toBe('standard');
    const volume = sim.get('PersistentVolumeClaim', 'later')?.spec.volumeName;
    expect(phases(sim).filter((p) => p.startsWith('pvc/'))).toEqual([`pvc/later Bound ${volume}`, 'pvc/none Pending']);
  });

  it('two default classes: the newest is the default', () => {
    const old = standardStorageClass('Immediate', 'old');
    const sim = cluster({ nodes: ['node1'], objects: [old] });
    sim.create(standardStorageClass('Immediate', 'newer'), '1s');
    sim.create(claim('data', '1Gi'), '2s');
    sim.run('3s');
    expect(sim.get('PersistentVolumeClaim', 'data')?.spec.storageClassName).toBe('newer');
  });

  it('WaitForFirstConsumer: nothing happens until a pod is scheduled; the chosen node is written on the claim and pins the volume', () => {
    const sim = cluster({
      nodes: ['node1', 'node2'],
      imageProfiles: [FIVE_SECONDS],
      objects: [standardStorageClass(), claim('data', '1Gi')],
    });
    sim.run('20s');
    expect(phases(sim)).toEqual(['pvc/data Pending']);
    expect(eventsAbout(sim, 'data')[0]).toContain(
      'WaitForFirstConsumer: waiting for first consumer to be created before binding',
    );
    sim.create(podWithClaim('user', 'data'), '20s');
    sim.run('30s');
    const c = sim.get('PersistentVolumeClaim', 'data') as PersistentVolumeClaim;
    const p = sim.get('Pod', 'user') as Pod;
    expect(c.status?.phase).toBe('Bound');
    expect(c.metadata.annotations?.['volume.kubernetes.io/selected-node']).toBe(p.spec.nodeName);
    const pv = sim.get('PersistentVolume', c.spec.volumeName as string) as PersistentVolume;
    expect(JSON.stringify(pv.spec.nodeAffinity)).toContain(`"values":["${p.spec.nodeName}"]`);
    // The pod is bound only after its claim is (PreBind waits).
    const boundAt = sim.log.entries().find((e) => e.event.type === 'Bind')?.time as number;
    const claimBoundAt = sim.log
      .entries()
      .find((e) => e.event.type === 'Patch' && e.event.subresource === 'status' && e.event.ref.kind === 'PersistentVolumeClaim')
      ?.time as number;
    expect(boundAt).toBeGreaterThan(claimBoundAt);
    expect(p.status?.phase).toBe('Running');
  });

  it('a re-created StatefulSet pod goes back to the node of its local volume', () => {
    const sim = cluster({
      nodes: ['node1', 'node2', 'node3'],
      imageProfiles: [FIVE_SECONDS],
      objects: [standardStorageClass(), webStatefulSet({ replicas: 3 })],
    });
    sim.run('1m');
    const nodes = ['web-0', 'web-1', 'web-2'].map((n) => sim.get('Pod', n)?.spec.nodeName);
    for (const n of ['web-0', 'web-1', 'web-2']) sim.delete({ kind: 'Pod', name: n }, {}, '1m');
    sim.run('3m');
    expect(['web-0', 'web-1', 'web-2'].map((n) => sim.get('Pod', n)?.spec.nodeName)).toEqual(nodes);
  });
});

describe('the scheduler and unbound claims (VolumeBinding)', () => {
  it('a pod whose Immediate claim is unbound stays Pending with the upstream reason, and starts once the claim binds', () => {
    const sim = cluster({
      nodes: ['node1', 'node2'],
      imageProfiles: [FIVE_SECONDS],
      objects: [claim('data', '5Gi'), podWithClaim('user', 'data')],
    });
    sim.run('10s');
    const p = sim.get('Pod', 'user') as Pod;
    expect(p.spec.nodeName).toBeUndefined();
    const cond = p.status?.conditions?.find((c) => c.type === 'PodScheduled');
    expect(cond).toMatchObject({
      status: 'False',
      reason: 'Unschedulable',
      message:
        '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    });
    sim.create(hostPathVolume('pv1', '5Gi'), '10s');
    sim.run('1m');
    expect(sim.get('Pod', 'user')?.status?.phase).toBe('Running');
  });

  it('a missing claim: the pod is unschedulable naming it', () => {
    const sim = cluster({ nodes: ['node1'], objects: [podWithClaim('user', 'nope')] });
    sim.run('1s');
    expect(eventsAbout(sim, 'user')[0]).toContain(
      'FailedScheduling: 0/1 nodes are available: persistentvolumeclaim "nope" not found. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
  });

  it('WaitForFirstConsumer with local volumes: the pod goes to the node that has a fitting volume', () => {
    const sim = cluster({
      nodes: ['node1', 'node2', 'node3'],
      imageProfiles: [FIVE_SECONDS],
      objects: [
        localClass('WaitForFirstConsumer'),
        localVolume('local-2', 'node2'),
        claim('data', '1Gi', { storageClassName: 'local-storage' }),
        podWithClaim('user', 'data'),
      ],
    });
    sim.run('20s');
    expect(sim.get('Pod', 'user')?.spec.nodeName).toBe('node2');
    expect(phases(sim)).toEqual(['pv/local-2 Bound data', 'pvc/data Bound local-2']);
  });

  it('WaitForFirstConsumer, three pods scheduled back to back: the assume cache gives each its own volume', () => {
    // Without AssumePodVolumes the second cycle, run before the first bind lands, would pick
    // the same (smallest) volume again and its pod would wait on a claim that never binds.
    const sim = cluster({
      nodes: ['node1'],
      imageProfiles: [FIVE_SECONDS],
      objects: [
        localClass('WaitForFirstConsumer'),
        ...['v1', 'v2', 'v3'].map((v) => localVolume(v, 'node1')),
        ...['a', 'b', 'c'].map((c) => claim(c, '1Gi', { storageClassName: 'local-storage' })),
        ...['a', 'b', 'c'].map((c) => podWithClaim(c, c)),
      ],
    });
    sim.run('1m');
    const bound = sim.list('PersistentVolumeClaim').map((c) => c.spec.volumeName);
    expect(new Set(bound).size).toBe(3);
    expect(sim.list('PersistentVolumeClaim').map((c) => c.status?.phase)).toEqual(['Bound', 'Bound', 'Bound']);
    expect(sim.list('Pod').map((p) => p.status?.phase)).toEqual(['Running', 'Running', 'Running']);
  });

  it('a volume released and made Available again is free: the assume cache holds a version, not a name', () => {
    const sim = cluster({
      nodes: ['node1'],
      imageProfiles: [FIVE_SECONDS],
      objects: [
        localClass('WaitForFirstConsumer'),
        localVolume('v1', 'node1'),
        claim('a', '1Gi', { storageClassName: 'local-storage' }),
        podWithClaim('a', 'a'),
      ],
    });
    sim.run('30s');
    expect(sim.get('PersistentVolume', 'v1')?.spec.claimRef?.name).toBe('a');
    sim.delete({ kind: 'Pod', name: 'a', namespace: 'default' }, { gracePeriodSeconds: 0 });
    sim.run('40s');
    sim.delete({ kind: 'PersistentVolumeClaim', name: 'a', namespace: 'default' });
    sim.run('50s');
    sim.patch({ kind: 'PersistentVolume', name: 'v1' }, { spec: { claimRef: null } }, 'merge');
    sim.run('60s');
    sim.create(claim('c', '1Gi', { storageClassName: 'local-storage' }));
    sim.create(podWithClaim('c', 'c'));
    sim.run('100s');
    expect(sim.get('PersistentVolumeClaim', 'c')?.spec.volumeName).toBe('v1');
    expect(sim.get('Pod', 'c')?.status?.phase).toBe('Running');
  });

  it("the scheduler matches as FindMatchingVolume, not the PV controller's access-mode index: the smallest volume that covers the claim", () => {
    // The binder would take the RWO-only volume first (fewest modes that cover the claim);
    // the scheduler takes the smallest that covers it, RWO+RWX or not.
    const wide = localVolume('wide-1g', 'node1');
    const sim = cluster({
      nodes: ['node1'],
      imageProfiles: [FIVE_SECONDS],
      objects: [
        localClass('WaitForFirstConsumer'),
        { ...wide, spec: { ...wide.spec, capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce', 'ReadWriteMany'] } },
        { ...localVolume('rwo-2g', 'node1'), spec: { ...localVolume('rwo-2g', 'node1').spec, capacity: { storage: '2Gi' } } },
        claim('data', '1Gi', { storageClassName: 'local-storage' }),
        podWithClaim('user', 'data'),
      ],
    });
    sim.run('20s');
    expect(sim.get('PersistentVolumeClaim', 'data')?.spec.volumeName).toBe('wide-1g');
  });

  it("a pod's claims are matched smallest request first (byPVCSize)", () => {
    // In the pod's order the 2Gi claim would take the 2Gi volume and leave the 1Gi claim the
    // 3Gi one; smallest first, the 1Gi claim takes the 2Gi volume and the 2Gi claim the 3Gi.
    const sized = (name: string, size: string) => {
      const v = localVolume(name, 'node1');
      return { ...v, spec: { ...v.spec, capacity: { storage: size } } };
    };
    const both = pod('user', {
      volumes: [
        { name: 'big', persistentVolumeClaim: { claimName: 'big' } },
        { name: 'small', persistentVolumeClaim: { claimName: 'small' } },
      ],
    });
    const sim = cluster({
      nodes: ['node1'],
      imageProfiles: [FIVE_SECONDS],
      objects: [
        localClass('WaitForFirstConsumer'),
        sized('v2g', '2Gi'),
        sized('v3g', '3Gi'),
        claim('big', '2Gi', { storageClassName: 'local-storage' }),
        claim('small', '1Gi', { storageClassName: 'local-storage' }),
        both,
      ],
    });
    sim.run('20s');
    expect([
      sim.get('PersistentVolumeClaim', 'small')?.spec.volumeName,
      sim.get('PersistentVolumeClaim', 'big')?.spec.volumeName,
    ]).toEqual(['v2g', 'v3g']);
  });

  it('two pods sharing a WaitForFirstConsumer claim: the second goes where the volume assumed for the claim is', () => {
    // The assume cache holds local-1 for the claim; for node2, FindMatchingVolume returns that
    // volume (pre-bound to the claim in the cache), whose node affinity rules node2 out.
    const sim = cluster({
      nodes: ['node1', 'node2'],
      imageProfiles: [FIVE_SECONDS],
      objects: [
        localClass('WaitForFirstConsumer'),
        localVolume('local-1', 'node1'),
        localVolume('local-2', 'node2'),
        claim('shared', '1Gi', { storageClassName: 'local-storage' }),
        podWithClaim('a', 'shared'),
        podWithClaim('b', 'shared'),
      ],
    });
    sim.run('30s');
    const volume = sim.get('PersistentVolumeClaim', 'shared')?.spec.volumeName;
    const node = volume === 'local-1' ? 'node1' : 'node2';
    expect(sim.list('Pod').map((p) => p.spec.nodeName)).toEqual([node, node]);
    expect(sim.list('PersistentVolume').filter((v) => v.spec.claimRef !== undefined).length).toBe(1);
  });

  it('WaitForFirstConsumer with no volume left and no provisioner: no node fits', () => {
    const sim = cluster({
      nodes: ['node1', 'node2'],
      objects: [
        localClass('WaitForFirstConsumer'),
        claim('data', '1Gi', { storageClassName: 'local-storage' }),
        podWithClaim('user', 'data'),
      ],
    });
    sim.run('2s');
    expect(eventsAbout(sim, 'user')[0]).toContain(
      "0/2 nodes are available: 2 node(s) didn't find available persistent volumes to bind. no new claims to deallocate, preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
    expect(eventsAbout(sim, 'data').at(-1)).toContain('WaitForPodScheduled: waiting for pod user to be scheduled');
  });

  it('a bound claim whose volume lives on another node: volume node affinity conflict', () => {
    const sim = cluster({
      nodes: ['node1', 'node2'],
      objects: [localClass('Immediate'), localVolume('local-1', 'node1')],
    });
    sim.create(claim('data', '1Gi', { storageClassName: 'local-storage' }), '1s');
    sim.run('2s');
    sim.create(podWithClaim('user', 'data'), '2s');
    sim.run('5s');
    expect(sim.get('Pod', 'user')?.spec.nodeName).toBe('node1');
    sim.create(
      {
        ...podWithClaim('other', 'data'),
        spec: { ...podWithClaim('other', 'data').spec, nodeSelector: { 'kubernetes.io/hostname': 'node2' } },
      },
      '5s',
    );
    sim.run('6s');
    expect(eventsAbout(sim, 'other')[0]).toContain('1 node(s) had volume node affinity conflict');
  });

  it("the seed's zk example: a class that does not exist leaves claims and pods Pending", () => {
    const zk = webStatefulSet({ replicas: 1 });
    const spec = zk.spec.volumeClaimTemplates?.[0]?.spec as PersistentVolumeClaim['spec'];
    const sim = cluster({
      nodes: ['node1'],
      objects: [
        {
          ...zk,
          spec: {
            ...zk.spec,
            volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { ...spec, storageClassName: 'my-storage-class' } }],
          },
        },
      ],
    });
    sim.run('20s');
    expect(sim.get('Pod', 'web-0')?.status?.phase).toBe('Pending');
    expect(eventsAbout(sim, 'www-web-0')[0]).toContain(
      'ProvisioningFailed: storageclass.storage.k8s.io "my-storage-class" not found',
    );
    expect(eventsAbout(sim, 'web-0')[0]).toContain('pod has unbound immediate PersistentVolumeClaims');
    expect(sim.list('Pod').map((p) => p.metadata.name)).toEqual(['web-0']);
  });
});
