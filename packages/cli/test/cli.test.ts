import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { AtomicFile, main } from '../src/index.js';
import { io } from './capture.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubesim-cli-'));
});

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
`;

describe('kubesim run', () => {
  it('prints one JSON object with the run facts, and the same seed gives the same log', () => {
    const a = io();
    expect(main(['run', 'examples/nginx-deployment/rolling-update.yaml', '--json'], a)).toBe(0);
    const first = JSON.parse(a.out);
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining(['seed', 'events', 'simulatedMs', 'logHash', 'stateHash', 'invariants']),
    );
    expect(first.seed).toBe('42');
    expect(first.simulatedMs).toBe(120_000);
    expect(first.invariants.map((i: { name: string; holds: boolean }) => [i.name, i.holds])).toEqual([
      ['deployment-availability', true],
      ['deployment-surge', true],
      ['replicaset-convergence', true],
      ['eventual-convergence', true],
    ]);
    const again = io();
    main(['run', 'examples/nginx-deployment/rolling-update.yaml', '--json'], again);
    expect(JSON.parse(again.out).logHash).toBe(first.logHash);
    const other = io();
    main(['run', 'examples/nginx-deployment/rolling-update.yaml', '--json', '--seed', '43'], other);
    expect(JSON.parse(other.out).logHash).not.toBe(first.logHash);
  });

  it('writes the log with --log; replay rebuilds the run state and shows it at a time', () => {
    const log = join(dir, 'run.jsonl');
    const run = io();
    expect(main(['run', 'examples/nginx-deployment/rolling-update.yaml', '--json', '--log', log], run)).toBe(0);
    const facts = JSON.parse(run.out);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0] as string)).toMatchObject({ kubesim: 'event-log', format: 3, version: '0.1.0' });
    expect(lines).toHaveLength(2 + facts.events);
    const replayed = io();
    expect(main(['replay', log, '--json'], replayed)).toBe(0);
    expect(JSON.parse(replayed.out)).toMatchObject({ events: facts.events, stateHash: facts.stateHash });
    const pods = io();
    expect(main(['replay', log, '--at', '35s', 'get', 'pods', '-l', 'app=nginx'], pods)).toBe(0);
    expect(pods.out.split('\n')[0]).toBe('NAME                                READY   STATUS              RESTARTS   AGE');
    expect(pods.out).toMatch(/\nnginx-deployment-\w+-\w+ +0\/1 +ContainerCreating +0 +\ds\n/);
    const status = io();
    main(['replay', log, '--at', '35s', 'rollout', 'status', 'deployment/nginx-deployment'], status);
    expect(status.out).toBe(
      'Waiting for deployment "nginx-deployment" rollout to finish: 2 out of 3 new replicas have been updated...\n',
    );
    const describe = io();
    main(['replay', log, 'describe', 'deployment/nginx-deployment'], describe);
    expect(describe.out).toMatch(/^Name: +nginx-deployment\nNamespace: +default\n/);
  });

  it('prints the text report: timeline, tables, invariants', () => {
    const c = io();
    main(['run', 'examples/create-deployment/dry-run.yaml'], c);
    expect(c.out.startsWith('TIME     NAME                     READY   STATUS              RESTARTS   AGE\n')).toBe(true);
    expect(c.out).toContain(
      '0s       $ kubectl create deployment nginx --image=nginx --dry-run=client -o yaml\n0s       apiVersion: apps/v1\n',
    );
    expect(c.out).toContain('0s       No resources found in default namespace.\n');
    expect(c.out).toContain('Invariants:\n  eventual-convergence   holds\n');
  });

  it('exits 1 when an invariant is violated, naming it, the time and the objects', () => {
    write('web.yaml', DEPLOYMENT.replace('replicas: 2', 'replicas: 4\n  strategy:\n    rollingUpdate:\n      maxUnavailable: 0'));
    // A rollout to an image that never pulls does not converge by the end of the run.
    const file = write(
      'fail.yaml',
      `seed: 1
until: 3m
cluster:
  nodes: 2
images:
  - match: "nginx:1.26"
    pullError: "manifest for nginx:1.26 not found"
steps:
  - at: 0s
    kubectl: apply -f web.yaml
  - at: 30s
    kubectl: set image deployment/web web=nginx:1.26
invariants:
  - deployment-availability
  - eventual-convergence
`,
    );
    const c = io();
    expect(main(['run', file, '--json'], c)).toBe(1);
    const [availability, convergence] = JSON.parse(c.out).invariants;
    expect(availability.holds).toBe(true);
    expect(convergence.holds).toBe(false);
    expect(convergence.violations[0]).toMatchObject({ invariant: 'eventual-convergence', objects: ['deployment/web'] });
    expect(convergence.violations[0].message).toMatch(/^deployment\/web has not converged: /);
    expect(convergence.violations[0].time).toBe(180_000);
  });
});

describe('kubesim run --control-plane', () => {
  const HUNDRED = `seed: 1
until: 30s
manifests:
  - name: rs.yaml
    inline:
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata: {name: web}
      spec:
        replicas: 100
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers: [{name: web, image: nginx:1.25}]
steps:
  - at: 0s
    kubectl: apply -f rs.yaml
  - at: 1s
    kubectl: get rs web --no-headers
`;
  /** The ReplicaSet's CURRENT column one second in. */
  const currentAt1s = (file: string, ...flags: string[]): number => {
    const c = io();
    expect(main(['run', file, '--json', ...flags], c)).toBe(0);
    const row = JSON.parse(c.out).steps[1].stdout as string;
    return Number(row.trim().split(/\s+/)[2]);
  };

  it("replaces the scenario's profile: instant creates all 100 pods at once, upstream's rate-limited client does not", () => {
    const file = write('hundred.yaml', HUNDRED);
    expect(currentAt1s(file, '--control-plane', 'instant')).toBe(100);
    expect(currentAt1s(file, '--control-plane', 'upstream')).toBeLessThan(100);
    expect(currentAt1s(file)).toBeLessThan(100); // upstream is the default
    const instant = write(
      'instant.yaml',
      HUNDRED.replace('until: 30s\n', 'until: 30s\ncluster:\n  controlPlane: {profile: instant}\n'),
    );
    expect(currentAt1s(instant)).toBe(100);
    expect(currentAt1s(instant, '--control-plane=upstream')).toBeLessThan(100);
  });

  it('refuses a profile it does not have, before reading the scenario', () => {
    const c = io();
    expect(main(['run', join(dir, 'nope.yaml'), '--control-plane', 'fast'], c)).toBe(2);
    expect(c.err).toBe('kubesim: --control-plane: expected instant or upstream, not "fast"\n');
    expect(c.out).toBe('');
  });
});

describe('a runaway run', () => {
  it('stops at its event bound with a message, and exits 1', () => {
    write('web.yaml', DEPLOYMENT);
    const file = write('bounded.yaml', 'maxEvents: 40\nsteps:\n  - at: 0s\n    kubectl: apply -f web.yaml\n');
    const c = io();
    expect(main(['run', file, '--json'], c)).toBe(1);
    const r = JSON.parse(c.out);
    expect(r.stoppedBy).toBe('maxEvents');
    expect(r.message).toMatch(/^run stopped at the event bound \(\d+ events\) at \d+ms: controller \S+ kept requeueing /);
    expect(r.events).toBeLessThanOrEqual(41);
  });
});

describe('bad input: exit 2 with one message naming the file, line and field, and no log written', () => {
  const bad = (files: Record<string, string>, extra: string[] = []): { code: number; err: string; log: string } => {
    for (const [name, text] of Object.entries(files)) write(name, text);
    const c = io();
    const log = join(dir, 'out.jsonl');
    const code = main(['run', join(dir, 'scenario.yaml'), '--log', log, ...extra], c);
    expect(existsSync(log)).toBe(false);
    expect(c.out).toBe('');
    return { code, err: c.err, log };
  };

  it('a scenario that does not exist', () => {
    const c = io();
    expect(main(['run', join(dir, 'nope.yaml')], c)).toBe(2);
    expect(c.err).toBe(`kubesim: cannot read ${join(dir, 'nope.yaml')}: ENOENT\n`);
  });

  it('a YAML syntax error', () => {
    const { code, err } = bad({ 'scenario.yaml': 'seed: 1\nsteps:\n  - at: 0s\n    kubectl: "get pods\n' });
    expect(code).toBe(2);
    expect(err).toMatch(/^kubesim: .*scenario\.yaml:5:1: YAML error: Missing closing "quote\n$/);
  });

  it('an unknown field in the scenario', () => {
    const { code, err } = bad({ 'scenario.yaml': 'seed: 1\ncluster:\n  nodes: 2\n  node: 3\n' });
    expect(code).toBe(2);
    expect(err).toMatch(/scenario\.yaml:4:3: cluster\.node: unknown field "node"\n$/);
  });

  it('a control-plane controller kubesim does not run', () => {
    const { code, err } = bad({
      'scenario.yaml': 'cluster:\n  controlPlane:\n    controllers:\n      horizontalpodautoscaler: {workers: 2}\n',
    });
    expect(code).toBe(2);
    expect(err).toMatch(
      /scenario\.yaml:4:7: cluster\.controlPlane\.controllers\.horizontalpodautoscaler: unknown controller "horizontalpodautoscaler"; kubesim runs cronjob, daemonset, deployment, disruption, endpoints, /,
    );
  });

  it('a step time that is not a duration', () => {
    const { err } = bad({ 'scenario.yaml': 'steps:\n  - at: 10x\n    kubectl: get pods\n' });
    expect(err).toMatch(/scenario\.yaml:2:5: steps\[0\]\.at: not a duration \(write it as Go does: 500ms, 30s, 1m30s, 2h\)\n$/);
  });

  it('an unknown kubectl verb, with the list of the supported ones', () => {
    const { err } = bad({ 'scenario.yaml': 'steps:\n  - at: 0s\n    kubectl: kubectl edit deployment/web\n' });
    expect(err).toMatch(
      /scenario\.yaml:3:5: steps\[0\]\.kubectl: unknown kubectl command "edit"; kubesim supports: apply, autoscale, cordon, create, delete, describe, drain, events, exec, get, label, logs, patch, rollout, run, scale, set, taint, top, uncordon\n$/,
    );
  });

  it('an invariant the library does not have', () => {
    const { err } = bad({ 'scenario.yaml': 'invariants:\n  - deployment-availability\n  - no-downtime\n' });
    expect(err).toMatch(
      /scenario\.yaml:3:5: invariants\[1\]: unknown invariant "no-downtime"; the library has deployment-availability, /,
    );
  });

  it('a manifest that does not exist', () => {
    const { err } = bad({ 'scenario.yaml': 'steps:\n  - at: 0s\n    kubectl: apply -f missing.yaml\n' });
    expect(err).toMatch(/scenario\.yaml:3:5: steps\[0\]\.kubectl: cannot read "missing\.yaml": ENOENT/);
  });

  it("an invalid object in a manifest, in the API server's words, at the line of the field", () => {
    // The tutorial's Recreate example, as printed there: apps/v1 requires a selector.
    const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-app
spec:
  replicas: 4
  strategy:
    type: Recreate
  template:
    metadata:
      labels:
        app: my-app
    spec:
      containers:
      - name: my-app-container
        image: nginx:1.18
`;
    const { code, err } = bad({
      'my-app.yaml': manifest,
      'scenario.yaml': 'steps:\n  - at: 0s\n    kubectl: apply -f my-app.yaml\n',
    });
    expect(code).toBe(2);
    expect(err).toBe(
      'kubesim: my-app.yaml:5:1: The Deployment "my-app" is invalid: \n' +
        '* spec.selector: Required value\n' +
        '* spec.template.metadata.labels: Invalid value: {"app":"my-app"}: `selector` does not match template `labels`\n',
    );
  });

  it('a manifest of a kind kubesim does not model', () => {
    const { err } = bad({
      // A kind of the core group no v1.34 server has (another group's could come with a CRD later).
      'cm.yaml': 'apiVersion: v1\nkind: Widget\nmetadata:\n  name: x\n',
      'scenario.yaml': 'steps:\n  - at: 0s\n    kubectl: apply -f cm.yaml\n',
    });
    expect(err).toMatch(/^kubesim: cm\.yaml:2:1: no matches for kind "Widget" in version "v1" \(kubesim models Node, /);
  });

  it('an inline manifest reports lines of the scenario file', () => {
    const { err } = bad({
      'scenario.yaml': `manifests:
  - name: web.yaml
    inline: |
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: -1
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers: [{name: web, image: nginx}]
`,
    });
    expect(err).toBe(
      `kubesim: ${join(dir, 'scenario.yaml')}:9:9: The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n`,
    );
  });

  it('a flag value that is not a duration', () => {
    write('scenario.yaml', 'seed: 1\n');
    const c = io();
    expect(main(['run', join(dir, 'scenario.yaml'), '--until', 'soon'], c)).toBe(2);
    expect(c.err).toBe('kubesim: --until: time: invalid duration "soon"\n');
  });

  it('a negative duration flag', () => {
    write('scenario.yaml', 'seed: 1\n');
    const c = io();
    expect(main(['run', join(dir, 'scenario.yaml'), '--until', '-5s'], c)).toBe(2);
    expect(c.err).toBe('kubesim: --until: must not be negative: -5s\n');
    const log = write('empty.jsonl', '');
    const r = io();
    expect(main(['replay', log, '--at', '-1s', 'get', 'pods'], r)).toBe(2);
    expect(r.err).toBe('kubesim: --at: must not be negative: -1s\n');
  });

  it('a --log path that cannot be written, before the run starts', () => {
    write('scenario.yaml', 'seed: 1\n');
    const c = io();
    const log = join(dir, 'missing', 'run.jsonl');
    expect(main(['run', join(dir, 'scenario.yaml'), '--log', log], c)).toBe(2);
    expect(c.err).toBe(`kubesim: --log ${JSON.stringify(log)}: its folder cannot be used (ENOENT)\n`);
    expect(c.out).toBe('');
  });

  it('replay of an empty log names the file', () => {
    const log = write('empty.jsonl', '');
    const c = io();
    expect(main(['replay', log], c)).toBe(2);
    expect(c.err).toMatch(new RegExp(`^kubesim: ${log.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
  });

  it('replay of a file that is not an event log', () => {
    const path = write('notalog.jsonl', 'hello\n');
    const c = io();
    expect(main(['replay', path], c)).toBe(2);
    expect(c.err).toMatch(/^kubesim: .*notalog\.jsonl:1: not a JSON object: /);
  });

  it('replay of a command that would change the state', () => {
    const log = join(dir, 'run.jsonl');
    main(['run', 'examples/create-deployment/dry-run.yaml', '--log', log], io());
    const c = io();
    expect(main(['replay', log, 'scale', 'deployment/nginx', '--replicas=3'], c)).toBe(2);
    expect(c.err).toContain('replay shows the state; it runs get, describe, events, rollout status and rollout history');
  });
});

describe('AtomicFile', () => {
  it('puts the file in place only on commit; an abort leaves the old file whole', () => {
    const path = join(dir, 'log.jsonl');
    writeFileSync(path, 'old\n');
    const f = new AtomicFile(path);
    f.writeLine('new line');
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    f.abort();
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    const g = new AtomicFile(path);
    g.writeLine('a');
    g.writeLine('b');
    g.commit();
    expect(readFileSync(path, 'utf8')).toBe('a\nb\n');
  });
});

describe('kubesim invariants', () => {
  it('lists every invariant of the library with its promise and the upstream code it rests on', () => {
    const a = io();
    expect(main(['invariants', '--json'], a)).toBe(0);
    const list = JSON.parse(a.out) as { name: string; description: string; upstream: string }[];
    expect(list.map((i) => i.name)).toContain('deployment-surge');
    expect(list.map((i) => i.name)).toContain('daemonset-one-pod-per-node');
    for (const i of list) {
      expect(i.description.length, i.name).toBeGreaterThan(20);
      expect(i.upstream, i.name).toMatch(/pkg\/controller\/|rollout_status/);
    }
    const text = io();
    expect(main(['invariants'], text)).toBe(0);
    expect(text.out).toMatch(/^deployment-availability +During a rolling update/);
  });
});
