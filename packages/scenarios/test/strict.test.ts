import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario, type Scenario } from '../src/index.js';

/**
 * Strict field validation (issue 15): kubectl v1.34 asks the API server for
 * fieldValidation=Strict by default, so a manifest field the kind's schema does not declare is
 * a BadRequest in the server's words; `--validate=warn` turns them into warnings and drops the
 * fields, `--validate=ignore|false` drops them silently.
 */
const NGINX = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  replica: 3
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers:
      - name: nginx
        image: nginx
        imagePullPolcy: Always
`;
const STRICT_ERROR =
  'Error from server (BadRequest): error when creating "nginx.yaml": Deployment in version "v1" cannot be handled as a Deployment: ' +
  'strict decoding error: unknown field "spec.replica", unknown field "spec.template.spec.containers[0].imagePullPolcy"';

function scenarioWith(step: string | undefined, apply = false): string {
  return `until: 10s
cluster: {nodes: 1}
manifests:
  - file: nginx.yaml${apply ? '\n    apply: true' : ''}
${step === undefined ? '' : `steps:\n  - {at: 0s, kubectl: "${step}"}\n`}`;
}
const load = (text: string): Scenario => loadScenario(text, 'scenario.yaml', { readFile: () => NGINX });

describe('strict field validation', () => {
  it("stops a scenario whose applied manifest has unknown fields, at the first one's line", () => {
    expect(() => load(scenarioWith(undefined, true))).toThrow(`nginx.yaml:6:3: ${STRICT_ERROR}`);
  });

  it("fails kubectl apply -f and kubectl create -f in the API server's words (strict is the default)", () => {
    for (const step of [
      'apply -f nginx.yaml',
      'create -f nginx.yaml',
      'apply -f nginx.yaml --validate',
      'apply -f nginx.yaml --validate=true',
    ]) {
      const r = runScenario(load(scenarioWith(step)));
      expect(r.steps[0]?.stderr, step).toBe(`${STRICT_ERROR}\n`);
      expect(r.steps[0]?.exitCode, step).toBe(1);
      expect(r.view.get('Deployment', 'default', 'nginx'), step).toBeUndefined();
    }
  });

  it('--validate=warn: one warning per field, and the object is created without them', () => {
    const r = runScenario(load(scenarioWith('apply -f nginx.yaml --validate=warn')));
    expect(r.steps[0]?.stderr).toBe(
      'Warning: unknown field "spec.replica"\nWarning: unknown field "spec.template.spec.containers[0].imagePullPolcy"\n',
    );
    expect(r.steps[0]?.stdout).toBe('deployment.apps/nginx created\n');
    const d = r.view.get('Deployment', 'default', 'nginx');
    expect(d?.spec.replicas).toBe(1); // the typo did not set replicas: defaulted
    expect('replica' in (d?.spec ?? {})).toBe(false);
  });

  it('--validate=ignore and --validate=false: silent, and the fields are dropped', () => {
    for (const v of ['ignore', 'false', 'Ignore']) {
      const r = runScenario(load(scenarioWith(`create -f nginx.yaml --validate=${v}`)));
      expect(r.steps[0]?.stderr ?? '', v).toBe('');
      expect(r.steps[0]?.stdout, v).toBe('deployment.apps/nginx created\n');
      expect('replica' in (r.view.get('Deployment', 'default', 'nginx')?.spec ?? {}), v).toBe(false);
    }
  });

  it('refuses a --validate value kubectl does not know, in its words', () => {
    const r = runScenario(load(scenarioWith('apply -f nginx.yaml --validate=maybe')));
    expect(r.steps[0]?.stderr).toBe(
      'error: invalid - validate option "maybe"; must be one of: strict (or true), warn, ignore (or false)\n',
    );
  });

  it('refuses a value of the wrong type in any field, whatever --validate says, at its line', () => {
    const paused = NGINX.replace('  replica: 3\n', '  paused: "yes"\n  replicas: 1\n').replace(
      'imagePullPolcy',
      'imagePullPolicy',
    );
    const text = `until: 10s\ncluster: {nodes: 1}\nmanifests:\n  - file: nginx.yaml\n`;
    expect(() => loadScenario(text, 'scenario.yaml', { readFile: () => paused })).toThrow(
      'nginx.yaml:6:3: Error from server (BadRequest): error when creating "nginx.yaml": Deployment in version "v1" cannot be handled as a Deployment: ' +
        'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool',
    );
  });

  it('reports a misspelt required field as unknown, not as missing (the decoder runs before validation)', () => {
    const typo = NGINX.replace('  replica: 3\n', '')
      .replace('selector:', 'selecter:')
      .replace('imagePullPolcy', 'imagePullPolicy');
    const text = `until: 10s\ncluster: {nodes: 1}\nmanifests:\n  - file: nginx.yaml\n    apply: true\n`;
    expect(() => loadScenario(text, 'scenario.yaml', { readFile: () => typo })).toThrow(
      'nginx.yaml:6:3: Error from server (BadRequest): error when creating "nginx.yaml": Deployment in version "v1" cannot be handled as a Deployment: ' +
        'strict decoding error: unknown field "spec.selecter"',
    );
    // Under --validate=warn the field is dropped and the API server's validation speaks.
    const warn = runScenario(
      loadScenario(
        `until: 10s\ncluster: {nodes: 1}\nmanifests:\n  - file: nginx.yaml\nsteps:\n  - {at: 0s, kubectl: "apply -f nginx.yaml --validate=warn"}\n`,
        'scenario.yaml',
        {
          readFile: () => typo,
        },
      ),
    );
    expect(warn.steps[0]?.stderr).toContain('Warning: unknown field "spec.selecter"\n');
    expect(warn.steps[0]?.stderr).toContain('spec.selector: Required value');
    expect(warn.steps[0]?.exitCode).toBe(1);
  });

  it('locates the unknown field of an inline object and of a List item in the file that holds it', () => {
    const inline = `until: 10s
cluster: {nodes: 1}
manifests:
  - name: cm.yaml
    apply: true
    inline:
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers: [{name: c, image: i, imagePullSecret: x}]
`;
    expect(() => loadScenario(inline, 'scenario.yaml', { readFile: () => '' })).toThrow(
      'scenario.yaml:11:42: Error from server (BadRequest): error when creating "cm.yaml": Pod in version "v1" cannot be handled as a Pod: ' +
        'strict decoding error: unknown field "spec.containers[0].imagePullSecret"',
    );
    const list = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: p, lables: {a: b}}
  spec: {containers: [{name: c, image: i}]}
`;
    const text = `until: 10s\ncluster: {nodes: 1}\nmanifests:\n  - file: list.yaml\n    apply: true\n`;
    expect(() => loadScenario(text, 'scenario.yaml', { readFile: () => list })).toThrow(
      'list.yaml:6:23: Error from server (BadRequest): error when creating "list.yaml": Pod in version "v1" cannot be handled as a Pod: ' +
        'strict decoding error: unknown field "metadata.lables"',
    );
  });

  it('takes the last of a key written twice in a manifest, as kubectl does (it never sends the duplicate)', () => {
    const twice = NGINX.replace('  replica: 3\n', '  replicas: 2\n  replicas: 4\n').replace('imagePullPolcy', 'imagePullPolicy');
    const text = `until: 10s\ncluster: {nodes: 1}\nmanifests:\n  - file: nginx.yaml\n    apply: true\n`;
    const r = runScenario(loadScenario(text, 'scenario.yaml', { readFile: () => twice }));
    expect(r.view.get('Deployment', 'default', 'nginx')?.spec.replicas).toBe(4);
    // and the line of a field points at the pair whose value counts
    const bad = twice.replace('  replicas: 4\n', '  replicas: "4"\n');
    expect(() => loadScenario(text, 'scenario.yaml', { readFile: () => bad })).toThrow(/^nginx\.yaml:7:3: /);
  });

  it('still refuses a key written twice in the scenario file itself', () => {
    expect(() => loadScenario('until: 10s\nuntil: 20s\n', 'scenario.yaml', { readFile: () => '' })).toThrow(/YAML error/);
  });
});
