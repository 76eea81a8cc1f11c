import {
  type Deployment,
  type LoadSpec,
  type LogEntry,
  type MetricSampleEvent,
  type Pod,
  randomStream,
  replay,
  Simulation,
  stateHash,
} from '@kubesim/core';
import { kubectl } from '@kubesim/scenarios';
import { describe, expect, it } from 'vitest';
import { defaultControllers } from '../src/index.js';
import { cluster, FIXED } from './helpers.js';

/** nginx:1.25 pods: 2m at rest, 1m per unit of load, 8 MiB + 64 KiB per unit; ready at start. */
const NGINX = {
  match: 'nginx:*',
  profile: {
    pull: { kind: 'fixed', value: 1000 },
    start: { kind: 'fixed', value: 500 },
    stop: { kind: 'fixed', value: 2000 },
    usage: { cpu: 2, cpuPerUnit: 1, memory: 8 * 1024 * 1024, memoryPerUnit: 64 * 1024 },
  },
} as const;

function deployment(name: string, replicas: number, memoryLimit?: string): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.25',
              ...(memoryLimit !== undefined ? { resources: { limits: { memory: memoryLimit } } } : {}),
            },
          ],
        },
      },
    },
  };
}

const LOAD: LoadSpec = {
  target: { kind: 'Deployment', namespace: 'default', name: 'web' },
  pattern: { kind: 'steps', value: 300, steps: [{ at: 60_000, value: 600 }] },
  metrics: [
    { name: 'requests', type: 'Pods' },
    { name: 'rps', type: 'Object', perUnit: 2 },
  ],
};

function samples(entries: readonly LogEntry[]): (LogEntry & { event: MetricSampleEvent })[] {
  return entries.filter((e): e is LogEntry & { event: MetricSampleEvent } => e.event.type === 'MetricSample');
}

describe('metrics-server under a load', () => {
  const sim = cluster({
    controllers: defaultControllers({ metricsServer: { loads: [LOAD], seed: 's' } }),
    imageProfiles: [NGINX, FIXED],
    nodes: ['node-1'],
    objects: [deployment('web', 3)],
  });
  sim.run('2m');
  const scrapes = samples(sim.log.entries());

  it('scrapes every 15 s from the first node on, one MetricSample each', () => {
    expect(scrapes.map((e) => e.time)).toEqual([0, 15_000, 30_000, 45_000, 60_000, 75_000, 90_000, 105_000, 120_000]);
    expect(scrapes.every((e) => e.by === 'metrics-server')).toBe(true);
    expect(sim.state.world.metricsServer).toBe(true);
  });

  it('reports each pod its share: 300 units over 3 pods is 2m + 100m, then 600 units 202m', () => {
    const at45 = scrapes.find((e) => e.time === 45_000)?.event.pods ?? {};
    const pods = Object.keys(at45).sort();
    expect(pods).toHaveLength(3);
    for (const key of pods) {
      // 8 MiB + 100 units × 64 KiB.
      expect(at45[key]).toEqual([15_000, [['nginx', 102, 8 * 1024 * 1024 + 100 * 64 * 1024]]]);
    }
    const at75 = scrapes.find((e) => e.time === 75_000)?.event.pods ?? {};
    for (const key of pods) expect(at75[key]?.[1][0]?.[1]).toBe(202);
    const m = sim.engine.view.podMetrics(pods[0] as string);
    expect(m).toMatchObject({ timestamp: 120_000, window: 15_000, containers: [{ name: 'nginx', cpu: 202 }] });
  });

  it('gives a new pod its first metrics once it has run 10 s before a scrape (the fresh-container rule)', () => {
    // The pods start at about 1.5 s: at 15 s they are 13.5 s old, so they have metrics at once,
    // over the window since their start.
    const first = scrapes.find((e) => e.time === 15_000)?.event.pods ?? {};
    const windows = Object.values(first).map((p) => p[0]);
    expect(windows).toHaveLength(3);
    for (const w of windows) expect(w).toBeGreaterThanOrEqual(10_000);
    for (const w of windows) expect(w).toBeLessThan(15_000);
    expect(scrapes[0]?.event.pods).toBeUndefined();
  });

  it('serves the custom metrics: per pod share, and the object total', () => {
    const view = sim.engine.view;
    const pods = [...sim.state.world.metrics.keys()];
    for (const key of pods) expect(view.customMetric(`pods/${key}/requests`)?.[0]?.value).toBe(200_000);
    expect(view.customMetric('object/Deployment/default/web/rps')?.[0]).toEqual({
      value: 1_200_000,
      timestamp: 120_000,
      window: 15_000,
      labels: {},
    });
  });

  it('reports the node: its pods and its overhead', () => {
    const node = sim.engine.view.nodeMetrics('node-1');
    expect(node).toMatchObject({ timestamp: 120_000, window: 15_000, cpu: 50 + 3 * 202 });
  });

  it('replays to the same state', () => {
    expect(stateHash(replay(sim.log.entries()))).toBe(sim.stateHash());
  });
});

describe('the missing-metrics cases', () => {
  function bare(name: string, node: string): Pod {
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', labels: { app: 'web' } },
      spec: { nodeName: node, containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
    };
  }
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
  } as const;
  const onService: LoadSpec = {
    target: { kind: 'Service', namespace: 'default', name: 'web' },
    pattern: { kind: 'constant', value: 300 },
  };
  const sim = cluster({
    controllers: defaultControllers({ metricsServer: { loads: [onService], seed: 's' } }),
    imageProfiles: [NGINX, FIXED],
    nodes: ['node-1', 'node-2'],
    objects: [service as never, bare('a', 'node-1'), bare('b', 'node-2')],
  });
  // a's process dies at 40 s and restarts at once; node-2 fails at 70 s.
  sim.crashContainer({ kind: 'Pod', namespace: 'default', name: 'a' }, 'nginx', '40s');
  sim.failNode('node-2', '70s');
  sim.run('2m');
  const scrapes = samples(sim.log.entries());
  const at = (t: number) => scrapes.find((e) => e.time === t)?.event;

  it('drops a restarted container until the fresh-container rule or a second point gives it a rate', () => {
    // Restarted at about 41.5 s: 3.5 s old at 45 s (no metrics), 18.5 s old at 60 s (no fresh
    // rule past 15 s; its first point was at 45 s): a rate over [45 s, 60 s].
    expect(at(30_000)?.pods?.['default/a']).toBeDefined();
    expect(at(45_000)?.gone).toContain('default/a');
    expect(at(60_000)?.pods?.['default/a']?.[0]).toBe(15_000);
  });

  it('drops the pods of a node that fails, and the node', () => {
    expect(at(60_000)?.pods?.['default/b']).toBeDefined();
    expect(at(75_000)?.gone).toEqual(['default/b']);
    expect(at(75_000)?.nodesGone).toEqual(['node-2']);
    expect(sim.engine.view.podMetrics('default/b')).toBeUndefined();
    expect(sim.engine.view.nodeMetrics('node-2')).toBeUndefined();
  });

  it('gives the load to the pods that still serve', () => {
    // A pod on a dead node serves nothing (its containers are gone with the machine), even
    // while the API still shows it Ready: at 2m a serves all 300.
    const a = sim.engine.view.podMetrics('default/a');
    expect(a?.containers[0]?.cpu).toBe(2 + 300);
  });
});

describe('OOMKill', () => {
  // 8 MiB + 64 KiB per unit over a 20Mi limit: 300 units on 1 pod is 27 MiB, on 3 pods 14 MiB.
  const load: LoadSpec = { ...LOAD, pattern: { kind: 'steps', value: 60, steps: [{ at: 60_000, value: 600 }] } };
  const sim = cluster({
    controllers: defaultControllers({ metricsServer: { loads: [load], seed: 's' } }),
    imageProfiles: [NGINX, FIXED],
    nodes: ['node-1'],
    objects: [deployment('web', 2, '20Mi')],
  });
  sim.run('3m');

  it('kills a container whose working set goes above its limit, at the crossing', () => {
    const kills = sim.log
      .entries()
      .filter((e) => e.event.type === 'ContainerCrash' && e.error === undefined && e.skipped === undefined);
    expect(kills.length).toBeGreaterThanOrEqual(2);
    expect(kills[0]?.by).toBe('oom-killer');
    // The step at 60 s is a change point of the load: the check runs at it.
    expect(kills[0]?.time).toBe(60_000);
    expect(kills[0]?.event).toMatchObject({ container: 'nginx', exitCode: 137 });
  });

  it('shows OOMKilled, then the crash loop, in the pod status', () => {
    const pod = sim.engine.view.list('Pod', 'default')[0];
    const c = pod?.status?.containerStatuses?.[0];
    expect(c?.lastState?.terminated?.reason).toBe('OOMKilled');
    expect(c?.restartCount).toBeGreaterThanOrEqual(2);
  });

  it('kubectl get pods shows the OOMKill, then CrashLoopBackOff', () => {
    const get = (s: typeof sim) =>
      kubectl('get pods', { view: s.view, now: s.now, readFile: () => [], random: randomStream(1, 'kubectl') }).stdout;
    const early = cluster({
      controllers: defaultControllers({ metricsServer: { loads: [load], seed: 's' } }),
      imageProfiles: [NGINX, FIXED],
      nodes: ['node-1'],
      objects: [deployment('web', 2, '20Mi')],
    });
    early.run('60500ms');
    expect(get(early)).toMatch(/web-\S+ +0\/1 +OOMKilled +0 +60s/);
    expect(get(sim)).toMatch(/CrashLoopBackOff/);
  });
});

describe('external metrics and the upstream control plane', () => {
  const sim = new Simulation({
    seed: 7,
    controllers: defaultControllers({
      metricsServer: {
        loads: [],
        externalMetrics: [
          {
            name: 'queue_messages_ready',
            namespace: 'default',
            labels: { queue: 'worker_tasks' },
            pattern: { kind: 'ramp', from: 0, to: 30, start: 0, duration: 60_000 },
          },
          {
            name: 'queue_messages_ready',
            namespace: 'default',
            labels: { queue: 'other' },
            pattern: { kind: 'constant', value: 2.5 },
          },
        ],
      },
    }),
    nodes: ['node-1'],
  });
  sim.run('2m');
  const scrapes = samples(sim.log.entries());

  it('scrapes every 15 s after its first, through informer lag and sync cost', () => {
    const times = scrapes.map((e) => e.time);
    expect(times.length).toBeGreaterThanOrEqual(8);
    for (let i = 1; i < times.length; i++) expect((times[i] as number) - (times[i - 1] as number)).toBe(15_000);
  });

  it('serves each labelled series of an external metric, in milli-units', () => {
    const series = sim.engine.view.customMetric('external/default/queue_messages_ready');
    expect(series?.map((s) => [s.value, s.labels])).toEqual([
      [30_000, { queue: 'worker_tasks' }],
      [2_500, { queue: 'other' }],
    ]);
  });
});
