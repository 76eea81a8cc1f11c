import { parseLog, replay, stateHash } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../src/index.js';

/**
 * The control-plane faults written in a scenario file reach the engine: each is a line of the
 * timeline and an event of the log, the failing writes are refused in the log as the API
 * server refused them, the workload still converges, and the log replays to the same state.
 */
const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: nginx
          image: nginx:1.14.2
`;

const SCENARIO = `name: control-plane faults
seed: "7"
cluster:
  nodes: 3
steps:
  - at: 1s
    kubectl: apply -f web.yaml
  - at: 5s
    fault: {controllerLag: {controller: deployment, lag: 3s}}
  - at: 10s
    fault: {apiFaults: {error: Conflict, controller: replicaset, verb: create, count: 2}}
  - at: 12s
    kubectl: scale deployment web --replicas=6
  - at: 20s
    fault: {controllerRestart: replicaset}
  - at: 25s
    fault: {watchFault: {mode: drop, controller: deployment, kind: ReplicaSet, duration: 5s}}
  - at: 30s
    kubectl: set image deployment/web nginx=nginx:1.16.1
until: 3m
invariants: [deployment-availability, deployment-surge, replicaset-convergence, eventual-convergence]
`;

describe('control-plane faults from a scenario file', () => {
  const lines: string[] = [];
  const report = runScenario(
    loadScenario(SCENARIO, 'scenario.yaml', {
      readFile: (name) => {
        if (name === 'web.yaml') return MANIFEST;
        throw new Error(`no file ${name}`);
      },
    }),
    { log: (line) => lines.push(line) },
  );

  it('puts each fault on the timeline and in the log', () => {
    const timeline = report.timeline.map((l) => (l.kind === 'fault' ? l.text : '')).join('\n');
    expect(timeline).toContain('controller deployment lags 3s behind');
    expect(timeline).toContain('the next 2 create writes by replicaset fail (Conflict)');
    expect(timeline).toContain('controller replicaset restarts');
    expect(timeline).toContain('watch events to deployment (ReplicaSet) are dropped for 5s');
    for (const type of ['ControllerLag', 'ApiFaults', 'ControllerRestart', 'WatchFault']) {
      expect(lines.some((l) => l.includes(`"${type}"`))).toBe(true);
    }
  });

  it('refuses exactly the faulted creates, with the API server’s Conflict', () => {
    const refused = lines.filter((l) => l.includes('"fault"'));
    expect(refused).toHaveLength(2);
    for (const l of refused) {
      expect(l).toContain('"Create":"Pod"');
      expect(l).toContain('"reason":"Conflict"');
    }
  });

  it('converges with every invariant holding, and replays to the same state', () => {
    expect(report.invariants.map((i) => [i.name, i.holds])).toEqual([
      ['deployment-availability', true],
      ['deployment-surge', true],
      ['replicaset-convergence', true],
      ['eventual-convergence', true],
    ]);
    expect(report.tables).toMatch(/web\s+6\/6\s+6\s+6/);
    expect(stateHash(replay(parseLog(lines.join('\n'))))).toBe(report.stateHash);
  });
});
