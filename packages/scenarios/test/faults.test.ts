import { describe, expect, it } from 'vitest';
import { describeFault, type Fault, loadScenario, runScenario, type Scenario, scenario } from '../src/index.js';

/**
 * The `fault:` syntax of issue 13: node faults (kubeletRestart, nodePartition(+Heals),
 * clockSkew) and control-plane faults (controllerLag, controllerRestart, watchFault,
 * apiFaults), each loaded into the model, described in the timeline, turned into its world
 * event, and refused with the file, line and field when it is written wrong.
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

const withSteps = (...steps: string[]): string =>
  ['cluster:', '  nodes: 2', 'steps:', ...steps.map((s) => `  - ${s}`), 'until: 3m', ''].join('\n');

const faultsOf = (s: Scenario): Fault[] => s.steps.flatMap((st) => ('fault' in st ? [st.fault] : []));

describe('fault syntax: node faults', () => {
  it('loads each form into the model', () => {
    const s = load(
      withSteps(
        '{at: 10s, fault: {kubeletRestart: node-1}}',
        '{at: 11s, fault: {kubeletRestart: {node: node-2, downtime: 1m}}}',
        '{at: 20s, fault: {nodePartition: node-1}}',
        '{at: 80s, fault: {nodePartitionHeals: node-1}}',
        '{at: 90s, fault: {nodePartition: {node: node-2, duration: 30s}}}',
        '{at: 30s, fault: {clockSkew: {node: node-1, skew: -1m30s}}}',
      ),
    );
    expect(faultsOf(s)).toEqual([
      { type: 'kubeletRestart', node: 'node-1' },
      { type: 'kubeletRestart', node: 'node-2', downtime: 60_000 },
      { type: 'nodePartition', node: 'node-1' },
      { type: 'clockSkew', node: 'node-1', skew: -90_000 },
      { type: 'nodePartitionHeals', node: 'node-1' },
      { type: 'nodePartition', node: 'node-2', duration: 30_000 },
      // A partition with a duration puts its heal on the timeline.
      { type: 'nodePartitionHeals', node: 'node-2' },
    ]);
    expect(s.steps.at(-1)?.at).toBe(120_000);
  });

  it('describes them in the timeline', () => {
    expect(describeFault({ type: 'kubeletRestart', node: 'node-1', downtime: 30_000 })).toBe(
      'the kubelet of node node-1 restarts (down 30s)',
    );
    expect(describeFault({ type: 'nodePartition', node: 'node-1', duration: 120_000 })).toBe(
      'node node-1 is cut off from the API server for 2m0s',
    );
    expect(describeFault({ type: 'nodePartitionHeals', node: 'node-1' })).toBe('the partition of node node-1 heals');
    expect(describeFault({ type: 'clockSkew', node: 'node-2', skew: -5000 })).toBe('the clock of node node-2 reads -5s');
    expect(describeFault({ type: 'clockSkew', node: 'node-2', skew: 0 })).toBe('the clock of node node-2 is right again');
  });

  it('runs them as world events in the log', () => {
    const report = runScenario(
      load(
        withSteps(
          '{at: 10s, fault: {kubeletRestart: {node: node-1, downtime: 5s}}}',
          '{at: 20s, fault: {nodePartition: {node: node-2, duration: 1m}}}',
          '{at: 30s, fault: {clockSkew: {node: node-1, skew: 2s}}}',
        ),
      ),
    );
    expect(report.steps.map((s) => [s.step, s.exitCode])).toEqual([
      ['the kubelet of node node-1 restarts (down 5s)', 0],
      ['node node-2 is cut off from the API server for 1m0s', 0],
      ['the clock of node node-1 reads +2s', 0],
      ['the partition of node node-2 heals', 0],
    ]);
  });

  it('kubectl describe node shows the lease as the API server has it: no renewal since the partition', () => {
    const report = runScenario(
      load(withSteps('{at: 55s, fault: {nodePartition: node-1}}', '{at: 90s, kubectl: describe node node-1}')),
    );
    const out = report.steps[1]?.stdout ?? '';
    expect(out).toMatch(/RenewTime:\s+Thu, 01 Jan 2026 00:00:50 \+0000/);
  });

  it('a fault on a node that is not there fails its step', () => {
    const report = runScenario(load(withSteps('{at: 10s, fault: {nodePartition: node-9}}')));
    expect(report.steps[0]?.exitCode).not.toBe(0);
    expect(report.steps[0]?.stderr).toContain('node "node-9" is not part of the cluster');
  });
});

describe('fault syntax: control-plane faults', () => {
  it('loads each form and maps it to the event of the plan', () => {
    const s = load(
      withSteps(
        '{at: 10s, fault: {controllerLag: {controller: deployment, lag: 5s}}}',
        '{at: 11s, fault: {controllerLag: {controller: replicaset, events: 3}}}',
        '{at: 12s, fault: {controllerRestart: statefulset}}',
        '{at: 13s, fault: {watchFault: {controller: replicaset, kind: Pod, mode: delay, delay: 2s, duration: 30s}}}',
        '{at: 14s, fault: {apiFaults: {controller: deployment, verb: update, error: Conflict, probability: 0.5, duration: 1m}}}',
        '{at: 15s, fault: {apiFaults: {error: Timeout, count: 2}}}',
      ),
    );
    expect(faultsOf(s)).toEqual([
      { type: 'controllerLag', controller: 'deployment', lag: 5000 },
      { type: 'controllerLag', controller: 'replicaset', events: 3 },
      { type: 'controllerRestart', controller: 'statefulset' },
      { type: 'watchFault', controller: 'replicaset', kind: 'Pod', mode: 'delay', delay: 2000, duration: 30_000 },
      {
        type: 'apiFaults',
        controller: 'deployment',
        verb: 'update',
        error: 'Conflict',
        probability: 0.5,
        duration: 60_000,
      },
      { type: 'apiFaults', error: 'Timeout', count: 2 },
    ]);
    expect(faultsOf(s).map(describeFault)).toEqual([
      'controller deployment lags 5s behind',
      'controller replicaset lags 3 event(s) behind',
      'controller statefulset restarts',
      'watch events to replicaset (Pod) are delayed 2s for 30s',
      '50% of update writes by deployment fail (Conflict) for 1m0s',
      'the next 2 writes by every controller fail (Timeout)',
    ]);
    // The runner turns a duration into the event's `until`, counted from the step.
    const report = runScenario(s, { log: () => {} });
    expect(report.steps.every((st) => st.exitCode === 0)).toBe(true);
  });

  it("takes faultsctl's extra fields: a restart's delay and relistLag, a write fault's message", () => {
    const s = load(
      withSteps(
        '{at: 10s, fault: {controllerRestart: {controller: deployment, delay: 2s, relistLag: 30s}}}',
        '{at: 11s, fault: {apiFaults: {error: Rejected, kind: Pod, verb: create, message: denied by policy}}}',
      ),
    );
    expect(faultsOf(s)).toEqual([
      { type: 'controllerRestart', controller: 'deployment', delay: 2000, relistLag: 30_000 },
      { type: 'apiFaults', kind: 'Pod', verb: 'create', error: 'Rejected', message: 'denied by policy' },
    ]);
    expect(describeFault(faultsOf(s)[0] as Fault)).toBe('controller deployment restarts (down 2s), relisting 30s behind');
  });

  it('puts the events in the log with until counted from the step', () => {
    const lines: string[] = [];
    runScenario(load(withSteps('{at: 13s, fault: {watchFault: {mode: drop, duration: 30s}}}')), {
      log: (line: string) => lines.push(line),
    });
    const line = lines.find((l) => l.includes('WatchFault'));
    expect(line).toContain('"mode":"drop"');
    expect(line).toContain('"until":43000');
  });
});

describe('fault syntax: errors name the file, line and field', () => {
  it.each([
    ['{at: 1s, fault: {clockSkew: {node: node-1}}}', 'steps[0].fault.clockSkew.skew'],
    ['{at: 1s, fault: {clockSkew: {node: node-1, skew: soon}}}', 'not a duration'],
    ['{at: 1s, fault: {kubeletRestart: {node: node-1, downtime: -5s}}}', 'not a duration of 0 or more'],
    ['{at: 1s, fault: {nodePartition: {node: node-1, for: 5s}}}', 'for'],
    ['{at: 1s, fault: {controllerRestart: deploymnet}}', 'unknown controller "deploymnet"; kubesim runs'],
    ['{at: 1s, fault: {controllerLag: {controller: deployment}}}', 'give lag or events'],
    ['{at: 1s, fault: {watchFault: {mode: lose}}}', 'steps[0].fault.watchFault.mode'],
    ['{at: 1s, fault: {watchFault: {mode: drop, kind: Pods}}}', 'unknown kind "Pods"'],
    ['{at: 1s, fault: {apiFaults: {error: Conflict, probability: 2}}}', 'steps[0].fault.apiFaults.probability'],
    ['{at: 1s, fault: {apiFaults: {error: Gone}}}', 'steps[0].fault.apiFaults.error'],
    ['{at: 1s, fault: {kubeletRestart: node-1, nodePartitionHeals: node-1}}', 'a fault names exactly one of'],
  ])('%s', (step, message) => {
    const error = loadError(withSteps(step));
    expect(error).toContain('scenario.yaml:4');
    expect(error).toContain(message);
  });

  it('the builder takes the model directly', () => {
    const s = scenario()
      .nodes(1)
      .fault('5s', { type: 'nodePartition', node: 'node-1', duration: 10_000 })
      .fault('6s', { type: 'clockSkew', node: 'node-1', skew: 1000 })
      .build();
    expect(s.steps.map((st) => st.at)).toEqual([5000, 6000, 15_000]);
  });
});
