import { describe, expect, it } from 'vitest';
import { runScenarioText } from './scenarioText.js';

/**
 * ResourceQuota (issue 15): the admission plugin refuses what would exceed a quota and charges
 * what it admits; the resource quota controller fills in the status and gives usage back when
 * pods go away. Controllers see a refused create as FailedCreate and retry.
 */

const run = runScenarioText;

const DEPLOYMENT = (replicas: number, resources: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: app
        image: nginx
${resources ? `        resources: ${resources}\n` : ''}`;

const QUOTA = (hard: string) => `apiVersion: v1
kind: ResourceQuota
metadata: {name: q}
spec:
  hard: ${hard}
`;

const FORBIDDEN = (detail: string) =>
  new RegExp(
    `Warning\\s+FailedCreate\\s+replicaset/web-[a-z0-9]+\\s+Error creating: pods "web-[a-z0-9]+-[a-z0-9]{5}" is forbidden: ${detail}\\n`,
  );

describe('ResourceQuota in a scenario', () => {
  it('a quota of 2 pods: a Deployment of 3 runs two; the third create is refused with the quota message', () => {
    const r = run(
      `seed: 1
until: 40s
cluster: {nodes: 1}
steps:
  - {at: 0s, kubectl: apply -f quota.yaml}
  - {at: 1s, kubectl: apply -f web.yaml}
  - {at: 30s, kubectl: get quota}
  - {at: 30s, kubectl: get pods}
  - {at: 30s, kubectl: get events}
  - {at: 30s, kubectl: describe quota q}
  - {at: 30s, kubectl: describe namespace default}
`,
      { 'quota.yaml': QUOTA('{pods: "2"}'), 'web.yaml': DEPLOYMENT(3, '') },
    );
    const [, , quota, pods, events, described, ns] = r.steps;
    expect(quota?.stdout).toBe('NAME   AGE   REQUEST     LIMIT\nq      30s   pods: 2/2   \n');
    expect(pods?.stdout.match(/Running/g)).toHaveLength(2);
    expect(events?.stdout).toMatch(FORBIDDEN('exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2'));
    // describe.go describeQuota.
    expect(described?.stdout).toBe(
      [
        'Name:       q',
        'Namespace:  default',
        'Resource    Used  Hard',
        '--------    ----  ----',
        'pods        2     2',
        '',
      ].join('\n'),
    );
    // DescribeResourceQuotas, in describe namespace.
    expect(ns?.stdout).toContain(
      ['Resource Quotas', '  Name:     q', '  Resource  Used  Hard', '  --------  ---   ---', '  pods      2     2', ''].join(
        '\n',
      ),
    );
    expect(r.warnings).toEqual([]);
  });

  it('cpu and memory under quota: a pod that does not set them is refused (failed quota: must specify)', () => {
    const r = run(
      `seed: 1
until: 20s
cluster: {nodes: 1}
steps:
  - {at: 0s, kubectl: apply -f quota.yaml}
  - {at: 1s, kubectl: apply -f web.yaml}
  - {at: 15s, kubectl: get events}
  - {at: 15s, kubectl: get quota}
`,
      {
        'quota.yaml': QUOTA('{requests.cpu: "1", limits.memory: 1Gi}'),
        'web.yaml': DEPLOYMENT(1, '{requests: {memory: 64Mi}}'),
      },
    );
    expect(r.steps[2]?.stdout).toMatch(FORBIDDEN('failed quota: q: must specify limits.memory for: app; requests.cpu for: app'));
    expect(r.steps[3]?.stdout).toBe(
      'NAME   AGE   REQUEST             LIMIT\nq      15s   requests.cpu: 0/1   limits.memory: 0/1Gi\n',
    );
  });

  it("a LimitRange's defaults (admitted first) satisfy the quota's constraints; usage adds up per pod", () => {
    const r = run(
      `seed: 1
until: 30s
cluster: {nodes: 1}
steps:
  - {at: 0s, kubectl: apply -f quota.yaml}
  - {at: 0s, kubectl: apply -f limits.yaml}
  - {at: 1s, kubectl: apply -f web.yaml}
  - {at: 25s, kubectl: get quota}
`,
      {
        'quota.yaml': QUOTA('{requests.cpu: "1", limits.memory: 1Gi}'),
        'limits.yaml': `apiVersion: v1
kind: LimitRange
metadata: {name: limits}
spec:
  limits:
  - type: Container
    default: {cpu: 500m, memory: 128Mi}
    defaultRequest: {cpu: 100m, memory: 64Mi}
`,
        'web.yaml': DEPLOYMENT(3, ''),
      },
    );
    expect(r.steps[3]?.stdout).toBe(
      'NAME   AGE   REQUEST                LIMIT\nq      25s   requests.cpu: 300m/1   limits.memory: 384Mi/1Gi\n',
    );
  });

  it('usage comes back when pods go: deleted pods are replaced once the quota controller has recalculated', () => {
    const r = run(
      `seed: 1
until: 2m
cluster: {nodes: 1}
steps:
  - {at: 0s, kubectl: apply -f quota.yaml}
  - {at: 1s, kubectl: apply -f web.yaml}
  - {at: 30s, kubectl: delete pod -l app=web --wait=false}
  - {at: 31s, kubectl: get events}
  - {at: 110s, kubectl: get pods}
  - {at: 110s, kubectl: get quota}
`,
      { 'quota.yaml': QUOTA('{pods: "2"}'), 'web.yaml': DEPLOYMENT(2, '') },
    );
    // The replacements are refused while the deleted pods still count (until they are gone and
    // the controller has recalculated), then created on the ReplicaSet's retry.
    expect(r.steps[3]?.stdout).toMatch(FORBIDDEN('exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2'));
    expect(r.steps[4]?.stdout.match(/Running/g)).toHaveLength(2);
    expect(r.steps[4]?.stdout).not.toContain('Terminating');
    expect(r.steps[5]?.stdout).toBe('NAME   AGE    REQUEST     LIMIT\nq      110s   pods: 2/2   \n');
  });

  it('object counts: a second ConfigMap over `configmaps: 1` is refused against its file; count/<resource>.<group> too', () => {
    const r = run(
      `seed: 1
until: 10s
cluster: {nodes: 1}
steps:
  - {at: 0s, kubectl: apply -f quota.yaml}
  - {at: 1s, kubectl: apply -f cm.yaml}
  - {at: 2s, kubectl: create -f ing.yaml}
  - {at: 3s, kubectl: get quota}
`,
      {
        'quota.yaml': QUOTA('{configmaps: "1", count/ingresses.networking.k8s.io: "1"}'),
        'cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: c1}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c2}
`,
        'ing.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i1}
spec: {defaultBackend: {service: {name: web, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i2}
spec: {defaultBackend: {service: {name: web, port: {number: 80}}}}
`,
      },
    );
    expect(r.steps[1]?.stdout).toBe('configmap/c1 created\n');
    expect(r.steps[1]?.stderr).toBe(
      'Error from server (Forbidden): error when creating "cm.yaml": configmaps "c2" is forbidden: exceeded quota: q, requested: configmaps=1, used: configmaps=1, limited: configmaps=1\n',
    );
    expect(r.steps[2]?.stderr).toBe(
      'Error from server (Forbidden): error when creating "ing.yaml": ingresses.networking.k8s.io "i2" is forbidden: exceeded quota: q, requested: count/ingresses.networking.k8s.io=1, used: count/ingresses.networking.k8s.io=1, limited: count/ingresses.networking.k8s.io=1\n',
    );
    expect(r.steps[3]?.stdout).toBe(
      'NAME   AGE   REQUEST                                                   LIMIT\nq      3s    configmaps: 1/1, count/ingresses.networking.k8s.io: 1/1   \n',
    );
  });
});

describe('kubectl create quota (create_quota.go)', () => {
  it('builds the quota from --hard and --scopes, refuses bad pairs on the client, wraps server errors', () => {
    const r = run(
      `seed: 1
until: 10s
cluster: {nodes: 1}
steps:
  - {at: 0s, kubectl: 'create quota q --hard=pods=4,count/deployments.apps=1'}
  - {at: 0s, kubectl: 'create quota q2 --hard=pods=x'}
  - {at: 0s, kubectl: 'create quota q3 --hard=pods'}
  - {at: 0s, kubectl: 'create quota q4 --scopes=BestEffort,'}
  - {at: 0s, kubectl: 'create quota q5 --hard=pods=1 --scopes=BestEffort --dry-run=client -o yaml'}
  - {at: 0s, kubectl: 'create quota q --hard=pods=1'}
  - {at: 2s, kubectl: create deployment a --image=nginx}
  - {at: 3s, kubectl: create deployment b --image=nginx}
  - {at: 4s, kubectl: get quota q}
  - {at: 4s, kubectl: 'create deployment c --image=nginx --hard=pods=1'}
  - {at: 4s, kubectl: 'create quota q7 --image=nginx'}
`,
      {},
    );
    const out = r.steps.map((s) => s.stdout + s.stderr);
    // Each form has its own flags (cobra shares none between subcommands).
    expect(out[9]).toBe('error: unknown flag: --hard\n');
    expect(out[10]).toBe('error: unknown flag: --image\n');
    expect(out[0]).toBe('resourcequota/q created\n');
    expect(out[1]).toBe("error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\n");
    expect(out[2]).toBe('error: Invalid argument syntax pods, expected <resource>=<value>\n');
    expect(out[3]).toBe('error: invalid resource quota scope ""\n');
    expect(out[4]).toBe(
      'apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: q5\nspec:\n  hard:\n    pods: "1"\n  scopes:\n  - BestEffort\nstatus: {}\n',
    );
    expect(out[5]).toBe('error: failed to create quota: resourcequotas "q" already exists\n');
    expect(out[6]).toBe('deployment.apps/a created\n');
    // create_deployment.go wraps the API server's refusal too.
    expect(out[7]).toBe(
      'error: failed to create deployment: deployments.apps "b" is forbidden: exceeded quota: q, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1\n',
    );
    expect(out[8]).toBe(
      'NAME   AGE   REQUEST                                  LIMIT\nq      4s    count/deployments.apps: 1/1, pods: 1/4   \n',
    );
  });
});

describe('a charged write is judged by the object it wrote, not by the quota it charged (review regressions)', () => {
  const QUOTA50 = QUOTA('{pods: "50"}');
  it("a writer's expectation is met by its own kind's watch: a delayed Pod watch does not make the ReplicaSet overshoot", () => {
    const r = run(
      `seed: 3
until: 1m
cluster: {nodes: 1}
steps:
  - {at: 0s, kubectl: apply -f quota.yaml}
  - at: 1s
    fault:
      watchFault: {mode: delay, controller: replicaset, kind: Pod, delay: 20s, duration: 50s}
  - {at: 2s, kubectl: apply -f rs.yaml}
  - {at: 3s, kubectl: scale rs web --replicas=5}
  - {at: 58s, kubectl: get rs web}
`,
      {
        'quota.yaml': QUOTA50,
        'rs.yaml': `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx}]}
`,
      },
    );
    expect(r.steps[4]?.stdout).toMatch(/^web\s+5\s+5\s+/m);
  });

  it("eventually-stable roots a CronJob's pods at the CronJob, and the quota controller's follow-on writes are not judged", () => {
    const r = run(
      `seed: 1
until: 5m
cluster: {nodes: 1}
images:
  - {match: "busybox:*", pull: 1s, start: 100ms, exitAfter: 2s}
steps:
  - {at: 0s, kubectl: apply -f quota.yaml}
  - {at: 0s, kubectl: apply -f cj.yaml}
invariants:
  - eventually-stable(1m)
`,
      {
        'quota.yaml': QUOTA50,
        'cj.yaml': `apiVersion: batch/v1
kind: CronJob
metadata: {name: tick}
spec:
  schedule: "*/1 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: c, image: busybox}]
`,
      },
    );
    expect(r.invariants.map((v) => [v.name, v.violations.length])).toEqual([['eventually-stable(1m)', 0]]);
  });
});

describe('ResourceQuota admission runs before storage finds a name taken', () => {
  it('create -f of an existing ConfigMap under a full quota: Forbidden, not AlreadyExists; with room, AlreadyExists and no charge', () => {
    const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c1}\n';
    const r = run(
      `seed: 1
until: 10s
cluster: {nodes: 1}
steps:
  - {at: 0s, kubectl: apply -f quota.yaml}
  - {at: 1s, kubectl: create -f cm.yaml}
  - {at: 2s, kubectl: create -f cm.yaml}
  - {at: 3s, kubectl: apply -f roomy.yaml}
  - {at: 5s, kubectl: create -f cm.yaml}
  - {at: 6s, kubectl: get quota}
`,
      { 'quota.yaml': QUOTA('{configmaps: "1"}'), 'roomy.yaml': QUOTA('{configmaps: "2"}'), 'cm.yaml': CM },
    );
    expect(r.steps[2]?.stderr).toBe(
      'Error from server (Forbidden): error when creating "cm.yaml": configmaps "c1" is forbidden: exceeded quota: q, requested: configmaps=1, used: configmaps=1, limited: configmaps=1\n',
    );
    expect(r.steps[4]?.stderr).toBe(
      'Error from server (AlreadyExists): error when creating "cm.yaml": configmaps "c1" already exists\n',
    );
    expect(r.steps[5]?.stdout).toBe('NAME   AGE   REQUEST           LIMIT\nq      6s    configmaps: 1/2   \n');
  });
});
