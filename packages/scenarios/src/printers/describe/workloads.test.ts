import { defaultControllers } from '@kubesim/controllers';
import {
  type ImageProfileRule,
  type PersistentVolumeClaim,
  type Pod,
  type ReplicationController,
  Simulation,
  type StatefulSet,
  type StorageClass,
} from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { describeObject } from './index.js';

const FIXED: ImageProfileRule = {
  match: '*',
  profile: { pull: { kind: 'fixed', value: 1000 }, start: { kind: 'fixed', value: 500 }, stop: { kind: 'fixed', value: 2000 } },
};

const sts: StatefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    serviceName: 'web',
    selector: { matchLabels: { app: 'web' } },
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1, maxUnavailable: '50%' } },
    template: {
      metadata: { labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' } },
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'nginx:1.25',
            ports: [{ containerPort: 80, name: 'web' }],
            volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }],
          },
        ],
      },
    },
    volumeClaimTemplates: [
      {
        metadata: { name: 'www', labels: { tier: 'storage', app: 'web' } },
        spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '1Gi' } } },
      },
    ],
  },
};

/** kind's default class: local-path volumes, bound when a pod first uses the claim. */
const standard: StorageClass = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
  provisioner: 'rancher.io/local-path',
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'WaitForFirstConsumer',
};

/** A claim of a class nobody created: it stays Pending. */
const claim: PersistentVolumeClaim = {
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'data', finalizers: ['kubernetes.io/pvc-protection'] },
  spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'manual', resources: { requests: { storage: '2Gi' } } },
};

const user: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'db' },
  spec: {
    containers: [{ name: 'db', image: 'postgres:16', volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql' }] }],
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
  },
};

const rc: ReplicationController = {
  apiVersion: 'v1',
  kind: 'ReplicationController',
  metadata: { name: 'legacy' },
  spec: {
    replicas: 2,
    selector: { app: 'legacy' },
    template: { metadata: { labels: { app: 'legacy' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } },
  },
};

function cluster(): Simulation {
  const sim = new Simulation({
    seed: 1,
    controllers: defaultControllers(),
    nodes: ['node-1'],
    objects: [standard, sts, claim, user, rc],
    imageProfiles: [FIXED],
  });
  sim.run('1m');
  return sim;
}

const describeText = (sim: Simulation, kind: 'StatefulSet' | 'PersistentVolumeClaim' | 'ReplicationController', name: string) =>
  describeObject(sim.view, kind, name, 'default', sim.now)?.split('\n');

describe('kubectl describe statefulset, persistentvolumeclaim, replicationcontroller', () => {
  it('describes a stateful set with its partition and volume claim templates', () => {
    expect(describeText(cluster(), 'StatefulSet', 'web')).toEqual(STATEFUL_SET);
  });

  it('describes an unbound claim and the pods that use it', () => {
    expect(describeText(cluster(), 'PersistentVolumeClaim', 'data')).toEqual(CLAIM);
  });

  it('describes a replication controller with an equality selector and no owner', () => {
    expect(describeText(cluster(), 'ReplicationController', 'legacy')).toEqual(REPLICATION_CONTROLLER);
  });
});

const STATEFUL_SET: string[] = [
  'Name:               web',
  'Namespace:          default',
  'CreationTimestamp:  Thu, 01 Jan 2026 00:00:00 +0000',
  'Selector:           app=web',
  'Labels:             app=web',
  'Annotations:        <none>',
  'Replicas:           2 desired | 2 total',
  'Update Strategy:    RollingUpdate',
  '  Partition:        1',
  '  MaxUnavailable:   50%',
  'Pods Status:        2 Running / 0 Waiting / 0 Succeeded / 0 Failed',
  'Pod Template:',
  '  Labels:       app=web',
  '  Annotations:  kubectl.kubernetes.io/restartedAt: 2026-01-01T00:00:00Z',
  '  Containers:',
  '   nginx:',
  '    Image:        nginx:1.25',
  '    Port:         80/TCP (web)',
  '    Host Port:    0/TCP (web)',
  '    Environment:  <none>',
  '    Mounts:',
  '      /usr/share/nginx/html from www (rw)',
  '  Volumes:         <none>',
  '  Node-Selectors:  <none>',
  '  Tolerations:     <none>',
  'Volume Claims:',
  '  Name:          www',
  '  StorageClass:  standard',
  '  Labels:        app=web',
  '                 tier=storage',
  '  Annotations:   <none>',
  '  Capacity:      1Gi',
  '  Access Modes:  [ReadWriteOnce]',
  'Events:',
  '  Type    Reason            Age   From                    Message',
  '  ----    ------            ----  ----                    -------',
  '  Normal  SuccessfulCreate  59s   statefulset-controller  create Claim www-web-0 Pod web-0 in StatefulSet web success',
  '  Normal  SuccessfulCreate  59s   statefulset-controller  create Pod web-0 in StatefulSet web successful',
  '  Normal  SuccessfulCreate  56s   statefulset-controller  create Claim www-web-1 Pod web-1 in StatefulSet web success',
  '  Normal  SuccessfulCreate  56s   statefulset-controller  create Pod web-1 in StatefulSet web successful',
  '',
];

const CLAIM: string[] = [
  'Name:          data',
  'Namespace:     default',
  'StorageClass:  manual',
  'Status:        Pending',
  'Volume:        ',
  'Labels:        <none>',
  'Annotations:   <none>',
  'Finalizers:    [kubernetes.io/pvc-protection]',
  'Capacity:      ',
  'Access Modes:  ',
  'VolumeMode:    Filesystem',
  'Used By:       db',
  'Events:',
  '  Type     Reason              Age                From                         Message',
  '  ----     ------              ----               ----                         -------',
  '  Warning  ProvisioningFailed  14s (x4 over 59s)  persistentvolume-controller  storageclass.storage.k8s.io "manual" not found',
  '',
];

const REPLICATION_CONTROLLER: string[] = [
  'Name:         legacy',
  'Namespace:    default',
  'Selector:     app=legacy',
  'Labels:       app=legacy',
  'Annotations:  <none>',
  'Replicas:     2 current / 2 desired',
  'Pods Status:  2 Running / 0 Waiting / 0 Succeeded / 0 Failed',
  'Pod Template:',
  '  Labels:  app=legacy',
  '  Containers:',
  '   app:',
  '    Image:         nginx:1.25',
  '    Port:          <none>',
  '    Host Port:     <none>',
  '    Environment:   <none>',
  '    Mounts:        <none>',
  '  Volumes:         <none>',
  '  Node-Selectors:  <none>',
  '  Tolerations:     <none>',
  'Events:',
  '  Type    Reason            Age   From                    Message',
  '  ----    ------            ----  ----                    -------',
  '  Normal  SuccessfulCreate  59s   replication-controller  Created pod: legacy-rvg89',
  '  Normal  SuccessfulCreate  59s   replication-controller  Created pod: legacy-r2j7c',
  '',
];
