import { defaultControllers } from '@kubesim/controllers';
import { type Deployment, type ImageProfileRule, isKubesimError, Simulation } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { describeObject } from './index.js';

/** Fixed delays, so that ages and times are exact: pull 1s, start 0.5s, stop 2s. */
const FIXED: ImageProfileRule = {
  match: '*',
  profile: { pull: { kind: 'fixed', value: 1000 }, start: { kind: 'fixed', value: 500 }, stop: { kind: 'fixed', value: 2000 } },
};

const nginx: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'nginx', labels: { app: 'nginx' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] },
    },
  },
};

/** nginx:1.25 rolled out, then `kubectl set image deployment/nginx nginx=nginx:1.26` at 30s; seen at 2m. */
function rolledOut(): Simulation {
  const sim = new Simulation({
    seed: 1,
    controllers: defaultControllers(),
    nodes: ['node-1'],
    objects: [nginx],
    imageProfiles: [FIXED],
  });
  sim.run('30s');
  const patch = { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } } } };
  sim.patch({ kind: 'Deployment', namespace: 'default', name: 'nginx' }, patch, 'strategic', '30s');
  sim.run('2m');
  return sim;
}

/** The column a `Key:  value` line's value starts at. */
function valueColumn(line: string): number {
  const m = /^(\s*\S[^\t]*?:)( +)\S/.exec(line);
  return m === null ? -1 : (m[1] as string).length + (m[2] as string).length;
}

describe('kubectl describe deployment', () => {
  it('describes a deployment after a rolling update', () => {
    const sim = rolledOut();
    expect(describeObject(sim.view, 'Deployment', 'nginx', 'default', sim.now)?.split('\n')).toEqual(DEPLOYMENT);
  });

  it('aligns each run of tabbed lines on its longest label plus two spaces', () => {
    const sim = rolledOut();
    const lines = (describeObject(sim.view, 'Deployment', 'nginx', 'default', sim.now) ?? '').split('\n');
    // Name: ... RollingUpdateStrategy: is one run, as wide as `RollingUpdateStrategy:` + 2.
    const top = lines.slice(0, lines.indexOf('Pod Template:'));
    expect(top.map(valueColumn)).toEqual(top.map(() => 24));
    // The Type column takes the space upstream writes after each type, and runs on into the
    // OldReplicaSets/NewReplicaSet lines: `OldReplicaSets:` + 2 = 17.
    expect(lines).toContain('  Progressing    True    NewReplicaSetAvailable');
    expect(lines.find((l) => l.startsWith('NewReplicaSet:'))?.indexOf('nginx-')).toBe(17);
  });

  it('describes the new replica set, counting its pods by phase', () => {
    const sim = rolledOut();
    const rs = sim.list('ReplicaSet').find((r) => r.spec.replicas === 3);
    expect(describeObject(sim.view, 'ReplicaSet', rs?.metadata.name ?? '', 'default', sim.now)?.split('\n')).toEqual(REPLICA_SET);
  });

  it('gives nothing for a missing object and refuses a kind it cannot describe', () => {
    const sim = rolledOut();
    expect(describeObject(sim.view, 'Deployment', 'missing', 'default', sim.now)).toBeUndefined();
    expect(() => describeObject(sim.view, 'ControllerRevision', 'x', 'default', sim.now)).toThrow(
      expect.objectContaining({ message: 'no description has been implemented for ControllerRevision' }),
    );
    try {
      describeObject(sim.view, 'ControllerRevision', 'x', 'default', sim.now);
    } catch (e) {
      expect(isKubesimError(e, 'E_USAGE')).toBe(true);
    }
  });
});

const DEPLOYMENT: string[] = [
  'Name:                   nginx',
  'Namespace:              default',
  'CreationTimestamp:      Thu, 01 Jan 2026 00:00:00 +0000',
  'Labels:                 app=nginx',
  'Annotations:            deployment.kubernetes.io/revision: 2',
  'Selector:               app=nginx',
  'Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable',
  'StrategyType:           RollingUpdate',
  'MinReadySeconds:        0',
  'RollingUpdateStrategy:  25% max unavailable, 25% max surge',
  'Pod Template:',
  '  Labels:  app=nginx',
  '  Containers:',
  '   nginx:',
  '    Image:         nginx:1.26',
  '    Port:          80/TCP',
  '    Host Port:     0/TCP',
  '    Environment:   <none>',
  '    Mounts:        <none>',
  '  Volumes:         <none>',
  '  Node-Selectors:  <none>',
  '  Tolerations:     <none>',
  'Conditions:',
  '  Type           Status  Reason',
  '  ----           ------  ------',
  '  Available      True    MinimumReplicasAvailable',
  '  Progressing    True    NewReplicaSetAvailable',
  'OldReplicaSets:  nginx-5dfdc64958 (0/0 replicas created)',
  'NewReplicaSet:   nginx-6fd78c5765 (3/3 replicas created)',
  'Events:',
  '  Type    Reason             Age   From                   Message',
  '  ----    ------             ----  ----                   -------',
  '  Normal  ScalingReplicaSet  119s  deployment-controller  Scaled up replica set nginx-5dfdc64958 from 0 to 3',
  '  Normal  ScalingReplicaSet  89s   deployment-controller  Scaled up replica set nginx-6fd78c5765 from 0 to 1',
  '  Normal  ScalingReplicaSet  87s   deployment-controller  Scaled down replica set nginx-5dfdc64958 from 3 to 2',
  '  Normal  ScalingReplicaSet  87s   deployment-controller  Scaled up replica set nginx-6fd78c5765 from 1 to 2',
  '  Normal  ScalingReplicaSet  86s   deployment-controller  Scaled down replica set nginx-5dfdc64958 from 2 to 1',
  '  Normal  ScalingReplicaSet  86s   deployment-controller  Scaled up replica set nginx-6fd78c5765 from 2 to 3',
  '  Normal  ScalingReplicaSet  85s   deployment-controller  Scaled down replica set nginx-5dfdc64958 from 1 to 0',
  '',
];

const REPLICA_SET: string[] = [
  'Name:           nginx-6fd78c5765',
  'Namespace:      default',
  'Selector:       app=nginx,pod-template-hash=6fd78c5765',
  'Labels:         app=nginx',
  '                pod-template-hash=6fd78c5765',
  'Annotations:    deployment.kubernetes.io/desired-replicas: 3',
  '                deployment.kubernetes.io/max-replicas: 4',
  '                deployment.kubernetes.io/revision: 2',
  'Controlled By:  Deployment/nginx',
  'Replicas:       3 current / 3 desired',
  'Pods Status:    3 Running / 0 Waiting / 0 Succeeded / 0 Failed',
  'Pod Template:',
  '  Labels:  app=nginx',
  '           pod-template-hash=6fd78c5765',
  '  Containers:',
  '   nginx:',
  '    Image:         nginx:1.26',
  '    Port:          80/TCP',
  '    Host Port:     0/TCP',
  '    Environment:   <none>',
  '    Mounts:        <none>',
  '  Volumes:         <none>',
  '  Node-Selectors:  <none>',
  '  Tolerations:     <none>',
  'Events:',
  '  Type    Reason            Age   From                   Message',
  '  ----    ------            ----  ----                   -------',
  '  Normal  SuccessfulCreate  89s   replicaset-controller  Created pod: nginx-6fd78c5765-chr9c',
  '  Normal  SuccessfulCreate  87s   replicaset-controller  Created pod: nginx-6fd78c5765-f9bfc',
  '  Normal  SuccessfulCreate  86s   replicaset-controller  Created pod: nginx-6fd78c5765-5sdf5',
  '',
];
