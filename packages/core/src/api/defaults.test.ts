import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDefaults, defaultPullPolicy } from './defaults.js';
import { getScaledValueFromIntOrPercent } from './intstr.js';
import type {
  CronJob,
  DaemonSet,
  Deployment,
  HorizontalPodAutoscaler,
  Job,
  KubeObject,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  PodSpec,
  ReplicaSet,
  ReplicationController,
  Service,
  StatefulSet,
  StorageClass,
} from './types.js';

/** applyDefaults on a hand-written object (which need not type-check as complete). */
function def<T extends KubeObject>(obj: unknown): T {
  return applyDefaults<T>(obj as never);
}

const meta = { name: 'web', namespace: 'default' };
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } };

function deployment(spec: Record<string, unknown> = {}): Deployment {
  return def<Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta, spec: { template, ...spec } });
}

describe('TestSetDefaultDeployment (apps/v1)', () => {
  it('an empty spec: replicas 1, RollingUpdate 25%/25% (strings), history 10, deadline 600', () => {
    const s = deployment().spec;
    expect(s.replicas).toBe(1);
    expect(s.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    expect(s.revisionHistoryLimit).toBe(10);
    expect(s.progressDeadlineSeconds).toBe(600);
    expect(s.minReadySeconds).toBeUndefined();
  });
  it('keeps a given maxSurge and fills maxUnavailable, inferring the RollingUpdate type', () => {
    const s = deployment({ replicas: 5, strategy: { rollingUpdate: { maxSurge: 5 } } }).spec;
    expect(s.replicas).toBe(5);
    expect(s.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 5, maxUnavailable: '25%' } });
  });
  it('RollingUpdate with a nil rollingUpdate gets both 25%', () => {
    const s = deployment({ replicas: 3, strategy: { type: 'RollingUpdate' } }).spec;
    expect(s.strategy?.rollingUpdate).toEqual({ maxUnavailable: '25%', maxSurge: '25%' });
  });
  it('Recreate gets no rollingUpdate, and revisionHistoryLimit 0 is kept', () => {
    const s = deployment({ replicas: 5, strategy: { type: 'Recreate' }, revisionHistoryLimit: 0 }).spec;
    expect(s.strategy).toEqual({ type: 'Recreate' });
    expect(s.revisionHistoryLimit).toBe(0);
    expect(s.progressDeadlineSeconds).toBe(600);
  });
  it('keeps given progressDeadlineSeconds and revisionHistoryLimit', () => {
    const s = deployment({ strategy: { type: 'Recreate' }, progressDeadlineSeconds: 30, revisionHistoryLimit: 2 }).spec;
    expect(s.progressDeadlineSeconds).toBe(30);
    expect(s.revisionHistoryLimit).toBe(2);
  });
  it('replicas 0 is kept (a pointer, not a zero value)', () => {
    expect(deployment({ replicas: 0 }).spec.replicas).toBe(0);
  });
  it('an empty strategy type is unset, as Go decodes "" to the zero value', () => {
    expect(deployment({ strategy: { type: '' } }).spec.strategy?.type).toBe('RollingUpdate');
  });
});

describe('TestDefaultDeploymentAvailability', () => {
  it('the defaults never allow every replica to be unavailable', () => {
    const s = deployment().spec;
    const maxUnavailable = getScaledValueFromIntOrPercent(s.strategy?.rollingUpdate?.maxUnavailable ?? 0, s.replicas ?? 0, false);
    expect((s.replicas ?? 0) - maxUnavailable).toBeGreaterThan(0);
  });
});

function statefulSet(spec: Record<string, unknown> = {}): StatefulSet {
  return def<StatefulSet>({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta, spec: { template, ...spec } });
}

describe('TestSetDefaultStatefulSet (apps/v1)', () => {
  it('labels and the default update strategy', () => {
    const s = statefulSet().spec;
    expect(s.replicas).toBe(1);
    expect(s.podManagementPolicy).toBe('OrderedReady');
    expect(s.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    expect(s.revisionHistoryLimit).toBe(10);
    expect(s.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
  });
  it('OnDelete gets no rollingUpdate', () => {
    expect(statefulSet({ updateStrategy: { type: 'OnDelete' } }).spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });
  it('keeps Parallel', () => {
    expect(statefulSet({ podManagementPolicy: 'Parallel' }).spec.podManagementPolicy).toBe('Parallel');
  });
  it('a partition is not lost when the type is not set', () => {
    const s = statefulSet({ updateStrategy: { rollingUpdate: { partition: 42 } } }).spec;
    expect(s.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 42 } });
  });
  it('RollingUpdate given without rollingUpdate stays without it (no partition)', () => {
    expect(statefulSet({ updateStrategy: { type: 'RollingUpdate' } }).spec.updateStrategy).toEqual({ type: 'RollingUpdate' });
  });
  it('fills the retention policy field by field', () => {
    const s = statefulSet({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' } }).spec;
    expect(s.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Delete', whenScaled: 'Retain' });
  });
  it('defaults the volume claim templates (volumeMode, quantities)', () => {
    const s = statefulSet({
      volumeClaimTemplates: [
        { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1.5Gi' } } } },
      ],
    }).spec;
    expect(s.volumeClaimTemplates?.[0]?.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1536Mi' } },
      volumeMode: 'Filesystem',
    });
  });
});

function daemonSet(spec: Record<string, unknown> = {}): DaemonSet {
  return def<DaemonSet>({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta, spec: { template, ...spec } });
}

describe('TestSetDefaultDaemonSetSpec (apps/v1)', () => {
  it('RollingUpdate with maxUnavailable 1 and maxSurge 0 (ints), history 10', () => {
    const s = daemonSet().spec;
    expect(s.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(s.revisionHistoryLimit).toBe(10);
  });
  it('keeps a given revisionHistoryLimit', () => {
    expect(daemonSet({ revisionHistoryLimit: 1 }).spec.revisionHistoryLimit).toBe(1);
  });
  it('OnDelete gets no rollingUpdate', () => {
    expect(daemonSet({ updateStrategy: { type: 'OnDelete' } }).spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });
  it('keeps a given maxSurge and still fills maxUnavailable', () => {
    const s = daemonSet({ updateStrategy: { rollingUpdate: { maxSurge: '10%' } } }).spec;
    expect(s.updateStrategy?.rollingUpdate).toEqual({ maxSurge: '10%', maxUnavailable: 1 });
  });
});

describe('TestSetDefaultReplicaSetReplicas (apps/v1)', () => {
  it.each([
    [undefined, 1],
    [0, 0],
    [3, 3],
  ])('replicas %s → %d', (given, want) => {
    const rs = def<ReplicaSet>({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta,
      spec: { replicas: given, template },
    });
    expect(rs.spec.replicas).toBe(want);
  });
});

function rc(metadata: Record<string, unknown>, spec: Record<string, unknown>): ReplicationController {
  return def<ReplicationController>({ apiVersion: 'v1', kind: 'ReplicationController', metadata, spec });
}

describe('TestSetDefaultReplicationController (core/v1)', () => {
  const tpl = { metadata: { labels: { foo: 'bar' } }, spec: template.spec };
  it('selector and labels from the template labels', () => {
    const r = rc({ name: 'r' }, { template: tpl });
    expect(r.spec.selector).toEqual({ foo: 'bar' });
    expect(r.metadata.labels).toEqual({ foo: 'bar' });
  });
  it('existing labels are kept; the selector still comes from the template', () => {
    const r = rc({ name: 'r', labels: { bar: 'foo' } }, { template: tpl });
    expect(r.metadata.labels).toEqual({ bar: 'foo' });
    expect(r.spec.selector).toEqual({ foo: 'bar' });
  });
  it('an existing selector is kept', () => {
    const r = rc({ name: 'r', labels: { bar: 'foo' } }, { selector: { some: 'other' }, template: tpl });
    expect(r.spec.selector).toEqual({ some: 'other' });
    expect(r.metadata.labels).toEqual({ bar: 'foo' });
  });
  it('labels come from the template even when a selector is given', () => {
    const r = rc({ name: 'r' }, { selector: { some: 'other' }, template: tpl });
    expect(r.metadata.labels).toEqual({ foo: 'bar' });
  });
  it.each([
    [undefined, 1],
    [0, 0],
    [3, 3],
  ])('TestSetDefaultReplicationControllerReplicas: %s → %d', (given, want) => {
    expect(rc({ name: 'r' }, { replicas: given, template: tpl }).spec.replicas).toBe(want);
  });
});

function templateSpec(spec: Record<string, unknown>): PodSpec {
  return rc({ name: 'r' }, { template: { metadata: { labels: { a: 'b' } }, spec } }).spec.template?.spec as PodSpec;
}

function podSpec(spec: Record<string, unknown>): PodSpec {
  return def<Pod>({ apiVersion: 'v1', kind: 'Pod', metadata: meta, spec }).spec;
}

describe('TestWorkloadDefaults (core/v1: what a pod template gets)', () => {
  it('an empty container in a template', () => {
    const s = templateSpec({ containers: [{ name: 'c', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '1' } } }] });
    expect(s).toEqual({
      containers: [
        {
          name: 'c',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: { limits: { cpu: '1' } }, // templates do not copy limits to requests
          imagePullPolicy: 'IfNotPresent', // an empty image does not parse, so not "latest"
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      securityContext: {},
    });
  });
  it('a volume without a source becomes an emptyDir', () => {
    expect(templateSpec({ containers: [], volumes: [{ name: 'v' }] }).volumes).toEqual([{ name: 'v', emptyDir: {} }]);
    expect(templateSpec({ containers: [], volumes: [{ name: 'v', configMap: { name: 'x' } }] }).volumes).toEqual([
      { name: 'v', configMap: { name: 'x' } },
    ]);
  });
  it('keeps given values', () => {
    const s = templateSpec({
      containers: [{ name: 'c', image: 'nginx', imagePullPolicy: 'Never', terminationMessagePolicy: 'FallbackToLogsOnError' }],
      restartPolicy: 'Never',
      dnsPolicy: 'Default',
      terminationGracePeriodSeconds: 0,
      schedulerName: 'mine',
    });
    expect(s).toMatchObject({
      restartPolicy: 'Never',
      dnsPolicy: 'Default',
      terminationGracePeriodSeconds: 0,
      schedulerName: 'mine',
    });
    expect(s.containers[0]).toMatchObject({ imagePullPolicy: 'Never', terminationMessagePolicy: 'FallbackToLogsOnError' });
  });
  it('treats "" enum values as unset (Go zero values)', () => {
    const s = templateSpec({
      containers: [{ name: 'c', image: 'a:1', imagePullPolicy: '', ports: [{ containerPort: 1, protocol: '' }] }],
      restartPolicy: '',
      dnsPolicy: '',
    });
    expect(s.restartPolicy).toBe('Always');
    expect(s.dnsPolicy).toBe('ClusterFirst');
    expect(s.containers[0]?.imagePullPolicy).toBe('IfNotPresent');
    expect(s.containers[0]?.ports?.[0]?.protocol).toBe('TCP');
  });
});

describe('TestPodDefaults (core/v1: what a pod gets on top)', () => {
  it('enableServiceLinks true', () => {
    expect(podSpec({ containers: [{ name: 'c', image: 'x' }] }).enableServiceLinks).toBe(true);
    expect(podSpec({ containers: [{ name: 'c', image: 'x' }], enableServiceLinks: false }).enableServiceLinks).toBe(false);
  });
  it('TestSetDefaultRequestsPod: requests come from limits, and an explicit request of 0 stays', () => {
    const s = podSpec({
      containers: [{ name: 'c', image: 'x', resources: { requests: { memory: '0' }, limits: { cpu: '100m', memory: '1Gi' } } }],
      initContainers: [{ name: 'i', image: 'x', resources: { limits: { cpu: '2' } } }],
    });
    expect(s.containers[0]?.resources).toEqual({
      requests: { memory: '0', cpu: '100m' },
      limits: { cpu: '100m', memory: '1Gi' },
    });
    expect(s.initContainers?.[0]?.resources).toEqual({ requests: { cpu: '2' }, limits: { cpu: '2' } });
  });
  it('TestSetMinimumScalePod: quantities round up to milli precision', () => {
    const s = podSpec({
      containers: [{ name: 'c', image: 'x', resources: { requests: { memory: '1n' }, limits: { cpu: '2n' } } }],
    });
    expect(s.containers[0]?.resources).toEqual({ requests: { memory: '1m', cpu: '1m' }, limits: { cpu: '1m' } });
  });
  it('quantities are stored in canonical form', () => {
    const s = podSpec({
      containers: [
        {
          name: 'c',
          image: 'x',
          resources: { requests: { cpu: '0.5', memory: '1.5Gi' }, limits: { cpu: '1000m', memory: '0.0001' } },
        },
      ],
    });
    expect(s.containers[0]?.resources).toEqual({
      requests: { cpu: '500m', memory: '1536Mi' },
      limits: { cpu: '1', memory: '1m' },
    });
  });
  it('leaves an unparseable quantity for validation to report', () => {
    expect(
      podSpec({ containers: [{ name: 'c', image: 'x', resources: { limits: { cpu: 'lots' } } }] }).containers[0]?.resources
        ?.limits,
    ).toEqual({
      cpu: 'lots',
    });
  });
});

describe('TestPodHostNetworkDefaults', () => {
  const spec = { hostNetwork: true, containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 12345, protocol: 'TCP' }] }] };
  it('a pod on the host network gets hostPort = containerPort', () => {
    expect(podSpec(spec).containers[0]?.ports?.[0]?.hostPort).toBe(12345);
  });
  it('a template does not (DefaultHostNetworkHostPortsInPodTemplates is off)', () => {
    expect(templateSpec(spec).containers[0]?.ports?.[0]?.hostPort).toBeUndefined();
  });
  it('nor does a pod off the host network', () => {
    expect(podSpec({ ...spec, hostNetwork: false }).containers[0]?.ports?.[0]?.hostPort).toBeUndefined();
  });
});

describe('SetDefaults_Container imagePullPolicy (parsers.ParseImageName)', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['docker.io/library/nginx', 'Always'],
    ['registry.example.com:5000/team/app', 'Always'],
    ['registry.example.com:5000/team/app:v2', 'IfNotPresent'],
    ['localhost:5000/app:latest', 'Always'],
    [`nginx@${digest}`, 'IfNotPresent'],
    [`nginx:latest@${digest}`, 'Always'],
    [`nginx:1.25@${digest}`, 'IfNotPresent'],
    ['', 'IfNotPresent'],
    ['Nginx', 'IfNotPresent'], // not a valid reference: the error is ignored, the tag is ""
    ['a'.repeat(64), 'IfNotPresent'], // a bare image ID
  ])('%j → %s', (image, want) => {
    expect(defaultPullPolicy(image)).toBe(want);
    expect(templateSpec({ containers: [{ name: 'c', image }] }).containers[0]?.imagePullPolicy).toBe(want);
  });
  it('init containers too', () => {
    expect(
      templateSpec({ containers: [], initContainers: [{ name: 'i', image: 'busybox' }] }).initContainers?.[0]?.imagePullPolicy,
    ).toBe('Always');
  });
});

describe('SetDefaults_Probe', () => {
  it('fills thresholds and the HTTP action', () => {
    const c = templateSpec({
      containers: [
        { name: 'c', image: 'x', livenessProbe: { httpGet: { port: 8080 } }, readinessProbe: { tcpSocket: { port: 80 } } },
      ],
    }).containers[0];
    expect(c?.livenessProbe).toEqual({
      httpGet: { port: 8080, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c?.readinessProbe).toMatchObject({ timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  });
  it('an explicit 0 is the int32 zero value, so it is defaulted too', () => {
    const c = templateSpec({
      containers: [
        {
          name: 'c',
          image: 'x',
          startupProbe: { exec: { command: ['true'] }, periodSeconds: 0, failureThreshold: 0, timeoutSeconds: 5 },
        },
      ],
    }).containers[0];
    expect(c?.startupProbe).toMatchObject({ periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 5, successThreshold: 1 });
  });
});

function service(spec: Record<string, unknown>): Service['spec'] {
  return def<Service>({ apiVersion: 'v1', kind: 'Service', metadata: meta, spec }).spec;
}

describe('SetDefaults_Service', () => {
  it('ClusterIP, no affinity, TCP, targetPort = port, internal policy Cluster', () => {
    expect(
      service({
        ports: [{ port: 80 }, { port: 81, targetPort: 0 }, { port: 82, targetPort: '' }, { port: 83, targetPort: 'http' }],
      }),
    ).toEqual({
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ports: [
        { port: 80, protocol: 'TCP', targetPort: 80 },
        { port: 81, protocol: 'TCP', targetPort: 81 },
        { port: 82, protocol: 'TCP', targetPort: 82 },
        { port: 83, protocol: 'TCP', targetPort: 'http' },
      ],
    });
  });
  it('TestSetDefaultServiceSessionAffinity: ClientIP gets a 10800s timeout; None clears the config', () => {
    expect(service({ sessionAffinity: 'ClientIP' }).sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
    expect(
      service({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } }).sessionAffinityConfig,
    ).toEqual({
      clientIP: { timeoutSeconds: 60 },
    });
    expect(service({ sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } }).sessionAffinityConfig).toBeUndefined();
  });
  it('NodePort and LoadBalancer get externalTrafficPolicy Cluster; LoadBalancer allocates node ports', () => {
    expect(service({ type: 'NodePort', ports: [{ port: 80 }] }).externalTrafficPolicy).toBe('Cluster');
    const lb = service({ type: 'LoadBalancer', ports: [{ port: 80 }] });
    expect(lb).toMatchObject({
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      allocateLoadBalancerNodePorts: true,
    });
    expect(service({ type: 'ClusterIP' }).externalTrafficPolicy).toBeUndefined();
    expect(service({ type: 'ExternalName' }).internalTrafficPolicy).toBeUndefined();
  });
});

describe('storage defaults', () => {
  it('PVC: volumeMode Filesystem and canonical storage', () => {
    const pvc = def<PersistentVolumeClaim>({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta,
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1024Mi' } } },
    });
    expect(pvc.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
      volumeMode: 'Filesystem',
    });
  });
  it('PV: reclaim policy Retain, volumeMode Filesystem, canonical capacity', () => {
    const pv = def<PersistentVolume>({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv' },
      spec: { capacity: { storage: '0.5Gi' } },
    });
    expect(pv.spec).toEqual({
      capacity: { storage: '512Mi' },
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    });
  });
  it('StorageClass: reclaim Delete, binding Immediate', () => {
    const sc = def<StorageClass>({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'sc' },
      provisioner: 'p',
    });
    expect(sc).toMatchObject({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
  });
});

function job(spec: Record<string, unknown>, metadata: Record<string, unknown> = meta): Job {
  return def<Job>({ apiVersion: 'batch/v1', kind: 'Job', metadata, spec: { template, ...spec } });
}

describe('TestSetDefaultJob (batch/v1)', () => {
  it.each([
    ['both unset → both 1', {}, 1, 1],
    ['completions only → parallelism 1', { completions: 4 }, 4, 1],
    ['parallelism only → completions stay unset', { parallelism: 3 }, undefined, 3],
    ['both set', { completions: 5, parallelism: 2 }, 5, 2],
    ['zeros are kept', { completions: 0, parallelism: 0 }, 0, 0],
  ])('%s', (_n, spec, completions, parallelism) => {
    const s = job(spec).spec;
    expect(s.completions).toBe(completions);
    expect(s.parallelism).toBe(parallelism);
  });
  it('the other fields', () => {
    const j = job({}, { name: 'j' });
    expect(j.spec).toMatchObject({
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
    });
    expect(j.metadata.labels).toEqual({ app: 'web' });
  });
  it('backoffLimitPerIndex makes backoffLimit MaxInt32; a podFailurePolicy makes replacement Failed', () => {
    expect(job({ backoffLimitPerIndex: 1, completionMode: 'Indexed', completions: 2 }).spec.backoffLimit).toBe(2147483647);
    expect(job({ podFailurePolicy: { rules: [] } }).spec.podReplacementPolicy).toBe('Failed');
  });
  it('the pod template gets the PodSpec defaults (restartPolicy Always, which validation then rejects)', () => {
    expect(job({}).spec.template.spec.restartPolicy).toBe('Always');
  });
});

describe('TestSetDefaultCronJob (batch/v1)', () => {
  it('Allow, not suspended, keeps 3 successful and 1 failed job', () => {
    const cj = def<CronJob>({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta,
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'x' }] } } } } },
    });
    expect(cj.spec).toMatchObject({
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
    expect(cj.spec.jobTemplate.spec.template.spec).toMatchObject({ restartPolicy: 'Always', terminationGracePeriodSeconds: 30 });
  });
});

describe('TestSetDefaultHPA (autoscaling/v2)', () => {
  function hpa(spec: Record<string, unknown>): HorizontalPodAutoscaler['spec'] {
    return def<HorizontalPodAutoscaler>({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta,
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 5, ...spec },
    }).spec;
  }
  it('minReplicas 1 and 80% CPU', () => {
    expect(hpa({})).toMatchObject({
      minReplicas: 1,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
    expect(hpa({}).behavior).toBeUndefined();
  });
  it('a given behavior is completed rule by rule', () => {
    const b = hpa({ behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } }).behavior;
    expect(b).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: {
        stabilizationWindowSeconds: 60,
        selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
      },
    });
  });
});

describe('applyDefaults as a function', () => {
  const input = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: structuredClone(template) },
  };

  it('never mutates its input', () => {
    const before = JSON.stringify(input);
    const out = def<Deployment>(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(out).not.toBe(input);
    expect(out.spec.replicas).toBe(1);
  });
  it('works on frozen input', () => {
    const frozen = Object.freeze(structuredClone(input));
    expect(() => def<Deployment>(frozen)).not.toThrow();
  });

  // Random manifests: a mix of set and unset fields across kinds.
  const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
  const container = fc.record({
    name: fc.constantFrom('a', 'b'),
    image: fc.constantFrom('nginx', 'nginx:1.25', 'busybox:latest', ''),
    imagePullPolicy: maybe(fc.constantFrom('Always', 'Never', '')),
    ports: maybe(
      fc.array(fc.record({ containerPort: fc.integer({ min: 1, max: 9000 }), protocol: maybe(fc.constantFrom('UDP', '')) }), {
        maxLength: 2,
      }),
    ),
    resources: maybe(
      fc.record({
        limits: maybe(fc.dictionary(fc.constantFrom('cpu', 'memory'), fc.constantFrom('100m', '0.5', '1.5Gi', '1n', '2'))),
      }),
    ),
    readinessProbe: maybe(
      fc.record({ httpGet: fc.record({ port: fc.constant(80) }), periodSeconds: maybe(fc.integer({ min: 0, max: 5 })) }),
    ),
  });
  const spec = fc.record({
    containers: fc.array(container, { maxLength: 2 }),
    restartPolicy: maybe(fc.constantFrom('Always', 'OnFailure', '')),
    hostNetwork: maybe(fc.boolean()),
  });
  const object = fc.oneof(
    fc.record({
      apiVersion: fc.constant('apps/v1'),
      kind: fc.constant('Deployment'),
      metadata: fc.constant({ name: 'd' }),
      spec: fc.record({
        replicas: maybe(fc.integer({ min: 0, max: 5 })),
        strategy: maybe(
          fc.record({
            type: maybe(fc.constantFrom('Recreate', 'RollingUpdate', '')),
            rollingUpdate: maybe(fc.record({ maxSurge: maybe(fc.constantFrom(0, 1, '10%')) })),
          }),
        ),
        template: fc.record({ spec }),
      }),
    }),
    fc.record({
      apiVersion: fc.constant('apps/v1'),
      kind: fc.constant('StatefulSet'),
      metadata: fc.constant({ name: 's' }),
      spec: fc.record({
        updateStrategy: maybe(fc.record({ type: maybe(fc.constantFrom('OnDelete', '')) })),
        template: fc.record({ spec }),
      }),
    }),
    fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('Pod'), metadata: fc.constant({ name: 'p' }), spec }),
    fc.record({
      apiVersion: fc.constant('v1'),
      kind: fc.constant('Service'),
      metadata: fc.constant({ name: 's' }),
      spec: fc.record({
        type: maybe(fc.constantFrom('NodePort', 'ClusterIP')),
        sessionAffinity: maybe(fc.constantFrom('ClientIP', 'None')),
        ports: fc.array(fc.record({ port: fc.integer({ min: 1, max: 100 }) }), { maxLength: 2 }),
      }),
    }),
  );

  it('is idempotent and leaves its input alone (property)', () => {
    fc.assert(
      fc.property(object, (obj) => {
        const before = JSON.stringify(obj);
        const once = def<KubeObject>(obj);
        expect(JSON.stringify(obj)).toBe(before);
        expect(def<KubeObject>(once)).toEqual(once);
      }),
      { numRuns: 200 },
    );
  });
});
