import { controlPlane, type KubeObject } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { loadScenario, type RunOptions, runScenario, type Scenario, scenario } from '../src/index.js';
import { CONTROLLER_NAMES, engineControlPlane, PROCESS_NAMES } from '../src/scenario/controlPlane.js';
import { parseFineDuration } from '../src/scenario/fineDuration.js';

/**
 * `cluster.controlPlane` in a scenario file and `.controlPlane()` in the builder: the timing
 * of the control plane (profile, API latency, each process's clients and informer lag, each
 * controller's workers and sync cost) reaches the engine, and bad values stop the load with
 * one message naming the file, line and field.
 */
const NO_FILES = {
  readFile: (name: string): string => {
    throw new Error(`no file ${name}`);
  },
};

const load = (text: string): Scenario => loadScenario(text, 'scenario.yaml', NO_FILES);

function loadError(text: string): string {
  try {
    load(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the scenario loaded');
}

const FULL = `cluster:
  controlPlane:
    profile: upstream
    apiLatency: lognormal(8ms, 0.5)
    processes:
      kube-controller-manager: { qps: 100, burst: 100, informerLag: 5ms }
      kube-scheduler: { qps: 100, burst: 100, eventQps: 50, eventBurst: 100 }
      kubelet: { qps: unlimited }
    controllers:
      replicaset: { workers: 10, syncBase: 100us, syncPerObject: 2µs }
      deployment: { workers: unlimited, syncBase: 0.25 }
`;

describe('cluster.controlPlane in a scenario file', () => {
  it('reads the full form: profile, a latency distribution, processes, controllers with sub-millisecond costs', () => {
    expect(load(FULL).cluster.controlPlane).toEqual({
      profile: 'upstream',
      apiLatency: { kind: 'lognormal', median: 8, sigma: 0.5 },
      processes: {
        'kube-controller-manager': { qps: 100, burst: 100, informerLag: 5 },
        'kube-scheduler': { qps: 100, burst: 100, eventQps: 50, eventBurst: 100 },
        kubelet: { qps: Number.POSITIVE_INFINITY },
      },
      controllers: {
        replicaset: { workers: 10, syncBase: 0.1, syncPerObject: 0.002 },
        deployment: { workers: Number.POSITIVE_INFINITY, syncBase: 0.25 },
      },
    });
  });

  it.each([
    ['profile: instant', { profile: 'instant' }],
    ['apiLatency: 3ms', { apiLatency: { kind: 'fixed', value: 3 } }],
    ['apiLatency: 2', { apiLatency: { kind: 'fixed', value: 2 } }],
    ['apiLatency: uniform(1ms, 5ms)', { apiLatency: { kind: 'uniform', min: 1, max: 5 } }],
    ['processes: {kubelet: {informerLag: 0s}}', { processes: { kubelet: { informerLag: 0 } } }],
    ['controllers: {scheduler: {syncBase: 1ms500us}}', { controllers: { scheduler: { syncBase: 1.5 } } }],
  ])('reads %s', (line, spec) => {
    expect(load(`cluster:\n  controlPlane:\n    ${line}\n`).cluster.controlPlane).toEqual(spec);
  });

  it('names every process and controller kubesim runs, and nothing else', () => {
    expect(PROCESS_NAMES).toEqual(['external-provisioner', 'kube-controller-manager', 'kube-scheduler', 'kubelet']);
    expect(CONTROLLER_NAMES).toEqual([
      'cronjob',
      'daemonset',
      'deployment',
      'disruption',
      'endpoints',
      'garbagecollector',
      'horizontal-pod-autoscaler',
      'job',
      'kubelet',
      'namespace',
      'nodelifecycle',
      'persistentvolume-binder',
      'provisioner',
      'replicaset',
      'replicationcontroller',
      'resourcequota',
      'scheduler',
      'serviceaccount',
      'statefulset',
      'tainteviction',
      'ttlafterfinished',
    ]);
  });

  it('keeps cluster.latency, the shorthand, as it was', () => {
    const s = load('cluster:\n  latency: { api: 2ms, controller: 10ms }\n');
    expect(s.cluster).toMatchObject({ apiLatency: 2, controllerLatency: 10 });
    expect(s.cluster.controlPlane).toBeUndefined();
  });

  const at = (block: string): string => `cluster:\n  controlPlane:\n${block}`;
  it.each([
    [at('    profile: fast\n'), 'scenario.yaml:3:5: cluster.controlPlane.profile: expected upstream or instant'],
    [
      at('    apiLatency: lognormal(8ms)\n'),
      'scenario.yaml:3:5: cluster.controlPlane.apiLatency: expected a duration (2s) or uniform(MIN, MAX), normal(MEAN, STDDEV), lognormal(MEDIAN, SIGMA), exponential(MEAN)',
    ],
    [at('    sync: 1ms\n'), 'scenario.yaml:3:5: cluster.controlPlane.sync: unknown field "sync"'],
    [
      at('    processes:\n      kube-proxy: { qps: 5 }\n'),
      'scenario.yaml:4:7: cluster.controlPlane.processes.kube-proxy: unknown process "kube-proxy"; kubesim runs external-provisioner, kube-controller-manager, kube-scheduler, kubelet',
    ],
    [
      at('    processes:\n      kubelet: { qps: 0 }\n'),
      'scenario.yaml:4:18: cluster.controlPlane.processes.kubelet.qps: expected a number above 0, or unlimited',
    ],
    [
      at('    processes:\n      kubelet: { eventQps: lots }\n'),
      'scenario.yaml:4:18: cluster.controlPlane.processes.kubelet.eventQps: expected a number above 0, or unlimited',
    ],
    [
      at('    processes:\n      kubelet:\n        burst: 1.5\n'),
      'scenario.yaml:5:9: cluster.controlPlane.processes.kubelet.burst: expected a whole number of 1 or more',
    ],
    [
      at('    processes:\n      kubelet: { eventBurst: 0 }\n'),
      'scenario.yaml:4:18: cluster.controlPlane.processes.kubelet.eventBurst: expected a whole number of 1 or more',
    ],
    [
      at('    processes:\n      kubelet: { informerLag: 500us }\n'),
      'scenario.yaml:4:18: cluster.controlPlane.processes.kubelet.informerLag: must be whole milliseconds: simulated time has a resolution of 1ms',
    ],
    [
      at('    processes:\n      kubelet: { informerLag: soon }\n'),
      'scenario.yaml:4:18: cluster.controlPlane.processes.kubelet.informerLag: not a duration (write it as Go does: 0s, 5ms, 1s)',
    ],
    [
      at('    processes:\n      kubelet: { informerLag: -5ms }\n'),
      'scenario.yaml:4:18: cluster.controlPlane.processes.kubelet.informerLag: must not be negative',
    ],
    [
      at('    processes:\n      kubelet: { qpss: 5 }\n'),
      'scenario.yaml:4:18: cluster.controlPlane.processes.kubelet.qpss: unknown field "qpss"',
    ],
    [
      at('    controllers:\n      replicas: { workers: 5 }\n'),
      'scenario.yaml:4:7: cluster.controlPlane.controllers.replicas: unknown controller "replicas"; kubesim runs cronjob, daemonset, deployment, disruption, endpoints, garbagecollector, horizontal-pod-autoscaler, job, kubelet, namespace, nodelifecycle, persistentvolume-binder, provisioner, replicaset, replicationcontroller, resourcequota, scheduler, serviceaccount, statefulset, tainteviction, ttlafterfinished',
    ],
    [
      at('    controllers:\n      replicaset: { workers: 0 }\n'),
      'scenario.yaml:4:21: cluster.controlPlane.controllers.replicaset.workers: expected a whole number of 1 or more, or unlimited',
    ],
    [
      at('    controllers:\n      replicaset: { syncBase: 100xs }\n'),
      'scenario.yaml:4:21: cluster.controlPlane.controllers.replicaset.syncBase: not a duration (time: unknown unit "xs" in duration "100xs"); write a Go duration to the nanosecond (100us, 2µs, 1.5ms, 0s) or a number of milliseconds (0.002)',
    ],
    [
      at('    controllers:\n      replicaset: { syncBase: 100 us }\n'),
      'scenario.yaml:4:21: cluster.controlPlane.controllers.replicaset.syncBase: not a duration (time: unknown unit " us" in duration "100 us"); write a Go duration to the nanosecond (100us, 2µs, 1.5ms, 0s) or a number of milliseconds (0.002)',
    ],
    [
      at('    controllers:\n      replicaset: { syncBase: -1us }\n'),
      'scenario.yaml:4:21: cluster.controlPlane.controllers.replicaset.syncBase: must not be negative',
    ],
    [
      at('    controllers:\n      replicaset: { syncPerObject: -1 }\n'),
      'scenario.yaml:4:21: cluster.controlPlane.controllers.replicaset.syncPerObject: must not be negative',
    ],
    [
      at('    controllers:\n      replicaset: { syncPerObject: true }\n'),
      'scenario.yaml:4:21: cluster.controlPlane.controllers.replicaset.syncPerObject: expected a Go duration to the nanosecond (100us, 2µs, 1.5ms, 0s) or a number of milliseconds (0.002)',
    ],
    [
      'cluster:\n  controlPlane:\n    profile: instant\n    processes:\n      kube-controller-manager: { qps: 5 }\n',
      'scenario.yaml:2:3: cluster.controlPlane: processes.kube-controller-manager.client: a qps of 5 needs a finite burst',
    ],
    [
      'cluster:\n  latency: { api: 2ms }\n  controlPlane:\n    profile: instant\n',
      'scenario.yaml:3:3: cluster.controlPlane: give cluster.latency (the shorthand) or cluster.controlPlane, not both: write latency.api as controlPlane.apiLatency, latency.controller as controlPlane.processes.NAME.informerLag',
    ],
  ])('refuses %j', (text, message) => {
    expect(loadError(text)).toBe(message);
  });
});

describe('sync costs: Go durations to the nanosecond, in fractional milliseconds', () => {
  it.each([
    ['0', 0],
    ['0s', 0],
    ['100us', 0.1],
    ['2µs', 0.002], // U+00B5 micro sign
    ['2μs', 0.002], // U+03BC Greek mu
    ['1.5us', 0.0015],
    ['250ns', 0.00025],
    ['0.5ms', 0.5],
    ['1ms500us', 1.5],
    ['1s', 1000],
    ['+3ms', 3],
    ['1.0000001ns', 0.000001], // below a nanosecond is dropped, as Go truncates it
  ])('%s is %f ms', (text, ms) => {
    expect(parseFineDuration(text)).toBe(ms);
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['1', 'time: missing unit in duration "1"'],
    ['1x', 'time: unknown unit "x" in duration "1x"'],
    ['.s', 'time: invalid duration ".s"'],
    ['-1us', 'duration "-1us" must not be negative'],
  ])('refuses %j', (text, message) => {
    expect(() => parseFineDuration(text)).toThrow(message);
  });
});

describe('the builder', () => {
  it('takes the same form in TypeScript, a later call overriding single fields', () => {
    const s = scenario()
      .controlPlane({ profile: 'instant', processes: { 'kube-controller-manager': { qps: 10, burst: 20 } } })
      .controlPlane({
        apiLatency: 'lognormal(8ms, 0.5)',
        processes: { 'kube-controller-manager': { qps: 'unlimited', informerLag: '5ms' } },
        controllers: { replicaset: { workers: 10, syncBase: '100us', syncPerObject: 0.002 } },
      })
      .build();
    expect(s.cluster.controlPlane).toEqual({
      profile: 'instant',
      apiLatency: { kind: 'lognormal', median: 8, sigma: 0.5 },
      processes: { 'kube-controller-manager': { qps: Number.POSITIVE_INFINITY, burst: 20, informerLag: 5 } },
      controllers: { replicaset: { workers: 10, syncBase: 0.1, syncPerObject: 0.002 } },
    });
  });

  it.each([
    [{ processes: { 'kube-proxy': { qps: 1 } } }, 'controlPlane.processes.kube-proxy: unknown process "kube-proxy"'],
    [{ controllers: { replicas: { workers: 1 } } }, 'controlPlane.controllers.replicas: unknown controller "replicas"'],
    [
      { processes: { kubelet: { qps: -1 } } },
      'controlPlane.processes.kubelet.qps: expected a number above 0, or unlimited, not -1',
    ],
    [{ controllers: { scheduler: { syncBase: '1 ms' } } }, 'controlPlane.controllers.scheduler.syncBase: time: unknown unit'],
    [{ profile: 'fast' as 'instant' }, 'controlPlane.profile: expected upstream or instant, not "fast"'],
  ])('refuses %j', (opts, message) => {
    expect(() => scenario().controlPlane(opts)).toThrow(message);
  });

  it('refuses the latency shorthand and the full form together', () => {
    expect(() => scenario().latency({ api: 2 }).controlPlane({ profile: 'instant' }).build()).toThrow(
      'give latency() (the shorthand) or controlPlane(), not both',
    );
  });
});

describe('what the engine gets', () => {
  it('nothing when the scenario and the run say nothing (the engine default, upstream)', () => {
    expect(engineControlPlane(undefined)).toBeUndefined();
  });

  it("fills what a process or controller leaves out from the profile: qps alone keeps kube-controller-manager's burst of 30", () => {
    const spec = load(
      'cluster:\n  controlPlane:\n    processes:\n      kube-controller-manager: { qps: 100 }\n      kube-scheduler: { eventQps: 10 }\n    controllers:\n      replicaset: { syncBase: 1ms }\n',
    ).cluster.controlPlane;
    const upstream = controlPlane(engineControlPlane(spec));
    expect(upstream.processes['kube-controller-manager']?.client).toEqual({ qps: 100, burst: 30 });
    expect(upstream.processes['kube-scheduler']?.eventClient).toEqual({ qps: 10, burst: 100 });
    expect({ ...upstream.sync, ...upstream.controllers.replicaset?.sync }).toEqual({ base: 1, perObject: 0.002 });
    // The run's profile in place of the scenario's: the same overrides over instant, where a
    // client's burst is unlimited — a qps alone would limit nothing, so it is refused.
    expect(() => controlPlane(engineControlPlane(spec, 'instant'))).toThrow(
      'controlPlane: processes.kube-controller-manager.client: a qps of 100 needs a finite burst',
    );
    const limited = load(
      'cluster:\n  controlPlane:\n    processes:\n      kube-controller-manager: { qps: 100, burst: 100 }\n    controllers:\n      replicaset: { syncBase: 1ms }\n',
    ).cluster.controlPlane;
    const instant = controlPlane(engineControlPlane(limited, 'instant'));
    expect(instant.profile).toBe('instant');
    expect(instant.processes['kube-controller-manager']?.client).toEqual({ qps: 100, burst: 100 });
    expect(instant.processes['kube-scheduler']?.client.qps).toBe(Number.POSITIVE_INFINITY);
    expect({ ...instant.sync, ...instant.controllers.replicaset?.sync }).toEqual({ base: 1, perObject: 0 });
  });
});

describe('a run under each profile', () => {
  const replicaSet: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 100,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
    },
  } as KubeObject;
  const build = (configure: (b: ReturnType<typeof scenario>) => unknown = () => {}): Scenario => {
    const b = scenario('100 replicas').nodes(3).manifest('rs.yaml', replicaSet).kubectl(0, 'apply -f rs.yaml');
    configure(b);
    return b.invariants('replicaset-convergence').until('30s').build();
  };
  /** When the first and the last of the ReplicaSet's pods were created. */
  const created = (s: Scenario, opts: RunOptions = {}): { first: number; last: number; count: number } => {
    const report = runScenario(s, opts);
    expect(report.invariants.every((i) => i.holds)).toBe(true);
    const times = report.view.list('Pod', 'default').map((p) => p.metadata.creationTimestamp as number);
    return { first: Math.min(...times), last: Math.max(...times), count: times.length };
  };

  it("upstream: kube-controller-manager's client (QPS 20, burst 30) spreads 100 creates over seconds; instant: milliseconds", () => {
    const upstream = created(build((b) => b.controlPlane({ profile: 'upstream' })));
    const instant = created(build((b) => b.controlPlane({ profile: 'instant' })));
    expect(upstream.count).toBe(100);
    expect(instant.count).toBe(100);
    // After the burst of 30, 70 more creates at 20 a second: 3.5s at the least.
    expect(upstream.last).toBeGreaterThanOrEqual(3500);
    expect(instant.last).toBeLessThan(50);
  });

  it('the default is upstream, and the run can put instant in its place', () => {
    const s = build();
    expect(created(s).last).toBeGreaterThanOrEqual(3500);
    expect(created(s, { controlPlane: 'instant' }).last).toBeLessThan(50);
    expect(
      created(
        build((b) => b.controlPlane({ profile: 'instant' })),
        { controlPlane: 'upstream' },
      ).last,
    ).toBeGreaterThanOrEqual(3500);
  });

  it('a client without a limit (like --kube-api-qps raised) creates them within a second', () => {
    const s = build((b) => b.controlPlane({ processes: { 'kube-controller-manager': { qps: 'unlimited' } } }));
    expect(created(s).last).toBeLessThan(1000);
  });
});
