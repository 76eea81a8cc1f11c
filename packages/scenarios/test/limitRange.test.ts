import { describe, expect, it } from 'vitest';
import { runScenarioText } from './scenarioText.js';

/** LimitRange (issue 15): LimitRanger defaults and refuses pods; controllers see FailedCreate. */

const run = runScenarioText;

const DEPLOYMENT = (cpu: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: app
        image: nginx
${cpu ? `        resources: {limits: {cpu: "${cpu}"}}\n` : ''}`;

const LIMITS = `apiVersion: v1
kind: LimitRange
metadata: {name: limits}
spec:
  limits:
  - type: Container
    max: {cpu: "1"}
    default: {cpu: 500m, memory: 128Mi}
    defaultRequest: {cpu: 100m, memory: 64Mi}
`;

describe('LimitRange in a scenario', () => {
  it('pods of a Deployment get the defaults; get limits lists it', () => {
    const r = run(
      `seed: 1
until: 30s
cluster: {nodes: 1}
steps:
  - {at: 0s, kubectl: apply -f limits.yaml}
  - {at: 1s, kubectl: apply -f web.yaml}
  - {at: 20s, kubectl: get limits}
  - {at: 20s, kubectl: get pods -l app=web -o json}
  - {at: 20s, kubectl: describe limits limits}
  - {at: 20s, kubectl: describe namespace default}
`,
      { 'limits.yaml': LIMITS, 'web.yaml': DEPLOYMENT('') },
    );
    expect(r.steps[0]?.stdout).toBe('limitrange/limits created\n');
    expect(r.steps[2]?.stdout).toMatch(/^NAME\s+CREATED AT\nlimits\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
    const pods = JSON.parse(r.steps[3]?.stdout ?? '').items;
    expect(pods).toHaveLength(2);
    for (const p of pods) {
      expect(p.spec.containers[0].resources).toEqual({
        limits: { cpu: '500m', memory: '128Mi' },
        requests: { cpu: '100m', memory: '64Mi' },
      });
      expect(p.metadata.annotations['kubernetes.io/limit-ranger']).toBe(
        'LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app',
      );
    }
    expect(r.warnings.some((w) => w.includes('LimitRange'))).toBe(false);
    // describe.go describeLimitRange / DescribeLimitRanges (one tabwriter block: Namespace: sets the width).
    expect(r.steps[4]?.stdout).toBe(
      [
        'Name:       limits',
        'Namespace:  default',
        'Type        Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio',
        '----        --------  ---  ---  ---------------  -------------  -----------------------',
        'Container   cpu       -    1    100m             500m           -',
        'Container   memory    -    -    64Mi             128Mi          -',
        '',
      ].join('\n'),
    );
    expect(r.steps[5]?.stdout).toContain(
      [
        'Resource Limits',
        ' Type       Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio',
        ' ----       --------  ---  ---  ---------------  -------------  -----------------------',
        ' Container  cpu       -    1    100m             500m           -',
        ' Container  memory    -    -    64Mi             128Mi          -',
        '',
      ].join('\n'),
    );
  });

  it('a Deployment whose pods exceed the max: no pods, FailedCreate with the Forbidden message', () => {
    const r = run(
      `seed: 1
until: 30s
cluster: {nodes: 1}
steps:
  - {at: 0s, kubectl: apply -f limits.yaml}
  - {at: 1s, kubectl: apply -f web.yaml}
  - {at: 20s, kubectl: get pods}
  - {at: 20s, kubectl: get events}
`,
      { 'limits.yaml': LIMITS, 'web.yaml': DEPLOYMENT('2') },
    );
    expect(r.steps[2]?.stderr).toBe('No resources found in default namespace.\n');
    expect(r.steps[3]?.stdout).toMatch(
      /FailedCreate\s+replicaset\/web-[a-z0-9]+\s+Error creating: pods "web-[a-z0-9]+-[a-z0-9]{5}" is forbidden: maximum cpu usage per Container is 1, but limit is 2\n/,
    );
  });
});
