import { defaultControllers } from '@kubesim/controllers';
import { type ConfigMap, type ImageProfileRule, type Pod, Simulation } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { describeObject } from './index.js';

/** Fixed delays (pull 1s, start 0.5s, ready 2s after start), a missing image and a crashing one. */
const PROFILES: ImageProfileRule[] = [
  {
    match: 'nginx:does-not-exist',
    profile: {
      pull: { kind: 'fixed', value: 1000 },
      pullError: 'failed to pull and unpack image "docker.io/library/nginx:does-not-exist": not found',
    },
  },
  {
    match: 'busybox:*',
    profile: {
      pull: { kind: 'fixed', value: 1000 },
      start: { kind: 'fixed', value: 500 },
      runFor: { kind: 'fixed', value: 3000 },
      exitCode: 1,
      stop: { kind: 'fixed', value: 1000 },
    },
  },
  {
    match: '*',
    profile: {
      pull: { kind: 'fixed', value: 1000 },
      start: { kind: 'fixed', value: 500 },
      ready: { kind: 'fixed', value: 2000 },
      stop: { kind: 'fixed', value: 2000 },
    },
  },
];

const web: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web', tier: 'frontend' }, annotations: { 'example.com/owner': 'team-a' } },
  spec: {
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    containers: [
      {
        name: 'nginx',
        image: 'nginx:1.25',
        ports: [{ name: 'http', containerPort: 80 }, { containerPort: 443 }],
        resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
        readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
        env: [
          { name: 'MODE', value: 'production' },
          { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
        ],
        volumeMounts: [{ name: 'config', mountPath: '/etc/nginx/conf.d', readOnly: true }],
      },
    ],
    volumes: [{ name: 'config', configMap: { name: 'nginx-conf' } }],
  },
};

/** The ConfigMap the web pod's volume mounts (a missing one would hold the pod back). */
const nginxConf: ConfigMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'nginx-conf' },
  data: { 'nginx.conf': 'events {}' },
};

const crasher: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'crasher' },
  spec: { containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3; exit 1'] }] },
};

const typo: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'typo' },
  spec: { containers: [{ name: 'app', image: 'nginx:does-not-exist' }] },
};

/** The three pods after three minutes on one node. */
function threeMinutesIn(): Simulation {
  const sim = new Simulation({
    seed: 1,
    controllers: defaultControllers(),
    nodes: ['node-1'],
    objects: [nginxConf, web, crasher, typo],
    imageProfiles: PROFILES,
  });
  sim.run('3m');
  return sim;
}

const describePod = (sim: Simulation, name: string): string[] | undefined =>
  describeObject(sim.view, 'Pod', name, 'default', sim.now)?.split('\n');

describe('kubectl describe pod', () => {
  it('describes a running pod: ports, probe, resources, env, mounts, conditions, volumes, QoS', () => {
    expect(describePod(threeMinutesIn(), 'web')).toEqual(RUNNING);
  });

  it('describes a pod in CrashLoopBackOff with its last terminated state and repeated events', () => {
    expect(describePod(threeMinutesIn(), 'crasher')).toEqual(CRASH_LOOP);
  });

  it('describes a pod whose image cannot be pulled', () => {
    expect(describePod(threeMinutesIn(), 'typo')).toEqual(IMAGE_PULL_BACK_OFF);
  });

  it('says Terminating while the pod shuts down, with the age of a deletion time still in the future', () => {
    const sim = threeMinutesIn();
    sim.delete({ kind: 'Pod', namespace: 'default', name: 'web' }, {}, '3m');
    sim.run('181s');
    const lines = describePod(sim, 'web') ?? [];
    // The API server sets deletionTimestamp to now + grace, so `lasts` is negative: <invalid>.
    const at = lines.findIndex((l) => l.startsWith('Status:'));
    expect(lines.slice(at, at + 2)).toEqual([
      'Status:                    Terminating (lasts <invalid>)',
      'Termination Grace Period:  30s',
    ]);
  });

  it('keeps the trailing space upstream writes after each condition status', () => {
    const lines = describePod(threeMinutesIn(), 'typo') ?? [];
    // `  PodReadyToStartContainers ` is the widest Type cell: 28 + 2 = 30.
    expect(lines).toContain('  Ready                       False ');
  });
});

const RUNNING: string[] = [
  'Name:             web',
  'Namespace:        default',
  'Service Account:  default',
  'Node:             node-1/172.18.0.2',
  'Start Time:       Thu, 01 Jan 2026 00:00:00 +0000',
  'Labels:           app=web',
  '                  tier=frontend',
  'Annotations:      example.com/owner: team-a',
  'Status:           Running',
  'IP:               10.244.0.3',
  'IPs:',
  '  IP:  10.244.0.3',
  'Containers:',
  '  nginx:',
  '    Container ID:   containerd://2272b63b7381b56e114306fd767eb3d8c7424d0f7d8ac0528e20c411482f14ec',
  '    Image:          nginx:1.25',
  '    Image ID:       docker.io/library/nginx@sha256:c5de655aac3417b79cb916886e8f7c958586226e7c95e22b4e4b0a0c86523eb9',
  '    Ports:          80/TCP (http), 443/TCP',
  '    Host Ports:     0/TCP (http), 0/TCP',
  '    State:          Running',
  '      Started:      Thu, 01 Jan 2026 00:00:01 +0000',
  '    Ready:          True',
  '    Restart Count:  0',
  '    Limits:',
  '      cpu:     500m',
  '      memory:  256Mi',
  '    Requests:',
  '      cpu:      500m',
  '      memory:   256Mi',
  '    Readiness:  http-get http://:http/healthz delay=0s timeout=1s period=5s #success=1 #failure=3',
  '    Environment:',
  '      MODE:    production',
  '      POD_IP:  10.244.0.3 (v1:status.podIP)',
  '    Mounts:',
  '      /etc/nginx/conf.d from config (ro)',
  'Conditions:',
  '  Type                        Status',
  '  PodReadyToStartContainers   True ',
  '  Initialized                 True ',
  '  Ready                       True ',
  '  ContainersReady             True ',
  '  PodScheduled                True ',
  'Volumes:',
  '  config:',
  '    Type:        ConfigMap (a volume populated by a ConfigMap)',
  '    Name:        nginx-conf',
  '    Optional:    false',
  'QoS Class:       Guaranteed',
  'Node-Selectors:  kubernetes.io/os=linux',
  'Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
  '                 node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
  'Events:',
  '  Type    Reason     Age    From               Message',
  '  ----    ------     ----   ----               -------',
  '  Normal  Scheduled  2m59s  default-scheduler  Successfully assigned default/web to node-1',
  '  Normal  Pulling    2m59s  kubelet            Pulling image "nginx:1.25"',
  '  Normal  Pulled     2m58s  kubelet            Successfully pulled image "nginx:1.25" in 1s (1s including waiting). Image size: 67000000 bytes.',
  '  Normal  Created    2m58s  kubelet            Created container: nginx',
  '  Normal  Started    2m58s  kubelet            Started container nginx',
  '',
];

const CRASH_LOOP: string[] = [
  'Name:             crasher',
  'Namespace:        default',
  'Service Account:  default',
  'Node:             node-1/172.18.0.2',
  'Start Time:       Thu, 01 Jan 2026 00:00:00 +0000',
  'Labels:           <none>',
  'Annotations:      <none>',
  'Status:           Running',
  'IP:               10.244.0.2',
  'IPs:',
  '  IP:  10.244.0.2',
  'Containers:',
  '  app:',
  '    Container ID:  containerd://b3b7331dd050b8147abb239b8831036a1bb279211a7b74789bedbd3f9ea5e8ae',
  '    Image:         busybox:1.36',
  '    Image ID:      docker.io/library/busybox@sha256:730648780619f1f1e428d35e410cf37779a46824671a69ddcb72e81a10bbdca3',
  '    Port:          <none>',
  '    Host Port:     <none>',
  '    Command:',
  '      sh',
  '      -c',
  '      sleep 3; exit 1',
  '    State:          Waiting',
  '      Reason:       CrashLoopBackOff',
  '    Last State:     Terminated',
  '      Reason:       Error',
  '      Exit Code:    1',
  '      Started:      Thu, 01 Jan 2026 00:02:49 +0000',
  '      Finished:     Thu, 01 Jan 2026 00:02:52 +0000',
  '    Ready:          False',
  '    Restart Count:  5',
  '    Environment:    <none>',
  '    Mounts:         <none>',
  'Conditions:',
  '  Type                        Status',
  '  PodReadyToStartContainers   True ',
  '  Initialized                 True ',
  '  Ready                       False ',
  '  ContainersReady             False ',
  '  PodScheduled                True ',
  'Volumes:                      <none>',
  'QoS Class:                    BestEffort',
  'Node-Selectors:               <none>',
  'Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
  '                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
  'Events:',
  '  Type     Reason     Age                  From               Message',
  '  ----     ------     ----                 ----               -------',
  '  Normal   Scheduled  2m59s                default-scheduler  Successfully assigned default/crasher to node-1',
  '  Normal   Pulling    2m59s                kubelet            Pulling image "busybox:1.36"',
  '  Normal   Pulled     2m58s                kubelet            Successfully pulled image "busybox:1.36" in 1s (1s including waiting). Image size: 67000000 bytes.',
  '  Normal   Created    10s (x6 over 2m58s)  kubelet            Created container: app',
  '  Normal   Started    10s (x6 over 2m58s)  kubelet            Started container app',
  '  Warning  BackOff    5s (x5 over 2m49s)   kubelet            Back-off restarting failed container app in pod crasher_default(ddefa7e6-858f-4940-9efc-8094634c02fd)',
  '',
];

const IMAGE_PULL_BACK_OFF: string[] = [
  'Name:             typo',
  'Namespace:        default',
  'Service Account:  default',
  'Node:             node-1/172.18.0.2',
  'Start Time:       Thu, 01 Jan 2026 00:00:00 +0000',
  'Labels:           <none>',
  'Annotations:      <none>',
  'Status:           Pending',
  'IP:               10.244.0.4',
  'IPs:',
  '  IP:  10.244.0.4',
  'Containers:',
  '  app:',
  '    Container ID:   ',
  '    Image:          nginx:does-not-exist',
  '    Image ID:       ',
  '    Port:           <none>',
  '    Host Port:      <none>',
  '    State:          Waiting',
  '      Reason:       ImagePullBackOff',
  '    Ready:          False',
  '    Restart Count:  0',
  '    Environment:    <none>',
  '    Mounts:         <none>',
  'Conditions:',
  '  Type                        Status',
  '  PodReadyToStartContainers   True ',
  '  Initialized                 True ',
  '  Ready                       False ',
  '  ContainersReady             False ',
  '  PodScheduled                True ',
  'Volumes:                      <none>',
  'QoS Class:                    BestEffort',
  'Node-Selectors:               <none>',
  'Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
  '                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
  'Events:',
  '  Type     Reason     Age                  From               Message',
  '  ----     ------     ----                 ----               -------',
  '  Normal   Scheduled  2m59s                default-scheduler  Successfully assigned default/typo to node-1',
  '  Normal   Pulling    25s (x5 over 2m59s)  kubelet            Pulling image "nginx:does-not-exist"',
  '  Warning  Failed     24s (x5 over 2m58s)  kubelet            Failed to pull image "nginx:does-not-exist": failed to pull and unpack image "docker.io/library/nginx:does-not-exist": not found',
  '  Warning  Failed     24s (x5 over 2m58s)  kubelet            Error: ErrImagePull',
  '  Normal   BackOff    23s (x5 over 2m57s)  kubelet            Back-off pulling image "nginx:does-not-exist"',
  '  Warning  Failed     23s (x5 over 2m57s)  kubelet            Error: ImagePullBackOff',
  '',
];
