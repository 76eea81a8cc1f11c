import { type Draft, produce } from 'immer';
import { canonicalQuantity } from './quantity.js';
import type { Container, KubeObject, PersistentVolumeClaimSpec, PodSpec, Probe } from './types.js';

/**
 * API-server defaulting (pkg/apis/{core,apps,batch,autoscaling}/v1/defaults.go) for the
 * kinds kubesim stores. Applied to every object that is created or updated, before
 * validation, exactly as the API server does; returns a new (frozen) object.
 */

/** Images tagged `latest` (or untagged, which means latest) are pulled always. */
export function defaultPullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  if (image === undefined) return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent'; // pinned by digest
  const lastSlash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const tag = colon > lastSlash ? image.slice(colon + 1) : 'latest';
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function canonicalise(list: Record<string, string> | undefined): void {
  if (list === undefined) return;
  for (const [k, v] of Object.entries(list)) {
    try {
      list[k] = canonicalQuantity(v);
    } catch {
      // Left as written: validation reports it with the field path.
    }
  }
}

function defaultProbe(p: Draft<Probe> | undefined): void {
  if (p === undefined) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (p.httpGet) {
    p.httpGet.path ??= '/';
    p.httpGet.scheme ??= 'HTTP';
  }
}

function defaultContainer(c: Draft<Container>, isPod: boolean): void {
  c.imagePullPolicy ??= defaultPullPolicy(c.image);
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  for (const port of c.ports ?? []) port.protocol ??= 'TCP';
  defaultProbe(c.readinessProbe);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.startupProbe);
  if (c.resources) {
    canonicalise(c.resources.limits);
    canonicalise(c.resources.requests);
    // SetDefaults_Pod: a limit without a request makes the request equal to it.
    if (isPod && c.resources.limits) {
      c.resources.requests ??= {};
      for (const [k, v] of Object.entries(c.resources.limits)) c.resources.requests[k] ??= v;
    }
  }
}

export function defaultPodSpec(spec: Draft<PodSpec>, isPod: boolean): void {
  spec.restartPolicy ??= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  if (isPod) spec.enableServiceLinks ??= true;
  for (const c of spec.containers ?? []) defaultContainer(c, isPod);
  for (const c of spec.initContainers ?? []) defaultContainer(c, isPod);
  for (const v of spec.volumes ?? []) {
    // A volume without a source is an emptyDir.
    const sources = Object.keys(v).filter((k) => k !== 'name');
    if (sources.length === 0) v.emptyDir = {};
  }
}

function defaultClaimSpec(spec: Draft<PersistentVolumeClaimSpec>): void {
  spec.volumeMode ??= 'Filesystem';
  if (spec.resources) canonicalise(spec.resources.requests);
}

/** The default for one object; objects of unknown shape are returned unchanged. */
export function applyDefaults<T extends KubeObject>(obj: T): T {
  return produce(obj, (d: Draft<KubeObject>) => {
    d.metadata ??= {};
    switch (d.kind) {
      case 'Pod':
        if (d.spec) defaultPodSpec(d.spec, true);
        break;
      case 'ReplicaSet':
        d.spec.replicas ??= 1;
        if (d.spec.template?.spec) defaultPodSpec(d.spec.template.spec, false);
        break;
      case 'ReplicationController': {
        const labels = d.spec.template?.metadata?.labels;
        if (labels && Object.keys(d.spec.selector ?? {}).length === 0) d.spec.selector = { ...labels };
        if (labels && Object.keys(d.metadata.labels ?? {}).length === 0) d.metadata.labels = { ...labels };
        d.spec.replicas ??= 1;
        if (d.spec.template?.spec) defaultPodSpec(d.spec.template.spec, false);
        break;
      }
      case 'Deployment': {
        const s = d.spec;
        s.replicas ??= 1;
        s.strategy ??= {};
        s.strategy.type ??= 'RollingUpdate';
        if (s.strategy.type === 'RollingUpdate') {
          s.strategy.rollingUpdate ??= {};
          s.strategy.rollingUpdate.maxUnavailable ??= '25%';
          s.strategy.rollingUpdate.maxSurge ??= '25%';
        }
        s.revisionHistoryLimit ??= 10;
        s.progressDeadlineSeconds ??= 600;
        if (s.template?.spec) defaultPodSpec(s.template.spec, false);
        break;
      }
      case 'StatefulSet': {
        const s = d.spec;
        s.replicas ??= 1;
        s.podManagementPolicy ??= 'OrderedReady';
        s.updateStrategy ??= {};
        if (s.updateStrategy.type === undefined) {
          s.updateStrategy.type = 'RollingUpdate';
          s.updateStrategy.rollingUpdate ??= {};
        }
        if (s.updateStrategy.type === 'RollingUpdate' && s.updateStrategy.rollingUpdate) {
          s.updateStrategy.rollingUpdate.partition ??= 0;
        }
        s.persistentVolumeClaimRetentionPolicy ??= {};
        s.persistentVolumeClaimRetentionPolicy.whenDeleted ??= 'Retain';
        s.persistentVolumeClaimRetentionPolicy.whenScaled ??= 'Retain';
        s.revisionHistoryLimit ??= 10;
        for (const t of s.volumeClaimTemplates ?? []) {
          if (t.spec) defaultClaimSpec(t.spec);
        }
        if (s.template?.spec) defaultPodSpec(s.template.spec, false);
        break;
      }
      case 'DaemonSet': {
        const s = d.spec;
        s.updateStrategy ??= {};
        s.updateStrategy.type ??= 'RollingUpdate';
        if (s.updateStrategy.type === 'RollingUpdate') {
          s.updateStrategy.rollingUpdate ??= {};
          s.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
          s.updateStrategy.rollingUpdate.maxSurge ??= 0;
        }
        s.revisionHistoryLimit ??= 10;
        if (s.template?.spec) defaultPodSpec(s.template.spec, false);
        break;
      }
      case 'Job': {
        const s = d.spec;
        if (s.completions === undefined && s.parallelism === undefined) {
          s.completions = 1;
          s.parallelism = 1;
        }
        s.parallelism ??= 1;
        s.backoffLimit ??= s.backoffLimitPerIndex === undefined ? 6 : 2147483647;
        s.completionMode ??= 'NonIndexed';
        s.suspend ??= false;
        s.podReplacementPolicy ??= s.podFailurePolicy === undefined ? 'TerminatingOrFailed' : 'Failed';
        if (s.template?.metadata?.labels && Object.keys(d.metadata.labels ?? {}).length === 0) {
          d.metadata.labels = { ...s.template.metadata.labels };
        }
        if (s.template?.spec) defaultPodSpec(s.template.spec, false);
        break;
      }
      case 'CronJob': {
        const s = d.spec;
        s.concurrencyPolicy ??= 'Allow';
        s.suspend ??= false;
        s.successfulJobsHistoryLimit ??= 3;
        s.failedJobsHistoryLimit ??= 1;
        if (s.jobTemplate?.spec?.template?.spec) defaultPodSpec(s.jobTemplate.spec.template.spec, false);
        break;
      }
      case 'HorizontalPodAutoscaler': {
        const s = d.spec;
        s.minReplicas ??= 1;
        if (s.metrics === undefined || s.metrics.length === 0) {
          s.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
        }
        break;
      }
      case 'Service': {
        const s = d.spec;
        s.type ??= 'ClusterIP';
        s.sessionAffinity ??= 'None';
        for (const p of s.ports ?? []) {
          p.protocol ??= 'TCP';
          if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
        }
        if (s.type === 'ClusterIP' || s.type === 'NodePort' || s.type === 'LoadBalancer') s.internalTrafficPolicy ??= 'Cluster';
        break;
      }
      case 'PersistentVolumeClaim':
        if (d.spec) defaultClaimSpec(d.spec);
        break;
      case 'PersistentVolume':
        if (d.spec) {
          d.spec.persistentVolumeReclaimPolicy ??= 'Retain';
          d.spec.volumeMode ??= 'Filesystem';
          canonicalise(d.spec.capacity);
        }
        break;
      case 'StorageClass':
        d.reclaimPolicy ??= 'Delete';
        d.volumeBindingMode ??= 'Immediate';
        break;
      default:
        break;
    }
  });
}
