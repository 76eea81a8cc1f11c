import { describe, expect, it } from 'vitest';
import { runScenarioText } from './scenarioText.js';

/**
 * Every other built-in kind is stored as a validated generic object, and CRDs register kinds
 * (issue 15). The Helm chart below is what `helm template` renders for a typical web app.
 */

const CHART = `---
# Source: web/templates/namespace.yaml
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
# Source: web/templates/priorityclass.yaml
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: web-high
value: 100000
globalDefault: false
description: "web pods"
---
# Source: web/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
---
# Source: web/templates/secret.yaml
apiVersion: v1
kind: Secret
metadata:
  name: web-tls
  namespace: shop
type: kubernetes.io/tls
stringData:
  tls.crt: "-----BEGIN CERTIFICATE-----"
  tls.key: "-----BEGIN PRIVATE KEY-----"
---
# Source: web/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: shop
data:
  LOG_LEVEL: info
---
# Source: web/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  labels: {app.kubernetes.io/name: web, helm.sh/chart: web-0.1.0}
spec:
  selector: {app.kubernetes.io/name: web}
  ports: [{port: 80, targetPort: http, name: http}]
---
# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app.kubernetes.io/name: web, helm.sh/chart: web-0.1.0}
spec:
  replicas: 2
  selector: {matchLabels: {app.kubernetes.io/name: web}}
  template:
    metadata: {labels: {app.kubernetes.io/name: web}}
    spec:
      priorityClassName: web-high
      serviceAccountName: web
      containers:
        - name: web
          image: nginx:1.25
          ports: [{name: http, containerPort: 80}]
          envFrom: [{configMapRef: {name: web-config}}]
          volumeMounts: [{name: tls, mountPath: /etc/tls}]
      volumes: [{name: tls, secret: {secretName: web-tls}}]
---
# Source: web/templates/ingress.yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  ingressClassName: nginx
  tls: [{hosts: [shop.example.com], secretName: web-tls}]
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {number: 80}}}
---
# Source: web/templates/networkpolicy.yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector: {matchLabels: {app.kubernetes.io/name: web}}
  policyTypes: [Ingress]
---
# Source: web/templates/role.yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: web-reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get, list]
---
# Source: web/templates/rolebinding.yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: web-reader
  namespace: shop
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: web-reader}
subjects: [{kind: ServiceAccount, name: web, namespace: shop}]
`;

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names: {plural: crontabs, singular: crontab, kind: CronTab, shortNames: [ct]}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [cronSpec]
              properties:
                cronSpec: {type: string, pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'}
                image: {type: string, maxLength: 20}
                replicas: {type: integer, minimum: 1, maximum: 10}
                mode: {type: string, enum: [Fast, Slow]}
                port: {x-kubernetes-int-or-string: true}
                extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
      additionalPrinterColumns:
        - {name: Spec, type: string, jsonPath: .spec.cronSpec}
        - {name: Replicas, type: integer, jsonPath: .spec.replicas}
        - {name: Mode, type: string, jsonPath: .spec.mode, priority: 1}
        - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
`;

const CR = `apiVersion: stable.example.com/v1
kind: CronTab
metadata:
  name: nightly
spec:
  cronSpec: "* * * * */5"
  image: my-cron-image
  replicas: 3
  port: http
  unknownField: dropped
  extra: {kept: yes}
`;

const BAD_CR = `apiVersion: stable.example.com/v1
kind: CronTab
metadata:
  name: bad
spec:
  cronSpec: "every minute"
  image: a-very-long-image-name-indeed
  replicas: "3"
  mode: Medium
`;

const run = runScenarioText;

describe('a Helm-rendered multi-kind manifest', () => {
  it('is applied whole: the typed kinds run, the others are stored and listed as kubectl lists them', () => {
    const r = run(
      `seed: 1
until: 40s
cluster: {nodes: 2}
steps:
  - {at: 0s, kubectl: apply -f chart.yaml}
  - {at: 30s, kubectl: get ingress -n shop}
  - {at: 30s, kubectl: 'get netpol,role -n shop'}
  - {at: 30s, kubectl: get rolebindings.rbac.authorization.k8s.io -n shop -o wide}
  - {at: 30s, kubectl: get pc}
  - {at: 30s, kubectl: get deploy -n shop}
  - {at: 31s, kubectl: delete ingress web -n shop}
  - {at: 32s, kubectl: get ing -n shop}
`,
      { 'chart.yaml': CHART },
    );
    const [applied, ingress, multi, bindings, pcs, deploy, deleted, none] = r.steps;
    expect(applied?.stdout).toBe(
      [
        'namespace/shop created',
        'priorityclass.scheduling.k8s.io/web-high created',
        'serviceaccount/web created',
        'secret/web-tls created',
        'configmap/web-config created',
        'service/web created',
        'deployment.apps/web created',
        'ingress.networking.k8s.io/web created',
        'networkpolicy.networking.k8s.io/web created',
        'role.rbac.authorization.k8s.io/web-reader created',
        'rolebinding.rbac.authorization.k8s.io/web-reader created',
        '',
      ].join('\n'),
    );
    expect(applied?.exitCode).toBe(0);
    expect(r.warnings).toContain(
      'no kubesim controller acts on PriorityClass objects (web-high): they are stored and listed, and nothing else happens',
    );
    expect(r.warnings).toContain(
      'no kubesim controller acts on Ingress objects (shop/web): they are stored and listed, and nothing else happens',
    );
    expect(ingress?.stdout).toBe(
      'NAME   CLASS   HOSTS              ADDRESS   PORTS     AGE\nweb    nginx   shop.example.com             80, 443   30s\n',
    );
    expect(multi?.stdout).toBe(
      [
        'NAME                                  POD-SELECTOR                 AGE',
        'networkpolicy.networking.k8s.io/web   app.kubernetes.io/name=web   30s',
        '',
        'NAME                                        CREATED AT',
        'role.rbac.authorization.k8s.io/web-reader   2026-01-01T00:00:00Z',
        '',
      ].join('\n'),
    );
    expect(bindings?.stdout).toBe(
      'NAME         ROLE              AGE   USERS   GROUPS   SERVICEACCOUNTS\nweb-reader   Role/web-reader   30s                    shop/web\n',
    );
    expect(pcs?.stdout).toBe(
      'NAME       VALUE    GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY\nweb-high   100000   false            30s   PreemptLowerPriority\n',
    );
    expect(deploy?.stdout).toContain('web    2/2     2            2           30s');
    expect(deleted?.stdout).toBe('ingress.networking.k8s.io "web" deleted from shop namespace\n');
    expect(none?.stderr).toBe('No resources found in shop namespace.\n');
  });

  it('deleting the namespace deletes the generic objects in it too', () => {
    const r = run(
      `seed: 1
until: 2m
cluster: {nodes: 1}
steps:
  - {at: 0s, kubectl: apply -f chart.yaml}
  - {at: 20s, kubectl: delete namespace shop}
  - {at: 2m, kubectl: get role -n shop}
  - {at: 2m, kubectl: get ns shop}
  - {at: 2m, kubectl: get pc}
`,
      { 'chart.yaml': CHART },
    );
    const [, deleted, roles, ns, pcs] = r.steps;
    expect(deleted?.stdout).toBe('namespace "shop" deleted\n');
    expect(roles?.stderr).toBe('No resources found in shop namespace.\n');
    expect(ns?.stderr).toBe('Error from server (NotFound): namespaces "shop" not found\n');
    // Cluster-scoped objects are not the namespace's.
    expect(pcs?.stdout).toContain('web-high');
  });
});

describe('CustomResourceDefinitions', () => {
  const scenarioText = `seed: 1
until: 40s
cluster: {nodes: 1}
steps:
  - {at: 0s, kubectl: apply -f cr.yaml}
  - {at: 1s, kubectl: apply -f crd.yaml}
  - {at: 2s, kubectl: apply -f cr.yaml}
  - {at: 3s, kubectl: apply -f bad.yaml}
  - {at: 30s, kubectl: get crontabs}
  - {at: 30s, kubectl: get ct -o wide}
  - {at: 30s, kubectl: get crd}
  - {at: 30s, kubectl: get crontab nightly -o yaml}
  - {at: 31s, kubectl: delete crd crontabs.stable.example.com}
  - {at: 32s, kubectl: get crontabs}
`;

  it('register a kind: refused before, accepted after, validated against the schema, pruned, printed with its columns', () => {
    const r = run(scenarioText, { 'crd.yaml': CRD, 'cr.yaml': CR, 'bad.yaml': BAD_CR });
    const [before, crd, cr, bad, list, wide, crds, yaml, deleteCrd, gone] = r.steps;
    expect(before?.stderr).toBe(
      'error: resource mapping not found for name: "nightly" namespace: "" from "cr.yaml": no matches for kind "CronTab" in version "stable.example.com/v1"\nensure CRDs are installed first\n',
    );
    expect(crd?.stdout).toBe('customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n');
    expect(cr?.stdout).toBe('crontab.stable.example.com/nightly created\n');
    expect(bad?.exitCode).toBe(1);
    expect(bad?.stderr).toBe(
      [
        'The CronTab "bad" is invalid: ',
        `* spec.cronSpec: Invalid value: "every minute": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'`,
        '* spec.image: Too long: may not be more than 20 bytes',
        '* spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
        '* spec.mode: Unsupported value: "Medium": supported values: "Fast", "Slow"',
        '',
      ].join('\n'),
    );
    expect(list?.stdout).toBe('NAME      SPEC          REPLICAS   AGE\nnightly   * * * * */5   3          28s\n');
    expect(wide?.stdout).toBe('NAME      SPEC          REPLICAS   AGE   MODE\nnightly   * * * * */5   3          28s   <none>\n');
    expect(crds?.stdout).toBe('NAME                          CREATED AT\ncrontabs.stable.example.com   2026-01-01T00:00:01Z\n');
    // Unknown fields are pruned (spec.unknownField); preserved subtrees and int-or-string stay.
    const spec = yaml?.stdout.slice(yaml.stdout.indexOf('\nspec:')) ?? '';
    expect(spec).not.toContain('unknownField');
    expect(spec).toContain('kept: true');
    expect(spec).toContain('port: http');
    expect(yaml?.stdout).toContain('generation: 1');
    expect(deleteCrd?.stdout).toBe('customresourcedefinition.apiextensions.k8s.io "crontabs.stable.example.com" deleted\n');
    expect(gone?.stderr).toBe(`error: the server doesn't have a resource type "crontabs"\n`);
  });
});

describe('kinds whose effect is an admission plugin', () => {
  it('a ResourceQuota and a LimitRange are served: listed with their status, and the run has nothing to warn of', () => {
    const r = run(
      `seed: 1
until: 5s
cluster: {nodes: 1}
steps:
  - {at: 0s, kubectl: apply -f quota.yaml}
  - {at: 1s, kubectl: get quota}
`,
      {
        'quota.yaml': `apiVersion: v1
kind: ResourceQuota
metadata: {name: q}
spec: {hard: {pods: "2"}}
---
apiVersion: v1
kind: LimitRange
metadata: {name: l}
spec: {limits: [{type: Container, default: {cpu: 500m}}]}
`,
      },
    );
    expect(r.steps[0]?.stdout).toBe('resourcequota/q created\nlimitrange/l created\n');
    expect(r.steps[1]?.stdout).toBe('NAME   AGE   REQUEST     LIMIT\nq      1s    pods: 0/2   \n');
    expect(r.warnings.some((w) => w.includes('LimitRange') || w.includes('ResourceQuota'))).toBe(false);
  });
});

describe('kubectl create -f goes on past an object that fails (ContinueOnError)', () => {
  it('creates the others and reports each failure at the end; apply reports mapping errors first', () => {
    const r = run(
      `seed: 1
until: 5s
cluster: {nodes: 1}
steps:
  - {at: 0s, kubectl: create -f a.yaml}
  - {at: 1s, kubectl: create -f ab.yaml}
  - {at: 2s, kubectl: apply -f bad.yaml}
`,
      {
        'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n',
        'ab.yaml': `apiVersion: stable.example.com/v1
kind: CronTab
metadata: {name: early}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: a}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: b}
`,
        'bad.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: c}
bogus: 1
---
apiVersion: stable.example.com/v1
kind: CronTab
metadata: {name: late}
`,
      },
    );
    const [, created, applied] = r.steps;
    expect(created?.stdout).toBe('configmap/b created\n');
    expect(created?.stderr).toBe(
      'error: resource mapping not found for name: "early" namespace: "" from "ab.yaml": no matches for kind "CronTab" in version "stable.example.com/v1"\n' +
        'ensure CRDs are installed first\n' +
        'Error from server (AlreadyExists): error when creating "ab.yaml": configmaps "a" already exists\n',
    );
    expect(applied?.stderr?.split('\n')[0]).toMatch(/^error: resource mapping not found for name: "late"/);
    expect(applied?.stderr).toContain('strict decoding error: unknown field "bogus"');
  });
});
