import { loadAt } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario, type Scenario, scenario } from '../src/index.js';
import { wantsMetricsServer } from '../src/scenario/metricsServer.js';

/**
 * The scenario's `load:` and `externalMetrics:` sections: every pattern form reaches core's
 * LoadSpec with its times in milliseconds, a trace file is read relative to the scenario, and
 * each mistake is one message naming the file, line and field.
 */
const FILES: Record<string, string> = { 'rps.csv': 'time,rps\n0,10\n1m,40\n' };
const files = {
  readFile: (name: string): string => {
    const text = FILES[name];
    if (text === undefined) throw new Error(`no file ${name}`);
    return text;
  },
};
const load = (text: string): Scenario => loadScenario(text, 'scenario.yaml', files);
function loadError(text: string): string {
  try {
    load(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the scenario loaded');
}

describe('load:', () => {
  it('reads every pattern form, with noise and custom metrics', () => {
    const s = load(`load:
  - target: deployment/web
    steps: [{at: 0s, value: 20}, {at: 2m, value: 200}]
    noise: {gaussian: 0.1}
    metrics: [{name: http_requests_per_second, type: Pods}]
  - target: statefulset/db
    namespace: data
    ramp: {from: 0, to: 100, over: 10m}
  - target: svc/front
    sine: {mean: 50, amplitude: 40, period: 24h, phase: 6h}
  - target: rc/old
    bursts: {base: 1, peak: 30, every: 5m, for: 30s, start: 1m}
  - target: rs/trace
    trace: {file: rps.csv, interpolate: linear}
externalMetrics:
  - name: queue_messages_ready
    labels: {queue: jobs}
    constant: 30
`);
    expect(s.loads.map((l) => l.target)).toEqual([
      { kind: 'Deployment', namespace: 'default', name: 'web' },
      { kind: 'StatefulSet', namespace: 'data', name: 'db' },
      { kind: 'Service', namespace: 'default', name: 'front' },
      { kind: 'ReplicationController', namespace: 'default', name: 'old' },
      { kind: 'ReplicaSet', namespace: 'default', name: 'trace' },
    ]);
    expect(s.loads[0]?.pattern).toEqual({
      kind: 'steps',
      value: 0,
      steps: [
        { at: 0, value: 20 },
        { at: 120_000, value: 200 },
      ],
    });
    expect(s.loads[0]?.noise).toEqual({ kind: 'gaussian', relative: 0.1 });
    expect(s.loads[0]?.metrics).toEqual([{ name: 'http_requests_per_second', type: 'Pods' }]);
    expect(s.loads[1]?.pattern).toEqual({ kind: 'ramp', from: 0, to: 100, start: 0, duration: 600_000 });
    expect(s.loads[2]?.pattern).toEqual({ kind: 'sine', mean: 50, amplitude: 40, period: 86_400_000, phase: 21_600_000 });
    expect(s.loads[3]?.pattern).toEqual({ kind: 'bursts', base: 1, peak: 30, every: 300_000, duration: 30_000, start: 60_000 });
    const trace = s.loads[4];
    expect(trace && loadAt(trace, 30_000, '1')).toBe(25);
    expect(s.externalMetrics).toEqual([
      { name: 'queue_messages_ready', namespace: 'default', labels: { queue: 'jobs' }, pattern: { kind: 'constant', value: 30 } },
    ]);
    expect(s.metricsServer).toBeUndefined();
    expect(load('metricsServer: false\n').metricsServer).toBe(false);
  });

  it('names the field of each mistake', () => {
    expect(loadError('load:\n  - target: deployment/web\n')).toMatch(
      /^scenario\.yaml:2:5: load\[0\]: give exactly one pattern: constant, steps, ramp, sine, bursts, trace$/,
    );
    expect(loadError('load:\n  - target: deployment/web\n    constant: 1\n    ramp: {from: 0, to: 1, over: 1m}\n')).toMatch(
      /give exactly one pattern/,
    );
    expect(loadError('load:\n  - target: web\n    constant: 1\n')).toMatch(/load\[0\]\.target: a target is TYPE\/NAME/);
    expect(loadError('load:\n  - target: job/web\n    constant: 1\n')).toMatch(
      /^scenario\.yaml:2:5: load\[0\]\.target: a load is on a workload or a Service .* not a Job$/,
    );
    expect(loadError('load:\n  - target: widget/web\n    constant: 1\n')).toMatch(
      /^scenario\.yaml:2:5: load\[0\]\.target: the server doesn't have a resource type "widget"$/,
    );
    expect(loadError('load:\n  - target: deployment/web\n    ramp: {from: 0, to: 1, over: soon}\n')).toMatch(
      /load\[0\]\.ramp\.over: not a duration/,
    );
    expect(loadError('load:\n  - target: deployment/web\n    trace: {file: gone.csv}\n')).toMatch(
      /load\[0\]\.trace\.file: cannot read "gone\.csv": no file gone\.csv/,
    );
    FILES['bad.csv'] = '0,1\n10,x\n';
    expect(loadError('load:\n  - target: deployment/web\n    trace: {file: bad.csv}\n')).toMatch(
      /^scenario\.yaml:3:5: load\[0\]\.trace: bad\.csv:2: value "x" is not a number$/,
    );
    expect(loadError('load:\n  - target: deployment/web\n    constant: 1\n  - target: deploy/web\n    constant: 2\n')).toMatch(
      /load\[1\]\.target: two loads are on deployment\/web in namespace default/,
    );
    expect(loadError('load:\n  - target: deployment/web\n    constant: -1\n')).toMatch(/load\[0\]\.constant/);
    expect(loadError('load:\n  - target: deployment/web\n    constant: 1\n    noise: {every: 1m}\n')).toMatch(
      /load\[0\]\.noise: give gaussian or uniform/,
    );
  });

  it('the builder takes the same specs', () => {
    const s = scenario()
      .load({ target: { kind: 'Deployment', namespace: 'default', name: 'web' }, pattern: { kind: 'constant', value: 5 } })
      .metricsServer(true)
      .build();
    expect(s.loads).toHaveLength(1);
    expect(s.metricsServer).toBe(true);
  });
});

describe('wantsMetricsServer', () => {
  const deploy = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx}]}}`;
  it('runs one when the scenario reads metrics, and not otherwise', () => {
    expect(wantsMetricsServer(load('steps: [{at: 0s, kubectl: get pods}]\n'))).toBe(false);
    expect(wantsMetricsServer(load('load: [{target: deployment/web, constant: 1}]\n'))).toBe(true);
    expect(wantsMetricsServer(load('externalMetrics: [{name: q, constant: 1}]\n'))).toBe(true);
    expect(wantsMetricsServer(scenario().kubectl(0, 'top pods').build())).toBe(true);
    expect(wantsMetricsServer(scenario().kubectl(0, 'kubectl autoscale deployment web --max=3').build())).toBe(true);
    const hpa =
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, maxReplicas: 3}';
    FILES['app.yaml'] = `${deploy}\n---\n${hpa}\n`;
    FILES['deploy.yaml'] = deploy;
    expect(wantsMetricsServer(load('manifests: [{file: app.yaml}]\n'))).toBe(true);
    expect(wantsMetricsServer(load('manifests: [{file: deploy.yaml}]\n'))).toBe(false);
    expect(wantsMetricsServer(load('manifests: [{file: app.yaml}]\nmetricsServer: false\n'))).toBe(false);
  });
});

describe('images[].usage', () => {
  it('reads quantities into millicores and bytes, fractions kept', () => {
    const s = load(`images:
  - match: "app:*"
    usage: {cpu: 5m, cpuPerUnit: 0.2m, memory: 20Mi, memoryPerUnit: 64Ki, startupBurst: {cpu: "1", for: 20s}}
`);
    expect(s.images[0]?.profile.usage).toEqual({
      cpu: 5,
      cpuPerUnit: 0.2,
      memory: 20 * 1024 * 1024,
      memoryPerUnit: 64 * 1024,
      startupBurst: { cpu: 1000, duration: 20_000 },
    });
  });
  it('names the field of a bad quantity', () => {
    expect(loadError('images:\n  - match: "*"\n    usage: {cpu: lots}\n')).toMatch(
      /images\[0\]\.usage\.cpu: expected a quantity of 0 or more/,
    );
    expect(loadError('images:\n  - match: "*"\n    usage: {cpu: -5m}\n')).toMatch(/images\[0\]\.usage\.cpu: expected a quantity/);
    expect(loadError('images:\n  - match: "*"\n    usage: {gpu: 1}\n')).toMatch(/images\[0\]\.usage/);
  });
});

describe('load: durations that cannot be (found by review)', () => {
  it('refuses a zero or negative period, interval or length, and a burst longer than its period', () => {
    expect(loadError('load:\n  - target: deployment/web\n    sine: {mean: 1, amplitude: 1, period: 0s}\n')).toMatch(
      /load\[0\]\.sine\.period: must be longer than 0s/,
    );
    expect(loadError('load:\n  - target: deployment/web\n    bursts: {base: 1, peak: 2, every: -10s, for: 1s}\n')).toMatch(
      /load\[0\]\.bursts\.every: must not be negative/,
    );
    expect(loadError('load:\n  - target: deployment/web\n    bursts: {base: 1, peak: 2, every: 10s, for: 20s}\n')).toMatch(
      /load\[0\]\.bursts\.for: a burst lasts no longer than its period/,
    );
    expect(loadError('load:\n  - target: deployment/web\n    ramp: {from: 0, to: 1, over: 0s}\n')).toMatch(
      /load\[0\]\.ramp\.over: must be longer than 0s/,
    );
    expect(loadError('load:\n  - target: deployment/web\n    constant: 1\n    noise: {gaussian: 0.1, every: 0s}\n')).toMatch(
      /load\[0\]\.noise\.every: must be longer than 0s/,
    );
  });
});

describe('a load that does nothing says so (nothing silent)', () => {
  const spec = (name: string) => ({
    target: { kind: 'Deployment', namespace: 'default', name },
    pattern: { kind: 'constant' as const, value: 5 },
  });
  it('warns of a load on an object that is not there, and of a load nothing measures', () => {
    const missing = runScenario(scenario().nodes(1).load(spec('nope')).until('30s').build());
    expect(missing.warnings).toEqual([
      'load on deployment/nope: no such object in namespace default at the end of the run; its load reached no pod while it was missing',
    ]);
    const unmeasured = runScenario(scenario().nodes(1).load(spec('web')).metricsServer(false).until('30s').build());
    expect(unmeasured.warnings).toEqual([
      'load on deployment/web is not measured: the scenario runs no metrics-server (metricsServer: false)',
    ]);
  });
});
