import { checkScenarioFile } from '@kubesim/scenarios/verify';
import { Bench } from 'tinybench';
import { completed, type FloorFigures } from './harness.js';
import type { Measurement } from './results.js';

/**
 * Property runs per second (issue 13): `kubesim check` over a 3-replica Deployment scenario —
 * a rolling update at 30 s, every invariant checked — each run under its own seed and a random
 * schedule of up to four faults (nodes failing and recovering, pods killed), run on for 10
 * simulated minutes after its last fault so the cluster settles. A run is a whole simulation
 * from nothing: load, run, check, hash. The ratio: the events/s of those runs over the bare
 * loop's events/s (the floor at 1k pods), i.e. runs/s over what the floor would manage for the
 * same events.
 */
const SCENARIO = `name: check bench
seed: 1
until: 3m
cluster: {nodes: 3}
images:
  - {match: "app:*", pull: "uniform(500ms, 1500ms)", start: "uniform(200ms, 800ms)", ready: "uniform(0s, 2s)", stop: 1s}
manifests:
  - name: web.yaml
    inline:
      - apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 3
          strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              terminationGracePeriodSeconds: 5
              containers: [{name: app, image: "app:v1", resources: {requests: {cpu: 100m, memory: 64Mi}}}]
steps:
  - {at: 0s, kubectl: apply -f web.yaml}
  - {at: 30s, kubectl: set image deployment/web app=app:v2}
invariants: [deployment-availability, deployment-surge, replicaset-convergence, eventual-convergence]
`;

const NO_FILES = {
  readFile: (name: string): string => {
    throw new Error(`the bench scenario reads no files (${name})`);
  },
};

export async function benchCheck(runs: number, floor: FloorFigures | undefined): Promise<Measurement[]> {
  let wallMs = 0;
  let events = 0;
  let done = 0;
  const bench = new Bench({ time: 0, iterations: 1, warmupIterations: 0 });
  bench.add(`check: ${runs} property runs of a 3-replica Deployment with faults`, () => {
    const t = performance.now();
    const r = checkScenarioFile(SCENARIO, 'check-bench.yaml', NO_FILES, {
      runs,
      seed: 13,
      faults: ['nodes', 'pods'],
      onReport: (report) => {
        events += report.events;
      },
    });
    wallMs = performance.now() - t;
    if (!r.ok) throw new Error(`check bench: a run failed: ${r.counterexample?.failure}`);
    done = r.runs;
  });
  await bench.run();
  completed(bench, 'check');
  const runsPerSec = done / (wallMs / 1000);
  const eventsPerSec = events / (wallMs / 1000);
  const label = '3-replica Deployment with faults';
  const ratio = floor === undefined || floor.eventsPerSec === 0 ? undefined : eventsPerSec / floor.eventsPerSec;
  return [
    {
      name: `check ${label}: property runs/s`,
      unit: 'ops/s',
      value: runsPerSec,
      medianMs: wallMs,
      ...(ratio ? { floor: ratio } : {}),
    },
    { name: `check ${label}: events/s`, unit: 'events/s', value: eventsPerSec, ...(ratio ? { floor: ratio } : {}) },
    { name: `check ${label}: events per run`, unit: 'count', value: events / done },
  ];
}
