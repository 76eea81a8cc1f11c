import { getCondition, type Pod, type PodStatus, type Simulation } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { cluster, eventsAbout, pod, statusHistory } from './helpers.js';

/** The last status the kubelet posted for a pod, and when. */
function lastStatusByKubelet(sim: Simulation): { time: number; status: PodStatus } | undefined {
  const e = sim.log
    .entries()
    .filter((x) => x.event.type === 'UpdateStatus' && x.by === 'kubelet')
    .at(-1);
  return e === undefined || e.event.type !== 'UpdateStatus'
    ? undefined
    : { time: e.time, status: (e.event.object as Pod).status as PodStatus };
}

describe('a cluster that runs pods', () => {
  it('runs three bare pods on two nodes: scheduled, pulled, started, Ready', () => {
    const sim = cluster({ nodes: ['node-1', 'node-2'] });
    for (const n of ['a', 'b', 'c']) sim.create(pod(n));
    sim.run('30s');
    const pods = sim.list('Pod');
    expect(pods.map((p) => p.status?.phase)).toEqual(['Running', 'Running', 'Running']);
    for (const p of pods) {
      expect(getCondition(p.status?.conditions, 'Ready')?.status).toBe('True');
      expect(p.status?.conditions?.map((c) => c.type)).toEqual([
        'PodReadyToStartContainers',
        'Initialized',
        'Ready',
        'ContainersReady',
        'PodScheduled',
      ]);
      const node = sim.get('Node', p.spec.nodeName as string, '');
      const cidr = String(node?.spec.podCIDR).replace('.0/24', '.');
      expect(p.status?.podIP?.startsWith(cidr)).toBe(true);
      expect(p.status?.hostIP).toBe(node?.status?.addresses?.[0]?.address);
      expect(p.status?.containerStatuses?.[0]).toMatchObject({
        ready: true,
        started: true,
        restartCount: 0,
        image: 'docker.io/library/nginx:1.25',
      });
    }
    // Least-allocated scoring spreads them: two on one node, one on the other.
    const perNode = pods.map((p) => p.spec.nodeName).sort();
    expect(new Set(perNode).size).toBe(2);
    // Pod a: created at 0, bound at 1ms; the scheduler records Scheduled once the binding has
    // succeeded (finishBinding), so it lands at 2ms; the kubelet's events land 1ms after it acts.
    expect(eventsAbout(sim, 'a')).toEqual([
      `2 Scheduled: Successfully assigned default/a to ${sim.get('Pod', 'a')?.spec.nodeName}`,
      '2 Pulling: Pulling image "nginx:1.25"',
      '1002 Pulled: Successfully pulled image "nginx:1.25" in 1s (1s including waiting). Image size: 67000000 bytes.',
      '1502 Created: Created container: app',
      // The recorder writes one Event at a time: Started goes once Created has landed.
      '1503 Started: Started container app',
    ]);
    // Started at 1.501s, seen by the PLEG at its next relist (node-1's kubelet relists at .387 of
    // every second, its phase from the node's name): Running and Ready from 2.387s. Each status
    // write is the status manager's GET and then its patch: two round trips.
    expect(statusHistory(sim, 'a')).toEqual(['3 Pending/ContainerCreating 0', '2389 Running/Ready 0']);
  });

  it('does not pull again an image the node already has', () => {
    const sim = cluster({ nodes: ['node-1'] });
    sim.create(pod('first'));
    sim.create(pod('second'), '10s');
    sim.run('20s');
    expect(eventsAbout(sim, 'second')).toContain('10002 Pulled: Container image "nginx:1.25" already present on machine');
  });

  it('an image that never pulls: ErrImagePull, then ImagePullBackOff, retried after 10s, 20s, 40s', () => {
    const sim = cluster({
      nodes: ['node-1'],
      imageProfiles: [{ match: 'nginx:1.91', profile: { pull: { kind: 'fixed', value: 1000 }, pullError: 'manifest unknown' } }],
    });
    sim.create(pod('typo', {}, 'nginx:1.91'));
    sim.run('2m');
    const pulls = eventsAbout(sim, 'typo').filter((e) => e.includes('Pulling image'));
    // Each failure ends a 1s pull; the back-off window runs from that failure.
    expect(pulls.map((e) => Number(e.split(' ')[0]))).toEqual([2, 11002, 32002, 73002]);
    expect(statusHistory(sim, 'typo').slice(0, 3)).toEqual([
      '3 Pending/ContainerCreating 0',
      '1003 Pending/ErrImagePull 0',
      '2003 Pending/ImagePullBackOff 0',
    ]);
    expect(eventsAbout(sim, 'typo')).toContain('1002 Failed: Failed to pull image "nginx:1.91": manifest unknown');
    expect(eventsAbout(sim, 'typo')).toContain('2002 BackOff: Back-off pulling image "nginx:1.91"');
    expect(sim.get('Pod', 'typo')?.status?.phase).toBe('Pending');
  });

  it('a crash loop restarts at once, then after 10s, 20s, 40s, ... counted from each exit', () => {
    const sim = cluster({
      nodes: ['node-1'],
      imageProfiles: [
        {
          match: '*',
          profile: {
            pull: { kind: 'fixed', value: 1000 },
            start: { kind: 'fixed', value: 500 },
            runFor: { kind: 'fixed', value: 5000 },
          },
        },
      ],
    });
    sim.create(pod('crashy'));
    sim.run('3m');
    const history = statusHistory(sim, 'crashy');
    // node-1's kubelet relists at .387 of every second. Started at 1.5s, seen at 2.387s; exits at
    // 6.5s, seen at 7.387s, restarted at once (that sync), started at 7.887s, seen at 8.387s. It
    // exits at 12.887s, seen at 13.387s (Error); the next sync (1s later) enters CrashLoopBackOff.
    expect(history.slice(0, 6)).toEqual([
      '3 Pending/ContainerCreating 0',
      '2389 Running/Ready 0',
      '7389 Running/Error 0',
      '8389 Running/Ready 1',
      '13389 Running/Error 1',
      '14389 Running/CrashLoopBackOff 1',
    ]);
    const restarts = history.filter((h) => h.includes('/Ready')).map((h) => h.split(' ')[0]);
    // Exits at 12.887s, 28.387s, 53.887s, 99.387s: restarted 10s, 20s, 40s, 80s later, running
    // 0.5s after, seen at the kubelet's next relist (.387 of a second).
    expect(restarts).toEqual(['2389', '8389', '23389', '49389', '94389', '180389'].slice(0, restarts.length));
    expect(restarts.length).toBeGreaterThanOrEqual(5);
    const waiting = sim.log
      .entries()
      .flatMap((e) =>
        e.event.type === 'UpdateStatus' ? [(e.event.object as Pod).status?.containerStatuses?.[0]?.state.waiting?.message] : [],
      )
      .filter((m): m is string => m?.startsWith('back-off') === true);
    expect(waiting[0]).toMatch(/^back-off 10s restarting failed container=app pod=crashy_default\([0-9a-f-]{36}\)$/);
    expect(waiting).toContain(waiting[0]?.replace('10s', '1m20s'));
    expect(
      eventsAbout(sim, 'crashy').filter((e) => e.includes('Back-off restarting failed container app in pod crashy_default'))
        .length,
    ).toBeGreaterThan(2);
  });

  it('a container crash (a fault) is restarted by the kubelet', () => {
    const sim = cluster({ nodes: ['node-1'] });
    sim.create(pod('p'));
    sim.crashContainer({ kind: 'Pod', name: 'p' }, 'app', '10s', 137);
    sim.run('30s');
    const p = sim.get('Pod', 'p') as Pod;
    expect(p.status?.containerStatuses?.[0]?.restartCount).toBe(1);
    expect(p.status?.containerStatuses?.[0]?.lastState.terminated).toMatchObject({
      exitCode: 137,
      reason: 'OOMKilled',
      finishedAt: 10000,
    });
    expect(p.status?.phase).toBe('Running');
  });

  it('graceful deletion: Terminating, Killing, gone once the container has stopped', () => {
    const sim = cluster({ nodes: ['node-1'] });
    sim.create(pod('p'));
    sim.delete({ kind: 'Pod', name: 'p' }, {}, '10s');
    sim.run('11s');
    expect(sim.get('Pod', 'p')?.metadata.deletionTimestamp).toBe(40_000);
    expect(eventsAbout(sim, 'p')).toContain('10001 Killing: Stopping container app');
    sim.run('13s');
    // The profile's 2s stop: the kubelet acts at 12s; its status manager reads the pod and
    // patches the terminal status (landing 2ms later) and then, in the same syncPod, deletes
    // the pod (1ms after that).
    expect(sim.get('Pod', 'p')).toBeUndefined();
    const removed = sim.log.entries().find((e) => e.event.type === 'Delete' && e.by === 'kubelet');
    expect(removed?.time).toBe(12_003);
    // Before the delete, the stopped pod's terminal status (kubelet getPhase, podIsTerminal).
    const last = lastStatusByKubelet(sim);
    expect(last?.time).toBe(12_002);
    expect(last?.status).toMatchObject({ phase: 'Succeeded' });
    expect(last?.status.containerStatuses?.[0]).toMatchObject({
      ready: false,
      state: { terminated: { exitCode: 0, reason: 'Completed', finishedAt: 12_000 } },
    });
  });

  it('a process that ignores SIGTERM is killed at the end of the grace period', () => {
    const sim = cluster({
      nodes: ['node-1'],
      imageProfiles: [{ match: '*', profile: { pull: { kind: 'fixed', value: 1000 }, stop: { kind: 'fixed', value: 120_000 } } }],
    });
    sim.create(pod('p', { terminationGracePeriodSeconds: 5 }));
    sim.delete({ kind: 'Pod', name: 'p' }, {}, '10s');
    sim.run('1m');
    const removed = sim.log.entries().find((e) => e.event.type === 'Delete' && e.by === 'kubelet');
    // Killed at 15s; the terminal status lands at 15.002s (after the status manager's GET), the delete after it.
    expect(removed?.time).toBe(15_003);
    const last = lastStatusByKubelet(sim);
    expect(last?.status).toMatchObject({ phase: 'Failed' });
    expect(last?.status.containerStatuses?.[0]?.state.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('restartPolicy Never: a container that exits 0 leaves the pod Succeeded', () => {
    const sim = cluster({
      nodes: ['node-1'],
      imageProfiles: [
        { match: '*', profile: { pull: { kind: 'fixed', value: 1000 }, runFor: { kind: 'fixed', value: 3000 }, exitCode: 0 } },
      ],
    });
    sim.create(pod('job', { restartPolicy: 'Never' }));
    sim.run('1m');
    const p = sim.get('Pod', 'job') as Pod;
    expect(p.status?.phase).toBe('Succeeded');
    expect(p.status?.containerStatuses?.[0]?.state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(getCondition(p.status?.conditions, 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
  });
});

describe('pod addresses', () => {
  it('hands out addresses from the node CIDR, and reuses them only once released', () => {
    const sim = cluster({ nodes: ['node-1'] });
    // 300 short-lived pods one after another: more than a /24 holds, so addresses wrap.
    for (let i = 0; i < 300; i++) {
      sim.create(pod(`p${i}`), i * 10_000);
      sim.delete({ kind: 'Pod', name: `p${i}` }, { gracePeriodSeconds: 1 }, i * 10_000 + 5000);
    }
    sim.create(pod('long-a'), 0);
    sim.create(pod('long-b'), 0);
    const seen: string[] = [];
    sim.engine.onEntry((_e, changes) => {
      for (const c of changes) {
        const ip = (c.new as Pod | undefined)?.status?.podIP;
        if (c.kind === 'Pod' && ip && !seen.includes(`${c.key} ${ip}`)) seen.push(`${c.key} ${ip}`);
      }
    });
    sim.run('3001s');
    const live = sim.list('Pod').map((p) => p.status?.podIP);
    expect(live).toHaveLength(2);
    expect(new Set(live).size).toBe(2);
    // Addresses wrapped around and were reused, but never the two long-lived pods' ones.
    const reused = seen.map((s) => s.split(' ')[1]);
    expect(new Set(reused).size).toBeLessThan(reused.length);
    expect(seen.filter((s) => !s.includes('long') && live.includes(s.split(' ')[1]))).toEqual([]);
  });
});
