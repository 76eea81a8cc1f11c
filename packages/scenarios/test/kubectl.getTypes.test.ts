import { describe, expect, it } from 'vitest';
import { runScenarioText } from './scenarioText.js';

/**
 * `kubectl get` of several types in one command, typed and generic kinds alike (issue 15), as
 * get.go prints them: a table per type with its own header, kind-qualified names once more
 * than one type is among the results, a blank line between tables (none with --no-headers),
 * and `No resources found` only when nothing printed and nothing failed.
 */

const MANIFEST = `apiVersion: v1
kind: ConfigMap
metadata: {name: web-config}
data: {a: b}
---
apiVersion: v1
kind: Secret
metadata: {name: web-tls}
stringData: {k: v}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx}]}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web}
spec: {podSelector: {matchLabels: {app: web}}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader}
rules: []
`;

function steps(...commands: string[]): { stdout: string; stderr: string | undefined; exitCode: number | undefined }[] {
  const r = runScenarioText(
    `seed: 1
until: 40s
cluster: {nodes: 1}
steps:
  - {at: 0s, kubectl: apply -f m.yaml}
${commands.map((c) => `  - {at: 30s, kubectl: '${c}'}`).join('\n')}
`,
    { 'm.yaml': MANIFEST },
  );
  return r.steps.slice(1).map((s) => ({ stdout: s.stdout, stderr: s.stderr || undefined, exitCode: s.exitCode }));
}

describe('kubectl get TYPE,TYPE', () => {
  const [cmSecret, deploySvcCm, genericAndTyped, emptyNs, emptyMixed, noHeaders, named, sameType, all, names, allNs] = steps(
    'get cm,secret',
    'get deploy,svc,cm',
    'get netpol,role,cm',
    'get cm,secret -n kube-public',
    'get cm,crd -n kube-public',
    'get cm,role --no-headers',
    'get deploy/web netpol/web role/nope',
    'get deploy/web deploy/nope',
    'get all',
    'get cm,netpol -o name',
    'get netpol,role -A',
  );

  it('prints a table per type, names qualified by kind, a blank line between tables', () => {
    expect(cmSecret?.stdout).toBe(
      'NAME                   DATA   AGE\nconfigmap/web-config   1      30s\n\nNAME             TYPE     DATA   AGE\nsecret/web-tls   Opaque   1      30s\n',
    );
    expect(deploySvcCm?.stdout).toBe(
      [
        'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE',
        'deployment.apps/web   1/1     1            1           30s',
        '',
        'NAME          TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
        'service/web   ClusterIP   10.96.0.2    <none>        80/TCP    30s',
        '',
        'NAME                   DATA   AGE',
        'configmap/web-config   1      30s',
        '',
      ].join('\n'),
    );
  });

  it('takes generic kinds (stored untyped) in the same command as typed ones, in the order asked', () => {
    expect(genericAndTyped?.stdout).toBe(
      [
        'NAME                                  POD-SELECTOR   AGE',
        'networkpolicy.networking.k8s.io/web   app=web        30s',
        '',
        'NAME                                    CREATED AT',
        'role.rbac.authorization.k8s.io/reader   2026-01-01T00:00:00Z',
        '',
        'NAME                   DATA   AGE',
        'configmap/web-config   1      30s',
        '',
      ].join('\n'),
    );
    expect(names?.stdout).toBe('configmap/web-config\nnetworkpolicy.networking.k8s.io/web\n');
    expect(allNs?.stdout).toBe(
      [
        'NAMESPACE   NAME                                  POD-SELECTOR   AGE',
        'default     networkpolicy.networking.k8s.io/web   app=web        30s',
        '',
        'NAMESPACE   NAME                                    CREATED AT',
        'default     role.rbac.authorization.k8s.io/reader   2026-01-01T00:00:00Z',
        '',
      ].join('\n'),
    );
  });

  it('says No resources found, naming the namespace only when every type is namespaced', () => {
    expect(emptyNs).toEqual({ stdout: '', stderr: 'No resources found in kube-public namespace.\n', exitCode: 0 });
    expect(emptyMixed).toEqual({ stdout: '', stderr: 'No resources found\n', exitCode: 0 });
  });

  it('--no-headers: no header and no blank line between the tables, each aligned on its own', () => {
    expect(noHeaders?.stdout).toBe(
      'configmap/web-config   1     30s\nrole.rbac.authorization.k8s.io/reader   2026-01-01T00:00:00Z\n',
    );
  });

  it('TYPE/NAME: kinds are named when the objects found are of several types; NotFound ones fail at the end', () => {
    expect(named).toEqual({
      stdout:
        'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\ndeployment.apps/web   1/1     1            1           30s\n\nNAME                                  POD-SELECTOR   AGE\nnetworkpolicy.networking.k8s.io/web   app=web        30s\n',
      stderr: 'Error from server (NotFound): roles.rbac.authorization.k8s.io "nope" not found\n',
      exitCode: 1,
    });
    // multipleGVKsRequested looks at what was found: one deployment is printed as one type.
    expect(sameType).toEqual({
      stdout: 'NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    1/1     1            1           30s\n',
      stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n',
      exitCode: 1,
    });
  });

  it('all: the category in discovery order, empty types skipped', () => {
    expect(all?.stdout.split('\n').filter((l) => l.startsWith('NAME'))).toHaveLength(4);
    expect(all?.stdout).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE\npod\/web-\w+-\w+ .*\n\nNAME +TYPE .*\nservice\/web .*\n\n/);
    expect(all?.stdout).toMatch(/\n\nNAME +DESIRED +CURRENT +READY +AGE\nreplicaset\.apps\/web-\w+ +1 +1 +1 +29s\n$/);
  });
});

describe('kubectl get -w of a kind stored untyped', () => {
  it('is refused with the reason, not as an unknown type', () => {
    const r = runScenarioText(
      `seed: 1
until: 5s
cluster: {nodes: 1}
steps:
  - {at: 0s, kubectl: get ingress -w}
`,
    );
    expect(r.steps[0]?.stderr).toBe(
      "error: kubesim's kubectl get -w watches the kinds it models; ingresses.networking.k8s.io objects are stored untyped and make no watch events (get them without -w)\n",
    );
  });
});
