import { type ImageProfileRule, type LogEntry, type Pod, randomStream, Simulation, type SimulationOptions } from '@kubesim/core';
import { type KubectlOutcome, kubectl } from '@kubesim/scenarios';
import { defaultControllers } from '../src/index.js';

/** Fixed delays, so that the tests can name exact times. */
export const FIXED: ImageProfileRule = {
  match: '*',
  profile: {
    pull: { kind: 'fixed', value: 1000 },
    start: { kind: 'fixed', value: 500 },
    stop: { kind: 'fixed', value: 2000 },
  },
};

/** A cluster in the instant profile: controllers react at once, so tests can name exact times. */
export function cluster(opts: Partial<SimulationOptions> = {}): Simulation {
  return new Simulation({
    seed: 1,
    controllers: defaultControllers(),
    imageProfiles: [FIXED],
    controlPlane: { profile: 'instant' },
    ...opts,
  });
}

export function pod(name: string, spec: Partial<Pod['spec']> = {}, image = 'nginx:1.25'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: name } },
    spec: { containers: [{ name: 'app', image }], ...spec },
  };
}

/** The RecordEvent entries of the log about one object, as `time reason: message`. */
export function eventsAbout(sim: Simulation, name: string): string[] {
  return sim.log
    .entries()
    .filter(
      (e): e is LogEntry & { event: { type: 'RecordEvent' } } => e.event.type === 'RecordEvent' && e.event.involved.name === name,
    )
    .map((e) => `${e.time} ${e.event.reason}: ${e.event.message}`);
}

/** The status writes to a pod, as `time phase/reason restarts`. */
export function statusHistory(sim: Simulation, name: string): string[] {
  const out: string[] = [];
  for (const e of sim.log.entries()) {
    if (e.event.type !== 'UpdateStatus' || e.event.object.kind !== 'Pod' || e.event.object.metadata.name !== name || e.error)
      continue;
    const s = (e.event.object as Pod).status;
    const c = s?.containerStatuses?.[0];
    const state =
      c?.state.waiting?.reason ?? c?.state.terminated?.reason ?? (c?.state.running ? (c.ready ? 'Ready' : 'Running') : '?');
    out.push(`${e.time} ${s?.phase}/${state} ${c?.restartCount ?? 0}`);
  }
  return out;
}

/** A ReplicaSet (apps/v1) of nginx pods labelled app=<name>. */
export function replicaSet(
  name: string,
  replicas: number,
  extra: { minReadySeconds?: number; image?: string } = {},
): import('@kubesim/core').ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      ...(extra.minReadySeconds !== undefined ? { minReadySeconds: extra.minReadySeconds } : {}),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'nginx', image: extra.image ?? 'nginx:1.25' }] },
      },
    },
  };
}

/** The pods a controller owns (by controller reference), active or not. */
export function ownedPods(sim: Simulation, ownerName: string): Pod[] {
  return sim.list('Pod').filter((p) => p.metadata.ownerReferences?.some((r) => r.controller && r.name === ownerName));
}

/** The seeds' nginx Deployment (3 replicas, nginx:1.7.9 unless told otherwise). */
export function nginxDeployment(
  opts: {
    replicas?: number;
    image?: string;
    strategy?: import('@kubesim/core').DeploymentStrategy;
    minReadySeconds?: number;
    name?: string;
  } = {},
): import('@kubesim/core').Deployment {
  const name = opts.name ?? 'nginx-deployment';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: 'nginx' } },
    spec: {
      replicas: opts.replicas ?? 3,
      ...(opts.strategy !== undefined ? { strategy: opts.strategy } : {}),
      ...(opts.minReadySeconds !== undefined ? { minReadySeconds: opts.minReadySeconds } : {}),
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: opts.image ?? 'nginx:1.7.9', ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

/** Every new pod Ready a fixed 5s after it is created (pull 2s, start 1s, readiness 2s). */
export const FIVE_SECONDS: import('@kubesim/core').ImageProfileRule = {
  match: '*',
  profile: {
    pull: { kind: 'fixed', value: 2000 },
    start: { kind: 'fixed', value: 1000 },
    ready: { kind: 'fixed', value: 2000 },
    stop: { kind: 'fixed', value: 1000 },
  },
};

/** The ScalingReplicaSet events of a deployment, as `<set> <old>→<new>` with the sets named A, B, C in creation order. */
export function scalingSequence(sim: Simulation, deployment: string): string[] {
  const names: string[] = [];
  const letter = (rs: string): string => {
    if (!names.includes(rs)) names.push(rs);
    return String.fromCharCode(65 + names.indexOf(rs));
  };
  return eventsAbout(sim, deployment)
    .filter((e) => e.includes('ScalingReplicaSet'))
    .map((e) => {
      const m = /replica set (\S+) from (\d+) to (\d+)/.exec(e);
      return m ? `${letter(m[1] as string)}→${m[3]}` : e;
    });
}

/** What `kubectl set image deployment/NAME nginx=IMAGE` would send, against the simulation now. */
export function setImage(sim: Simulation, deployment: string, image: string): KubectlOutcome {
  return kubectl(`set image deployment/${deployment} nginx=${image}`, {
    view: sim.view,
    now: sim.now,
    readFile: () => [],
    random: randomStream('test', 'kubectl'),
  });
}

/** The seeds' headless Service `nginx` (clusterIP None, selector app=nginx, port 80 named http). */
export function nginxHeadlessService(): import('@kubesim/core').Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'nginx', namespace: 'default', labels: { app: 'nginx' } },
    spec: { ports: [{ name: 'http', port: 80 }], clusterIP: 'None', selector: { app: 'nginx' } },
  };
}

/** The seeds' StatefulSet `web`: nginx pods behind `nginx`, a 1Gi `www` claim per pod. */
export function webStatefulSet(
  opts: {
    replicas?: number;
    image?: string;
    podManagementPolicy?: 'OrderedReady' | 'Parallel';
    updateStrategy?: import('@kubesim/core').StatefulSet['spec']['updateStrategy'];
    minReadySeconds?: number;
    retention?: import('@kubesim/core').StatefulSet['spec']['persistentVolumeClaimRetentionPolicy'];
    ordinalsStart?: number;
    claims?: boolean;
  } = {},
): import('@kubesim/core').StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      serviceName: 'nginx',
      replicas: opts.replicas ?? 2,
      ...(opts.podManagementPolicy !== undefined ? { podManagementPolicy: opts.podManagementPolicy } : {}),
      ...(opts.updateStrategy !== undefined ? { updateStrategy: opts.updateStrategy } : {}),
      ...(opts.minReadySeconds !== undefined ? { minReadySeconds: opts.minReadySeconds } : {}),
      ...(opts.retention !== undefined ? { persistentVolumeClaimRetentionPolicy: opts.retention } : {}),
      ...(opts.ordinalsStart !== undefined ? { ordinals: { start: opts.ordinalsStart } } : {}),
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: opts.image ?? 'nginx:1.7.9',
              ports: [{ name: 'web', containerPort: 80 }],
              ...(opts.claims === false ? {} : { volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }),
            },
          ],
        },
      },
      ...(opts.claims === false
        ? {}
        : {
            volumeClaimTemplates: [
              {
                metadata: { name: 'www' },
                spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
              },
            ],
          }),
    },
  };
}

/** A hostPath PersistentVolume as the seed makes them (pv001, pv002: 1Gi, ReadWriteOnce, no class). */
export function hostPathVolume(
  name: string,
  size = '1Gi',
  extra: Partial<import('@kubesim/core').PersistentVolume['spec']> = {},
): import('@kubesim/core').PersistentVolume {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name },
    spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], hostPath: { path: `/tmp/${name}` }, ...extra },
  };
}

/** kind's default StorageClass `standard` (rancher.io/local-path, WaitForFirstConsumer, Delete). */
export function standardStorageClass(
  mode: 'Immediate' | 'WaitForFirstConsumer' = 'WaitForFirstConsumer',
  name = 'standard',
  provisioner = 'rancher.io/local-path',
): import('@kubesim/core').StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner,
    reclaimPolicy: 'Delete',
    volumeBindingMode: mode,
  };
}

/** The log's successful writes of one kind (by one actor, if given), as `time Verb name`. */
export function writesOf(sim: Simulation, kind: string, verbs: readonly string[] = ['Create', 'Delete'], by?: string): string[] {
  const out: string[] = [];
  for (const e of sim.log.entries()) {
    if (e.error !== undefined || !verbs.includes(e.event.type) || (by !== undefined && e.by !== by)) continue;
    const ev = e.event as {
      type: string;
      object?: { kind: string; metadata: { name?: string } };
      ref?: { kind: string; name: string };
    };
    const k = ev.object?.kind ?? ev.ref?.kind;
    const name = ev.object?.metadata.name ?? ev.ref?.name;
    if (k === kind) out.push(`${e.time} ${ev.type} ${name}`);
  }
  return out;
}
