import { describe, expect, it } from 'vitest';
import { compareValues, parseFieldExpression, valueAt } from '../src/expect/field.js';
import { exitCodeOf, formatReport, loadScenario, runScenario } from '../src/index.js';

const NO_FILES = {
  readFile: (name: string): string => {
    throw new Error(`no file ${name}`);
  },
};

const HEAD = `seed: 3
until: 2m
cluster: {nodes: 2}
images: [{match: "nginx:*", pull: 1s}]
manifests:
  - name: web.yaml
    inline: |
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, annotations: {"example.com/owner": "team-a"}}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: "nginx:1.25"}]}
steps:
  - {at: 0s, kubectl: apply -f web.yaml}
`;

const run = (extra: string) => runScenario(loadScenario(`${HEAD}${extra}`, 'expect.yaml', NO_FILES));
const loadError = (extra: string): string => {
  try {
    loadScenario(`${HEAD}${extra}`, 'expect.yaml', NO_FILES);
  } catch (e) {
    return (e as Error).message;
  }
  return 'loaded';
};

describe('field paths and comparisons', () => {
  const obj = {
    metadata: { annotations: { 'deployment.kubernetes.io/revision': '2' } },
    status: {
      conditions: [
        { type: 'Progressing', status: 'True' },
        { type: 'Available', status: 'False' },
      ],
      replicas: 3,
    },
    spec: { containers: [{ image: 'nginx:1.25' }] },
  };
  it('reads dotted paths, list items by index and by a field, and quoted keys', () => {
    expect(valueAt(obj, 'status.replicas')).toBe(3);
    expect(valueAt(obj, 'status.conditions[type=Available].status')).toBe('False');
    expect(valueAt(obj, 'spec.containers[0].image')).toBe('nginx:1.25');
    expect(valueAt(obj, 'metadata.annotations["deployment.kubernetes.io/revision"]')).toBe('2');
    expect(valueAt(obj, 'status.missing.deeper')).toBeUndefined();
  });
  it('compares numbers as numbers (also when written as text), and matches text', () => {
    expect(compareValues(3, 'atLeast', 2)).toBe(true);
    expect(compareValues('2', 'equals', 2)).toBe(true);
    expect(compareValues(undefined, 'atMost', 2)).toBe(false);
    expect(compareValues('nginx:1.26', 'matches', '^nginx:1\\.2')).toBe(true);
    expect(compareValues('True', 'notEquals', 'True')).toBe(false);
  });
  it('parses the string form, with a window', () => {
    expect(parseFieldExpression('deploy/web status.readyReplicas >= 2 from 30s until 1m')).toEqual({
      check: {
        kind: 'Deployment',
        namespace: 'default',
        name: 'web',
        path: 'status.readyReplicas',
        compare: 'atLeast',
        value: 2,
      },
      from: 30_000,
      until: 60_000,
    });
    expect(parseFieldExpression('web status.readyReplicas >= 2')).toMatch(/expected KIND\/NAME/);
    expect(parseFieldExpression('deployment/web status.readyReplicas is 2')).toMatch(/expected KIND\/NAME PATH OP VALUE/);
  });
});

describe('expect steps', () => {
  it('pass and fail with the time and what was there; a failure makes the run exit 1', () => {
    const report = run(`  - {at: 1s, expect: deployment/web status.availableReplicas == 2}
  - {at: 1s, within: 30s, expect: deployment/web status.availableReplicas == 2}
  - {at: 40s, within: 10s, expect: {object: deployment/web, path: spec.replicas, atLeast: 5}}
  - at: 50s
    expect:
      kubectl: get deployment web -o name
      equals: |
        deployment.apps/web
`);
    const r = report.expectations ?? [];
    expect(r.map((e) => [e.passed, e.time])).toEqual([
      [false, 1000],
      [true, expect.any(Number)],
      [false, 50_000],
      [true, 50_000],
    ]);
    expect(r[0]?.actual).toBe('status.availableReplicas is not set');
    expect(r[2]?.actual).toBe('2');
    expect(exitCodeOf(report)).toBe(1);
    const text = formatReport(report);
    expect(text).toContain(
      'Expectations:\n  FAILED  deployment/web status.availableReplicas == 2 (at 1s): failed at 1s; actual: status.availableReplicas is not set [expect.yaml:19:5]\n',
    );
    expect(text).toMatch(/\n50s +✗ expect deployment\/web spec\.replicas >= 5 \(within 10s of 40s\): failed at 50s; actual: 2\n/);
  });

  it('a kubectl expectation shows the whole output it saw when it fails', () => {
    const report = run(`  - at: 30s
    expect: {kubectl: get deployment web, contains: "3/3"}
`);
    const r = report.expectations?.[0];
    expect(r?.passed).toBe(false);
    expect(r?.actual).toMatch(/^NAME +READY +UP-TO-DATE +AVAILABLE +AGE\nweb +2\/2 /);
  });

  it('are refused where they are written when they are not one', () => {
    expect(loadError('  - {at: 1s, expect: {object: deployment/web, path: spec.replicas, equals: 2, atLeast: 1}}\n')).toMatch(
      /^expect\.yaml:19:\d+: steps\[1\]\.expect: give exactly one of equals, notEquals, atLeast, atMost, matches, not equals and atLeast$/,
    );
    expect(loadError('  - {at: 1s, expect: {object: web, path: spec.replicas, equals: 2}}\n')).toMatch(
      /steps\[1\]\.expect\.object: expected KIND\/NAME/,
    );
    expect(loadError('  - {at: 1s, expect: {object: deployment/web, path: "spec..x", equals: 2}}\n')).toMatch(
      /steps\[1\]\.expect\.path: the path "spec\.\.x" is not one/,
    );
    expect(loadError('  - {at: 1s, expect: {kubectl: scale deployment/web --replicas=3, contains: x}}\n')).toMatch(
      /steps\[1\]\.expect\.kubectl: an expectation only looks: get, describe, rollout, logs, top, events, not scale/,
    );
    expect(loadError('  - {at: 1s, expect: "deployment/web spec.replicas == 2 from 3s"}\n')).toMatch(
      /from\/until belong to invariants/,
    );
  });
});

describe("a scenario's own invariants", () => {
  it('hold, or are violated once each time they stop holding, inside their window', () => {
    const ok = run('invariants: ["deployment/web status.availableReplicas >= 2 from 30s"]\n');
    expect(ok.invariants[0]?.holds).toBe(true);
    const broken = run(`  - {at: 40s, kubectl: scale deployment/web --replicas=1}
  - {at: 80s, kubectl: scale deployment/web --replicas=2}
invariants:
  - deployment/web status.availableReplicas >= 2 from 30s
  - deployment/web status.availableReplicas >= 2 from 30s until 35s
`);
    const [whole, early] = broken.invariants;
    expect(whole?.violations.map((v) => v.message)).toEqual(['deployment/web status.availableReplicas >= 2 does not hold: 1']);
    expect(early?.holds).toBe(true);
  });
  it('are refused where they are written when they do not parse', () => {
    expect(loadError('invariants: ["deployment/web status.availableReplicas 2"]\n')).toMatch(
      /^expect\.yaml:19:14: invariants\[0\]: expected KIND\/NAME PATH OP VALUE/,
    );
  });
});
