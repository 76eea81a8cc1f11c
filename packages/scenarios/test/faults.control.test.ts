import { defaultControllers } from '@kubesim/controllers';
import {
  type ControlFaultEvent,
  type ImageProfileRule,
  isControlFault,
  type KubeObject,
  type Pod,
  parseLog,
  replay,
  Simulation,
  stateHash,
} from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { createInvariants, INVARIANT_NAMES } from '../src/index.js';

/**
 * Real controllers under each control-plane fault (issue 13): the built-in invariants raise no
 * alarm, the workload still gets where it was asked to go, and the log replays to the run's
 * state. The faults hit the workload's own controller from 1s to 20s; the run goes on to 3m.
 */
const IMAGES: ImageProfileRule[] = [
  { match: 'worker:*', profile: { pull: { kind: 'fixed', value: 500 }, runFor: { kind: 'fixed', value: 3000 }, exitCode: 0 } },
  { match: '*', profile: { pull: { kind: 'fixed', value: 800 }, start: { kind: 'fixed', value: 300 } } },
];

const template = (app: string, image: string) => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: 'c', image }] },
});

interface Workload {
  readonly name: string;
  /** The controllers the faults hit. */
  readonly controllers: readonly string[];
  readonly objects: readonly KubeObject[];
  /** What the user does during the run. */
  readonly act: (sim: Simulation) => void;
  /** Where it must have got to. */
  readonly converged: (sim: Simulation) => void;
}

const live = (sim: Simulation, app: string): Pod[] =>
  sim.list('Pod').filter((p) => p.metadata.labels?.app === app && p.metadata.deletionTimestamp === undefined);

const WORKLOADS: readonly Workload[] = [
  {
    name: 'Deployment rollout',
    controllers: ['deployment', 'replicaset'],
    objects: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: template('web', 'nginx:1.25') },
      } as KubeObject,
    ],
    act: (sim) =>
      sim.patch({ kind: 'Deployment', name: 'web' }, { spec: { template: template('web', 'nginx:1.26') } }, 'merge', '4s'),
    converged: (sim) => {
      const d = sim.get('Deployment', 'web');
      expect(d?.status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3, readyReplicas: 3 });
      const pods = live(sim, 'web');
      expect(pods.map((p) => p.spec.containers[0]?.image)).toEqual(['nginx:1.26', 'nginx:1.26', 'nginx:1.26']);
    },
  },
  {
    name: 'ReplicaSet scale',
    controllers: ['replicaset'],
    objects: [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'rs' },
        spec: { replicas: 2, selector: { matchLabels: { app: 'rs' } }, template: template('rs', 'nginx:1.25') },
      } as KubeObject,
    ],
    act: (sim) => {
      sim.scale({ kind: 'ReplicaSet', name: 'rs' }, 5, '3s');
      sim.scale({ kind: 'ReplicaSet', name: 'rs' }, 1, '9s');
      sim.scale({ kind: 'ReplicaSet', name: 'rs' }, 3, '15s');
    },
    converged: (sim) => {
      expect(sim.get('ReplicaSet', 'rs')?.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3 });
      expect(live(sim, 'rs')).toHaveLength(3);
    },
  },
  {
    name: 'StatefulSet rolling update',
    controllers: ['statefulset'],
    objects: [
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'db' },
        spec: {
          replicas: 3,
          serviceName: 'db',
          selector: { matchLabels: { app: 'db' } },
          template: template('db', 'nginx:1.25'),
        },
      } as KubeObject,
    ],
    act: (sim) =>
      sim.patch({ kind: 'StatefulSet', name: 'db' }, { spec: { template: template('db', 'nginx:1.26') } }, 'merge', '6s'),
    converged: (sim) => {
      const s = sim.get('StatefulSet', 'db');
      expect(s?.status).toMatchObject({ replicas: 3, readyReplicas: 3, updatedReplicas: 3 });
      expect(live(sim, 'db').map((p) => `${p.metadata.name} ${p.spec.containers[0]?.image}`)).toEqual([
        'db-0 nginx:1.26',
        'db-1 nginx:1.26',
        'db-2 nginx:1.26',
      ]);
    },
  },
  {
    name: 'Job',
    controllers: ['job'],
    objects: [
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'work' },
        spec: {
          completions: 4,
          parallelism: 2,
          template: { spec: { containers: [{ name: 'w', image: 'worker:1' }], restartPolicy: 'Never' } },
        },
      } as KubeObject,
    ],
    act: () => {},
    converged: (sim) => {
      const j = sim.get('Job', 'work');
      expect(j?.status?.succeeded).toBe(4);
      expect(j?.status?.conditions?.map((c) => c.type)).toContain('Complete');
    },
  },
];

/** Each fault, for the controllers a workload names. */
const FAULTS: Readonly<Record<string, (c: string) => [string, ControlFaultEvent][]>> = {
  'informer lag 2s': (c) => [
    ['1s', { type: 'ControllerLag', controller: c, lag: 2000 }],
    ['20s', { type: 'ControllerLag', controller: c, lag: 0 }],
  ],
  'informer lag 3 events': (c) => [
    ['1s', { type: 'ControllerLag', controller: c, events: 3 }],
    ['20s', { type: 'ControllerLag', controller: c }],
  ],
  'restart mid-run': (c) => [['5s', { type: 'ControllerRestart', controller: c, delay: 2000 }]],
  'restart at the sync': (c) => [['4020ms', { type: 'ControllerRestart', controller: c }]],
  'restart with a stale relist': (c) => [['7s', { type: 'ControllerRestart', controller: c, delay: 500, relistLag: 4000 }]],
  'watch drop': (c) => [
    ['2s', { type: 'WatchFault', controller: c, kind: 'Pod', mode: 'drop', until: 6000 }],
    ['9s', { type: 'WatchFault', controller: c, mode: 'drop' }],
  ],
  'watch delay': (c) => [['1s', { type: 'WatchFault', controller: c, kind: 'Pod', mode: 'delay', delay: 1500, until: 20_000 }]],
  'watch duplicate': (c) => [['1s', { type: 'WatchFault', controller: c, mode: 'duplicate', delay: 5, until: 20_000 }]],
  ...Object.fromEntries(
    (['Conflict', 'InternalError', 'Timeout', 'Rejected'] as const).map((error) => [
      `API ${error} 30%`,
      (c: string): [string, ControlFaultEvent][] => [
        ['1s', { type: 'ApiFaults', controller: c, error, probability: 0.3, until: 20_000 }],
      ],
    ]),
  ),
};

function run(w: Workload, fault: string, seed: number): Simulation {
  const sim = new Simulation({
    seed,
    controllers: defaultControllers(),
    imageProfiles: IMAGES,
    nodes: ['node-1', 'node-2'],
    objects: [...w.objects],
    invariants: createInvariants(INVARIANT_NAMES),
  });
  for (const c of w.controllers)
    for (const [at, e] of (FAULTS[fault] as (c: string) => [string, ControlFaultEvent][])(c)) sim.inject(e, at);
  w.act(sim);
  sim.run('3m');
  return sim;
}

const SEED = Number(process.env.FAULTS_SEED ?? 1);

describe('real controllers under control-plane faults', () => {
  for (const w of WORKLOADS) {
    describe(w.name, () => {
      for (const fault of Object.keys(FAULTS)) {
        it(`${fault}: no invariant alarm, converges, replays`, () => {
          const sim = run(w, fault, SEED);
          expect(sim.engine.violations.map((v) => `${v.invariant}: ${v.message}`)).toEqual([]);
          w.converged(sim);
          expect(stateHash(replay(parseLog(sim.log.toJsonl())))).toBe(sim.stateHash());
        });
      }
    });
  }

  it('the faults did something: each changes the run', () => {
    const w = WORKLOADS[0] as Workload;
    const base = new Simulation({
      seed: 1,
      controllers: defaultControllers(),
      imageProfiles: IMAGES,
      nodes: ['node-1', 'node-2'],
      objects: [...w.objects],
    });
    w.act(base);
    base.run('3m');
    // What the controllers did and when, the fault events themselves left out.
    const story = (s: Simulation): string =>
      s.log
        .entries()
        .filter((e) => !isControlFault(e.event))
        .map((e) => `${e.time} ${e.by} ${e.event.type} ${e.error?.reason ?? ''}`)
        .join('\n');
    const plain = story(base);
    for (const fault of Object.keys(FAULTS)) {
      expect({ fault, differs: story(run(w, fault, 1)) !== plain }).toEqual({ fault, differs: true });
    }
  });
});

describe('replicaset-convergence across a controller restart', () => {
  const rs = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'rs' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'rs' } }, template: template('rs', 'nginx:1.25') },
  } as KubeObject;

  it('allows what upstream allows: the old process create lands after the new one listed, which creates again', () => {
    // Seed 10: the ReplicaSet controller restarts at 4020ms with the new set's first create on
    // the wire; the new process lists without it and creates a second pod, then deletes one.
    const sim = run(WORKLOADS[0] as Workload, 'restart at the sync', 10);
    const extra = sim.log
      .entries()
      .filter((e) => e.by === 'replicaset' && e.event.type === 'Delete' && e.time > 4020 && e.time < 5000);
    expect(extra).toHaveLength(1);
    expect(sim.engine.violations).toEqual([]);
  });

  it('still catches a pod beyond the count after the restart has played out', () => {
    const sim = new Simulation({
      seed: 1,
      controllers: defaultControllers(),
      imageProfiles: IMAGES,
      nodes: ['node-1'],
      objects: [rs],
      invariants: createInvariants(['replicaset-convergence']),
    });
    sim.inject({ type: 'ControllerRestart', controller: 'replicaset', delay: 1000 }, '5s');
    sim.run('20s');
    expect(sim.engine.violations).toEqual([]);
    const owner = sim.get('ReplicaSet', 'rs');
    sim.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'extra',
        labels: { app: 'rs' },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: owner?.metadata.uid ?? '', controller: true },
        ],
      },
      spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
    } as KubeObject);
    sim.run('21s');
    expect(sim.engine.violations.map((v) => v.message)).toEqual(['replicaset/rs has 3 active pods, more than its 2 replicas']);
  });
});
