import { join } from 'node:path';
import type { Controller } from '@kubesim/core';
import type { WorkloadKind } from '../../src/verify/index.js';
import daemonSetSecondPod from './daemonset-second-pod.js';
import deploymentIgnoresMaxUnavailable from './deployment-ignores-maxunavailable.js';
import hpaIgnoresMaxReplicas from './hpa-ignores-max-replicas.js';
import jobExceedsParallelism from './job-exceeds-parallelism.js';
import replicaSetIgnoresExpectations from './replicaset-ignores-expectations.js';
import statefulSetSkipsReadiness from './statefulset-skips-readiness.js';

/**
 * The seeded bugs, for the tests that must catch them: each fixture module (a controller
 * with one bug, for `--controllers`), the workload kind it breaks, the invariant that
 * catches it, and a small scenario that exercises it (what `kubesim check FILE` varies).
 */
export interface SeededBug {
  /** The fixture module's file name in this folder. */
  readonly module: string;
  /** What the module's default export is: the variant, made from the default controllers. */
  readonly variant: (defaults: readonly Controller[]) => Controller;
  readonly kind: WorkloadKind;
  readonly invariant: string;
  /** The manifest (workload.yaml beside the scenario) and the scenario file's text. */
  readonly manifest: string;
  readonly scenario: string;
}

export const SEEDED_DIR: string = import.meta.dirname;

export const modulePath = (bug: SeededBug): string => join(SEEDED_DIR, bug.module);

const template = (image: string, extra = ''): string => `  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 5${extra}
      containers: [{name: app, image: ${image}, resources: {requests: {cpu: 100m, memory: 64Mi}}}]
`;

const scenario = (invariant: string, steps: readonly string[] = [], extra = ''): string => `seed: 1
until: 5m
cluster: {nodes: 3}
images:
  - match: "app:*"
    pull: "uniform(500ms, 1500ms)"
    start: "uniform(200ms, 800ms)"
    ready: "uniform(0s, 2s)"
    stop: 1s
    usage: {cpu: 1m, cpuPerUnit: 1m, memory: 8Mi}
  - {match: "batch:*", pull: 1s, start: 500ms, exitAfter: "uniform(5s, 15s)"}
manifests: [{file: workload.yaml}]
steps:
  - {at: 0s, kubectl: apply -f workload.yaml}
${steps.map((s) => `  - ${s}\n`).join('')}invariants: [${invariant}]
${extra}`;

export const SEEDED_BUGS: readonly SeededBug[] = [
  {
    module: 'deployment-ignores-maxunavailable.ts',
    variant: deploymentIgnoresMaxUnavailable,
    kind: 'Deployment',
    invariant: 'deployment-availability',
    manifest: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 4
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 1}}
  selector: {matchLabels: {app: web}}
${template('app:v1')}`,
    scenario: scenario('deployment-availability', ['{at: 30s, kubectl: set image deployment/web app=app:v2}']),
  },
  {
    module: 'statefulset-skips-readiness.ts',
    variant: statefulSetSkipsReadiness,
    kind: 'StatefulSet',
    invariant: 'statefulset-ordering',
    manifest: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 3
  selector: {matchLabels: {app: web}}
${template('app:v1')}`,
    scenario: scenario('statefulset-ordering'),
  },
  {
    module: 'replicaset-ignores-expectations.ts',
    variant: replicaSetIgnoresExpectations,
    kind: 'ReplicaSet',
    invariant: 'replicaset-convergence',
    manifest: `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
${template('app:v1')}`,
    scenario: scenario('replicaset-convergence'),
  },
  {
    module: 'daemonset-second-pod.ts',
    variant: daemonSetSecondPod,
    kind: 'DaemonSet',
    invariant: 'daemonset-one-pod-per-node',
    manifest: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
${template('app:v1')}`,
    scenario: scenario('daemonset-one-pod-per-node'),
  },
  {
    module: 'job-exceeds-parallelism.ts',
    variant: jobExceedsParallelism,
    kind: 'Job',
    invariant: 'job-parallelism',
    manifest: `apiVersion: batch/v1
kind: Job
metadata: {name: web}
spec:
  completions: 4
  parallelism: 2
  backoffLimit: 3
${template('batch:v1', '\n      restartPolicy: Never')}`,
    scenario: scenario('job-parallelism'),
  },
  {
    module: 'hpa-ignores-max-replicas.ts',
    variant: hpaIgnoresMaxReplicas,
    kind: 'HorizontalPodAutoscaler',
    invariant: 'hpa-replica-bounds',
    manifest: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
${template('app:v1')}---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 3
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}}]
`,
    // 600 units of load (600m of CPU): 8 pods' worth at 80% of 100m, above maxReplicas 3.
    scenario: scenario('hpa-replica-bounds', [], 'load: [{target: deployment/web, constant: 600}]\n'),
  },
];
