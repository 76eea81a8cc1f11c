import { defaultControllers } from '@kubesim/controllers';
import { type Controller, type Deployment, Engine, MINUTE, nodeFromSpec } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../src/index.js';
import { eventuallyStable } from '../src/verify/liveness.js';

const NO_FILES = {
  readFile: (name: string): string => {
    throw new Error(`no file ${name}`);
  },
};

function deploymentYaml(
  name: string,
  opts: { replicas?: number; image?: string; cpu?: string; restartPolicy?: string } = {},
): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: ${name}}`,
    'spec:',
    `  replicas: ${opts.replicas ?? 2}`,
    `  selector: {matchLabels: {app: ${name}}}`,
    '  template:',
    `    metadata: {labels: {app: ${name}}}`,
    '    spec:',
    `      containers: [{name: c, image: "${opts.image ?? 'nginx:1.25'}"${opts.cpu ? `, resources: {requests: {cpu: "${opts.cpu}"}}` : ''}}]`,
  ].join('\n');
}

/** A scenario that applies `manifest` at 1s and runs to `until`, checking eventually-stable. */
function run(manifest: string, until = '15m', extra = '', invariant = 'eventually-stable') {
  const text = [
    'seed: 7',
    `until: ${until}`,
    'cluster: {nodes: 2}',
    'images:',
    '  - {match: "nginx:*", pull: 1s}',
    '  - {match: "crash:*", pull: 1s, exitAfter: 2s, exitCode: 1}',
    '  - {match: "missing:*", pullError: "not found"}',
    'manifests:',
    '  - name: app.yaml',
    '    inline: |',
    ...manifest.split('\n').map((l) => `      ${l}`),
    'steps:',
    '  - {at: 1s, kubectl: apply -f app.yaml}',
    extra,
    `invariants: [${invariant}]`,
  ].join('\n');
  const report = runScenario(loadScenario(text, 'liveness.yaml', NO_FILES));
  const verdict = report.invariants[0];
  if (verdict === undefined) throw new Error('no verdict');
  return verdict;
}

describe('eventually-stable', () => {
  it('holds for a rollout that settles, with nothing left to say', () => {
    const v = run(deploymentYaml('web'));
    expect(v.violations).toEqual([]);
    expect(v.notes).toBeUndefined();
  });

  it('holds when a node fails and recovers: the cluster settles again within the bound', () => {
    const v = run(
      deploymentYaml('web', { replicas: 3 }),
      '20m',
      '  - {at: 30s, fault: {nodeFails: node-1}}\n  - {at: 2m, fault: {nodeRecovers: node-1}}',
    );
    expect(v.violations).toEqual([]);
  });

  it('is not applicable, not violated, when the run ends before the bound', () => {
    const v = run(deploymentYaml('web', { replicas: 3, cpu: '3' }), '2m');
    expect(v.holds).toBe(true);
    expect(v.notes?.join('\n')).toMatch(/not applicable/);
  });

  it('a bound of its own: eventually-stable(1m)', () => {
    const v = run(deploymentYaml('web'), '3m', '', 'eventually-stable(1m)');
    expect(v.violations).toEqual([]);
    expect(v.notes).toBeUndefined();
  });

  describe('what never settles by design is reported as not applicable', () => {
    it('an unschedulable pod (the scheduler retries it forever)', () => {
      const v = run(deploymentYaml('big', { replicas: 3, cpu: '3' }));
      expect(v.violations).toEqual([]);
      expect(v.notes?.join('\n')).toMatch(/not applicable to deployment\/big: pod big-.* cannot be scheduled/);
    });
    it('a crash-looping container (the kubelet restarts it with a back-off forever)', () => {
      const v = run(deploymentYaml('crashy', { image: 'crash:1' }), '12m');
      expect(v.violations).toEqual([]);
      expect(v.notes?.join('\n')).toMatch(
        /not applicable to deployment\/crashy: pod crashy-.*(CrashLoopBackOff|keeps restarting)/,
      );
    });
    it('an image that cannot be pulled', () => {
      const v = run(deploymentYaml('typo', { image: 'missing:1' }), '20m');
      expect(v.violations).toEqual([]);
      expect(v.notes?.join('\n')).toMatch(/not applicable to deployment\/typo: .*(ImagePullBackOff|ErrImagePull)/);
    });
    it('a CronJob (its schedule fires for as long as it exists)', () => {
      const cron = [
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata: {name: tick}',
        'spec:',
        '  schedule: "*/1 * * * *"',
        '  jobTemplate:',
        '    spec:',
        '      template:',
        '        spec:',
        '          containers: [{name: c, image: "nginx:1.25", command: [date]}]',
        '          restartPolicy: Never',
      ].join('\n');
      const v = run(cron, '20m');
      expect(v.violations).toEqual([]);
      expect(v.notes?.join('\n')).toMatch(/not applicable to cronjob\/tick/);
    });
  });

  it('is violated by a controller that never stops writing, naming it and what it writes', () => {
    // A broken controller: every 30s it stamps the Deployment with a new annotation.
    const stamper: Controller = {
      name: 'stamper',
      component: 'stamper',
      // Woken by the node once, then only by its own timer.
      watches: [{ kind: 'Node', keys: () => ['default/web'] }],
      reconcile(view, key) {
        const d = view.getByKey('Deployment', key);
        if (d === undefined) return [{ type: 'requeueAfter', after: 30_000 }];
        const n = Number(d.metadata.annotations?.stamp ?? 0) + 1;
        const object: Deployment = {
          ...d,
          metadata: { ...d.metadata, annotations: { ...d.metadata.annotations, stamp: String(n) } },
        };
        return [
          { type: 'update', object },
          { type: 'requeueAfter', after: 30_000 },
        ];
      },
    };
    const inv = eventuallyStable();
    const engine = new Engine({ seed: 1, controllers: [...defaultControllers(), stamper], invariants: [inv] });
    engine.schedule(0, { type: 'NodeAdded', node: nodeFromSpec({ name: 'n1' }) }, 'world');
    const d = loadScenario(
      `seed: 1\nmanifests:\n  - name: d.yaml\n    inline: |\n${deploymentYaml('web').replace(/^/gm, '      ')}\n`,
      'x.yaml',
      NO_FILES,
    ).manifests.get('d.yaml')?.objects[0];
    engine.schedule(1000, { type: 'Apply', object: d as Deployment }, 'user');
    engine.run({ until: 15 * MINUTE });
    const out = inv.finish(engine.view, engine.now, { idle: engine.pending === 0 });
    // The deployment controller follows each stamp (it copies annotations to the new
    // ReplicaSet, as upstream's SetNewReplicaSetAnnotations does): it is named too.
    const messages = out.map((o) => o.message);
    expect(messages).toHaveLength(2);
    expect(messages.find((m) => m.includes('stamper'))).toMatch(
      /^still moving after 10m1s \(10m0s after the last input\): stamper wrote to deployment\/web \d+ time\(s\) from 10m\d.*; last: .* stamper: Update deployment\/web$/,
    );
    expect(messages.find((m) => m.includes('deployment wrote'))).toMatch(/deployment wrote to deployment\/web \d+ time\(s\)/);
    expect(out.every((o) => o.objects.includes('deployment/web'))).toBe(true);
  });

  it('is violated by a workload left not done once nothing is left to happen', () => {
    // No Deployment controller: the Deployment is never observed, and the cluster is idle.
    const controllers = defaultControllers().filter((c) => c.name !== 'deployment');
    const inv = eventuallyStable();
    const engine = new Engine({ seed: 1, controllers, invariants: [inv] });
    const d = loadScenario(
      `seed: 1\nmanifests:\n  - name: d.yaml\n    inline: |\n${deploymentYaml('web').replace(/^/gm, '      ')}\n`,
      'x.yaml',
      NO_FILES,
    ).manifests.get('d.yaml')?.objects[0];
    engine.schedule(0, { type: 'Apply', object: d as Deployment }, 'user');
    engine.run({ until: 15 * MINUTE });
    const out = inv.finish(engine.view, engine.now, { idle: engine.pending === 0 });
    expect(out.map((o) => o.message)).toEqual(['deployment/web is not done by 15m0s: its latest spec was never observed']);
  });
});
