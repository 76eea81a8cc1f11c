import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { type Io, main } from '../src/index.js';

/**
 * Issue 14's fuzz inputs for the command line: scenario documents (mostly the right shape,
 * with wrong types, bad quantities, names and durations, kubectl lines good and bad, anchors
 * and aliases) fed to `kubesim run`, and logs (a real run's, cut, reordered, edited, with
 * lines of random JSON) fed to `kubesim replay`, all in-process. The promise checked: an exit
 * code of 0, 1 or 2, one message and never a stack trace or an internal error, and no hang
 * (every run is bounded by `--until 20s`). A log a run wrote must replay to its state.
 * Used by test/fuzz.test.ts (a few seconds, in CI) and scripts/fuzz.ts (10,000 inputs).
 */

/** Mostly a good value, now and then a bad one: deep enough to run, wrong often enough to refuse. */
function mostly<T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 20, arbitrary: good }, { weight: 1, arbitrary: bad });
}

const quantity = mostly(
  fc.constantFrom('1', '500m', '2', '8Gi', '1e3', '1.5Gi'),
  fc.constantFrom('lots', '-1', '', 0, 2.5, null, '0x10'),
);

const name = mostly(
  fc.constantFrom('n1', 'n2', 'node-1', 'web', 'db.1'),
  fc.oneof(fc.constantFrom('Bad_Node!', '', 'a'.repeat(300)), fc.string({ maxLength: 8 })),
);

const nodeEntry = fc.record(
  { name, cpu: quantity, memory: quantity, pods: mostly(fc.nat(200), fc.constantFrom(-1, 'x', 2.5)) },
  { requiredKeys: ['name'] },
);

const nodes = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(2.5, '3', null, 'many', -1) },
  { weight: 4, arbitrary: fc.array(nodeEntry, { maxLength: 3 }) },
  {
    weight: 4,
    arbitrary: fc.record({
      count: mostly(fc.integer({ min: 0, max: 3 }), fc.constantFrom(-1, '2')),
      cpu: quantity,
      memory: quantity,
    }),
  },
);

const count = mostly(fc.nat(12), fc.constantFrom('-1', '2.5', 'x', '1e2', '007'));
const object = mostly(fc.constantFrom('web', 'db', 'x'), fc.constantFrom('Bad_Name', ''));

const kubectl = fc.oneof(
  fc.tuple(object, count).map(([n, r]) => `create deployment ${n} --image=nginx:1.25 --replicas=${r}`),
  fc.tuple(object, count).map(([n, r]) => `scale deployment/${n} --replicas=${r}`),
  fc.tuple(object, count).map(([n, r]) => `scale statefulset ${n} --replicas=${r}`),
  fc.constantFrom(
    'get pods',
    'get pods -o wide',
    'get deployments -o yaml',
    'get rs --show-labels',
    'get nodes',
    'get pods -l app=web',
    'get pods -l "app in (web"',
    'describe deployment/web',
    'describe pod nope',
    'delete deployment web',
    'delete pods --all',
    'rollout status deployment/web',
    'rollout history deployment/web',
    'rollout undo deployment/web',
    'rollout restart deployment/web',
    'set image deployment/web nginx=nginx:1.26',
    'set image deployment/web nope=x',
    'label pods --all tier=front',
    'label pods --all "bad key"=x',
    'cordon n1',
    'uncordon node-1',
    'drain node-1 --ignore-daemonsets --delete-emptydir-data',
    'taint nodes node-1 k=v:NoSchedule',
    'taint nodes node-1 k:Bogus',
    'run one --image=busybox',
    'events',
    'apply -f missing.yaml',
    'apply -f /etc/hostname',
    'edit deployment web',
    '',
    "get pods 'unterminated",
  ),
  fc.string({ maxLength: 30 }),
);

const at = mostly(fc.constantFrom('0s', '1s', '5s', '15s', '1m'), fc.constantFrom('soon', 3, '-1s', null));

const faultStep = fc.oneof(
  fc.record({ nodeFails: name }),
  fc.record({ nodeRecovers: name }),
  fc.record({ nodeJoins: nodeEntry }),
  fc.record({ podKilled: fc.oneof(name, fc.record({ selector: fc.constantFrom('app=web', 'app in (', '') })) }),
  fc.record({ containerCrashes: fc.record({ pod: name, exitCode: fc.oneof(fc.integer(), fc.constant<unknown>('x')) }) }),
);

const step = fc.oneof(
  { weight: 4, arbitrary: fc.record({ at, kubectl }) },
  { weight: 1, arbitrary: fc.record({ at, fault: faultStep }) },
);

const manifestInline = mostly(
  fc.constant({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
    },
  }),
  fc.constantFrom<unknown>(
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2.5 } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { password: 'aHVudGVyMg==' } },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: 'lots' } } }] },
    },
    'kind: [',
    [],
  ),
);

const scenarioObject = fc.record(
  {
    name: fc.string({ maxLength: 10 }),
    seed: mostly(fc.oneof(fc.nat(), fc.string({ minLength: 1, maxLength: 5 })), fc.constantFrom('042', 0.5, null, true)),
    until: mostly(fc.constantFrom('10s', '1m', '0s'), fc.constantFrom('-5s', 'lots', 5, null)),
    maxEvents: mostly(fc.nat(3000), fc.constantFrom(-1, 2.5, 'x', 0)),
    cluster: fc.record({ nodes }, { requiredKeys: [] }),
    images: fc.array(
      fc.record({
        match: fc.constantFrom('*', 'nginx:*'),
        pull: mostly(fc.constantFrom('1s', 'lognormal(2s, 0.3)'), fc.constantFrom('uniform(1s)', 'x', '')),
      }),
      { maxLength: 2 },
    ),
    manifests: fc.array(
      fc.record({ name: mostly(fc.constantFrom('m.yaml', 'web.yaml'), fc.constant('')), inline: manifestInline }),
      {
        maxLength: 2,
      },
    ),
    steps: fc.array(step, { maxLength: 5 }),
    invariants: fc.array(fc.constantFrom('eventual-convergence', 'deployment-surge', 'replicaset-convergence', 'nope'), {
      maxLength: 2,
    }),
  },
  { requiredKeys: [] },
);

/** A scenario file's text: JSON (which YAML reads), YAML with anchors, or any text. */
export const scenarioText: fc.Arbitrary<string> = fc.oneof(
  { weight: 20, arbitrary: scenarioObject.map((o) => JSON.stringify(o, null, 1)) },
  { weight: 1, arbitrary: scenarioObject.map((o) => JSON.stringify({ ...o, oops: 1 })) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.nat(6), fc.nat(6)).map(([depth, width]) => {
      let s = 'a0: &a0 [x]\n';
      for (let i = 1; i <= depth; i++)
        s += `a${i}: &a${i} [${Array(width + 1)
          .fill(`*a${i - 1}`)
          .join(',')}]\n`;
      return `${s}until: 5s\n`;
    }),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'seed: 042\n',
      'until: 1m\nsteps: *nope\n',
      '---\nname: a\n---\nname: b\n',
      'cluster: {nodes: 1e9999}\n',
    ),
  },
);

/** A line a log could hold: an event type keyed to random JSON, or any JSON, or any text. */
const EVENT_TYPES = [
  'Start',
  'Create',
  'Update',
  'UpdateStatus',
  'Apply',
  'Patch',
  'Scale',
  'Delete',
  'Bind',
  'Evict',
  'RecordEvent',
  'NodeAdded',
  'NodeFails',
  'NodeRecovers',
  'ContainerCrash',
  'MetricSample',
  'SetImageProfile',
  'Reconcile',
  'Frobnicate',
];
const json = fc.jsonValue({ maxDepth: 3 });
const logLine = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record(
        {
          type: fc.constantFrom(...EVENT_TYPES),
          value: fc.oneof(json, fc.constantFrom('Pod', 'Deployment', 'ReplicaSet', 'Node', 'kubelet')),
          t: fc.oneof(fc.integer({ min: -5, max: 100 }), fc.constant<unknown>('x')),
          seq: fc.integer({ min: -2, max: 200 }),
          c: fc.integer({ min: -2, max: 50 }),
          key: fc.constantFrom('default/web', 'n1', 'default/web-abc', ''),
          from: fc.constantFrom<unknown>('Deployment', 'last', 'deleted', 'Nope', 3),
          like: fc.integer({ min: -1, max: 10 }),
          diff: json,
          uid: fc.constantFrom<unknown>(0, 'u', null),
          error: json,
          kubesim: fc.constantFrom<unknown>('end', 'event-log'),
        },
        { requiredKeys: ['type', 'value'] },
      )
      .map(({ type, value, ...rest }) => JSON.stringify({ ...rest, [type]: value })),
  },
  { weight: 1, arbitrary: json.map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

export type LogMutation =
  | { op: 'cut'; at: number }
  | { op: 'drop' | 'duplicate'; line: number }
  | { op: 'swap'; line: number; other: number }
  | { op: 'replace' | 'insert'; line: number; text: string }
  | { op: 'flip'; at: number; char: string };

export const logMutation: fc.Arbitrary<LogMutation[]> = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({ op: fc.constantFrom('drop' as const, 'duplicate' as const), line: fc.nat() }),
    fc.record({ op: fc.constant('swap' as const), line: fc.nat(), other: fc.nat() }),
    fc.record({ op: fc.constantFrom('replace' as const, 'insert' as const), line: fc.nat(), text: logLine }),
    fc.record({ op: fc.constant('flip' as const), at: fc.nat(), char: fc.string({ minLength: 1, maxLength: 1 }) }),
  ),
  { minLength: 0, maxLength: 3 },
);

export const replayArgs: fc.Arbitrary<string[]> = fc
  .tuple(
    fc.subarray(['--partial', '--json']),
    fc.option(fc.constantFrom('1s', '0s', '-1s', 'x', '1h')),
    fc.option(
      fc.constantFrom(
        'get pods',
        'get deployments -o yaml',
        'describe deployment/web',
        'events',
        'rollout status deployment/web',
        'rollout history deployment/web',
        'scale deployment/web --replicas=2',
        'get',
      ),
    ),
  )
  .map(([flags, at, command]) => [
    ...flags,
    ...(at === null ? [] : ['--at', at]),
    ...(command === null ? [] : command.split(' ')),
  ]);

/** Applies the mutations to a log's text. */
export function mutate(text: string, mutations: readonly LogMutation[]): string {
  let s = text;
  for (const m of mutations) {
    const lines = s.split('\n');
    const pick = (n: number): number => (lines.length === 0 ? 0 : n % lines.length);
    switch (m.op) {
      case 'cut':
        s = s.slice(0, s.length === 0 ? 0 : m.at % s.length);
        continue;
      case 'flip': {
        const i = s.length === 0 ? 0 : m.at % s.length;
        s = `${s.slice(0, i)}${m.char}${s.slice(i + 1)}`;
        continue;
      }
      case 'drop':
        lines.splice(pick(m.line), 1);
        break;
      case 'duplicate':
        lines.splice(pick(m.line), 0, lines[pick(m.line)] ?? '');
        break;
      case 'swap': {
        const a = pick(m.line);
        const b = pick(m.other);
        [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
        break;
      }
      case 'replace':
        lines[pick(m.line)] = m.text;
        break;
      case 'insert':
        lines.splice(pick(m.line), 0, m.text);
        break;
    }
    s = lines.join('\n');
  }
  return s;
}

export interface Outcome {
  readonly code: number;
  readonly err: string;
  readonly ms: number;
}

/** What the promise forbids in an outcome, or undefined when it holds. */
export function fault(o: Outcome, limitMs = 20_000): string | undefined {
  if (![0, 1, 2].includes(o.code)) return `exit ${o.code}`;
  if (/^\s+at /m.test(o.err)) return 'a stack trace';
  if (o.err.includes('internal error')) return 'an internal error';
  if (o.ms > limitMs) return `took ${Math.round(o.ms)}ms`;
  return undefined;
}

/** A folder for one fuzz session, and the command run in it with its output kept. */
export class Bench {
  readonly dir: string = mkdtempSync(join(tmpdir(), 'kubesim-fuzz-'));

  kubesim(args: readonly string[]): Outcome & { out: string } {
    let out = '';
    let err = '';
    const io: Io = {
      cwd: this.dir,
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s), isTTY: false },
      resolve: (p: string) => (p.startsWith('/') ? p : join(this.dir, p)),
    };
    const started = performance.now();
    const code = main(args, io);
    return { code, out, err, ms: performance.now() - started };
  }

  write(name: string, text: string): void {
    writeFileSync(join(this.dir, name), text);
  }

  read(name: string): string {
    return readFileSync(join(this.dir, name), 'utf8');
  }

  /** Runs a scenario text with a log; when it ran, its log must replay to the run's state. */
  runScenario(text: string): { outcome: Outcome; problem?: string } {
    this.write('s.yaml', text);
    rmSync(join(this.dir, 'run.jsonl'), { force: true });
    const run = this.kubesim(['run', 's.yaml', '--until', '20s', '--log', 'run.jsonl', '--json']);
    const problem = fault(run);
    if (problem !== undefined || run.code === 2) return { outcome: run, ...(problem !== undefined ? { problem } : {}) };
    const facts = JSON.parse(run.out) as { stateHash: string };
    const replayed = this.kubesim(['replay', 'run.jsonl', '--json']);
    if (replayed.code !== 0) return { outcome: run, problem: `its log does not replay: ${replayed.err.trim()}` };
    if (JSON.parse(replayed.out).stateHash !== facts.stateHash)
      return { outcome: run, problem: 'its log replays to another state' };
    return { outcome: run };
  }

  /** Replays a mutated log. */
  replayLog(text: string, args: readonly string[]): { outcome: Outcome; problem?: string } {
    this.write('x.jsonl', text);
    const outcome = this.kubesim(['replay', 'x.jsonl', ...args]);
    const problem = fault(outcome);
    return { outcome, ...(problem !== undefined ? { problem } : {}) };
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The log of a small run, to mutate. */
export const BASE_SCENARIO = `name: base
seed: 3
until: 30s
cluster:
  nodes: 2
steps:
  - at: 0s
    kubectl: create deployment web --image=nginx:1.25 --replicas=3
  - at: 10s
    kubectl: set image deployment/web nginx=nginx:1.26
  - at: 20s
    kubectl: scale deployment/web --replicas=1
`;
