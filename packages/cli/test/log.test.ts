import { defaultControllers } from '@kubesim/controllers';
import {
  EventLog,
  type KubeObject,
  type LogEntry,
  type ParsedEntry,
  parseLog,
  Resolver,
  readLog,
  reduce,
  replay,
  Simulation,
  serializeEntry,
  stateHash,
} from '@kubesim/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/**
 * The event log on real runs (every default controller): written as format-2 JSONL, read
 * back and replayed, it rebuilds the live state at every instant, entry for entry.
 */

const NGINX_PROFILE = {
  match: '*',
  profile: {
    pull: { kind: 'uniform', min: 500, max: 1500 },
    start: { kind: 'uniform', min: 50, max: 150 },
    stop: { kind: 'uniform', min: 50, max: 150 },
  },
} as const;

function deployment(name: string, replicas: number, image: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image, resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
      },
    },
  } as KubeObject;
}

const STORAGE_CLASS = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
  provisioner: 'rancher.io/local-path',
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'WaitForFirstConsumer',
} as unknown as KubeObject;

const HEADLESS = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'db' },
  spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432, name: 'pg' }] },
} as unknown as KubeObject;

const STATEFULSET = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db' },
  spec: {
    serviceName: 'db',
    replicas: 2,
    selector: { matchLabels: { app: 'db' } },
    template: {
      metadata: { labels: { app: 'db' } },
      spec: {
        containers: [{ name: 'pg', image: 'postgres:16', volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql' }] }],
      },
    },
    volumeClaimTemplates: [
      { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    ],
  },
} as unknown as KubeObject;

const RC = {
  apiVersion: 'v1',
  kind: 'ReplicationController',
  metadata: { name: 'legacy' },
  spec: {
    replicas: 2,
    selector: { app: 'legacy' },
    template: { metadata: { labels: { app: 'legacy' } }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] } },
  },
} as unknown as KubeObject;

interface Scenario {
  readonly name: string;
  readonly build: (sim: Simulation) => void;
  readonly checkpoints: readonly number[];
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'a Deployment rolls out a new image, scales, and is deleted',
    build: (sim) => {
      sim.apply(deployment('web', 3, 'nginx:1.25'), 0);
      sim.patch(
        { kind: 'Deployment', namespace: 'default', name: 'web' },
        { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } } } },
        'strategic',
        '20s',
      );
      sim.scale({ kind: 'Deployment', namespace: 'default', name: 'web' }, 5, '40s');
      sim.label({ kind: 'Deployment', namespace: 'default', name: 'web' }, { tier: 'front' }, '50s');
      sim.delete({ kind: 'Deployment', namespace: 'default', name: 'web' }, { propagationPolicy: 'Foreground' }, '90s');
    },
    checkpoints: [1_000, 15_000, 25_000, 45_000, 95_000, 180_000],
  },
  {
    name: 'a StatefulSet with claims scales up, a node fails and its pods are evicted',
    build: (sim) => {
      sim.apply(STORAGE_CLASS, 0);
      sim.apply(HEADLESS, 0);
      sim.apply(STATEFULSET, 0);
      sim.apply(RC, 0);
      sim.scale({ kind: 'StatefulSet', namespace: 'default', name: 'db' }, 3, '30s');
      sim.failNode('n2', '60s');
      sim.scale({ kind: 'ReplicationController', namespace: 'default', name: 'legacy' }, 0, '70s');
    },
    checkpoints: [5_000, 35_000, 100_000, 200_000, 500_000],
  },
];

function simulation(seed: number, log?: EventLog): Simulation {
  return new Simulation({
    seed,
    controllers: defaultControllers(),
    nodes: ['n1', 'n2', 'n3'],
    imageProfiles: [NGINX_PROFILE],
    ...(log !== undefined ? { log } : {}),
  });
}

/** Folds parsed entries, checking each resolves to exactly the entry the run logged. */
function resolveAll(parsed: readonly ParsedEntry[], logged: readonly LogEntry[]): number {
  const resolver = new Resolver();
  let state = replay(parsed.slice(0, 1));
  let checked = 0;
  for (let i = 1; i < parsed.length; i++) {
    const full = resolver.resolve(state, parsed[i] as ParsedEntry);
    expect(serializeEntry(full)).toBe(serializeEntry(logged[i] as LogEntry));
    state = reduce(state, full).state;
    checked++;
  }
  return checked;
}

describe('the event log of real runs', () => {
  it.each(SCENARIOS)(
    '$name: the file replays to the live state hash at every checkpoint, entry for entry',
    ({ build, checkpoints }) => {
      const streamed: string[] = [];
      const log = new EventLog({ sink: (line) => streamed.push(line) });
      const sim = simulation(7, log);
      build(sim);
      const live: [number, string][] = [];
      for (const at of checkpoints) {
        sim.run(at);
        live.push([at, sim.stateHash()]);
      }
      const text = log.toJsonl();
      // What went to the sink as the run went is what the kept log writes later, byte for byte.
      expect(`${streamed.join('\n')}\n`).toBe(text);
      const parsed = parseLog(text, 'run.jsonl');
      expect(parsed).toHaveLength(log.length);
      for (const [at, hash] of live) {
        expect(stateHash(replay(parsed, { at }))).toBe(hash);
        expect(stateHash(replay(log.entries(), { at }))).toBe(hash);
      }
      expect(resolveAll(parsed, log.entries())).toBe(log.length - 1);
      // Read line by line, as `kubesim replay` reads a file.
      expect(stateHash(replay(readLog(text.split('\n'), 'run.jsonl')))).toBe(sim.stateHash());
    },
  );

  it('the same scenario and seed give a byte-identical file', () => {
    const scenario = SCENARIOS[0] as Scenario;
    const a = simulation(3);
    const b = simulation(3);
    scenario.build(a);
    scenario.build(b);
    a.run('3m');
    b.run('3m');
    expect(a.log.toJsonl()).toBe(b.log.toJsonl());
    expect(a.log.hash()).toBe(b.log.hash());
  });

  it('writes what changed: template pods, status updates, preconditions and events are small', () => {
    const sim = simulation(11);
    (SCENARIOS[0] as Scenario).build(sim);
    sim.run('2m');
    const lines = [...sim.log.lines()];
    const entries = sim.log.entries();
    const whole = (i: number) => serializeEntry(entries[i - 1] as LogEntry).length;
    const pick = (test: (e: LogEntry) => boolean) => {
      const i = entries.findLastIndex(test) + 1;
      expect(i).toBeGreaterThan(0);
      return { line: lines[i] as string, whole: whole(i) };
    };
    // A ReplicaSet's pod: a diff against the ReplicaSet's template.
    const pod = pick((e) => e.event.type === 'Create' && e.event.object.kind === 'Pod' && e.by === 'replicaset');
    // (Its key is the one the ReplicaSet controller was reconciling: the line need not say it.)
    expect(pod.line).toMatch(/^\{("t":\d+,)?"c":\d+,"Create":"Pod","from":"ReplicaSet","diff":\{/);
    expect(pod.line.length).toBeLessThan(pod.whole / 3);
    // The kubelet's status updates: a diff against the stored pod (and another pod's status).
    const status = pick((e) => e.event.type === 'UpdateStatus' && e.by === 'kubelet' && e.error === undefined);
    expect(status.line).toMatch(/^\{("t":\d+,)?"c":\d+,"UpdateStatus":"Pod",("like":\d+,)?"diff":\{"status":/);
    expect(status.line.length).toBeLessThan(status.whole / 3);
    // An Event the kubelet records about a pod: the pod's uid is the stored one's.
    const event = pick((e) => e.event.type === 'RecordEvent' && e.event.involved.kind === 'Pod');
    expect(event.line).toContain('"RecordEvent":"Pod"');
    expect(event.line).toContain('"uid":0');
    const total = lines.reduce((n, l) => n + l.length + 1, 0);
    const before = entries.reduce((n, e) => n + serializeEntry(e).length + 1, 0);
    expect(total).toBeLessThan(before / 4);
  });

  it('replays random runs: scales, image changes, node failures and deletes', () => {
    type Step =
      | { t: number; op: 'scale'; n: number }
      | { t: number; op: 'image'; v: string }
      | { t: number; op: 'fail' | 'recover'; node: string }
      | { t: number; op: 'delete' | 'apply' };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ t: fc.nat(60_000), op: fc.constant('scale' as const), n: fc.nat(5) }),
      fc.record({ t: fc.nat(60_000), op: fc.constant('image' as const), v: fc.constantFrom('1.25', '1.26', '1.27') }),
      fc.record({
        t: fc.nat(60_000),
        op: fc.constantFrom('fail' as const, 'recover' as const),
        node: fc.constantFrom('n1', 'n2'),
      }),
      fc.record({ t: fc.nat(60_000), op: fc.constantFrom('delete' as const, 'apply' as const) }),
    );
    fc.assert(
      fc.property(fc.integer(), fc.array(step, { maxLength: 8 }), fc.nat(90_000), (seed, steps, cut) => {
        const sim = simulation(seed);
        sim.apply(deployment('web', 2, 'nginx:1.25'), 0);
        const ref = { kind: 'Deployment', namespace: 'default', name: 'web' } as const;
        for (const s of [...steps].sort((a, b) => a.t - b.t)) {
          if (s.op === 'scale') sim.scale(ref, s.n, s.t);
          else if (s.op === 'image')
            sim.patch(
              ref,
              { spec: { template: { spec: { containers: [{ name: 'app', image: `nginx:${s.v}` }] } } } },
              'strategic',
              s.t,
            );
          else if (s.op === 'fail') sim.failNode(s.node, s.t);
          else if (s.op === 'recover') sim.recoverNode(s.node, s.t);
          else if (s.op === 'delete') sim.delete(ref, {}, s.t);
          else sim.apply(deployment('web', 3, 'nginx:1.25'), s.t);
        }
        sim.run(cut);
        const atCut = sim.stateHash();
        sim.run('3m');
        const parsed = parseLog(sim.log.toJsonl());
        expect(stateHash(replay(parsed, { at: cut }))).toBe(atCut);
        expect(stateHash(replay(parsed))).toBe(sim.stateHash());
      }),
      { numRuns: 15 },
    );
  });
});
