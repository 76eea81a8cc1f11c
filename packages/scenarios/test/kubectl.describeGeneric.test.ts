import { describe, expect, it } from 'vitest';
import { runScenarioText } from './scenarioText.js';

/**
 * `kubectl describe` of kinds with no describer (issue 15): describe.go's genericDescriber
 * for custom resources, generic built-ins and typed kinds without one (ControllerRevision).
 */

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
          x-kubernetes-preserve-unknown-fields: true
`;

const OBJECTS = `apiVersion: stable.example.com/v1
kind: CronTab
metadata:
  name: nightly
  labels: {app: cron, tier: batch}
  annotations: {note: hello}
spec:
  cronSpec: "* * * * */5"
  replicas: 3
  ratio: 0.25
  ports: [{name: http, port: 80}, {name: https, port: 443}]
  args: [a, b]
  nested: {deep: {deeper: true}}
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 0
  serviceName: db
  selector: {matchLabels: {app: db}}
  template: {metadata: {labels: {app: db}}, spec: {containers: [{name: db, image: postgres}]}}
`;

function run(...commands: string[]) {
  const r = runScenarioText(
    `seed: 1
until: 40s
cluster: {nodes: 1}
steps:
  - {at: 0s, kubectl: apply -f crd.yaml}
  - {at: 1s, kubectl: apply -f objects.yaml}
${commands.map((c) => `  - {at: 30s, kubectl: '${c}'}`).join('\n')}
`,
    { 'crd.yaml': CRD, 'objects.yaml': OBJECTS },
  );
  // UIDs come from the run's seed; the layout is what is checked.
  return r.steps.slice(2).map((s) => ({ ...s, stdout: s.stdout.replace(/(UID: +)[-0-9a-f]+/g, '$1<uid>') }));
}

describe('kubectl describe of a kind with no describer', () => {
  const [cr, pc, revision, missing, byPrefix] = run(
    'describe crontab nightly',
    'describe pc/high',
    'describe controllerrevision',
    'describe ct nope',
    'describe ct night',
  );

  it('a custom resource: header, then the fields sorted and labelled, lists item by item, then events', () => {
    expect(cr?.stdout.split('\n')).toEqual([
      'Name:         nightly',
      'Namespace:    default',
      'Labels:       app=cron',
      '              tier=batch',
      'Annotations:  note: hello',
      'API Version:  stable.example.com/v1',
      'Kind:         CronTab',
      'Metadata:',
      '  Creation Timestamp:  2026-01-01T00:00:01Z',
      '  Generation:          1',
      '  Resource Version:    3',
      '  UID:                 <uid>',
      'Spec:',
      '  Args:',
      '    a',
      '    b',
      '  Cron Spec:  * * * * */5',
      '  Nested:',
      '    Deep:',
      '      Deeper:  true',
      '  Ports:',
      '    Name:    http',
      '    Port:    80',
      '    Name:    https',
      '    Port:    443',
      '  Ratio:     0.25',
      '  Replicas:  3',
      'Events:      <none>',
      '',
    ]);
    expect(byPrefix?.stdout).toBe(`${cr?.stdout}\n`);
  });

  it('a cluster-scoped generic kind has an empty Namespace; fields outside spec are printed too', () => {
    expect(pc?.stdout.split('\n')).toEqual([
      'Name:         high',
      'Namespace:    ',
      'Labels:       <none>',
      'Annotations:  <none>',
      'API Version:  scheduling.k8s.io/v1',
      'Kind:         PriorityClass',
      'Metadata:',
      '  Creation Timestamp:  2026-01-01T00:00:01Z',
      '  Resource Version:    4',
      '  UID:                 <uid>',
      'Value:                 1000',
      'Events:                <none>',
      '',
    ]);
  });

  it('a typed kind without a describer (ControllerRevision) is described generically, owner references and all', () => {
    // Data is the raw patch the StatefulSet controller stores; `$patch` keeps its name (not a letter).
    expect(revision?.stdout.split('\n')).toEqual([
      'Name:         db-6f744f9c45',
      'Namespace:    default',
      'Labels:       app=db',
      '              controller.kubernetes.io/hash=6f744f9c45',
      'Annotations:  <none>',
      'API Version:  apps/v1',
      'Data:',
      '  Spec:',
      '    Template:',
      '      $patch:  replace',
      '      Metadata:',
      '        Labels:',
      '          App:  db',
      '      Spec:',
      '        Containers:',
      '          Image:                       postgres',
      '          Image Pull Policy:           Always',
      '          Name:                        db',
      '          Termination Message Path:    /dev/termination-log',
      '          Termination Message Policy:  File',
      '        Dns Policy:                    ClusterFirst',
      '        Restart Policy:                Always',
      '        Scheduler Name:                default-scheduler',
      '        Security Context:',
      '        Termination Grace Period Seconds:  30',
      'Kind:                                      ControllerRevision',
      'Metadata:',
      '  Creation Timestamp:  2026-01-01T00:00:01Z',
      '  Owner References:',
      '    API Version:           apps/v1',
      '    Block Owner Deletion:  true',
      '    Controller:            true',
      '    Kind:                  StatefulSet',
      '    Name:                  db',
      '    UID:                   <uid>',
      '  Resource Version:        6',
      '  UID:                     <uid>',
      'Revision:                  1',
      'Events:                    <none>',
      '',
    ]);
  });

  it('a missing one is NotFound in its group resource', () => {
    expect(missing?.stderr).toBe('Error from server (NotFound): crontabs.stable.example.com "nope" not found\n');
    expect(missing?.exitCode).toBe(1);
  });
});
