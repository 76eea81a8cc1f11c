import { type ConfigMap, getCondition, type Pod, type Secret } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { cluster, eventsAbout, pod, statusHistory } from './helpers.js';

/**
 * Pods that read ConfigMaps and Secrets: a missing one holds the container in
 * CreateContainerConfigError (env, envFrom) or the pod in ContainerCreating (volumes) until it
 * appears; optional references do not.
 */

function configMap(name: string, data: Record<string, string> = { key: 'v' }): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data };
}

function secret(name: string): Secret {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name }, data: { password: 'cGFzcw==' } };
}

function withEnv(name: string, env: unknown[], envFrom?: unknown[]): Pod {
  const p = pod(name);
  const c = p.spec.containers[0] as Pod['spec']['containers'][number];
  return {
    ...p,
    spec: { ...p.spec, containers: [{ ...c, env: env as never, ...(envFrom ? { envFrom } : {}) }] },
  };
}

const waiting = (p: Pod | undefined): unknown => p?.status?.containerStatuses?.[0]?.state.waiting;

describe('env from a missing ConfigMap (kubelet_pods.go makeEnvironmentVariables)', () => {
  it('waits in CreateContainerConfigError, retried every 10-15s, and starts once the ConfigMap is there', () => {
    const sim = cluster({ nodes: ['node-1'] });
    sim.create(withEnv('app', [{ name: 'K', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'key' } } }]));
    sim.run('30s');
    const p = sim.get('Pod', 'app');
    expect(p?.status?.phase).toBe('Pending');
    expect(waiting(p)).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "cfg" not found' });
    const failed = eventsAbout(sim, 'app').filter((e) => e.includes('Failed:'));
    expect(failed[0]).toBe('1003 Failed: Error: configmap "cfg" not found');
    // The pod worker's back-off after a failed sync: 10s stretched by up to half.
    const times = failed.map((e) => Number(e.split(' ')[0]));
    for (let i = 1; i < times.length; i++) {
      const gap = (times[i] as number) - (times[i - 1] as number);
      expect(gap).toBeGreaterThanOrEqual(10_000);
      expect(gap).toBeLessThan(15_000);
    }
    // Each retry finds the image on the node again.
    expect(eventsAbout(sim, 'app').filter((e) => e.includes('already present on machine')).length).toBe(times.length - 1);
    sim.create(configMap('cfg'), '30s');
    sim.run('1m');
    expect(sim.get('Pod', 'app')?.status?.phase).toBe('Running');
    expect(statusHistory(sim, 'app')[0]).toBe('3 Pending/ContainerCreating 0');
    expect(statusHistory(sim, 'app')[1]).toMatch(/^100\d Pending\/CreateContainerConfigError 0$/);
    expect(statusHistory(sim, 'app').at(-1)).toMatch(/Running\/Ready 0$/);
  });

  it("a missing key: couldn't find key k in ConfigMap default/x", () => {
    const sim = cluster({ nodes: ['node-1'] });
    sim.create(configMap('cfg', { other: 'x' }));
    sim.create(withEnv('app', [{ name: 'K', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'key' } } }]));
    sim.run('5s');
    expect(waiting(sim.get('Pod', 'app'))).toEqual({
      reason: 'CreateContainerConfigError',
      message: "couldn't find key key in ConfigMap default/cfg",
    });
  });

  it('Secrets too: secret "s" not found, then a missing key', () => {
    const sim = cluster({ nodes: ['node-1'] });
    sim.create(withEnv('a', [{ name: 'P', valueFrom: { secretKeyRef: { name: 's', key: 'password' } } }]));
    sim.create(withEnv('b', [{ name: 'P', valueFrom: { secretKeyRef: { name: 's', key: 'token' } } }]));
    sim.run('5s');
    expect(waiting(sim.get('Pod', 'a'))).toEqual({ reason: 'CreateContainerConfigError', message: 'secret "s" not found' });
    sim.create(secret('s'), '5s');
    sim.run('40s');
    expect(sim.get('Pod', 'a')?.status?.phase).toBe('Running');
    expect(waiting(sim.get('Pod', 'b'))).toEqual({
      reason: 'CreateContainerConfigError',
      message: "couldn't find key token in Secret default/s",
    });
  });

  it('optional references and literal values never block', () => {
    const sim = cluster({ nodes: ['node-1'] });
    sim.create(
      withEnv(
        'app',
        [
          { name: 'A', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k', optional: true } } },
          { name: 'B', value: 'x', valueFrom: { secretKeyRef: { name: 'nope', key: 'k' } } },
        ],
        [{ secretRef: { name: 'nope', optional: true } }],
      ),
    );
    sim.run('10s');
    expect(sim.get('Pod', 'app')?.status?.phase).toBe('Running');
  });

  it('envFrom a missing ConfigMap comes first, before env', () => {
    const sim = cluster({ nodes: ['node-1'] });
    sim.create(
      withEnv('app', [{ name: 'K', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }], [{ configMapRef: { name: 'cfg' } }]),
    );
    sim.run('5s');
    expect(waiting(sim.get('Pod', 'app'))).toEqual({
      reason: 'CreateContainerConfigError',
      message: 'configmap "cfg" not found',
    });
  });
});

describe('a configMap volume whose ConfigMap is missing', () => {
  it('keeps the pod ContainerCreating with FailedMount events on the mount back-off, then runs', () => {
    const sim = cluster({ nodes: ['node-1'] });
    const p = pod('app', { volumes: [{ name: 'config', configMap: { name: 'cfg' } }] });
    sim.create(p);
    sim.run('20s');
    const got = sim.get('Pod', 'app');
    expect(got?.status?.phase).toBe('Pending');
    expect(waiting(got)).toEqual({ reason: 'ContainerCreating' });
    expect(got?.status?.podIP).toBeUndefined();
    expect(getCondition(got?.status?.conditions, 'PodReadyToStartContainers')?.status).toBe('False');
    const mounts = eventsAbout(sim, 'app').filter((e) => e.includes('FailedMount'));
    expect(mounts[0]).toBe('2 FailedMount: MountVolume.SetUp failed for volume "config" : configmap "cfg" not found');
    // 500ms doubling from the first try (at 1ms; each event lands 1ms later).
    expect(mounts.map((e) => Number(e.split(' ')[0]))).toEqual([2, 502, 1502, 3502, 7502, 15502]);
    expect(eventsAbout(sim, 'app').some((e) => e.includes('Pulling'))).toBe(false);
    sim.create(configMap('cfg'), '20s');
    sim.run('1m');
    // The retry at 31.501s mounts it, on one of the wait's 300ms polls (from 1ms): the pod goes on at once.
    expect(eventsAbout(sim, 'app').find((e) => e.includes('Pulling'))).toBe('31502 Pulling: Pulling image "nginx:1.25"');
    expect(sim.get('Pod', 'app')?.status?.phase).toBe('Running');
  });

  it('the mount back-off caps at 2m2s; the pod goes on at a poll of the wait under way', () => {
    const sim = cluster({ nodes: ['node-1'] });
    sim.create(pod('app', { volumes: [{ name: 'config', configMap: { name: 'cfg' } }] }));
    sim.create(configMap('cfg'), '130s');
    sim.run('5m');
    const mounts = eventsAbout(sim, 'app').filter((e) => e.includes('FailedMount'));
    // Tries at 1, 501, ..., 63.501s, 127.501s (64s doubled would be 128s: capped at 122s).
    expect(mounts.map((e) => Number(e.split(' ')[0]) - 1).slice(-3)).toEqual([31501, 63501, 127501]);
    // The first wait timed out at 2m3s; the pod worker backed off 10-15s and waits again from
    // there, polling every 300ms: the retry at 249.501s mounts it, seen at the next poll.
    const pulling =
      Number(
        eventsAbout(sim, 'app')
          .find((e) => e.includes('Pulling'))
          ?.split(' ')[0],
      ) - 1;
    expect(pulling).toBeGreaterThanOrEqual(249501);
    expect(pulling).toBeLessThan(249801);
  });

  it('an item naming a key the ConfigMap lacks: configmap references non-existent config key', () => {
    const sim = cluster({ nodes: ['node-1'] });
    sim.create(configMap('cfg'));
    sim.create(pod('app', { volumes: [{ name: 'config', configMap: { name: 'cfg', items: [{ key: 'nope', path: 'x' }] } }] }));
    sim.run('2s');
    expect(eventsAbout(sim, 'app')[1]).toBe(
      '2 FailedMount: MountVolume.SetUp failed for volume "config" : configmap references non-existent config key: nope',
    );
  });

  it('an optional secret volume mounts empty', () => {
    const sim = cluster({ nodes: ['node-1'] });
    sim.create(pod('app', { volumes: [{ name: 's', secret: { secretName: 'nope', optional: true } }] }));
    sim.run('10s');
    expect(sim.get('Pod', 'app')?.status?.phase).toBe('Running');
  });
});
