import { isPodReady, type Pod, type StatefulSet } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { nslookup } from '../src/endpoints/dns.js';
import {
  cluster,
  eventsAbout,
  FIVE_SECONDS,
  hostPathVolume,
  nginxHeadlessService,
  standardStorageClass,
  webStatefulSet,
  writesOf,
} from './helpers.js';

/**
 * Golden traces of the StatefulSet controller, from the seeds' examples (web with nginx
 * behind the headless service nginx, a www claim per pod).
 */

const WEB = { kind: 'StatefulSet' as const, name: 'web' };

function pods(sim: ReturnType<typeof cluster>): Pod[] {
  return sim.list('Pod').filter((p) => p.metadata.labels?.app === 'nginx');
}

function image(p: Pod | undefined): string | undefined {
  return p?.spec.containers[0]?.image;
}

/** When a pod first reported Running and Ready (the kubelet's status write). */
function readyAt(sim: ReturnType<typeof cluster>, name: string, after = 0): number | undefined {
  for (const e of sim.log.entries()) {
    if (e.time < after || e.error !== undefined || e.event.type !== 'UpdateStatus') continue;
    const p = e.event.object as Pod;
    if (p.kind === 'Pod' && p.metadata.name === name && p.status?.phase === 'Running' && isPodReady(p)) return e.time;
  }
  return undefined;
}

function setImage(sim: ReturnType<typeof cluster>, img: string, at: string): void {
  sim.patch(WEB, { spec: { template: { spec: { containers: [{ name: 'nginx', image: img }] } } } }, 'strategic', at);
}

function status(sim: ReturnType<typeof cluster>): NonNullable<StatefulSet['status']> {
  return sim.get('StatefulSet', 'web')?.status as NonNullable<StatefulSet['status']>;
}

describe('web, 2 replicas, OrderedReady (seed 002: static PVs pv001 and pv002)', () => {
  const setup = () =>
    cluster({
      nodes: ['node1', 'node2'],
      imageProfiles: [FIVE_SECONDS],
      objects: [hostPathVolume('pv001'), hostPathVolume('pv002'), nginxHeadlessService(), webStatefulSet()],
    });

  it('web-0 is Running and Ready before web-1 is created; each claim is created before its pod', () => {
    const sim = setup();
    sim.run('1m');
    const web0Ready = readyAt(sim, 'web-0') as number;
    const created = writesOf(sim, 'Pod', ['Create']);
    expect(created.map((w) => w.split(' ').slice(1).join(' '))).toEqual(['Create web-0', 'Create web-1']);
    const web1Created = Number((created[1] as string).split(' ')[0]);
    expect(web0Ready).toBeLessThan(web1Created);
    expect(eventsAbout(sim, 'web').map((e) => e.replace(/^\d+ /, ''))).toEqual([
      'SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success',
      'SuccessfulCreate: create Pod web-0 in StatefulSet web successful',
      'SuccessfulCreate: create Claim www-web-1 Pod web-1 in StatefulSet web success',
      'SuccessfulCreate: create Pod web-1 in StatefulSet web successful',
    ]);
    expect(status(sim)).toMatchObject({
      replicas: 2,
      readyReplicas: 2,
      currentReplicas: 2,
      updatedReplicas: 2,
      availableReplicas: 2,
    });
  });

  it('claims www-web-0 and www-web-1 are Bound to pv001 and pv002; pods mount them, with hostname and labels', () => {
    const sim = setup();
    sim.run('1m');
    const claims = sim
      .list('PersistentVolumeClaim')
      .map((c) => [c.metadata.name, c.status?.phase, c.spec.volumeName, c.status?.capacity?.storage]);
    expect(claims).toEqual([
      ['www-web-0', 'Bound', 'pv001', '1Gi'],
      ['www-web-1', 'Bound', 'pv002', '1Gi'],
    ]);
    expect(sim.list('PersistentVolume').map((v) => [v.metadata.name, v.status?.phase, v.spec.claimRef?.name])).toEqual([
      ['pv001', 'Bound', 'www-web-0'],
      ['pv002', 'Bound', 'www-web-1'],
    ]);
    const web1 = sim.get('Pod', 'web-1') as Pod;
    expect(web1.spec.volumes).toEqual([{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1', readOnly: false } }]);
    expect([web1.spec.hostname, web1.spec.subdomain]).toEqual(['web-1', 'nginx']);
    const revision = status(sim).currentRevision as string;
    expect(revision).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(web1.metadata.labels).toEqual({
      app: 'nginx',
      'statefulset.kubernetes.io/pod-name': 'web-1',
      'apps.kubernetes.io/pod-index': '1',
      'controller-revision-hash': revision,
    });
    expect(sim.list('ControllerRevision').map((r) => [r.metadata.name, r.revision])).toEqual([[revision, 1]]);
  });

  it('DNS: web-0.nginx.default.svc.cluster.local is web-0, and still resolves after every pod is deleted and re-created', () => {
    const sim = setup();
    sim.run('1m');
    const ip0 = sim.get('Pod', 'web-0')?.status?.podIP as string;
    const ip1 = sim.get('Pod', 'web-1')?.status?.podIP as string;
    expect(nslookup(sim.view, 'web-0.nginx.default.svc.cluster.local')).toEqual({
      status: 'NOERROR',
      name: 'web-0.nginx.default.svc.cluster.local',
      kind: 'Endpoint',
      addresses: [ip0],
    });
    // `nslookup web-0.nginx` from a pod in default goes through the search path.
    expect(nslookup(sim.view, 'web-0.nginx')).toMatchObject({ status: 'NOERROR', addresses: [ip0] });
    expect(nslookup(sim.view, 'nginx')).toMatchObject({ kind: 'Headless', addresses: [ip0, ip1].sort() });
    const uid0 = sim.get('Pod', 'web-0')?.metadata.uid;
    // kubectl delete pod -l app=nginx
    sim.delete({ kind: 'Pod', name: 'web-0' }, {}, '1m').delete({ kind: 'Pod', name: 'web-1' }, {}, '1m');
    sim.run('1m1s');
    expect(nslookup(sim.view, 'web-0.nginx.default.svc.cluster.local').status).toBe('NXDOMAIN');
    sim.run('3m');
    const web0 = sim.get('Pod', 'web-0') as Pod;
    expect(web0.metadata.uid).not.toBe(uid0);
    expect(nslookup(sim.view, 'web-0.nginx.default.svc.cluster.local')).toMatchObject({
      status: 'NOERROR',
      addresses: [web0.status?.podIP],
    });
    expect(nslookup(sim.view, 'web-1.nginx')).toMatchObject({
      status: 'NOERROR',
      addresses: [sim.get('Pod', 'web-1')?.status?.podIP],
    });
    // The same claims, still bound to the same volumes.
    expect(web0.spec.volumes?.[0]?.persistentVolumeClaim?.claimName).toBe('www-web-0');
    expect(sim.get('PersistentVolumeClaim', 'www-web-0')?.spec.volumeName).toBe('pv001');
    // After the deletions web-0 came back first, and web-1 only once web-0 was Ready again.
    const recreated = writesOf(sim, 'Pod', ['Create']).slice(2);
    expect(recreated.map((w) => w.split(' ')[2])).toEqual(['web-0', 'web-1']);
    expect(readyAt(sim, 'web-0', 60_000) as number).toBeLessThan(Number((recreated[1] as string).split(' ')[0]));
  });
});

describe('scaling web (seed 004: dynamic provisioning through the default StorageClass)', () => {
  it('scale to 5 creates web-2, web-3, web-4 in order; back to 3 removes web-4, then web-3; all five claims remain', () => {
    const sim = cluster({
      nodes: ['node1', 'node2'],
      imageProfiles: [FIVE_SECONDS],
      objects: [standardStorageClass(), nginxHeadlessService(), webStatefulSet()],
    });
    sim.run('1m');
    sim.scale(WEB, 5, '1m');
    sim.run('2m');
    expect(pods(sim).map((p) => [p.metadata.name, p.status?.phase])).toEqual([0, 1, 2, 3, 4].map((i) => [`web-${i}`, 'Running']));
    // kubectl patch sts web -p '{"spec":{"replicas":3}}'
    sim.patch(WEB, { spec: { replicas: 3 } }, 'strategic', '2m');
    sim.run('3m');
    const deletions = writesOf(sim, 'Pod', ['Delete'], 'statefulset');
    expect(deletions.map((d) => d.split(' ')[2])).toEqual(['web-4', 'web-3']);
    // web-3 is deleted only once web-4 is completely gone (its object removed by the kubelet).
    const gone = sim.log
      .entries()
      .find(
        (e) => e.event.type === 'Delete' && e.by === 'kubelet' && (e.event as { ref: { name: string } }).ref.name === 'web-4',
      );
    expect(gone).toBeDefined();
    expect(Number((deletions[1] as string).split(' ')[0])).toBeGreaterThan(gone?.time as number);
    expect(pods(sim).map((p) => p.metadata.name)).toEqual(['web-0', 'web-1', 'web-2']);
    expect(sim.list('PersistentVolumeClaim').map((c) => [c.metadata.name, c.status?.phase])).toEqual(
      [0, 1, 2, 3, 4].map((i) => [`www-web-${i}`, 'Bound']),
    );
    expect(status(sim)).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3 });
  });
});

describe('RollingUpdate', () => {
  const rolled = (opts: Parameters<typeof webStatefulSet>[0] = {}) =>
    cluster({
      nodes: ['node1', 'node2'],
      imageProfiles: [FIVE_SECONDS],
      objects: [nginxHeadlessService(), webStatefulSet({ claims: false, ...opts })],
    });

  it('replaces pods from the highest ordinal down, one at a time, each after its successor is Running and Ready', () => {
    const sim = rolled({ replicas: 3 });
    sim.run('1m');
    setImage(sim, 'nginx:1.9.1', '1m');
    sim.run('3m');
    const deletions = writesOf(sim, 'Pod', ['Delete'], 'statefulset');
    expect(deletions.map((d) => d.split(' ')[2])).toEqual(['web-2', 'web-1', 'web-0']);
    for (const [replaced, next] of [
      ['web-2', 1],
      ['web-1', 2],
    ] as const) {
      const ready = readyAt(sim, replaced, 60_000) as number;
      expect(Number((deletions[next] as string).split(' ')[0])).toBeGreaterThan(ready);
    }
    const s = status(sim);
    expect(s.currentRevision).toBe(s.updateRevision);
    expect(s).toMatchObject({ observedGeneration: 2, replicas: 3, currentReplicas: 3, updatedReplicas: 3, readyReplicas: 3 });
    expect(pods(sim).map(image)).toEqual(['nginx:1.9.1', 'nginx:1.9.1', 'nginx:1.9.1']);
    expect(sim.list('ControllerRevision').map((r) => r.revision)).toEqual(expect.arrayContaining([1, 2]));
  });

  it('partition canary: replicas 3, partition 2 → only web-2; then partition 1 → web-1; then 0 → web-0', () => {
    const sim = rolled({ replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } });
    sim.run('1m');
    const uids = () => pods(sim).map((p) => p.metadata.uid);
    const before = uids();
    setImage(sim, 'nginx:1.9.1', '1m');
    sim.run('2m');
    expect(pods(sim).map(image)).toEqual(['nginx:1.7.9', 'nginx:1.7.9', 'nginx:1.9.1']);
    expect(uids().slice(0, 2)).toEqual(before.slice(0, 2));
    let s = status(sim);
    expect(s.currentRevision).not.toBe(s.updateRevision);
    expect(s).toMatchObject({ replicas: 3, currentReplicas: 2, updatedReplicas: 1, readyReplicas: 3 });
    // A pod below the partition that is deleted comes back at the current revision.
    sim.delete({ kind: 'Pod', name: 'web-0' }, {}, '2m');
    sim.run('3m');
    expect(pods(sim).map(image)).toEqual(['nginx:1.7.9', 'nginx:1.7.9', 'nginx:1.9.1']);
    sim.patch(WEB, { spec: { updateStrategy: { rollingUpdate: { partition: 1 } } } }, 'strategic', '3m');
    sim.run('4m');
    expect(pods(sim).map(image)).toEqual(['nginx:1.7.9', 'nginx:1.9.1', 'nginx:1.9.1']);
    sim.patch(WEB, { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } }, 'strategic', '4m');
    sim.run('5m');
    expect(pods(sim).map(image)).toEqual(['nginx:1.9.1', 'nginx:1.9.1', 'nginx:1.9.1']);
    s = status(sim);
    expect(s.currentRevision).toBe(s.updateRevision);
    expect(s).toMatchObject({ currentReplicas: 3, updatedReplicas: 3 });
  });

  it('minReadySeconds: each pod waits for its predecessor to be available (Ready for 10s)', () => {
    const sim = rolled({ replicas: 2, minReadySeconds: 10 });
    sim.run('1m');
    const ready0 = readyAt(sim, 'web-0') as number;
    const created1 = Number((writesOf(sim, 'Pod', ['Create'])[1] as string).split(' ')[0]);
    expect(created1).toBeGreaterThan(ready0 + 10_000);
    expect(created1).toBeLessThanOrEqual(ready0 + 11_010);
    expect(status(sim)).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
  });

  it('with MaxUnavailableStatefulSet on and maxUnavailable 2, two pods are replaced at a time', () => {
    const sim = cluster({
      nodes: ['node1', 'node2'],
      imageProfiles: [FIVE_SECONDS],
      objects: [
        webStatefulSet({
          claims: false,
          replicas: 5,
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } },
        }),
      ],
    });
    // The default controllers run with the gate off: maxUnavailable is ignored.
    sim.run('1m');
    setImage(sim, 'nginx:1.9.1', '1m');
    sim.run('1m0.010s');
    expect(writesOf(sim, 'Pod', ['Delete'], 'statefulset').map((d) => d.split(' ')[2])).toEqual(['web-4']);
  });
});

describe('the gate MaxUnavailableStatefulSet', () => {
  it('on: maxUnavailable 2 deletes web-4 and web-3 together; OrderedReady recreates them lowest first', async () => {
    const { defaultControllers } = await import('../src/index.js');
    const sim = cluster({
      nodes: ['node1', 'node2'],
      imageProfiles: [FIVE_SECONDS],
      controllers: defaultControllers({ featureGates: { MaxUnavailableStatefulSet: true } }),
      objects: [
        webStatefulSet({
          claims: false,
          replicas: 5,
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } },
        }),
      ],
    });
    sim.run('1m');
    setImage(sim, 'nginx:1.9.1', '1m');
    sim.run('1m0.010s');
    expect(writesOf(sim, 'Pod', ['Delete'], 'statefulset').map((d) => d.split(' ')[2])).toEqual(['web-4', 'web-3']);
    sim.run('3m');
    const recreated = writesOf(sim, 'Pod', ['Create']).slice(5);
    expect(recreated[0]?.split(' ')[2]).toBe('web-3');
    expect(pods(sim).map(image)).toEqual(Array(5).fill('nginx:1.9.1'));
  });
});

describe('podManagementPolicy Parallel', () => {
  it('creates claims and pods in slow-start batches (web-0, then web-1 and web-2), without waiting for readiness', () => {
    const sim = cluster({
      nodes: ['node1', 'node2'],
      imageProfiles: [FIVE_SECONDS],
      objects: [
        standardStorageClass('Immediate'),
        nginxHeadlessService(),
        webStatefulSet({ replicas: 3, podManagementPolicy: 'Parallel' }),
      ],
    });
    sim.run('1m');
    // runForAll's slowStartBatch: a batch of 1, then (once it has returned) a batch of 2, all in
    // one sync. Each pod's goroutine creates its claim, then (once that has returned) the pod
    // (CreateStatefulPod): claim at c0, pod at c0+1, then the second batch's claims at c0+2 and
    // its pods at c0+3 (1ms calls). (Before, a pod waited for a later sync to see its claim.)
    const claimWrites = writesOf(sim, 'PersistentVolumeClaim', ['Create']);
    const podWrites = writesOf(sim, 'Pod', ['Create']);
    const c0 = Number(claimWrites[0]?.split(' ')[0]);
    expect(claimWrites).toEqual([`${c0} Create www-web-0`, `${c0 + 2} Create www-web-1`, `${c0 + 2} Create www-web-2`]);
    expect(podWrites).toEqual([`${c0 + 1} Create web-0`, `${c0 + 3} Create web-1`, `${c0 + 3} Create web-2`]);
    // One sync made them all.
    const causes = sim.log
      .entries()
      .filter((e) => e.by === 'statefulset' && (e.event.type === 'Create' || e.event.type === 'Delete'))
      .map((e) => e.cause);
    expect(new Set(causes).size).toBe(1);
    expect(status(sim)).toMatchObject({ replicas: 3, readyReplicas: 3 });
  });

  it('scales down the condemned pods in slow-start batches, highest ordinal first, without waiting', () => {
    const sim = cluster({
      nodes: ['node1'],
      imageProfiles: [FIVE_SECONDS],
      objects: [webStatefulSet({ claims: false, replicas: 4, podManagementPolicy: 'Parallel' })],
    });
    sim.run('1m');
    sim.scale(WEB, 1, '1m');
    sim.run('2m');
    const deletions = writesOf(sim, 'Pod', ['Delete'], 'statefulset');
    const t0 = Number(deletions[0]?.split(' ')[0]);
    expect(deletions).toEqual([`${t0} Delete web-3`, `${t0 + 1} Delete web-2`, `${t0 + 1} Delete web-1`]);
    expect(pods(sim).map((p) => p.metadata.name)).toEqual(['web-0']);
  });
});

describe('the stuck rollout of kubernetes issue 67250 (OrderedReady + RollingUpdate)', () => {
  it('a template that never gets Ready stalls the rollout; reverting does not help until the stuck pod is deleted', () => {
    const sim = cluster({
      nodes: ['node1', 'node2'],
      imageProfiles: [{ match: 'nginx:broken', profile: { neverReady: true } }, FIVE_SECONDS],
      objects: [nginxHeadlessService(), webStatefulSet({ claims: false, replicas: 3 })],
    });
    sim.run('1m');
    const good = status(sim).currentRevision;
    setImage(sim, 'nginx:broken', '1m');
    sim.run('3m');
    expect(pods(sim).map(image)).toEqual(['nginx:1.7.9', 'nginx:1.7.9', 'nginx:broken']);
    const stuck = sim.get('Pod', 'web-2') as Pod;
    expect(isPodReady(stuck)).toBe(false);
    // Revert the template: the old revision comes back as the update revision, renumbered.
    setImage(sim, 'nginx:1.7.9', '3m');
    sim.run('10m');
    expect(status(sim).updateRevision).toBe(good);
    expect(sim.list('ControllerRevision').find((r) => r.metadata.name === good)?.revision).toBe(3);
    expect(sim.get('Pod', 'web-2')?.metadata.uid).toBe(stuck.metadata.uid);
    expect(pods(sim).map(image)).toEqual(['nginx:1.7.9', 'nginx:1.7.9', 'nginx:broken']);
    expect(writesOf(sim, 'Pod', ['Delete'], 'statefulset').filter((d) => Number(d.split(' ')[0]) > 180_000)).toEqual([]);
    expect(status(sim)).toMatchObject({ readyReplicas: 2, updatedReplicas: 2 });
    // The documented fix: delete the broken pod; it comes back from the reverted template.
    sim.delete({ kind: 'Pod', name: 'web-2' }, {}, '10m');
    sim.run('11m');
    expect(pods(sim).map(image)).toEqual(['nginx:1.7.9', 'nginx:1.7.9', 'nginx:1.7.9']);
    const s = status(sim);
    expect(s).toMatchObject({
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      currentRevision: good,
      updateRevision: good,
    });
  });
});

describe('OnDelete', () => {
  it('a template change replaces no pod; a deleted pod comes back at the new revision', () => {
    const sim = cluster({
      nodes: ['node1'],
      imageProfiles: [FIVE_SECONDS],
      objects: [webStatefulSet({ claims: false, replicas: 3, updateStrategy: { type: 'OnDelete' } })],
    });
    sim.run('1m');
    setImage(sim, 'nginx:1.9.1', '1m');
    sim.run('3m');
    expect(pods(sim).map(image)).toEqual(['nginx:1.7.9', 'nginx:1.7.9', 'nginx:1.7.9']);
    sim.delete({ kind: 'Pod', name: 'web-1' }, {}, '3m');
    sim.run('4m');
    expect(pods(sim).map(image)).toEqual(['nginx:1.7.9', 'nginx:1.9.1', 'nginx:1.7.9']);
    expect(status(sim)).toMatchObject({ currentReplicas: 2, updatedReplicas: 1, readyReplicas: 3 });
  });
});

describe('pod failure, identity and deletion', () => {
  it('a Failed pod is deleted and re-created with the same name and claim', () => {
    const sim = cluster({
      nodes: ['node1'],
      imageProfiles: [FIVE_SECONDS],
      objects: [standardStorageClass(), webStatefulSet({ replicas: 2 })],
    });
    sim.run('1m');
    const old = sim.get('Pod', 'web-1') as Pod;
    sim.at('1m', {
      type: 'Patch',
      ref: { kind: 'Pod', name: 'web-1' },
      patchType: 'merge',
      subresource: 'status',
      patch: { status: { phase: 'Failed' } },
    });
    sim.run('2m');
    const web1 = sim.get('Pod', 'web-1') as Pod;
    expect(web1.metadata.uid).not.toBe(old.metadata.uid);
    expect(web1.status?.phase).toBe('Running');
    expect(web1.spec.volumes?.[0]?.persistentVolumeClaim?.claimName).toBe('www-web-1');
    expect(eventsAbout(sim, 'web').filter((e) => e.includes('SuccessfulDelete'))).toHaveLength(1);
  });

  it("a Pending pod gets a deleted claim re-created; a claim being deleted blocks the pod's creation", () => {
    // No node: web-0 stays Pending.
    const sim = cluster({ objects: [standardStorageClass('Immediate'), webStatefulSet({ replicas: 1 })] });
    sim.run('10s');
    const first = sim.get('PersistentVolumeClaim', 'www-web-0')?.metadata.uid;
    expect(sim.get('Pod', 'web-0')?.status?.phase).toBe('Pending');
    sim.delete({ kind: 'PersistentVolumeClaim', name: 'www-web-0' }, {}, '10s');
    sim.run('11s');
    const again = sim.get('PersistentVolumeClaim', 'www-web-0');
    expect(again?.metadata.uid).toBeDefined();
    expect(again?.metadata.uid).not.toBe(first);
    // A finalizer keeps the claim terminating: the deleted pod is not re-created meanwhile.
    sim.patch(
      { kind: 'PersistentVolumeClaim', name: 'www-web-0' },
      { metadata: { finalizers: ['example.com/hold'] } },
      'merge',
      '11s',
    );
    sim.delete({ kind: 'PersistentVolumeClaim', name: 'www-web-0' }, {}, '12s');
    sim.delete({ kind: 'Pod', name: 'web-0' }, {}, '12s');
    sim.run('20s');
    expect(sim.get('Pod', 'web-0')).toBeUndefined();
    expect(eventsAbout(sim, 'web').at(-1)).toContain(
      'FailedCreate: create Pod web-0 in StatefulSet web failed error: pvc www-web-0 is being deleted',
    );
  });

  it('spec.ordinals.start names the pods and claims from the start ordinal', () => {
    const sim = cluster({
      nodes: ['node1'],
      imageProfiles: [FIVE_SECONDS],
      objects: [standardStorageClass(), webStatefulSet({ ordinalsStart: 5 })],
    });
    sim.run('1m');
    expect(pods(sim).map((p) => [p.metadata.name, p.metadata.labels?.['apps.kubernetes.io/pod-index']])).toEqual([
      ['web-5', '5'],
      ['web-6', '6'],
    ]);
    expect(sim.list('PersistentVolumeClaim').map((c) => c.metadata.name)).toEqual(['www-web-5', 'www-web-6']);
  });

  it('deleting the set deletes its pods and revisions; the claims stay (Retain)', () => {
    const sim = cluster({ nodes: ['node1'], imageProfiles: [FIVE_SECONDS], objects: [standardStorageClass(), webStatefulSet()] });
    sim.run('1m');
    sim.delete(WEB, {}, '1m');
    sim.run('2m');
    expect(pods(sim)).toEqual([]);
    expect(sim.list('ControllerRevision')).toEqual([]);
    expect(sim.list('PersistentVolumeClaim').map((c) => [c.metadata.name, c.status?.phase])).toEqual([
      ['www-web-0', 'Bound'],
      ['www-web-1', 'Bound'],
    ]);
  });

  it('whenDeleted Delete: the claims are owned by the set and go with it (and their volumes with them)', () => {
    const sim = cluster({
      nodes: ['node1'],
      imageProfiles: [FIVE_SECONDS],
      objects: [standardStorageClass(), webStatefulSet({ retention: { whenDeleted: 'Delete', whenScaled: 'Retain' } })],
    });
    sim.run('1m');
    const set = sim.get('StatefulSet', 'web') as StatefulSet;
    expect(sim.get('PersistentVolumeClaim', 'www-web-0')?.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        name: 'web',
        uid: set.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    sim.delete(WEB, {}, '1m');
    sim.run('2m');
    expect(sim.list('PersistentVolumeClaim')).toEqual([]);
    expect(sim.list('PersistentVolume')).toEqual([]);
  });

  it("whenScaled Delete: a condemned pod's claim gets the pod as owner before the pod goes, then goes with it", () => {
    const sim = cluster({
      nodes: ['node1'],
      imageProfiles: [FIVE_SECONDS],
      objects: [
        standardStorageClass(),
        webStatefulSet({ replicas: 3, retention: { whenDeleted: 'Retain', whenScaled: 'Delete' } }),
      ],
    });
    sim.run('1m');
    expect(sim.get('PersistentVolumeClaim', 'www-web-2')?.metadata.ownerReferences).toBeUndefined();
    const web2 = sim.get('Pod', 'web-2') as Pod;
    sim.scale(WEB, 2, '1m');
    sim.run('1m0.002s');
    expect(sim.get('PersistentVolumeClaim', 'www-web-2')?.metadata.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'Pod', name: 'web-2', uid: web2.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(sim.get('Pod', 'web-2')?.metadata.deletionTimestamp).toBeDefined();
    sim.run('2m');
    expect(sim.list('PersistentVolumeClaim').map((c) => c.metadata.name)).toEqual(['www-web-0', 'www-web-1']);
    // Scaling up again makes a fresh claim for web-2.
    sim.scale(WEB, 3, '2m');
    sim.run('3m');
    expect(sim.get('PersistentVolumeClaim', 'www-web-2')?.status?.phase).toBe('Bound');
    expect(sim.get('Pod', 'web-2')?.status?.phase).toBe('Running');
  });

  it('revisionHistoryLimit: old revisions no pod uses are deleted, oldest first', () => {
    const set = webStatefulSet({ claims: false, replicas: 1 });
    const sim = cluster({
      nodes: ['node1'],
      imageProfiles: [FIVE_SECONDS],
      objects: [{ ...set, spec: { ...set.spec, revisionHistoryLimit: 1 } }],
    });
    sim.run('20s');
    for (const [i, img] of ['nginx:1.9.1', 'nginx:1.16.1', 'nginx:1.25'].entries()) {
      setImage(sim, img, `${20 * (i + 1)}s`);
      sim.run(`${20 * (i + 2)}s`);
    }
    // Live: the current (= update) revision 4; history keeps one more: revision 3.
    expect(
      sim
        .list('ControllerRevision')
        .map((r) => r.revision)
        .sort(),
    ).toEqual([3, 4]);
    expect(pods(sim).map(image)).toEqual(['nginx:1.25']);
  });

  it('OrderedReady scale-down waits while a lower pod is unhealthy', () => {
    const sim = cluster({
      nodes: ['node1'],
      imageProfiles: [FIVE_SECONDS],
      objects: [webStatefulSet({ claims: false, replicas: 3 })],
    });
    sim.run('1m');
    sim.crashContainer({ kind: 'Pod', name: 'web-0' }, undefined, '1m');
    sim.scale(WEB, 2, '1m');
    sim.run('2m');
    const deleted = sim.log.entries().find((e) => e.event.type === 'Delete' && e.by === 'statefulset');
    const readyAgain = readyAt(sim, 'web-0', 60_001) as number;
    expect(readyAgain).toBeGreaterThan(60_000);
    expect(deleted?.event).toMatchObject({ ref: { name: 'web-2' } });
    expect(deleted?.time).toBeGreaterThan(readyAgain);
  });
});
